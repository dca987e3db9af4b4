// spec §2 Encodings: UTF-8 with/without BOM, UTF-16LE with BOM, CP932 with the NEC/IBM
// extensions, detected automatically; --encoding overrides; invalid bytes are an error naming
// the line, never silent mojibake.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { isInwError, type InwError } from '../../../src-main/core/index.js';
import { all, openTempDb, runImport, tempDir, writeCsv, type CsvEncoding } from '../../helpers/fixtures.js';

const dir = tempDir();

const DONOR_HEADER = ['注文番号', '会員番号', '氏名', 'フリガナ', '郵便番号', '住所', '電話番号', 'メールアドレス'];
// ① 髙 﨑 are NEC / IBM extensions of CP932 (not in plain Shift_JIS).
const DONORS = [
  ['O-1', 'M-1', '髙橋 ①子', 'タカハシ イチコ', '100-0001', '東京都千代田区千代田1-1 ①号室', '03-1111-2222', 'a@example.jp'],
  ['O-2', 'M-2', '山﨑 太郎', 'ヤマサキ タロウ', '〒530-0001', '大阪府大阪市北区梅田1-2-3', '06-1111-2222', 'b@example.jp'],
];

async function importDonors(encoding: CsvEncoding, choice?: 'auto' | 'utf8' | 'cp932' | 'utf16le') {
  const { db } = openTempDb();
  const file = writeCsv(join(dir, `donors-${encoding}-${choice ?? 'none'}.csv`), [DONOR_HEADER, ...DONORS], { encoding });
  const report = await runImport(db, { file, kind: 'donors', encoding: choice });
  const stored = all<{ name: string; address1: string; kana: string }>(db, 'SELECT name, address1, kana FROM donor_records ORDER BY id');
  return { report, stored };
}

async function importError(promise: Promise<unknown>): Promise<InwError> {
  try {
    await promise;
  } catch (error) {
    if (isInwError(error)) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('encoding detection', () => {
  it.each([
    ['utf8', 'UTF-8'],
    ['utf8bom', 'UTF-8'],
    ['utf16le', 'UTF-16LE'],
    ['cp932', 'Shift_JIS (CP932)'],
  ] as const)('reads %s automatically, names and addresses exactly as written', async (encoding, label) => {
    const { report, stored } = await importDonors(encoding);
    expect(report.encoding).toBe(label);
    expect(report.rowsRead).toBe(2);
    expect(report.rowsAccepted).toBe(2);
    expect(stored).toEqual([
      { name: '髙橋 ①子', address1: '東京都千代田区千代田1-1 ①号室', kana: 'タカハシ イチコ' },
      { name: '山﨑 太郎', address1: '大阪府大阪市北区梅田1-2-3', kana: 'ヤマサキ タロウ' },
    ]);
  });

  it('does not leave the UTF-8 BOM in the first header (the header still maps)', async () => {
    const { report } = await importDonors('utf8bom');
    expect(report.mapping.orderId).toBe('注文番号');
    expect(report.unknownColumns).toEqual([]);
  });

  it('reads a CP932 payments file whose first non-ASCII byte comes late', async () => {
    const { db } = openTempDb();
    const rows: string[][] = [['取引ID', '決済日時', '決済方法', '金額']];
    for (let i = 0; i < 50; i++) rows.push([`T${i}`, '2021/10/20 10:00', 'card', '1000']);
    rows.push(['T50', '2021/10/20 10:00', 'クレジットカード', '1,000円']);
    const file = writeCsv(join(dir, 'late-cp932.csv'), rows, { encoding: 'cp932' });
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.encoding).toBe('Shift_JIS (CP932)');
    expect(all(db, "SELECT method, method_class AS cls FROM payments WHERE transaction_id = 'T50'")).toEqual([
      { method: 'クレジットカード', cls: 'card' },
    ]);
  });
});

describe('--encoding override', () => {
  it('reads a CP932 file when told cp932', async () => {
    const { report, stored } = await importDonors('cp932', 'cp932');
    expect(report.encoding).toBe('Shift_JIS (CP932)');
    expect(stored[0]!.name).toBe('髙橋 ①子');
  });

  it('reads a UTF-8 file when told utf8 and a UTF-16LE file when told utf16le', async () => {
    expect((await importDonors('utf8', 'utf8')).stored[1]!.name).toBe('山﨑 太郎');
    expect((await importDonors('utf16le', 'utf16le')).stored[1]!.name).toBe('山﨑 太郎');
  });

  it('a CP932 file forced as UTF-8 is an error naming the first bad line, and nothing is stored', async () => {
    const { db } = openTempDb();
    // Line 1 (header) and line 2 are ASCII; line 3 holds the first CP932 byte.
    const ascii = 'transaction_id,paid_at\r\nT1,2021/10/20\r\n';
    const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode('T2,2021/10/21,髙\r\n', 'cp932')]);
    const file = join(dir, 'forced-utf8.csv');
    writeFileSync(file, bytes);
    const error = await importError(runImport(db, { file, kind: 'payments', encoding: 'utf8' }));
    expect(error.code).toBe('invalid-encoding');
    expect(error.location?.line).toBe(3);
    expect(error.message).toContain('3行目');
    expect(all(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 0 }]);
    expect(all(db, 'SELECT COUNT(*) AS n FROM imports')).toEqual([{ n: 0 }]);
  });
});

describe('invalid bytes', () => {
  it('an invalid byte in a CP932 file is an error naming its line', async () => {
    const { db } = openTempDb();
    const head = iconv.encode('取引ID,決済日時,決済方法\r\nT1,2021/10/20,クレジット\r\nT2,2021/10/20,クレジット\r\n', 'cp932');
    // 0x85 0x20: a CP932 lead byte followed by a byte that cannot trail it.
    const bad = Buffer.concat([Buffer.from('T3,2021/10/20,'), Buffer.from([0x85, 0x20]), Buffer.from('\r\n')]);
    const file = join(dir, 'bad-cp932.csv');
    writeFileSync(file, Buffer.concat([head, bad, Buffer.from('T4,2021/10/20,card\r\n')]));
    const error = await importError(runImport(db, { file, kind: 'payments' }));
    expect(error.code).toBe('invalid-encoding');
    expect(error.location?.line).toBe(4);
    expect(error.message).toContain('4行目');
    expect(all(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 0 }]);
  });

  it('a UTF-8 Japanese file with one broken character is an error naming that line, not CP932 mojibake', async () => {
    const { db } = openTempDb();
    const lines = ['取引ID,決済日時,決済方法,ステータス'];
    for (let i = 1; i <= 8; i++) lines.push(`T${i},2021/10/20 10:00,クレジットカード,売上確定`);
    const good = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    // Line 10: "売上" with its last UTF-8 byte cut off.
    const broken = Buffer.concat([Buffer.from('T9,2021/10/20 10:00,クレジットカード,売', 'utf8'), Buffer.from([0xe4, 0xb8]), Buffer.from('\r\n')]);
    const file = join(dir, 'broken-utf8.csv');
    writeFileSync(file, Buffer.concat([good, broken, Buffer.from('T10,2021/10/20 10:00,card,ok\r\n')]));
    const outcome = await runImport(db, { file, kind: 'payments' }).then(
      (report) => ({ ok: true as const, report }),
      (error: unknown) => ({ ok: false as const, error: error as InwError }),
    );
    // Never silent mojibake: the import must not succeed by reading the file as CP932.
    expect(outcome.ok ? outcome.report.encoding : null).toBeNull();
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('invalid-encoding');
      expect(outcome.error.location?.line).toBe(10);
    }
  });

  it('a lone surrogate in a UTF-16LE file is an error naming its line', async () => {
    const { db } = openTempDb();
    const text = 'transaction_id,paid_at,status\r\nT1,2021/10/20,ok\r\nT2,2021/10/20,X\r\n';
    const bytes = Buffer.from(text, 'utf16le');
    // Replace the "X" on line 3 with a lone high surrogate (0xD800).
    const x = bytes.lastIndexOf(Buffer.from('X', 'utf16le'));
    bytes.writeUInt16LE(0xd800, x);
    const file = join(dir, 'bad-utf16.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), bytes]));
    const error = await importError(runImport(db, { file, kind: 'payments' }));
    expect(error.code).toBe('invalid-encoding');
    expect(error.location?.line).toBe(3);
  });
});
