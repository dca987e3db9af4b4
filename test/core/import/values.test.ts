// spec §2 Values: every date format (Japan time unless an offset is given, stored as a UTC
// instant plus the Japan-local date), card-method synonyms, amounts, postal codes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { all, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

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
