// Purge: after the retention period, personal data leaves the database for good. Rows stay
// (persons, donor records, letters, inquiries keep their IDs, dates, categories and
// statuses), so every count and the regulator-report figures survive; the fields that name,
// locate or reach a person are emptied (matching keys too). secure_delete overwrites freed
// content, VACUUM rebuilds the file and the WAL is truncated, so the old values are not left
// in any byte of the database files. Letter PDFs of purged persons are deleted. The audit
// log is kept (it holds no personal data). Backups and exported sheets elsewhere are listed,
// not touched: they are the user's files.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parsePersonId } from '../persons/affected.js';
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
  const found = letterFiles(db, ids);
  const files = found.delete;
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
    // Free text typed by staff anywhere may name the person: letters, status changes, mailings.
    client.prepare(`UPDATE letters SET notes = NULL WHERE person_id ${inSet}`).run();
    client.prepare(`UPDATE letter_status_history SET note = NULL WHERE person_id ${inSet}`).run();
    client.prepare(
      `UPDATE mailing_batches SET note = NULL WHERE id IN (
         SELECT m.batch_id FROM mailing_batch_letters m JOIN letters l ON l.id = m.letter_id WHERE l.person_id ${inSet})`,
    ).run();
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
    result.warnings = [...found.warnings, ...leftovers(db)];
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
  result.warnings = [...found.warnings, ...leftovers(db)];
  return result;
}

interface PurgeFiles {
  /** Files of the purged persons only (their letters and previews): deleted. */
  delete: string[];
  /** Files that hold purged persons' data among others, or changed since we wrote them: listed. */
  warnings: string[];
}

const HOLDS = {
  letter: '通知書 (氏名・住所・カード下4桁)',
  print: '印刷用の通知書 (複数人の氏名・住所)',
  sheet: '連絡先一覧 (氏名・住所・電話番号・メール)',
  csv: '対象者の CSV (氏名・住所・電話番号・メール)',
  backup: 'データベース全体のバックアップ (削除前の個人情報すべて)',
  migration: '移行前のデータベースのコピー (削除前の個人情報すべて)',
};

function sha256File(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/**
 * Files on disk with the purged persons' data: their letter PDFs in every folder a batch was
 * written to (a re-run into a second folder writes the files again but records only the first
 * batch's), their previews, and a batch's print files and manifest when every person of the
 * batch is purged; print files shared with others are listed.
 */
function letterFiles(db: Db, ids: number[]): PurgeFiles {
  const result: PurgeFiles = { delete: [], warnings: [] };
  if (ids.length === 0) return result;
  const purged = new Set(ids);
  const client = db.$client;
  const rows = client.prepare(
    'SELECT l.person_id AS personId, l.file, b.id AS batchId FROM letters l JOIN letter_batches b ON b.id = l.batch_id',
  ).all() as Array<{ personId: number; file: string; batchId: number }>;
  const batches = client.prepare('SELECT id, out_dir AS outDir FROM letter_batches').all() as Array<{ id: number; outDir: string }>;
  const dirs = [...new Set(batches.map((b) => b.outDir))];
  for (const dir of dirs.filter((d) => !isAbsolute(d))) {
    result.warnings.push(`通知書のフォルダ「${dir}」は相対パスで記録されています (${resolve(dir)} として探しました)。別の場所にあれば削除した人の通知書が残っています。`);
  }
  const out = new Set<string>();
  const files = new Set<string>();
  for (const r of rows) if (purged.has(r.personId) && r.file) files.add(r.file);
  for (const dir of dirs) for (const f of files) if (existsSync(resolve(dir, f))) out.add(resolve(dir, f));
  // A batch's persons: its recorded letters, and its manifest's (a re-run with unchanged
  // content records no letters of its own but writes every file again).
  const persons = new Map<number, Set<number>>();
  for (const r of rows) (persons.get(r.batchId) ?? persons.set(r.batchId, new Set()).get(r.batchId)!).add(r.personId);
  for (const b of batches) {
    const outDir = resolve(b.outDir);
    const inBatch = persons.get(b.id) ?? new Set<number>();
    const prints = new Set<string>();
    const printDir = join(outDir, 'print');
    if (existsSync(printDir)) for (const f of readdirSync(printDir)) if (f.endsWith('.pdf')) prints.add(join(printDir, f));
    const manifest = join(outDir, 'manifest.json');
    if (existsSync(manifest)) {
      try {
        const m = JSON.parse(readFileSync(manifest, 'utf8')) as { print?: Array<{ file?: string }>; letters?: Array<{ personId?: string; file?: string }> };
        for (const p of m.print ?? []) if (p.file && existsSync(join(outDir, p.file))) prints.add(join(outDir, p.file));
        for (const l of m.letters ?? []) {
          if (!l.personId) continue;
          const id = parsePersonId(l.personId);
          inBatch.add(id);
          if (purged.has(id) && l.file && existsSync(join(outDir, l.file))) out.add(join(outDir, l.file));
        }
      } catch {
        /* an unreadable manifest: the batch's recorded letters decide */
      }
    }
    if (inBatch.size === 0) continue;
    if ([...inBatch].every((id) => purged.has(id))) {
      for (const p of prints) out.add(p);
      if (existsSync(manifest)) out.add(manifest);
    } else if ([...inBatch].some((id) => purged.has(id))) {
      for (const p of prints) result.warnings.push(`${p}: ${HOLDS.print}。削除した人の通知書を含みます。印刷・発送が済んでいれば削除してください。`);
      if (existsSync(manifest)) result.warnings.push(`${manifest}: 通知書の一覧 (氏名・郵便番号)。削除した人を含みます。`);
    }
  }
  // Previews written by `inw preview` (recorded in the audit log with their path and hash).
  for (const e of listAudit(db, { limit: 1_000_000 })) {
    if (e.action !== 'preview' || typeof e.detail.file !== 'string' || typeof e.detail.personId !== 'number') continue;
    if (!purged.has(e.detail.personId) || !existsSync(e.detail.file)) continue;
    if (sha256File(e.detail.file) === e.detail.sha256) out.add(e.detail.file);
    else result.warnings.push(`${e.detail.file}: 通知書のプレビュー (氏名・住所)。書き出した後に変更されているため削除していません。`);
  }
  result.delete = [...out];
  return result;
}

/** Records a preview written to a file, so that purge can delete it. */
export function recordPreview(db: Db, options: { file: string; personId: string; pdf: Buffer; now: Date; actor: string }): void {
  appendAudit(db, {
    at: options.now, actor: options.actor, action: 'preview',
    detail: { file: resolve(options.file), personId: parsePersonId(options.personId), sha256: createHash('sha256').update(options.pdf).digest('hex') },
  });
}

/** Copies this purge cannot reach, by absolute path with what they hold: backups, sheets, exports. */
function leftovers(db: Db): string[] {
  const warnings: string[] = [];
  const file = db.$client.name;
  if (file !== ':memory:' && file !== '') {
    const dir = dirname(resolve(file));
    const base = basename(file);
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      if (f.startsWith(`${base}.before-migration-`)) warnings.push(`${join(dir, f)}: ${HOLDS.migration}。`);
    }
  }
  for (const e of listAudit(db, { limit: 1_000_000 })) {
    const target = e.detail.file;
    if (typeof target !== 'string') continue;
    const holds = e.action === 'backup' ? HOLDS.backup : e.action === 'export-sheet' ? HOLDS.sheet : e.action === 'export-csv' ? HOLDS.csv : null;
    if (holds === null) continue;
    if (!isAbsolute(target)) {
      warnings.push(`${target} (${e.at} に書き出し、場所は記録されていません): ${holds}。`);
      continue;
    }
    if (!existsSync(target)) continue;
    const changed = typeof e.detail.sha256 === 'string' && sha256File(target) !== e.detail.sha256 ? ' 書き出した後に変更されています。' : '';
    warnings.push(`${target} (${e.at} に書き出し): ${holds}。${changed}`);
  }
  return warnings;
}
