// Migration 0007_outputs: the files earlier versions recorded (previews, exports and backups in
// the audit log, letters of batches written to an absolute folder with their manifest) are
// carried into the outputs register, so that purge still finds them after the upgrade.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, closeDb, findMigrationsDir, listOutputs, openDb } from '../../../src-main/core/index.js';
import { now, tempDir } from '../../helpers/fixtures.js';

const dir = tempDir('inw-outputs-migration-');

/** The committed migrations without 0007: the schema of the release before the register. */
function migrationsBeforeOutputs(): string {
  const target = join(dir, 'migrations-0006');
  mkdirSync(join(target, 'meta'), { recursive: true });
  const source = findMigrationsDir();
  const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string; idx: number }> };
  journal.entries = journal.entries.filter((e) => e.idx <= 6);
  for (const e of journal.entries) {
    cpSync(join(source, `${e.tag}.sql`), join(target, `${e.tag}.sql`));
    cpSync(join(source, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`), join(target, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`));
  }
  writeFileSync(join(target, 'meta', '_journal.json'), JSON.stringify(journal));
  return target;
}

describe('migration 0007_outputs', () => {
  it('carries the previews, exports, backups and letters recorded before into the register', () => {
    const file = join(dir, 'old.db');
    const old = openDb({ file, now, migrationsDir: migrationsBeforeOutputs() });
    const c = old.$client;
    expect(c.prepare("SELECT name FROM sqlite_master WHERE name = 'outputs'").get()).toBeUndefined();
    const at = now();
    appendAudit(old, { at, actor: 't', action: 'preview', detail: { file: '/cases/a/preview.pdf', personId: 7, sha256: 'p'.repeat(64) } });
    appendAudit(old, { at, actor: 't', action: 'export-csv', detail: { file: '/cases/a/persons.csv', runId: 1, sha256: 'c'.repeat(64), rows: 12 } });
    appendAudit(old, { at, actor: 't', action: 'export-csv', detail: { file: '/cases/a/persons.csv', runId: 1, sha256: 'd'.repeat(64), rows: 13 } });
    appendAudit(old, { at, actor: 't', action: 'export-sheet', detail: { file: '/cases/a/contacts.xlsx', runId: 1, sha256: 's'.repeat(64), rows: {} } });
    appendAudit(old, { at, actor: 't', action: 'backup', detail: { file: '/cases/a/backup.db', bytes: 4096, sha256: 'b'.repeat(64), persons: 40 } });
    c.prepare("INSERT INTO incidents (code, definition, updated_at) VALUES ('x', '{}', 'now')").run();
    c.prepare("INSERT INTO classification_runs (incident_code, incident_definition, incident_sha256, created_at, summary) VALUES ('x', '{}', 'h', 'now', '{}')").run();
    c.prepare("INSERT INTO persons (group_key) VALUES ('m:1')").run();
    const batch = (outDir: string) => Number(c.prepare(
      "INSERT INTO letter_batches (run_id, out_dir, created_at, letters, skipped, review, manifest_sha256, state) VALUES (1, ?, ?, 1, 0, 0, 'm', 'complete')",
    ).run(outDir, at.toISOString()).lastInsertRowid);
    const letter = (batchId: number, version: number, file: string) => c.prepare(
      `INSERT INTO letters (person_id, version, batch_id, run_id, category, file, sha256, pages, input_hash, created_at, status_at)
       VALUES (1, ?, ?, 1, 'token-db', ?, 'l', 2, 'i', ?, ?)`,
    ).run(version, batchId, file, at.toISOString(), at.toISOString());
    letter(batch('/cases/a/letters-out'), 1, 'letters/P000001.pdf');
    letter(batch('relative-out'), 2, 'letters/P000001.pdf'); // an older version's relative folder: not guessable
    letter(batch('/cases/a/print-only'), 3, 'print/token-db.pdf#page=1');
    closeDb(old);

    const db = openDb({ file, now });
    const rows = listOutputs(db).map((o) => ({ path: o.path, kind: o.kind, sha256: o.sha256, personId: o.personId, persons: o.persons, batchId: o.batchId }));
    expect(rows).toEqual(expect.arrayContaining([
      { path: '/cases/a/preview.pdf', kind: 'preview', sha256: 'p'.repeat(64), personId: 7, persons: null, batchId: null },
      { path: '/cases/a/persons.csv', kind: 'csv', sha256: 'd'.repeat(64), personId: null, persons: 13, batchId: null },
      { path: '/cases/a/contacts.xlsx', kind: 'contact-sheet', sha256: 's'.repeat(64), personId: null, persons: null, batchId: null },
      { path: '/cases/a/backup.db', kind: 'backup', sha256: 'b'.repeat(64), personId: null, persons: 40, batchId: null },
      { path: '/cases/a/letters-out/letters/P000001.pdf', kind: 'letter', sha256: 'l', personId: 1, persons: 1, batchId: 1 },
      { path: '/cases/a/letters-out/manifest.json', kind: 'manifest', sha256: 'm', personId: null, persons: 1, batchId: 1 },
      { path: '/cases/a/print-only/manifest.json', kind: 'manifest', sha256: 'm', personId: null, persons: 1, batchId: 3 },
    ]));
    expect(rows).toHaveLength(7);
    closeDb(db);
  });

  it('leaves a database with nothing to carry over as it was (no sqlite_sequence row)', () => {
    const file = join(dir, 'empty.db');
    closeDb(openDb({ file, now, migrationsDir: migrationsBeforeOutputs() }));
    const db = openDb({ file, now });
    expect(db.$client.prepare("SELECT name FROM sqlite_sequence WHERE name = 'outputs'").all()).toEqual([]);
    closeDb(db);
  });
});
