// Display values keep what the person wrote, trimmed; methods fold to their class. Both run on
// every cell of a large import, so each has a shortcut for the usual value: these pin that the
// shortcut answers as the full rule does.
import { describe, expect, it } from 'vitest';
import { cleanDisplay } from '../../../src-main/core/text/normalize.js';
import { methodClassOf } from '../../../src-main/core/text/payment-methods.js';

describe('cleanDisplay', () => {
  it.each([
    ['山田 太郎', '山田 太郎'],
    ['決済完了', '決済完了'],
    ['AMEX', 'AMEX'],
    ['', null],
    ['   ', null],
    ['\u3000', null],
    ['\ufeff東京都', '東京都'],
    [' 山田　太郎 ', '山田　太郎'],
    ['山田\u3000\u3000太郎', '山田\u3000太郎'],
    ['1丁目\r\n2番', '1丁目 2番'],
    ['a\tb', 'a b'],
    ['x\u200by', 'x\u200by'],
  ])('%j → %j', (value, expected) => {
    expect(cleanDisplay(value)).toBe(expected);
  });

  it('null and undefined are no value', () => {
    expect(cleanDisplay(null)).toBeNull();
    expect(cleanDisplay(undefined)).toBeNull();
  });
});

describe('methodClassOf', () => {
  it('folds card synonyms to card and other methods to their folded text, however often asked', () => {
    for (let round = 0; round < 3; round++) {
      expect(methodClassOf('クレジットカード')).toBe('card');
      expect(methodClassOf('ｸﾚｼﾞｯﾄｶｰﾄﾞ')).toBe('card');
      expect(methodClassOf(' Credit Card ')).toBe('card');
      expect(methodClassOf('ペイジー')).toBe('ペイジー');
      expect(methodClassOf('Pay-Easy')).toBe('pay-easy');
      expect(methodClassOf(null)).toBeNull();
    }
  });

  it('answers the same after more distinct methods than it keeps folded', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `方法 ${i}`);
    for (const method of many) expect(methodClassOf(method)).toBe(method.replace(' ', ''));
    expect(methodClassOf('クレジット')).toBe('card');
    expect(methodClassOf(many[0]!)).toBe('方法0');
  });
});
