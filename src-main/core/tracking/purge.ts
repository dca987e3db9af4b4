// Purge: after the retention period, personal data leaves the database for good. Rows stay
// (persons, donor records, letters, inquiries keep their IDs, dates, categories and
// statuses), so every count and the regulator-report figures survive; the fields that name,
// locate or reach a person are emptied (matching keys too). secure_delete overwrites freed
// content, VACUUM rebuilds the file and the WAL is truncated, so the old values are not left
// in any byte of the database files. Letter PDFs of purged persons are deleted. The audit
// log is kept (it holds no personal data). Backups and exported sheets elsewhere are listed,
// not touched: they are the user's files.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { appendAudit, listAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { latestRun } from '../classify/run.js';
import { forgetPurgedReviewKeys } from '../persons/review.js';
import { jstDateOf } from '../text/dates.js';
import type { TrackingContext } from '../store/context.js';
import { regulatorReport, type RegulatorReport } from './report.js';

export interface PurgeOptions {
  /** Japan-local YYYY-MM-DD: persons whose last activity (donation, letter, status, inquiry…) is before it. */
  before?: string;
  /** Every person of this incident's classification runs, and persons in no other incident's run. */
  incident?: string;
  dryRun?: boolean;
}

export interface PurgeResult {
  purgeId: number | null;
  persons: number;
  donorRecords: number;
  deletedFiles: string[];
  /** Files that may still hold personal data (backups, exports): for the user to delete. */
  warnings: string[];
  report: RegulatorReport | null;
  dryRun: boolean;
}

function selectPersons(db: Db, options: PurgeOptions): number[] {
  const client = db.$client;
  if (options.incident !== undefined) {
    const known = client.prepare('SELECT 1 FROM classification_runs WHERE incident_code = ? UNION SELECT 1 FROM incidents WHERE code = ?').get(options.incident, options.incident);
    if (!known) throw new InwError('incident-not-found', `事案「${options.incident}」はこのデータベースにありません。`);
    return (client.prepare(
      `SELECT id FROM persons WHERE id NOT IN (
         SELECT r.person_id FROM run_persons r JOIN classification_runs c ON c.id = r.run_id WHERE c.incident_code <> ?)
       ORDER BY id`,
    ).all(options.incident) as Array<{ id: number }>).map((r) => r.id);
  }
  const before = options.before!;
  const last = new Map<number, number>();
  const note = (id: number, iso: string | null) => {
    if (!iso) return;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms) && ms > (last.get(id) ?? -Infinity)) last.set(id, ms);
  };
  const sources = [
    'SELECT person_id AS id, MAX(donated_at) AS at FROM donor_records GROUP BY person_id',
    'SELECT person_id AS id, MAX(created_at) AS at FROM letters GROUP BY person_id',
    'SELECT person_id AS id, MAX(at) AS at FROM letter_status_history GROUP BY person_id',
    'SELECT person_id AS id, MAX(received_at) AS at FROM inquiries WHERE person_id IS NOT NULL GROUP BY person_id',
    'SELECT person_id AS id, MAX(created_at) AS at FROM address_corrections GROUP BY person_id',
    'SELECT person_id AS id, MAX(at) AS at FROM person_followups GROUP BY person_id',
  ];
  for (const sql of sources) for (const r of client.prepare(sql).all() as Array<{ id: number; at: string | null }>) note(r.id, r.at);
  // A person with no dated activity at all is old data as far as the retention rule can tell.
  return (client.prepare('SELECT id FROM persons ORDER BY id').all() as Array<{ id: number }>)
    .map((r) => r.id)
    .filter((id) => {
      const ms = last.get(id);
      return ms === undefined || jstDateOf(ms) < before;
    });
}

class Rollback extends Error {}

export function purgePersonalData(ctx: TrackingContext, options: PurgeOptions): PurgeResult {
  const { db } = ctx;
  const client = db.$client;
  if ((options.before === undefined) === (options.incident === undefined)) {
    throw new InwError('purge-scope', '--before DATE か --incident ID のどちらか一方を指定してください。');
  }
  if (options.before !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.before)) {
    throw new InwError('bad-date', `--before「${options.before}」は YYYY-MM-DD で指定してください。`);
  }
  const dryRun = options.dryRun ?? false;
  const report = latestRun(db) ? regulatorReport(db) : null;
  const ids = selectPersons(db, options);
  const result: PurgeResult = { purgeId: null, persons: ids.length, donorRecords: 0, deletedFiles: [], warnings: [], report, dryRun };
  const files = letterFiles(db, ids);
  client.pragma('secure_delete = ON');
  const now = ctx.now();
  client.exec('CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY); DELETE FROM purge_ids;');
  const run = () => {
    const add = client.prepare('INSERT INTO purge_ids (id) VALUES (?)');
    for (const id of ids) add.run(id);
    const inSet = 'IN (SELECT id FROM purge_ids)';
    // Review decisions are keyed by group keys (normalised names and addresses): re-key them
    // while the old keys still name the persons.
    forgetPurgedReviewKeys(db, new Set(ids));
    // Corrections first: the persons trigger puts the newest correction back otherwise.
    client.prepare(
      `UPDATE address_corrections SET postal_code = NULL, address1 = NULL, address2 = NULL, previous_postal_code = NULL,
         previous_address1 = NULL, previous_address2 = NULL, reason = NULL WHERE person_id ${inSet}`,
    ).run();
    client.prepare(
      `UPDATE persons SET name = NULL, kana = NULL, postal_code = NULL, address1 = NULL, address2 = NULL, phone = NULL, email = NULL,
         name_key = '', address_key = '', phone_key = '', email_key = '', group_key = 'purged:' || id WHERE id ${inSet}`,
    ).run();
    // Import issue messages may quote a donor's values (conflicts); record keys tie them to rows.
    client.prepare(
      `UPDATE import_issues SET message = '(個人情報削除済み)', "column" = NULL
       WHERE record_key IN (SELECT record_key FROM donor_records WHERE person_id ${inSet})
          OR (import_id IN (SELECT id FROM imports WHERE kind = 'donors') AND record_key IS NULL AND ${options.incident !== undefined ? '1' : '0'})`,
    ).run();
    result.donorRecords = client.prepare(
      `UPDATE donor_records SET name = NULL, kana = NULL, postal_code = NULL, postal_raw = NULL, address1 = NULL, address2 = NULL,
         phone = NULL, email = NULL, name_key = '', address_key = '', phone_key = '', email_key = '' WHERE person_id ${inSet}`,
    ).run().changes;
    client.prepare(`UPDATE inquiries SET body = NULL, resolution = NULL, staff = NULL WHERE person_id ${inSet}`).run();
    client.prepare(`UPDATE person_followups SET notes = NULL WHERE person_id ${inSet}`).run();
    client.prepare(`UPDATE returned_mail SET reason_text = '(削除済み)' WHERE reason_code = 'other' AND person_id ${inSet}`).run();
    client.prepare(`DELETE FROM glyph_reviews WHERE person_id ${inSet}`).run();
    if (options.incident !== undefined) {
      // Inquiries with no person are part of the incident too.
      client.prepare('UPDATE inquiries SET body = NULL, resolution = NULL, staff = NULL WHERE person_id IS NULL').run();
    }
    const info = client.prepare('INSERT INTO purges (scope, persons, report, at, actor) VALUES (?, ?, ?, ?, ?)').run(
      JSON.stringify(options.incident !== undefined ? { incident: options.incident } : { before: options.before }),
      ids.length, JSON.stringify(report), now.toISOString(), ctx.actor,
    );
    result.purgeId = Number(info.lastInsertRowid);
    if (dryRun) throw new Rollback();
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'purge',
      detail: { purgeId: result.purgeId, scope: options.incident !== undefined ? { incident: options.incident } : { before: options.before }, persons: ids.length, donorRecords: result.donorRecords, files: files.length },
    });
    client.exec('DELETE FROM purge_ids');
  };
  try {
    client.transaction(run)();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    result.purgeId = null;
    client.exec('DELETE FROM purge_ids');
    result.deletedFiles = files.filter((f) => existsSync(f));
    result.warnings = leftovers(db);
    return result;
  }
  for (const f of files) {
    if (existsSync(f)) {
      rmSync(f, { force: true });
      result.deletedFiles.push(f);
    }
  }
  // Rebuild the file without the freed pages, then empty the WAL.
  client.exec('VACUUM');
  if (!client.readonly) client.pragma('wal_checkpoint(TRUNCATE)');
  result.warnings = leftovers(db);
  return result;
}

/**
 * Files on disk with the purged persons' data: their letter PDFs, and the batch's print files
 * and manifest when every person of that batch is purged.
 */
function letterFiles(db: Db, ids: number[]): string[] {
  if (ids.length === 0) return [];
  const purged = new Set(ids);
  const rows = db.$client.prepare(
    'SELECT l.person_id AS personId, l.file, b.id AS batchId, b.out_dir AS outDir FROM letters l JOIN letter_batches b ON b.id = l.batch_id',
  ).all() as Array<{ personId: number; file: string; batchId: number; outDir: string }>;
  const out = new Set<string>();
  const batches = new Map<number, { outDir: string; all: boolean }>();
  for (const r of rows) {
    if (purged.has(r.personId) && r.file) out.add(join(r.outDir, r.file));
    const b = batches.get(r.batchId) ?? { outDir: r.outDir, all: true };
    b.all &&= purged.has(r.personId);
    batches.set(r.batchId, b);
  }
  for (const b of batches.values()) {
    if (!b.all) continue;
    const manifest = join(b.outDir, 'manifest.json');
    out.add(manifest);
    const printDir = join(b.outDir, 'print');
    if (existsSync(printDir)) for (const f of readdirSync(printDir)) if (f.endsWith('.pdf')) out.add(join(printDir, f));
    if (existsSync(manifest)) {
      try {
        const m = JSON.parse(readFileSync(manifest, 'utf8')) as { print?: Array<{ file?: string }> };
        for (const p of m.print ?? []) if (p.file) out.add(join(b.outDir, p.file));
      } catch {
        /* an unreadable manifest is still deleted */
      }
    }
  }
  return [...out];
}

/** Copies this purge cannot reach: pre-migration backups beside the file, backups and exports made by the app. */
function leftovers(db: Db): string[] {
  const warnings: string[] = [];
  const file = db.$client.name;
  if (file !== ':memory:' && file !== '') {
    const dir = dirname(file);
    const base = basename(file);
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      if (f.startsWith(`${base}.before-migration-`)) warnings.push(`移行前のバックアップ ${join(dir, f)} に削除前の個人情報が残っています。`);
    }
  }
  for (const e of listAudit(db, { limit: 100_000 })) {
    const target = e.detail.file;
    if (typeof target !== 'string') continue;
    if (e.action === 'backup' && existsSync(target)) warnings.push(`バックアップ ${target} に削除前の個人情報が残っています。`);
    if (e.action === 'export-sheet' || e.action === 'export-csv') warnings.push(`書き出したファイル ${target} (${e.at}) に個人情報が含まれている可能性があります。`);
  }
  return warnings;
}
