// The one date parser (spec §2 Dates): values without an offset are Japan time (UTC+9).
import { describe, expect, it } from 'vitest';
import { japaneseEraDate, jstDateOf, parseDate } from '../../../src-main/core/index.js';

const iso = (text: string) => {
  const parsed = parseDate(text);
  return parsed && { at: new Date(parsed.instantMs).toISOString(), date: parsed.jstDate, hasTime: parsed.hasTime };
};

describe('parseDate', () => {
  it.each([
    ['2021/10/14', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['2021-10-14', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['2021年10月14日', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['令和3年10月14日', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['R3.10.14', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['r3.10.14', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
    ['令和元年5月1日', '2019-04-30T15:00:00.000Z', '2019-05-01', false],
    ['平成31年4月30日', '2019-04-29T15:00:00.000Z', '2019-04-30', false],
    ['2021/10/14 0:00', '2021-10-13T15:00:00.000Z', '2021-10-14', true],
    ['2021/10/14 23:59:59', '2021-10-14T14:59:59.000Z', '2021-10-14', true],
    ['2022/01/25 23:59:59', '2022-01-25T14:59:59.000Z', '2022-01-25', true],
    ['令和4年1月25日 23:59', '2022-01-25T14:59:00.000Z', '2022-01-25', true],
    ['R4.1.25 23:59:59', '2022-01-25T14:59:59.000Z', '2022-01-25', true],
    ['2021-10-13T15:00:00Z', '2021-10-13T15:00:00.000Z', '2021-10-14', true],
    ['2022-01-25T15:00:00Z', '2022-01-25T15:00:00.000Z', '2022-01-26', true],
    ['2022-01-25T14:59:59.999Z', '2022-01-25T14:59:59.999Z', '2022-01-25', true],
    ['2021-10-14T00:00:00+09:00', '2021-10-13T15:00:00.000Z', '2021-10-14', true],
    ['2021-10-14T00:00:00+0900', '2021-10-13T15:00:00.000Z', '2021-10-14', true],
    ['2021-10-13T10:00:00-05:00', '2021-10-13T15:00:00.000Z', '2021-10-14', true],
    ['２０２１年１０月１４日', '2021-10-13T15:00:00.000Z', '2021-10-14', false],
  ])('%s', (text, at, date, hasTime) => {
    expect(iso(text)).toEqual({ at, date, hasTime });
  });

  it.each(['', '2021/13/01', '2021/02/29', '2021/10/32', '2021/10/14 25:00', '令和3年', 'tomorrow', '14/10/2021'])(
    'rejects %j',
    (text) => {
      expect(parseDate(text)).toBeNull();
    },
  );

  it('accepts 29 February in a leap year only', () => {
    expect(iso('2020/02/29')?.date).toBe('2020-02-29');
    expect(parseDate('2100/02/29')).toBeNull();
  });
});

describe('Japan-local dates', () => {
  it('jstDateOf gives the Japan calendar day of an instant', () => {
    expect(jstDateOf(Date.parse('2021-10-13T14:59:59Z'))).toBe('2021-10-13');
    expect(jstDateOf(Date.parse('2021-10-13T15:00:00Z'))).toBe('2021-10-14');
  });

  it('japaneseEraDate writes 令和 dates with 元年', () => {
    expect(japaneseEraDate('2021-10-14')).toBe('令和3年10月14日');
    expect(japaneseEraDate('2019-05-01')).toBe('令和元年5月1日');
    expect(japaneseEraDate('2019-04-30')).toBe('平成31年4月30日');
  });
});
