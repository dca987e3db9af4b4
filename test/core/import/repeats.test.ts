// spec §2 Bad rows and repeats: rejects with line and reason, --strict, duplicates and
// conflicts within and across files, the same file refused, and the import record.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../../../src-main/core/index.js';
import {
  all, excelWallClock, one, openTempDb, PAYMENT_HEADER, runImport, snapshot, tempDir, writeCsv, writeXlsx,
} from '../../helpers/fixtures.js';

const dir = tempDir();

describe('rejected rows', () => {
  it('rejects rows without a transaction ID or with an unparseable date, naming line and reason; the rest import', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'rejects.csv'), [
      PAYMENT_HEADER,
      ['R1', 'O-1', 'M-1', '2021/11/01 10:00', 'クレジット', '************1111', '1000', '売上確定'],
      ['', 'O-2', 'M-2', '2021/11/01 10:00', 'クレジット', '************2222', '1000', '売上確定'],
      ['R3', 'O-3', 'M-3', '11月1日', 'クレジット', '************3333', '1000', '売上確定'],
      ['R4', 'O-4', 'M-4', '2021/11/01 10:00', 'クレジット', '************4444', '1000', '売上確定'],
      ['　', 'O-5', 'M-5', '2021/11/01 10:00', 'クレジット', '************5555', '1000', '売上確定'],
      ['R6', 'O-6', 'M-6', '', 'クレジット', '************6666', '1000', '売上確定'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report).toMatchObject({ rowsRead: 6, rowsAccepted: 2, rowsRejected: 4, rowsDuplicate: 0, rowsConflict: 0 });
    expect(report.rejects.map((r) => [r.line, r.code, r.column])).toEqual([
      [3, 'missing-transaction-id', '取引ID'],
      [4, 'invalid-date', '決済日時'],
      [6, 'missing-transaction-id', '取引ID'],
      [7, 'missing-date', '決済日時'],
    ]);
    expect(report.rejects[1]!.message).toContain('11月1日');
    expect(report.warnings.find((w) => w.code === 'rejected-rows')?.count).toBe(4);
    expect(all(db, "SELECT line, code FROM import_issues WHERE severity = 'reject' ORDER BY line")).toEqual([
      { line: 3, code: 'missing-transaction-id' },
      { line: 4, code: 'invalid-date' },
      { line: 6, code: 'missing-transaction-id' },
      { line: 7, code: 'missing-date' },
    ]);
    expect(all(db, 'SELECT transaction_id AS id FROM payments ORDER BY id')).toEqual([{ id: 'R1' }, { id: 'R4' }]);
  });

  it('--strict refuses the whole file and leaves the database exactly as it was', async () => {
    const { db } = openTempDb();
    const first = writeCsv(join(dir, 'strict-first.csv'), [PAYMENT_HEADER, ['S0', 'O-0', 'M-0', '2021/11/01', 'card', '', '100', 'ok']]);
    await runImport(db, { file: first, kind: 'payments' });
    const before = snapshot(db);
    const file = writeCsv(join(dir, 'strict.csv'), [
      PAYMENT_HEADER,
      ['S1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok'],
      ['S2', 'O-2', 'M-2', 'someday', 'card', '', '100', 'ok'],
      ['S3', 'O-3', 'M-3', '2021/11/01', 'card', '', '100', 'ok'],
    ]);
    const error = (await runImport(db, { file, kind: 'payments', strict: true }).catch((e: unknown) => e)) as {
      code: string; message: string; location?: { line?: number };
    };
    expect(error.code).toBe('strict-rejected');
    expect(error.location?.line).toBe(3);
    expect(error.message).toContain('3行目');
    expect(snapshot(db)).toEqual(before);
    // Not recorded as imported: the fixed file may be imported later (without --strict, too).
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
  });

  it('--strict imports a clean file normally', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'strict-clean.csv'), [PAYMENT_HEADER, ['K1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok']]);
    const report = await runImport(db, { file, kind: 'payments', strict: true });
    expect(report.rowsAccepted).toBe(1);
  });
});

describe('duplicates and conflicts', () => {
  const CSV_ROWS = [
    ['T-100', 'O-100', 'M-1', '2021/10/20 10:00:00', 'クレジットカード', '************1111', '1,000', '売上確定'],
    ['T-101', 'O-101', 'M-2', '2021/10/21 11:30', 'クレジットカード', '************2222', '2,000', '売上確定'],
    ['T-102', 'O-102', 'M-3', '2021/10/22', 'クレジットカード', '************3333', '3,000', '与信NG'],
    ['T-103', 'O-103', 'M-4', '2021/10/23 09:00', 'コンビニ', '', '4,000', '入金済'],
  ];

  it('the same payment as CP932 CSV and as XLSX with クレジット and fewer columns is a duplicate, not a conflict', async () => {
    const { db } = openTempDb();
    const csv = writeCsv(join(dir, 'dup.csv'), [PAYMENT_HEADER, ...CSV_ROWS], { encoding: 'cp932' });
    const first = await runImport(db, { file: csv, kind: 'payments' });
    expect(first.rowsAccepted).toBe(4);
    const before = all(db, 'SELECT * FROM payments ORDER BY id');

    const xlsx = await writeXlsx(join(dir, 'dup.xlsx'), {
      titleRows: [['決済一覧']],
      header: ['取引ID', '決済日時', '決済方法', '金額'],
      rows: [
        ['T-100', excelWallClock(2021, 10, 20, 10, 0, 0), 'クレジット', 1000],
        ['T-101', excelWallClock(2021, 10, 21, 11, 30, 0), 'ｸﾚｼﾞｯﾄ', 2000],
        ['T-102', excelWallClock(2021, 10, 22), 'カード', 3000],
        ['T-103', '2021-10-23 09:00', 'コンビニ', '4000円'],
        ['T-104', excelWallClock(2021, 10, 24, 8, 0, 0), 'クレジット', 5000],
      ],
    });
    const second = await runImport(db, { file: xlsx, kind: 'payments' });
    expect(second).toMatchObject({ rowsRead: 5, rowsAccepted: 1, rowsDuplicate: 4, rowsConflict: 0, rowsRejected: 0 });
    expect(second.conflicts).toEqual([]);
    // The first rows are kept unchanged; only T-104 is new.
    expect(all(db, 'SELECT * FROM payments WHERE transaction_id <> ? ORDER BY id', 'T-104')).toEqual(before);
    expect(one(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 5 });
  });

  it('a different amount under a known transaction ID is a conflict, reported with its line; the first is kept', async () => {
    const { db } = openTempDb();
    const csv = writeCsv(join(dir, 'conflict-1.csv'), [PAYMENT_HEADER, ...CSV_ROWS]);
    await runImport(db, { file: csv, kind: 'payments' });
    const later = writeCsv(join(dir, 'conflict-2.csv'), [
      ['取引ID', '決済日時', '決済方法', '金額'],
      ['T-100', '2021/10/20 10:00', 'クレジット', '1000'],
      ['T-101', '2021/10/21 11:30', 'クレジット', '2500'],
      ['T-103', '2021/10/24 09:00', 'コンビニ', '4000'],
    ]);
    const report = await runImport(db, { file: later, kind: 'payments' });
    expect(report).toMatchObject({ rowsRead: 3, rowsAccepted: 0, rowsDuplicate: 1, rowsConflict: 2 });
    expect(report.conflicts.map((c) => c.line)).toEqual([3, 4]);
    expect(report.conflicts[0]!.message).toContain('T-101');
    expect(report.conflicts[0]!.message).toContain('2500');
    expect(report.warnings.find((w) => w.code === 'conflicts')?.count).toBe(2);
    expect(all(db, "SELECT line, record_key AS k FROM import_issues WHERE severity = 'conflict' ORDER BY line")).toEqual([
      { line: 3, k: 'T-101' },
      { line: 4, k: 'T-103' },
    ]);
    expect(all(db, "SELECT amount, paid_date AS d FROM payments WHERE transaction_id IN ('T-101', 'T-103') ORDER BY transaction_id")).toEqual([
      { amount: 2000, d: '2021-10-21' },
      { amount: 4000, d: '2021-10-23' },
    ]);
  });

  it('a transaction ID repeated inside one file is counted once (duplicate) or reported (conflict)', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'self-dup.csv'), [
      PAYMENT_HEADER,
      ['T-1', 'O-1', 'M-1', '2021/10/20 10:00', 'クレジット', '************1111', '1000', '売上確定'],
      ['T-1', 'O-1', 'M-1', '2021/10/20 10:00', 'クレジットカード', '************1111', '1,000円', '売上確定'],
      ['T-1', 'O-1', 'M-1', '2021/10/20 10:00', 'クレジット', '************9999', '1000', '売上確定'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report).toMatchObject({ rowsRead: 3, rowsAccepted: 1, rowsDuplicate: 1, rowsConflict: 1 });
    expect(all(db, 'SELECT card_last4 AS l FROM payments')).toEqual([{ l: '1111' }]);
  });

  it('a donor order seen again with the same content is a duplicate, with another address a conflict', async () => {
    const { db } = openTempDb();
    const header = ['注文番号', '会員番号', '氏名', '郵便番号', '住所'];
    await runImport(db, { file: writeCsv(join(dir, 'donor-1.csv'), [header, ['D-1', 'M-1', '山田 花子', '100-0001', '東京都千代田区1-1']]), kind: 'donors' });
    const report = await runImport(db, {
      file: writeCsv(join(dir, 'donor-2.csv'), [
        header,
        ['D-1', 'M-1', '山田　花子', '1000001', '東京都千代田区１－１'],
        ['D-1', 'M-1', '山田 花子', '1000001', '東京都港区2-2'],
      ]),
      kind: 'donors',
    });
    expect(report).toMatchObject({ rowsAccepted: 0, rowsDuplicate: 1, rowsConflict: 1 });
    expect(all(db, 'SELECT address1 FROM donor_records')).toEqual([{ address1: '東京都千代田区1-1' }]);
  });
});

describe('the same file twice', () => {
  it('is refused with a clear message, also under another name; the database is unchanged', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'twice.csv'), [PAYMENT_HEADER, ['W1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok']]);
    await runImport(db, { file, kind: 'payments' });
    const before = snapshot(db);
    const error = (await runImport(db, { file, kind: 'payments' }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error.code).toBe('already-imported');
    expect(error.message).toContain('twice.csv');
    expect(error.message).toContain('取込済み');
    const copy = join(dir, 'twice-renamed.csv');
    copyFileSync(file, copy);
    const again = (await runImport(db, { file: copy, kind: 'payments' }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(again.code).toBe('already-imported');
    expect(again.message).toContain('twice.csv');
    expect(snapshot(db)).toEqual(before);
  });
});

describe('the import record', () => {
  it('records file name, size, SHA-256, encoding, mapping, counts and warnings, and an audit entry', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'record.csv'), [
      [...PAYMENT_HEADER, '備考', 'CVV'],
      ['A1', 'O-1', 'M-1', '2021/11/01', 'card', '4111111111111111', '100', 'ok', '', '123'],
      ['A1', 'O-1', 'M-1', '2021/11/01', 'card', '4111111111111111', '100', 'ok', '', '123'],
      ['A2', 'O-2', 'M-2', 'x', 'card', '', '100', 'ok', '', ''],
    ], { encoding: 'cp932' });
    const report = await runImport(db, { file, kind: 'payments' });
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const row = one<Record<string, unknown>>(db, 'SELECT * FROM imports');
    expect(row).toMatchObject({
      kind: 'payments', file_name: 'record.csv', file_size: statSync(file).size, sha256: sha, format: 'csv', header_line: 1,
      rows_read: 3, rows_accepted: 1, rows_rejected: 1, rows_duplicate: 1, rows_conflict: 0, imported_at: '2022-03-01T01:02:03.000Z',
    });
    expect(String(row.encoding)).toMatch(/cp932|shift_jis/i);
    expect(JSON.parse(String(row.mapping))).toEqual({
      transactionId: '取引ID', orderId: 'オーダーID', memberId: '会員番号', paidAt: '決済日時', method: '決済方法', cardNumber: 'カード番号', amount: '金額', status: 'ステータス',
    });
    expect(JSON.parse(String(row.unknown_columns))).toEqual(['備考']);
    const codes = (JSON.parse(String(row.warnings)) as Array<{ code: string }>).map((w) => w.code).sort();
    expect(codes).toEqual(['full-card-number', 'rejected-rows', 'security-code-column', 'unknown-columns']);
    expect(report.sha256).toBe(sha);
    const audit = listAudit(db);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'test', action: 'import', detail: { sha256: sha, accepted: 1, rejected: 1, duplicates: 1 } });
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 1 });
  });

  it('a confirmed list is recorded with its exposure and needs one', async () => {
    const { db } = openTempDb();
    const file = writeCsv(join(dir, 'confirmed.csv'), [['取引ID', '備考'], ['T-1', ''], ['T-2', ''], ['T-2', '再掲'], ['', '取引IDなし']]);
    const error = (await runImport(db, { file, kind: 'confirmed' }).catch((e: unknown) => e)) as { code: string };
    expect(error.code).toBe('exposure-required');
    const report = await runImport(db, { file, kind: 'confirmed', exposure: 'payment-db' });
    expect(report).toMatchObject({ rowsRead: 4, rowsAccepted: 2, rowsDuplicate: 1, rowsRejected: 1 });
    expect(all(db, 'SELECT exposure_code AS e, transaction_id AS t FROM confirmed_ids ORDER BY id')).toEqual([
      { e: 'payment-db', t: 'T-1' },
      { e: 'payment-db', t: 'T-2' },
    ]);
    expect(one(db, 'SELECT exposure_code AS e FROM imports')).toEqual({ e: 'payment-db' });
  });
});
