// spec §2 Values: every date format (Japan time unless an offset is given, stored as a UTC
// instant plus the Japan-local date), card-method synonyms, amounts, postal codes, phone
// numbers, and values that lost characters (U+FFFD) before they reached us.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { all, allStoredValues, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();

describe('dates in a payments file', () => {
  const cases: Array<[string, string, string, number]> = [
    // written, stored instant (UTC), Japan-local date, has time
    ['2021/10/14', '2021-10-13T15:00:00Z', '2021-10-14', 0],
    ['2021/1/5', '2021-01-04T15:00:00Z', '2021-01-05', 0],
    ['2021-10-14', '2021-10-13T15:00:00Z', '2021-10-14', 0],
    ['2021年10月14日', '2021-10-13T15:00:00Z', '2021-10-14', 0],
    ['2021年1月5日', '2021-01-04T15:00:00Z', '2021-01-05', 0],
    ['令和3年10月14日', '2021-10-13T15:00:00Z', '2021-10-14', 0],
    ['令和4年1月25日', '2022-01-24T15:00:00Z', '2022-01-25', 0],
    ['令和元年5月1日', '2019-04-30T15:00:00Z', '2019-05-01', 0],
    ['R3.10.14', '2021-10-13T15:00:00Z', '2021-10-14', 0],
    ['R4.1.25', '2022-01-24T15:00:00Z', '2022-01-25', 0],
    ['2021/10/14 0:00', '2021-10-13T15:00:00Z', '2021-10-14', 1],
    ['2021/10/14 9:05', '2021-10-14T00:05:00Z', '2021-10-14', 1],
    ['2021/10/14 23:59:59', '2021-10-14T14:59:59Z', '2021-10-14', 1],
    ['2021-10-14 08:30:15', '2021-10-13T23:30:15Z', '2021-10-14', 1],
    ['2021年10月14日 18:45', '2021-10-14T09:45:00Z', '2021-10-14', 1],
    ['令和3年10月14日 7:00:01', '2021-10-13T22:00:01Z', '2021-10-14', 1],
    ['R3.10.14 12:34', '2021-10-14T03:34:00Z', '2021-10-14', 1],
    ['2021-10-13T15:00:00Z', '2021-10-13T15:00:00Z', '2021-10-14', 1],
    ['2021-10-13T14:59:59Z', '2021-10-13T14:59:59Z', '2021-10-13', 1],
    ['2022-01-25T15:00:00Z', '2022-01-25T15:00:00Z', '2022-01-26', 1],
    ['2021-10-14T00:00:00+09:00', '2021-10-13T15:00:00Z', '2021-10-14', 1],
    ['2021-10-13T20:00:00-05:00', '2021-10-14T01:00:00Z', '2021-10-14', 1],
    ['2021-10-14T10:00:00.500+0900', '2021-10-14T01:00:00Z', '2021-10-14', 1],
    // Full-width digits fold by NFKC.
    ['２０２１／１０／１４　１０：００', '2021-10-14T01:00:00Z', '2021-10-14', 1],
  ];

  it('stores each format as a UTC instant and its Japan-local date', async () => {
    const { db } = openTempDb();
    const rows = [['取引ID', '決済日時'], ...cases.map(([written], i) => [`D${i}`, written])];
    const file = writeCsv(join(dir, 'dates.csv'), rows);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rejects).toEqual([]);
    expect(report.rowsAccepted).toBe(cases.length);
    const stored = all<{ id: string; at: string; date: string; t: number }>(
      db, 'SELECT transaction_id AS id, paid_at AS at, paid_date AS date, paid_has_time AS t FROM payments ORDER BY id',
    );
    const byId = new Map(stored.map((s) => [s.id, s]));
    cases.forEach(([written, at, date, hasTime], i) => {
      expect.soft(byId.get(`D${i}`), written).toEqual({ id: `D${i}`, at, date, t: hasTime });
    });
  });

  it('rejects impossible dates and text with the line number', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'bad-dates.csv'), [
      ['取引ID', '決済日時'],
      ['B1', '2021/02/30'],
      ['B2', '2021/10/14 24:00'],
      ['B3', '昨日'],
      ['B4', ''],
      ['B5', '2021/10/14'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(1);
    expect(report.rejects.map((r) => [r.line, r.code, r.column])).toEqual([
      [2, 'invalid-date', '決済日時'],
      [3, 'invalid-date', '決済日時'],
      [4, 'invalid-date', '決済日時'],
      [5, 'missing-date', '決済日時'],
    ]);
  });
});

describe('methods', () => {
  it('classes every card synonym as card (NFKC, any case) and keeps other methods as written', async () => {
    const { db } = openTempDb();
    const methods = [
      'クレジットカード', 'クレジット', 'カード', 'credit', 'creditcard', 'card',
      'CREDIT', 'Card', 'ＣＲＥＤＩＴ', 'ｸﾚｼﾞｯﾄｶｰﾄﾞ', 'ｸﾚｼﾞｯﾄ', 'ｶｰﾄﾞ', 'Credit Card', ' クレジット ',
      'コンビニ', 'ペイジー', '銀行振込',
    ];
    const file = writeCsv(join(dir, 'methods.csv'), [['取引ID', '決済日時', '決済方法'], ...methods.map((m, i) => [`M${i}`, '2021/11/01', m])]);
    await runImport(db, { file, kind: 'payments' });
    const stored = all<{ id: string; method: string; cls: string }>(db, 'SELECT transaction_id AS id, method, method_class AS cls FROM payments');
    const byId = new Map(stored.map((s) => [s.id, s]));
    methods.forEach((m, i) => {
      const expected = i < 14 ? 'card' : m;
      expect.soft(byId.get(`M${i}`)?.cls, `method «${m}»`).toBe(expected);
    });
    expect(byId.get('M14')?.method).toBe('コンビニ');
  });
});

describe('amounts', () => {
  it('reads digits with , 円 ¥ and full-width digits', async () => {
    const { db } = openTempDb();
    const amounts: Array<[string, number | null]> = [
      ['1000', 1000], ['1,000', 1000], ['1,000円', 1000], ['¥1,000', 1000], ['￥12,345', 12345],
      ['１，０００円', 1000], ['３０００', 3000], [' 500 ', 500], ['', null],
    ];
    const file = writeCsv(join(dir, 'amounts.csv'), [['取引ID', '決済日時', '金額'], ...amounts.map(([a], i) => [`A${i}`, '2021/11/01', a])]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(amounts.length);
    const stored = new Map(all<{ id: string; amount: number | null }>(db, 'SELECT transaction_id AS id, amount FROM payments').map((r) => [r.id, r.amount]));
    amounts.forEach(([written, value], i) => expect.soft(stored.get(`A${i}`), `amount «${written}»`).toBe(value));
  });

  it('an unreadable amount is stored as none and warned about with a count', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'bad-amounts.csv'), [['取引ID', '決済日時', '金額'], ['X1', '2021/11/01', '千円'], ['X2', '2021/11/01', '12a'], ['X3', '2021/11/01', '100']]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(3);
    expect(report.warnings.find((w) => w.code === 'invalid-amount')?.count).toBe(2);
  });
});

describe('postal codes', () => {
  it('keeps 7 digits after removing 〒, hyphens and spaces (full-width too); others are not mailable', async () => {
    const { db } = openTempDb();
    const codes: Array<[string, string | null]> = [
      ['1000001', '1000001'], ['100-0001', '1000001'], ['〒100-0001', '1000001'], ['〒 100-0001', '1000001'],
      ['１００－０００１', '1000001'], ['〒１００ー０００１', '1000001'], ['100 0001', '1000001'], ['100‐0001', '1000001'],
      ['100-001', null], ['10000011', null], ['ABC-DEFG', null], ['', null],
    ];
    const rows = codes.map(([zip], i) => [`Z${i}`, `氏名${i}`, zip, '東京都千代田区千代田1-1']);
    const file = writeCsv(join(dir, 'zips.csv'), [['注文番号', '氏名', '郵便番号', '住所'], ...rows]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsAccepted).toBe(codes.length);
    expect(report.warnings.find((w) => w.code === 'invalid-postal-code')?.count).toBe(3);
    const stored = new Map(
      all<{ o: string; zip: string | null; mailable: number }>(
        db, 'SELECT d.order_id AS o, d.postal_code AS zip, p.mailable FROM donor_records d JOIN persons p ON p.id = d.person_id',
      ).map((r) => [r.o, r]),
    );
    codes.forEach(([written, zip], i) => {
      expect.soft(stored.get(`Z${i}`)?.zip, `postal «${written}»`).toBe(zip);
      expect.soft(stored.get(`Z${i}`)?.mailable, `postal «${written}»`).toBe(zip === null ? 0 : 1);
    });
  });

  it('a person with a postal code but no address line 1 is not mailable', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'no-address.csv'), [['注文番号', '氏名', '郵便番号', '住所', '建物名'], ['N1', '住所 なし', '1000001', '', 'ビル1F']]);
    await runImport(db, { file, kind: 'donors' });
    expect(all(db, 'SELECT mailable FROM persons')).toEqual([{ mailable: 0 }]);
  });
});

/** One sheet written with exceljs, each cell given with an optional number format. */
async function writeCells(file: string, header: string[], rows: Array<Array<string | number | { value: number; numFmt: string } | null>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const row of rows) {
    const added = ws.addRow(row.map((v) => (v !== null && typeof v === 'object' ? v.value : v)));
    row.forEach((v, i) => {
      if (v !== null && typeof v === 'object') added.getCell(i + 1).numFmt = v.numFmt;
    });
  }
  await wb.xlsx.writeFile(file);
  return file;
}

describe('yen amounts with a fraction', () => {
  it('rejects the row with the line, the column and why, instead of rounding (CSV)', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'fraction.csv'), [
      ['取引ID', '決済日時', '決済金額'],
      ['F1', '2021/11/01', '1000.5'],
      ['F2', '2021/11/01', '1,000.50円'],
      ['F3', '2021/11/01', '1000.0'],
      ['F4', '2021/11/01', '１，２００．００'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
    expect(report.rejects).toEqual([
      { line: 2, column: '決済金額', code: 'fractional-amount', message: expect.stringContaining('「1000.5」に1円未満の端数があります') },
      { line: 3, column: '決済金額', code: 'fractional-amount', message: expect.stringContaining('「1,000.50円」に1円未満の端数があります') },
    ]);
    expect(all(db, 'SELECT transaction_id AS id, amount FROM payments ORDER BY id')).toEqual([{ id: 'F3', amount: 1000 }, { id: 'F4', amount: 1200 }]);
  });

  it('judges a number cell by what Excel shows: 1000.5 is rejected, float noise and a whole-yen format are not', async () => {
    const { db } = openTempDb();
    const file = await writeCells(join(dir, 'fraction.xlsx'), ['注文番号', '氏名', '金額'], [
      ['Y1', '山田 花子', 1000.5],
      ['Y2', '鈴木 一郎', 1100 * 1.1], // 1210.0000000000002
      ['Y3', '佐藤 次郎', { value: 1078.92, numFmt: '#,##0' }], // Excel shows 1,079
      ['Y4', '高橋 三郎', { value: 1000.5, numFmt: '#,##0.0' }],
    ]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, '金額', 'fractional-amount'],
      [5, '金額', 'fractional-amount'],
    ]);
    expect(all(db, 'SELECT order_id AS o, amount FROM donor_records ORDER BY id')).toEqual([{ o: 'Y2', amount: 1210 }, { o: 'Y3', amount: 1079 }]);
  });
});

describe('phone numbers that lost their leading 0', () => {
  it('keeps the row and warns with its line and column', async () => {
    const { db } = openTempDb();
    const phones = ['312345678', '9012345678', '3-1234-5678', '0312345678', '03-1234-5678', '+81 3-1234-5678', '09012345678', ''];
    const file = writeCsv(join(dir, 'phones.csv'), [
      ['注文番号', '氏名', '電話番号'],
      ...phones.map((p, i) => [`P${i}`, `氏名${i}`, p]),
    ]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsAccepted).toBe(phones.length);
    expect(report.rowWarnings.map((w) => [w.line, w.column, w.code])).toEqual([
      [2, '電話番号', 'phone-leading-zero'],
      [3, '電話番号', 'phone-leading-zero'],
      [4, '電話番号', 'phone-leading-zero'],
    ]);
    expect(report.warnings.find((w) => w.code === 'phone-leading-zero')?.count).toBe(3);
    expect(all(db, "SELECT line, \"column\", code FROM import_issues WHERE severity = 'warning' ORDER BY line")).toEqual([
      { line: 2, column: '電話番号', code: 'phone-leading-zero' },
      { line: 3, column: '電話番号', code: 'phone-leading-zero' },
      { line: 4, column: '電話番号', code: 'phone-leading-zero' },
    ]);
    // Kept as written: the warning asks a person to look, it does not guess the number.
    expect(all(db, "SELECT phone FROM donor_records WHERE order_id IN ('P0', 'P1') ORDER BY order_id")).toEqual([{ phone: '312345678' }, { phone: '9012345678' }]);
  });

  it('warns about a phone number stored as a number cell, not about one shown with its 0', async () => {
    const { db } = openTempDb();
    const file = await writeCells(join(dir, 'phones.xlsx'), ['注文番号', '氏名', '電話番号'], [
      ['X1', '山田 花子', 312345678],
      ['X2', '鈴木 一郎', { value: 312345678, numFmt: '0000000000' }],
    ]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowWarnings.map((w) => [w.line, w.code])).toEqual([[2, 'phone-leading-zero']]);
    expect(all(db, 'SELECT order_id AS o, phone FROM donor_records ORDER BY id')).toEqual([
      { o: 'X1', phone: '312345678' },
      { o: 'X2', phone: '0312345678' },
    ]);
  });
});

describe('postal codes given as numbers', () => {
  it('reads 600001 as 060-0001, with the 郵便番号 format or none; text stays as typed', async () => {
    const { db } = openTempDb();
    const file = await writeCells(join(dir, 'postal-numbers.xlsx'), ['注文番号', '氏名', '郵便番号', '住所'], [
      ['N1', '山田 花子', { value: 600001, numFmt: '[<=999]000;[<=9999]000-00;000-0000' }, '北海道札幌市中央区北1条'],
      ['N2', '鈴木 一郎', { value: 600002, numFmt: '000-0000' }, '北海道札幌市中央区北2条'],
      ['N3', '佐藤 次郎', 600003, '北海道札幌市中央区北3条'],
      ['N4', '高橋 三郎', 10010, '北海道札幌市北区北10条'],
      ['N5', '田中 四郎', '600005', '北海道札幌市中央区北5条'],
    ]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsAccepted).toBe(5);
    expect(all(db, 'SELECT order_id AS o, postal_code AS zip FROM donor_records ORDER BY id')).toEqual([
      { o: 'N1', zip: '0600001' },
      { o: 'N2', zip: '0600002' },
      { o: 'N3', zip: '0600003' },
      { o: 'N4', zip: '0010010' },
      { o: 'N5', zip: null },
    ]);
    expect(report.warnings.find((w) => w.code === 'invalid-postal-code')?.count).toBe(1);
  });
});

describe('values that lost characters (U+FFFD)', () => {
  const HEADER = '注文番号,氏名,住所,備考\r\n';
  const ROWS = 'R1,山田 花子,東京都千代田区1-1,\r\nR2,鈴木 \ufffd郎,東京都港区2-2,\r\nR3,佐藤 次郎,大阪府\ufffd市3-3,\r\nR4,高橋 三郎,京都府京都市4-4,\ufffd\r\n';

  it.each([
    ['UTF-8', (text: string) => Buffer.from(text, 'utf8')],
    ['UTF-16LE', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
  ] as const)('rejects the row naming its line and column, in a %s CSV', async (label, encode) => {
    const { db } = openTempDb();
    const file = join(dir, `fffd-${label}.csv`);
    const bytes = encode(HEADER + ROWS);
    // The file really holds the replacement character's own bytes (EF BF BD / FD FF).
    expect(bytes.includes(label === 'UTF-8' ? Buffer.from([0xef, 0xbf, 0xbd]) : Buffer.from([0xfd, 0xff]))).toBe(true);
    writeFileSync(file, bytes);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, '氏名', 'replacement-character'],
      [4, '住所', 'replacement-character'],
    ]);
    // A column that is not imported is not stored, so its hole does not cost the row.
    expect(all(db, 'SELECT order_id AS o FROM donor_records ORDER BY id')).toEqual([{ o: 'R1' }, { o: 'R4' }]);
    expect(allStoredValues(db).filter((v) => v.includes('\ufffd'))).toEqual([]);
  });

  it('rejects an XLSX row whose text holds U+FFFD', async () => {
    const { db } = openTempDb();
    const file = await writeCells(join(dir, 'fffd.xlsx'), ['取引ID', '決済日時', 'ステータス'], [
      ['T1', '2021/10/20', '完了'],
      ['T2', '2021/10/20', '完\ufffd'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rejects.map((r) => [r.line, r.column, r.code])).toEqual([[3, 'ステータス', 'replacement-character']]);
    expect(allStoredValues(db).filter((v) => v.includes('\ufffd'))).toEqual([]);
  });

  it('a broken byte is still no U+FFFD but a refused file naming the line', async () => {
    const { db } = openTempDb();
    const file = join(dir, 'broken-utf8.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('注文番号,氏名\r\nB1,山田\r\nB2,', 'utf8'), Buffer.from([0xe5, 0xb1]), Buffer.from('\r\n', 'utf8')]));
    const error = (await runImport(db, { file, kind: 'donors', encoding: 'utf8' }).catch((e: unknown) => e)) as { code: string; location?: { line?: number } };
    expect(error.code).toBe('invalid-encoding');
    expect(error.location?.line).toBe(3);
    expect(allStoredValues(db).filter((v) => v.includes('\ufffd'))).toEqual([]);
  });
});
