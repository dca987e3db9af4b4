// Purge: after the retention period, personal data leaves the database for good. Rows stay
// (persons, donor records, letters, inquiries keep their IDs, dates, categories and
// statuses), so every count and the regulator-report figures survive; the fields that name,
// locate or reach a person are emptied (matching keys too). secure_delete overwrites freed
// content, VACUUM rebuilds the file and the WAL is truncated, so the old values are not left
// in any byte of the database files. Files come from the outputs register (store/outputs.ts):
// letters and previews of purged persons are deleted when unchanged since we wrote them; sheets,
// exports, backups and print files shared with others are listed by absolute path with what
// they hold, not touched: they are the user's files. The audit log is kept (it holds no
// personal data).
import { OUTPUT_KIND_LABELS } from '../vocabulary/labels.js';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { appendAudit } from '../store/audit.js';
import { fileSha256, listOutputs, markOutputsDeleted, type OutputKind, type OutputRecord } from '../store/outputs.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { latestRun } from '../classify/run.js';
import { forgetPurgedReviewKeys } from '../persons/review.js';
import { jstDateOf, jstDateTime } from '../text/dates.js';
import { dryRunTransaction, type TrackingContext } from '../store/context.js';
import { regulatorReport, type RegulatorReport } from './report.js';
import { parsePersonId } from '../store/ids.js';

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
  /** Absolute paths of the files deleted (on a dry run: that would be deleted). */
  deletedFiles: string[];
  /** Files that may still hold personal data (sheets, exports, backups, shared print files, changed files): for the user to delete. */
  files: PurgeFile[];
  /** Anything else to tell the user (a letter folder recorded by an older version without its full path). */
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
  const found = purgeFiles(db, ids);
  const files = found.delete;
  const result: PurgeResult = { purgeId: null, persons: ids.length, donorRecords: 0, deletedFiles: [], files: found.keep, warnings: found.warnings, report, dryRun };
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
    // Import issue messages quote the values of the row (a conflict both versions): a donor's
    // record key ties an issue to its person, a payment's transaction ID to the persons its
    // order or member ID links it to (as classification links them).
    client.prepare(
      `UPDATE import_issues SET message = '(個人情報削除済み)', "column" = NULL
       WHERE record_key IN (SELECT record_key FROM donor_records WHERE person_id ${inSet})
          OR (import_id IN (SELECT id FROM imports WHERE kind = 'payments') AND record_key IN (
                SELECT p.transaction_id FROM payments p
                WHERE p.order_id IN (SELECT order_id FROM donor_records WHERE person_id ${inSet} AND order_id IS NOT NULL)
                   OR p.member_id IN (SELECT member_id FROM donor_records WHERE person_id ${inSet} AND member_id IS NOT NULL)))
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
    if (dryRun) return;
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'purge',
      detail: { purgeId: result.purgeId, scope: options.incident !== undefined ? { incident: options.incident } : { before: options.before }, persons: ids.length, donorRecords: result.donorRecords, files: files.length },
    });
    client.exec('DELETE FROM purge_ids');
  };
  if (!dryRunTransaction(db, dryRun, run)) {
    result.purgeId = null;
    client.exec('DELETE FROM purge_ids');
    result.deletedFiles = files;
    return result;
  }
  for (const f of files) {
    rmSync(f, { force: true });
    result.deletedFiles.push(f);
  }
  markOutputsDeleted(db, result.deletedFiles, now);
  // Rebuild the file without the freed pages, then empty the WAL.
  client.exec('VACUUM');
  if (!client.readonly) client.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}

/** A file that may still hold purged persons' data, for the user to delete. */
export interface PurgeFile {
  /** Absolute path. */
  path: string;
  kind: OutputKind | 'migration-copy';
  /** What it holds, e.g. 「連絡表: 氏名・住所・電話・メール 5,252 人分」. */
  holds: string;
  /** ISO instant it was written (display it in Japan time: `written`). */
  writtenAt: string | null;
  /** Japan time, YYYY/MM/DD HH:MM. */
  written: string | null;
  /** unchanged since we wrote it, changed (another SHA-256), or missing (moved or deleted by someone). */
  state: 'unchanged' | 'changed' | 'missing';
}

interface PurgeFiles {
  /** Files of the purged persons only (their letters and previews, a batch all of theirs): deleted. */
  delete: string[];
  /** Files that hold purged persons' data among others, or changed since we wrote them: listed. */
  keep: PurgeFile[];
  warnings: string[];
}

const count = (n: number | null): string => (n === null ? '' : ` ${n.toLocaleString('en-US')} 人分`);

/** What each kind of recorded file holds. */
const HOLDS: Record<PurgeFile['kind'], string> = {
  letter: '氏名・住所・カード下4桁',
  'draft-letter': '氏名・住所・カード下4桁',
  print: '氏名・住所・カード下4桁',
  manifest: '氏名・郵便番号',
  preview: '氏名・住所・カード下4桁',
  'contact-sheet': '氏名・住所・電話・メール',
  csv: '氏名・住所・電話・メール',
  backup: '削除前の個人情報すべて',
  'migration-copy': '削除前の個人情報すべて',
};

/** What a recorded file holds, in the words the purge list uses (the kind named as everywhere, vocabulary/labels.ts). */
function holdsOf(kind: PurgeFile['kind'], persons: number | null): string {
  const who = kind === 'backup' ? (persons === null ? '' : ` (対象者 ${persons.toLocaleString('ja-JP')} 人)`) : kind === 'migration-copy' ? '' : count(persons);
  return `${OUTPUT_KIND_LABELS[kind]}: ${HOLDS[kind]}${who}`;
}

function stateOf(path: string, sha256: string): PurgeFile['state'] {
  if (!existsSync(path)) return 'missing';
  try {
    return fileSha256(path) === sha256 ? 'unchanged' : 'changed';
  } catch {
    return 'changed';
  }
}

function listed(o: OutputRecord, state: PurgeFile['state']): PurgeFile {
  return { path: o.path, kind: o.kind, holds: holdsOf(o.kind, o.persons), writtenAt: o.writtenAt, written: jstDateTime(Date.parse(o.writtenAt)), state };
}

/** The persons a letter folder's manifest lists (a re-run records no letters of its own but writes every file again). */
function manifestPersons(path: string): number[] {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { letters?: Array<{ personId?: string }> };
    return (m.letters ?? []).flatMap((l) => (l.personId ? [parsePersonId(l.personId)] : []));
  } catch {
    return [];
  }
}

/**
 * From the outputs register: the purged persons' letters and previews (deleted when unchanged
 * since we wrote them), a letter folder's print files and manifest (deleted when every person
 * of it is purged, listed when it holds others too), and every sheet, export and backup (listed).
 */
function purgeFiles(db: Db, ids: number[]): PurgeFiles {
  const result: PurgeFiles = { delete: [], keep: [], warnings: [] };
  const purged = new Set(ids);
  const client = db.$client;
  const relative = client.prepare('SELECT DISTINCT out_dir AS d FROM letter_batches').pluck().all() as string[];
  for (const dir of relative.filter((d) => !isAbsolute(d))) {
    result.warnings.push(`通知書のフォルダ「${dir}」は古い版で相対パスのまま記録されています。その場所に削除した人の通知書が残っていれば削除してください。`);
  }
  const outputs = listOutputs(db);
  const batchPersons = new Map<number, number[]>();
  for (const r of client.prepare('SELECT batch_id AS b, person_id AS p FROM letters').all() as Array<{ b: number; p: number }>) {
    (batchPersons.get(r.b) ?? batchPersons.set(r.b, []).get(r.b)!).push(r.p);
  }
  // A letter folder: its manifest and print files, and every person they hold.
  const folders = new Map<string, { files: OutputRecord[]; persons: Set<number> }>();
  const folder = (dir: string) => folders.get(dir) ?? folders.set(dir, { files: [], persons: new Set() }).get(dir)!;
  for (const o of outputs) {
    if (o.kind === 'manifest') {
      const f = folder(dirname(o.path));
      f.files.push(o);
      for (const id of [...manifestPersons(o.path), ...(o.batchId === null ? [] : batchPersons.get(o.batchId) ?? [])]) f.persons.add(id);
    } else if (o.kind === 'print') {
      folder(dirname(dirname(o.path))).files.push(o);
    } else if (o.kind === 'letter' || o.kind === 'draft-letter') {
      folder(dirname(dirname(o.path))).persons.add(o.personId ?? -1);
    }
  }
  const own = (o: OutputRecord, whole: boolean) => {
    const state = stateOf(o.path, o.sha256);
    if (state === 'unchanged' && whole) result.delete.push(o.path);
    else if (state !== 'missing' || !whole) result.keep.push(listed(o, state));
  };
  if (ids.length > 0) {
    for (const o of outputs) {
      if ((o.kind === 'letter' || o.kind === 'draft-letter' || o.kind === 'preview') && o.personId !== null && purged.has(o.personId)) own(o, true);
    }
    for (const f of folders.values()) {
      const persons = [...f.persons];
      if (!persons.some((id) => purged.has(id))) continue;
      const whole = persons.every((id) => purged.has(id));
      for (const o of f.files) own(o, whole);
    }
  }
  for (const o of outputs) {
    if (o.kind === 'contact-sheet' || o.kind === 'csv' || o.kind === 'backup') result.keep.push(listed(o, stateOf(o.path, o.sha256)));
  }
  const file = client.name;
  if (file !== ':memory:' && file !== '') {
    const dir = dirname(resolve(file));
    const base = basename(file);
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      if (!f.startsWith(`${base}.before-migration-`)) continue;
      const mtime = statSync(join(dir, f)).mtime;
      result.keep.push({
        path: join(dir, f), kind: 'migration-copy', holds: holdsOf('migration-copy', null), writtenAt: mtime.toISOString(), written: jstDateTime(mtime.getTime()), state: 'unchanged',
      });
    }
  }
  return result;
}
