// Migrations are forward-only and tested (STYLE 7): an existing file keeps working, a migration
// backs the file up first and keeps the data, a file from a newer version is refused untouched.
// The audit log is hash-chained: an edited or deleted entry is detected.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendAudit, closeDb, findMigrationsDir, isInwError, listAudit, openDb, verifyAudit,
} from '../../../src-main/core/index.js';
import { all, now, one, runImport, snapshot, tempDir, writeCsv, PAYMENT_HEADER } from '../../helpers/fixtures.js';

const dir = tempDir();
let n = 0;
const fresh = (name: string) => join(dir, `${++n}-${name}`);

/** A copy of the committed migrations plus one more (a later version of the app). */
function migrationsWithExtra(): string {
  const target = fresh('migrations-next');
  cpSync(findMigrationsDir(), target, { recursive: true });
  const journalPath = join(target, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string; version: string; breakpoints: boolean }> };
  const last = journal.entries[journal.entries.length - 1]!;
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1000, tag: '9999_test_next', breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(target, '9999_test_next.sql'), 'CREATE TABLE `test_next` (`id` integer PRIMARY KEY NOT NULL, `note` text);\n--> statement-breakpoint\nALTER TABLE `persons` ADD `test_flag` integer DEFAULT 7;\n');
  return target;
}

async function dbWithData(file: string, migrationsDir?: string) {
  const db = openDb({ file, now, ...(migrationsDir ? { migrationsDir } : {}) });
  const csv = writeCsv(fresh('data.csv'), [PAYMENT_HEADER, ['T1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok']]);
  await runImport(db, { file: csv, kind: 'payments' });
  const donors = writeCsv(fresh('donors.csv'), [['注文番号', '会員番号', '氏名', '郵便番号', '住所'], ['O-1', 'M-1', '山田 花子', '1000001', '東京都1-1']]);
  await runImport(db, { file: donors, kind: 'donors' });
  return db;
}

describe('opening database files', () => {
  it('a new file is created through the migrations in WAL mode', () => {
    const file = fresh('new.db');
    const db = openDb({ file, now });
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['imports', 'import_issues', 'payments', 'donor_records', 'persons', 'confirmed_ids', 'classification_runs', 'run_persons', 'run_payments', 'audit_log', 'incidents']));
    closeDb(db);
  });

  it('an existing file opens again with its data, without a backup (nothing to migrate)', async () => {
    const file = fresh('existing.db');
    const db = await dbWithData(file);
    const before = snapshot(db);
    closeDb(db);
    const again = openDb({ file, now });
    expect(snapshot(again)).toEqual(before);
    expect(one(again, 'PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    closeDb(again);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${basename(file)}.before-migration`))).toEqual([]);
  });

  it('a pending migration keeps a copy of the file beside it first, and keeps the data', async () => {
    const file = fresh('migrate.db');
    const db = await dbWithData(file);
    const before = snapshot(db);
    closeDb(db);
    const next = openDb({ file, now, migrationsDir: migrationsWithExtra() });
    const after = snapshot(next);
    expect(after.payments).toEqual(before.payments);
    expect(after.donor_records).toEqual(before.donor_records);
    expect(all(next, 'SELECT test_flag FROM persons')).toEqual([{ test_flag: 7 }]);
    expect(after.test_next).toEqual([]);
    closeDb(next);
    const backup = `${file}.before-migration-20220301T010203Z.bak`;
    expect(existsSync(backup)).toBe(true);
    const old = openDb({ file: backup, now, readonly: true });
    expect(snapshot(old).payments).toEqual(before.payments);
    expect(all(old, "SELECT name FROM sqlite_master WHERE name = 'test_next'")).toEqual([]);
    closeDb(old);
  });

  it('a file written by a newer version is refused with a clear message and left untouched', async () => {
    const file = fresh('newer.db');
    const db = await dbWithData(file, migrationsWithExtra());
    closeDb(db);
    const bytes = readFileSync(file);
    let error: unknown;
    try {
      openDb({ file, now });
    } catch (e) {
      error = e;
    }
    expect(isInwError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('db-newer-version');
    expect((error as Error).message).toContain('新しいバージョン');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
  });
});

describe('audit log', () => {
  it('verifies a clean chain and names the first edited or deleted entry', () => {
    const file = fresh('audit.db');
    const db = openDb({ file, now });
    for (let i = 1; i <= 4; i++) appendAudit(db, { at: now(), actor: 'test', action: `step-${i}`, detail: { i } });
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 4 });
    expect(listAudit(db).map((e) => e.action)).toEqual(['step-4', 'step-3', 'step-2', 'step-1']);

    db.$client.prepare("UPDATE audit_log SET detail = '{\"i\":99}' WHERE id = 2").run();
    const edited = verifyAudit(db);
    expect(edited.ok).toBe(false);
    expect(edited.brokenAt?.id).toBe(2);

    db.$client.prepare("UPDATE audit_log SET detail = '{\"i\":2}' WHERE id = 2").run();
    expect(verifyAudit(db).ok).toBe(true);
    db.$client.prepare('DELETE FROM audit_log WHERE id = 3').run();
    const deleted = verifyAudit(db);
    expect(deleted.ok).toBe(false);
    expect(deleted.brokenAt?.id).toBe(4);
    closeDb(db);
  });
});
