// The database side of issue 6: migration 0000 → 0001 keeps the data; the audit log is
// append-only (triggers) and its chain names an entry edited or deleted behind the app's back
// (raw edits through a connection of its own, as any SQLite tool makes them); backup taken while another process writes.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  appendAudit, backupDatabase, closeDb, findMigrationsDir, isInwError, openDb, verifyAudit,
} from '../../../src-main/core/index.js';
import { fillOlderDb, now, ROOT, runImport, snapshot, tempDir, writeCsv, PAYMENT_HEADER } from '../../helpers/fixtures.js';

const dir = tempDir('inw-track-store-');
let n = 0;
const fresh = (name: string) => join(dir, `${++n}-${name}`);

/** The committed migrations cut back to 0000 only: the schema of the previous release. */
function migrationsUpTo0000(): string {
  const target = fresh('migrations-0000');
  mkdirSync(join(target, 'meta'), { recursive: true });
  const source = findMigrationsDir();
  cpSync(join(source, '0000_init.sql'), join(target, '0000_init.sql'));
  cpSync(join(source, 'meta', '0000_snapshot.json'), join(target, 'meta', '0000_snapshot.json'));
  const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((e) => e.tag === '0000_init');
  writeFileSync(join(target, 'meta', '_journal.json'), JSON.stringify(journal));
  return target;
}

/** Runs SQL on its own connection, outside the app's code: how a SQLite tool edits the file. */
function rawSql(file: string, sql: string): number {
  const raw = new Database(file);
  try {
    return raw.prepare(sql).run().changes;
  } finally {
    raw.close();
  }
}

describe('migration 0001_tracking', () => {
  it('a database made with 0000 only migrates to 0001 with its data, backup first', async () => {
    const file = fresh('old.db');
    const old = openDb({ file, now, migrationsDir: migrationsUpTo0000() });
    await fillOlderDb(old, async (current) => {
      await runImport(current, { file: writeCsv(fresh('p.csv'), [PAYMENT_HEADER, ['T1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok']]), kind: 'payments' });
      await runImport(current, { file: writeCsv(fresh('d.csv'), [['注文番号', '会員番号', '氏名', '郵便番号', '住所'], ['O-1', 'M-1', '山田 花子', '1000001', '東京都1-1']]), kind: 'donors' });
    });
    appendAudit(old, { at: now(), actor: 'test', action: 'x', detail: {} });
    expect(old.$client.prepare("SELECT name FROM sqlite_master WHERE name = 'mailing_batches'").get()).toBeUndefined();
    const before = snapshot(old);
    closeDb(old);
    const db = openDb({ file, now });
    const after = snapshot(db);
    // Every row kept, each with the columns it had (later migrations add some).
    const asBefore = (table: string) => after[table]!.map((row) => Object.fromEntries(Object.keys((before[table]![0] ?? {}) as object).map((c) => [c, (row as Record<string, unknown>)[c]])));
    for (const table of Object.keys(before)) if (table !== '__drizzle_migrations') expect([table, asBefore(table)]).toEqual([table, before[table]]);
    expect(after.mailing_batches).toEqual([]);
    expect(after.address_corrections).toEqual([]);
    const triggers = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    expect(triggers).toEqual(['persons_keep_address_correction']);
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 3 });
    closeDb(db);
    expect(existsSync(`${file}.before-migration-20220301T010203Z.bak`)).toBe(true);
  });
});

describe('the audit log', () => {
  function auditDb(entries: number): string {
    const file = fresh('audit.db');
    const db = openDb({ file, now });
    for (let i = 1; i <= entries; i++) appendAudit(db, { at: now(), actor: 'test', action: `step-${i}`, detail: { i } });
    closeDb(db);
    return file;
  }

  it('an entry changed behind the app\'s back through SQL is named (the chain detects, nothing blocks)', () => {
    const file = auditDb(3);
    rawSql(file, "UPDATE audit_log SET actor = 'x' WHERE id = 2");
    const db = openDb({ file, now });
    expect(verifyAudit(db)).toMatchObject({ ok: false, brokenAt: { id: 2 } });
    closeDb(db);
  });

  it('names an entry whose detail was edited outside the app', () => {
    const file = auditDb(5);
    expect(rawSql(file, 'UPDATE audit_log SET detail = \'{"i":33}\' WHERE id = 3')).toBe(1);
    const db = openDb({ file, now });
    const result = verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toEqual({ id: 3, reason: 'この記録の内容が変更されています' });
    closeDb(db);
  });

  it('names a deleted entry in the middle and a deleted last entry', () => {
    const middle = auditDb(5);
    expect(rawSql(middle, 'DELETE FROM audit_log WHERE id = 2')).toBe(1);
    let db = openDb({ file: middle, now });
    expect(verifyAudit(db)).toMatchObject({ ok: false, brokenAt: { id: 3 }, missing: [2] });
    expect(verifyAudit(db).brokenAt?.reason).toContain('#2 が削除されています');
    closeDb(db);

    const tail = auditDb(5);
    expect(rawSql(tail, 'DELETE FROM audit_log WHERE id = 5')).toBe(1);
    db = openDb({ file: tail, now });
    expect(verifyAudit(db)).toMatchObject({ ok: false, brokenAt: { id: 5 }, missing: [5] });
    expect(verifyAudit(db).brokenAt?.reason).toContain('最後の記録 #5 が削除されています');
    closeDb(db);
  });
});

describe('backup', () => {
  it('copies a database while another process writes to it, and verifies the copy', async () => {
    const file = fresh('busy.db');
    const stop = fresh('stop-writing');
    const db = openDb({ file, now });
    const csv = writeCsv(fresh('pay.csv'), [PAYMENT_HEADER, ...Array.from({ length: 20_000 }, (_, i) => [`T${i}`, `O-${i}`, `M-${i}`, '2021/11/01', 'card', '', '100', 'ok'])]);
    await runImport(db, { file: csv, kind: 'payments' });
    // A writer in another process: appends audit entries (the chain must stay whole in the copy).
    const writer = spawn(process.execPath, ['--input-type=module', '-e', `
      import Database from 'better-sqlite3';
      import { createHash } from 'node:crypto';
      import { existsSync } from 'node:fs';
      const db = new Database(${JSON.stringify(file)});
      db.pragma('busy_timeout = 5000');
      const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
      const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
      // Until the test says stop (a minute at most): a fixed time ran out before the third copy under load.
      const end = Date.now() + 60_000;
      let n = 0;
      process.stdout.write('ready\\n');
      while (Date.now() < end && !existsSync(${JSON.stringify(stop)})) {
        db.transaction(() => {
          const prev = last.get().hash;
          const at = new Date().toISOString();
          const detail = JSON.stringify({ n });
          const hash = createHash('sha256').update(JSON.stringify([prev, at, 'writer', 'write', detail])).digest('hex');
          insert.run(at, 'writer', 'write', detail, prev, hash);
          db.prepare('INSERT INTO imports (kind, file_name, file_size, sha256, format, encoding, header_line, mapping, unknown_columns, rows_read, rows_accepted, rows_rejected, rows_duplicate, rows_conflict, warnings, imported_at) VALUES (\\'payments\\', ?, 0, ?, \\'csv\\', \\'utf8\\', 1, \\'{}\\', \\'[]\\', 0, 0, 0, 0, 0, \\'[]\\', ?)').run('w' + n, 'sha-w-' + n, at);
        }).immediate();
        n++;
      }
      process.stdout.write('wrote ' + n + '\\n');
      db.close();
    `], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    writer.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise<void>((resolve) => writer.stdout.on('data', () => out.includes('ready') && resolve()));
    const backups: Array<Awaited<ReturnType<typeof backupDatabase>>> = [];
    const imports = () => (db.$client.prepare('SELECT COUNT(*) AS n FROM imports').get() as { n: number }).n;
    for (let i = 0; i < 3; i++) {
      // Each copy starts after the writer has added rows since the last one.
      while (i > 0 && imports() <= backups[i - 1]!.tables.imports!) await new Promise((resolve) => setTimeout(resolve, 20));
      backups.push(await backupDatabase({ db, now, actor: 'test' }, { out: fresh(`backup-${i}.db`) }));
    }
    writeFileSync(stop, '');
    await new Promise((resolve) => writer.on('close', resolve));
    expect(out).toMatch(/wrote [1-9]\d*/);
    // The writer was busy throughout: each copy holds a different number of its rows.
    expect(new Set(backups.map((b) => b.tables.imports)).size).toBe(3);
    for (const b of backups) {
      expect(b.integrity).toBe('ok');
      expect(b.tables.payments).toBe(20_000);
      const copy = new Database(b.file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect((copy.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n).toBe(20_000);
      copy.close();
      expect(existsSync(`${b.file}-wal`)).toBe(false);
      expect(existsSync(`${b.file}.partial`)).toBe(false);
    }
    // The chain only: the writer above adds imports rows without their 'import' entries.
    expect(verifyAudit(db, { checkRows: false }).ok).toBe(true);
    expect((db.$client.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'backup'").get() as { n: number }).n).toBe(3);
    let code: string | undefined;
    try {
      await backupDatabase({ db, now, actor: 'test' }, { out: backups[0]!.file });
    } catch (e) {
      code = isInwError(e) ? e.code : 'other';
    }
    expect(code).toBe('output-is-database');
    closeDb(db);
  });
});
