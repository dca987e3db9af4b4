// CSV exports: Excel-friendly encoding and line ends, RFC 4180 quoting, formula injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, csvLine, writePersonsCsv } from '../../../src-main/core/sheets/csv.js';
import { EXPOSURES, person } from './fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inw-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Minimal RFC 4180 parser for the read-back (quoted fields may hold commas, quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+81 3 1234', "'+81 3 1234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=1,2', `"'=1,2"`],
  ])('prefixes formula-like text %j with an apostrophe', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('東京都 千代田区')).toBe('東京都 千代田区');
  });

  it('leaves numbers, empty values and inner symbols alone', () => {
    expect(csvCell(-1200)).toBe('-1200');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('user@example.jp')).toBe('user@example.jp');
    expect(csvCell('03-1234-5678')).toBe('03-1234-5678');
    expect(csvLine(['x', 1, null])).toBe('x,1,\r\n');
  });
});

describe('writePersonsCsv', () => {
  it('writes UTF-8 with BOM and CRLF, one line per person, text kept and injection defused', async () => {
    const file = join(dir, 'persons.csv');
    const rows = [person(1, 'token-db'), person(2, 'token-db+payment-db'), person(11, 'payment-db')];
    rows[1] = { ...rows[1]!, notes: '@cmd|/c calc', name: '-山田, "太郎"', cardEndings: ['4111111111111111'] };
    const result = await writePersonsCsv(file, rows, { exposures: EXPOSURES });
    expect(result.rows).toBe(3);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const table = parseCsv(text);
    expect(table).toHaveLength(4);
    expect(table[0]).toEqual([
      '通知ID', 'お問い合わせ番号', '区分', '氏名', 'フリガナ', '〒', '住所', '電話番号', 'メール', '対象取引数',
      '最初の対象日', '最後の対象日', 'カード下4桁', '通知書状態', '発送日', '対応メモ',
    ]);
    const [, first, second, third] = table as [string[], string[], string[], string[]];
    expect(first[0]).toBe('P000001');
    expect(first[1]).toBe('0000-0013');
    expect(first[2]).toBe('①のみ');
    expect(first[5]).toBe('060-0002');
    expect(first[10]).toBe('2022/01/02');
    expect(first[14]).toBe('2022/03/01');
    expect(first[15]).toBe(`'=HYPERLINK("http://evil")`);
    expect(second[2]).toBe('①②両方');
    expect(second[3]).toBe(`'-山田, "太郎"`);
    expect(second[12]).toBe('1111');
    expect(second[15]).toBe("'@cmd|/c calc");
    expect(third[2]).toBe('②のみ');
    expect(third[12]).toBe('1234、5678');
    for (const line of table) for (const cell of line) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('streams from an async iterable and removes the partial file when cancelled', async () => {
    const file = join(dir, 'cancelled.csv');
    const controller = new AbortController();
    async function* many() {
      for (let i = 1; i <= 50_000; i++) {
        if (i === 10_000) controller.abort();
        yield person(i, 'token-db');
      }
    }
    await expect(writePersonsCsv(file, many(), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('shows the category code when no exposures are given', async () => {
    const file = join(dir, 'codes.csv');
    await writePersonsCsv(file, [person(3, 'token-db')]);
    expect(parseCsv(readFileSync(file, 'utf8').slice(1))[1]![2]).toBe('token-db');
  });
});
