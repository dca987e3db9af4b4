// 取込の矛盾 settled by importing again: a stored record that a later file contradicted keeps
// its content and opens a conflict (the review queue lists it); the next file of the same kind
// that carries the record wins: its content replaces the stored one (or confirms it), the
// conflict closes and leaves the queue, and the import says so row by row. A file that fails
// changes nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit, reviewItems, type Db } from '../../../src-main/core/index.js';
import { all, one, openTempDb, PAYMENT_HEADER, runImport, snapshot, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();

const openConflicts = (db: Db) => reviewItems(db, 0).filter((i) => i.kind === 'import-conflict');

async function paymentsWithConflict(prefix: string) {
  const { db } = openTempDb();
  await runImport(db, {
    file: writeCsv(join(dir, `${prefix}-1.csv`), [
      PAYMENT_HEADER,
      ['T-100', 'O-100', 'M-1', '2021/10/20 10:00', 'クレジット', '************1111', '1000', '売上確定'],
      ['T-101', 'O-101', 'M-2', '2021/10/21 11:30', 'クレジット', '************2222', '2000', '売上確定'],
    ]),
    kind: 'payments',
  });
  const second = await runImport(db, {
    file: writeCsv(join(dir, `${prefix}-2.csv`), [['取引ID', '決済日時', '決済方法', '金額'], ['T-101', '2021/10/21 11:30', 'クレジット', '2500']]),
    kind: 'payments',
  });
  expect(second.rowsConflict).toBe(1);
  // The message the user reads says what a re-import will do.
  expect(second.conflicts[0]!.message).toContain('取り込み直すと、その内容で置き換えます');
  expect(openConflicts(db)).toHaveLength(1);
  return db;
}

describe('取込の矛盾, settled by a re-import', () => {
  it('a corrected file replaces the stored payment, closes the conflict and says so; the audit log keeps every import', async () => {
    const db = await paymentsWithConflict('fix');
    const corrected = await runImport(db, {
      file: writeCsv(join(dir, 'fix-3.csv'), [
        PAYMENT_HEADER,
        ['T-100', 'O-100', 'M-1', '2021/10/20 10:00', 'クレジット', '************1111', '1000', '売上確定'],
        ['T-101', 'O-101', 'M-2', '2021/10/21 11:30', 'クレジット', '************2222', '2500', '売上確定'],
      ]),
      kind: 'payments',
    });
    expect(corrected).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsDuplicate: 1, rowsConflict: 0, conflictsResolved: 1 });
    expect(corrected.rowWarnings).toEqual([
      expect.objectContaining({ line: 3, code: 'conflict-resolved', message: expect.stringContaining('このファイルの内容で置き換えました') }),
    ]);
    expect(corrected.rowWarnings[0]!.message).toContain('「2000」→「2500」');
    expect(corrected.warnings.find((w) => w.code === 'conflict-resolved')?.count).toBe(1);
    expect(one(db, "SELECT amount, import_id AS importId, line, card_last4 AS last4 FROM payments WHERE transaction_id = 'T-101'")).toEqual({
      amount: 2500, importId: corrected.importId, line: 3, last4: '2222',
    });
    expect(openConflicts(db)).toEqual([]);
    // The conflict stays on record with the import that found it.
    expect(all(db, "SELECT import_id AS importId FROM import_issues WHERE severity = 'conflict'")).toEqual([{ importId: 2 }]);
    const imports = listAudit(db).filter((e) => e.action === 'import').reverse();
    expect(imports.map((e) => (e.detail as { conflicts: number }).conflicts)).toEqual([0, 1, 0]);
    expect(imports[2]!.detail).toMatchObject({ conflictsResolved: 1, accepted: 1 });
  });

  it('a file that repeats the stored content confirms it and closes the conflict without a change', async () => {
    const db = await paymentsWithConflict('confirm');
    const before = all(db, 'SELECT * FROM payments ORDER BY id');
    const report = await runImport(db, {
      file: writeCsv(join(dir, 'confirm-3.csv'), [['取引ID', '決済日時', '決済方法', '金額'], ['T-101', '2021/10/21 11:30', 'クレジット', '2000']]),
      kind: 'payments',
    });
    expect(report).toMatchObject({ rowsAccepted: 0, rowsDuplicate: 1, conflictsResolved: 1 });
    expect(report.rowWarnings[0]!.message).toContain('取込済みの内容と同じです');
    expect(all(db, 'SELECT * FROM payments ORDER BY id')).toEqual(before);
    expect(openConflicts(db)).toEqual([]);
  });

  it('a corrected file that fails (--strict, a bad row) changes nothing and the conflict stays open', async () => {
    const db = await paymentsWithConflict('bad');
    const before = snapshot(db);
    const error = await runImport(db, {
      file: writeCsv(join(dir, 'bad-3.csv'), [
        PAYMENT_HEADER,
        ['T-101', 'O-101', 'M-2', '2021/10/21 11:30', 'クレジット', '************2222', '2500', '売上確定'],
        ['T-102', 'O-102', 'M-3', 'いつか', 'クレジット', '************3333', '3000', '売上確定'],
      ]),
      kind: 'payments',
      strict: true,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'strict-rejected' });
    expect(snapshot(db)).toEqual(before);
    expect(openConflicts(db)).toHaveLength(1);
  });

  it('a settled record met again with other content is a new conflict; the file that settled it is not read twice', async () => {
    const db = await paymentsWithConflict('again');
    const report = await runImport(db, {
      file: writeCsv(join(dir, 'again-3.csv'), [
        ['取引ID', '決済日時', '決済方法', '金額'],
        ['T-101', '2021/10/21 11:30', 'クレジット', '2500'],
        ['T-101', '2021/10/21 11:30', 'クレジット', '2700'],
      ]),
      kind: 'payments',
    });
    expect(report).toMatchObject({ rowsAccepted: 1, rowsConflict: 1, conflictsResolved: 1 });
    expect(one(db, "SELECT amount FROM payments WHERE transaction_id = 'T-101'")).toEqual({ amount: 2500 });
    expect(openConflicts(db).map((c) => c.detail)).toEqual(['again-3.csv 3行目']);
  });

  it("a donor's corrected address replaces the stored one and the person's, and the conflict closes", async () => {
    const { db } = openTempDb();
    const header = ['注文番号', '会員番号', '氏名', '郵便番号', '住所'];
    await runImport(db, { file: writeCsv(join(dir, 'donor-1.csv'), [header, ['D-1', 'M-1', '山田 花子', '100-0001', '東京都千代田区1-1']]), kind: 'donors' });
    const conflict = await runImport(db, { file: writeCsv(join(dir, 'donor-2.csv'), [header, ['D-1', 'M-1', '山田 花子', '105-0001', '東京都港区2-2']]), kind: 'donors' });
    expect(conflict.rowsConflict).toBe(1);
    expect(openConflicts(db)).toHaveLength(1);
    const fixed = await runImport(db, { file: writeCsv(join(dir, 'donor-3.csv'), [header, ['D-1', 'M-1', '山田 花子', '105-0001', '東京都港区2-2'], ['D-2', 'M-2', '鈴木 一郎', '100-0002', '東京都千代田区2-2']]), kind: 'donors' });
    expect(fixed).toMatchObject({ rowsAccepted: 2, conflictsResolved: 1 });
    expect(all(db, "SELECT postal_code AS postal, address1 FROM donor_records WHERE record_key = 'o:D-1'")).toEqual([{ postal: '1050001', address1: '東京都港区2-2' }]);
    expect(all(db, "SELECT postal_code AS postal, address1 FROM persons WHERE group_key = (SELECT group_key FROM persons p JOIN donor_records d ON d.person_id = p.id WHERE d.record_key = 'o:D-1')")).toEqual([
      { postal: '1050001', address1: '東京都港区2-2' },
    ]);
    expect(openConflicts(db)).toEqual([]);
  });
});
