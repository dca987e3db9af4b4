// Issue 12: card numbers written with separators no earlier test used, in every column,
// never reach the database files, the import issues or the report; security-code columns
// under any of their names are dropped with the warning, and no mapping can read one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSecurityCodeHeader, parseMapArguments } from '../../../src-main/core/index.js';
import { all, allStoredValues, filesContaining, inw, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();

const fw = (s: string) => [...s].map((c) => (/\d/.test(c) ? String.fromCharCode(0xff10 + Number(c)) : c)).join('');
const groups = (n: string, sep: string) => n.match(/.{1,4}/g)!.join(sep);

// Luhn-valid numbers of several brands, each spelled in a way the old masker missed.
const NUMBERS = {
  visaChoon: fw(groups('4111111111111111', 'ー')),
  masterDots: groups('5555555555554444', '.'),
  discoverSlash: groups('6011111111111117', '/'),
  unionUnderscore: groups('6200000000000005', '_'),
  maestroHyphen2010: groups('5018000000000009', '\u2010'),
  mirMinus: groups('2200000000000004', '\u2212'),
  visaTabs: groups('4012888888881881', '\t'),
  jcbNewline: groups('3530111333300000', '\n'),
  masterDoubleSpace: groups('5105105105105100', '  '),
};
const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

function assertNoFullNumber(dbFile: string, values: string[]) {
  for (const written of Object.values(NUMBERS)) {
    const digits = digitsOf(written);
    for (const needle of new Set([written, digits, written.normalize('NFKC')])) {
      expect.soft(filesContaining(dbFile, needle), `«${JSON.stringify(needle)}» in the database files`).toEqual([]);
    }
    const found = values.filter((v) => digitsOf(v).includes(digits));
    expect.soft(found, `${digits} in a stored value`).toEqual([]);
  }
}

describe('card numbers in any spelling', () => {
  it('are masked in every payments column, ID columns included, and counted in the report', async () => {
    const { db, file: dbFile, close } = openTempDb();
    const file = writeCsv(join(dir, 'spellings-payments.csv'), [
      ['取引ID', 'オーダーID', '会員番号', '決済日時', '決済方法', 'カード番号', '金額', 'ステータス'],
      ['S1', 'O-1', NUMBERS.discoverSlash, '2021/11/01 10:00', 'クレジットカード', NUMBERS.visaChoon, '1000', `エラー ${NUMBERS.masterDots}`],
      ['S2', NUMBERS.unionUnderscore, 'M-2', '2021/11/01 10:00', 'クレジットカード', NUMBERS.mirMinus, '1000', NUMBERS.maestroHyphen2010],
      // A rejected row: the unreadable date holds the number; its message must not quote it.
      ['S3', 'O-3', 'M-3', NUMBERS.visaTabs, 'クレジットカード', '************1234', '1000', '売上確定'],
      ['S4', 'O-4', 'M-4', `2021/11/01 ${NUMBERS.jcbNewline}`, 'クレジットカード', '************1234', '1000', '売上確定'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
    expect(report.rowsRejected).toBe(2);
    expect(all(db, 'SELECT transaction_id AS id, card_last4 AS l, card_brand AS b, member_id AS m, order_id AS o FROM payments ORDER BY id')).toEqual([
      { id: 'S1', l: '1111', b: 'VISA', m: '****1117', o: 'O-1' },
      { id: 'S2', l: '0004', b: 'Mir', m: 'M-2', o: '****0005' },
    ]);
    // 2 card columns + 4 numbers elsewhere (status ×2, IDs ×2) + 2 in the rejected rows' dates.
    expect(report.cardNumbersMasked).toBe(8);
    for (const r of report.rejects) for (const n of Object.values(NUMBERS)) expect(digitsOf(r.message)).not.toContain(digitsOf(n));
    const stored = all<{ message: string }>(db, 'SELECT message FROM import_issues');
    expect(stored).toHaveLength(2);
    expect(stored[0]!.message).toContain('****1881');
    const values = allStoredValues(db);
    assertNoFullNumber(dbFile, values);
    close();
    assertNoFullNumber(dbFile, []);
  });

  it('are masked in every donors column; a phone number with an extension is kept', async () => {
    const { db, file: dbFile, close } = openTempDb();
    const file = writeCsv(join(dir, 'spellings-donors.csv'), [
      ['注文番号', '氏名', '郵便番号', '住所', '建物名', '電話番号', 'メールアドレス'],
      ['D-1', `山田 ${NUMBERS.masterDoubleSpace}`, '1000001', `東京都千代田区1-1 ${NUMBERS.visaChoon}`, NUMBERS.jcbNewline, '03-1234-5678-105', 'a@example.jp'],
      ['D-2', '鈴木 一郎', '1000002', '東京都港区1-1', '', NUMBERS.discoverSlash, `${digitsOf(NUMBERS.mirMinus)}@example.jp`],
    ]);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsAccepted).toBe(2);
    expect(report.cardNumbersMasked).toBe(5);
    // 13 digits that pass the Luhn check, but a Tokyo number with extension 105: kept.
    expect(all(db, "SELECT phone FROM donor_records WHERE order_id = 'D-1'")).toEqual([{ phone: '03-1234-5678-105' }]);
    assertNoFullNumber(dbFile, allStoredValues(db));
    close();
    assertNoFullNumber(dbFile, []);
  });

  it('the CLI report prints how many numbers it masked, never a full one', async () => {
    const file = writeCsv(join(dir, 'spellings-cli.csv'), [
      ['取引ID', '決済日時', '決済方法', 'カード番号', 'ステータス'],
      ['C1', '2021/11/01', 'card', NUMBERS.masterDots, NUMBERS.visaChoon],
      ['C2', NUMBERS.discoverSlash, 'card', '************1234', ''],
    ]);
    const r = await inw(['import', 'payments', file, '--db', join(dir, 'cli.db')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('カード番号: 3 件');
    for (const n of Object.values(NUMBERS)) expect(digitsOf(r.stdout + r.stderr)).not.toContain(digitsOf(n));
  });
});

describe('security-code columns under any name', () => {
  const HEADERS = [
    'CVV', 'CVV2', 'CVC', 'CVC2', 'CVN', 'CSC', 'CID', 'SC', 'カード確認番号', 'セキュリティコード(3桁)', 'セキュリティーコード', '確認コード',
    'セキュリティコード（３桁）', 'CVC/CVV', 'Security Code', 'card_verification_value', 'カード裏面の3桁', 'セキュリティ番号',
  ];
  it.each(HEADERS)('%s is dropped with the security-code warning', async (header) => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, `sc-${HEADERS.indexOf(header)}.csv`), [
      ['取引ID', '決済日時', '決済方法', header, '金額'],
      ['C1', '2021/11/01', 'card', '739', '100'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.securityCodeColumns).toEqual([header]);
    expect(report.warnings.map((w) => w.code)).toContain('security-code-column');
    expect(allStoredValues(db).filter((v) => v === '739')).toEqual([]);
  });

  it('ordinary headers are not taken for security codes', () => {
    for (const h of ['カード番号', '取引ID', '確認番号', 'ステータス', '氏名', '住所', 'status', 'postal_code', 'ブランド']) {
      expect(isSecurityCodeHeader(h), h).toBe(false);
    }
  });

  it('a --map that would store one into a field is refused, on the command line and in the core', async () => {
    expect(() => parseMapArguments(['status=CVV2'])).toThrow(/セキュリティコード/);
    expect(() => parseMapArguments(['memberId=セキュリティコード'])).toThrow(/セキュリティコード/);
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'sc-map.csv'), [['取引ID', '決済日時', 'CVV2'], ['C1', '2021/11/01', '739']]);
    await expect(runImport(db, { file, kind: 'payments', map: { status: 'CVV2' } })).rejects.toMatchObject({ code: 'security-code-mapping' });
    expect(all(db, 'SELECT COUNT(*) AS n FROM imports')).toEqual([{ n: 0 }]);
    const r = await inw(['import', 'payments', file, '--db', join(dir, 'sc-map.db'), '--map', 'status=CVV2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('セキュリティコードの列');
  });
});
