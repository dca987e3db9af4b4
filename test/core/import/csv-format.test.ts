// spec §2: CRLF or LF; RFC 4180 quoting, including commas, doubled quotes and newlines inside
// quoted fields; line numbers of rejects stay the physical line a record starts on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { all, openTempDb, runImport, tempDir, writeText } from '../../helpers/fixtures.js';

const dir = tempDir();

const HEADER = '注文番号,氏名,郵便番号,住所,電話番号';

describe('RFC 4180 quoting', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('reads quoted commas, doubled quotes and newlines inside fields (%s)', async (name, eol) => {
    const { db } = openTempDb();
    const text = [
      HEADER,
      'D1,"山田, 花子",1000001,"東京都千代田区千代田1-1',
      'コーポ""さくら""101",03-1111-1111',
      'D2,鈴木 一郎,5300001,"大阪府大阪市北区梅田1-2-3 ""梅田ビル""",06-1111-1111',
      '"D3","佐藤 次郎","0600001","北海道札幌市中央区,北1条",011-111-1111',
      '',
    ].join(eol);
    const file = writeText(join(dir, `quoted-${name}.csv`), text);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsAccepted).toBe(3);
    const rows = all(db, 'SELECT order_id AS o, name, postal_code AS zip, address1, phone, line FROM donor_records ORDER BY id');
    expect(rows).toEqual([
      // A newline inside a field is kept as a line break (as LF or as written).
      { o: 'D1', name: '山田, 花子', zip: '1000001', address1: expect.stringMatching(/^東京都千代田区千代田1-1 コーポ"さくら"101$/), phone: '03-1111-1111', line: 2 },
      { o: 'D2', name: '鈴木 一郎', zip: '5300001', address1: '大阪府大阪市北区梅田1-2-3 "梅田ビル"', phone: '06-1111-1111', line: 4 },
      { o: 'D3', name: '佐藤 次郎', zip: '0600001', address1: '北海道札幌市中央区,北1条', phone: '011-111-1111', line: 5 },
    ]);
  });

  it('counts line numbers after a multi-line field correctly for rejects', async () => {
    const { db } = openTempDb();
    const text = [
      '取引ID,決済日時,ステータス',
      'T1,2021/10/20,"複数行の',
      '備考',
      'です"',
      'T2,not-a-date,ok',
      ',2021/10/20,ok',
      '',
    ].join('\r\n');
    const file = writeText(join(dir, 'multiline-rejects.csv'), text);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsAccepted).toBe(1);
    expect(report.rejects.map((r) => [r.line, r.code])).toEqual([
      [5, 'invalid-date'],
      [6, 'missing-transaction-id'],
    ]);
  });

  it('reads a file with mixed CRLF / LF line ends and no final newline', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'mixed-eol.csv'), '取引ID,決済日時\r\nT1,2021/10/20\nT2,2021/10/21\r\nT3,2021/10/22');
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(3);
    expect(all(db, 'SELECT transaction_id AS id, paid_date AS d FROM payments ORDER BY id')).toEqual([
      { id: 'T1', d: '2021-10-20' },
      { id: 'T2', d: '2021-10-21' },
      { id: 'T3', d: '2021-10-22' },
    ]);
  });

  it('skips blank lines without counting them as rows', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'blank-lines.csv'), '取引ID,決済日時\r\n\r\nT1,2021/10/20\r\n\r\nT2,2021/10/21\r\n\r\n');
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsRead).toBe(2);
    expect(report.rowsRejected).toBe(0);
  });

  it('an unterminated quote is an error naming the line it started on', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'unterminated.csv'), '取引ID,決済日時,ステータス\r\nT1,2021/10/20,ok\r\nT2,2021/10/20,"never closed\r\nT3,2021/10/20,ok\r\n');
    const error = (await runImport(db, { file, kind: 'payments' }).catch((e: unknown) => e)) as { code: string; location?: { line?: number } };
    expect(error.code).toBe('csv-unterminated-quote');
    expect(error.location?.line).toBe(3);
    expect(all(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 0 }]);
  });
});
