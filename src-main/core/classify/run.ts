// Classification: set-based SQL over the covering indexes. Each run is kept (history); a
// person's category is the set of exposures of their linked payments (spec §4, §5).
import { createHash } from 'node:crypto';
import { InwError } from '../errors.js';
import { countOf, type Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { reviewCounts } from '../persons/review.js';
import { allCategories, categoryOf, ruleMethodClasses } from '../incident/categories.js';
import { parseIncident, type Incident } from '../incident/schema.js';
import { getIncident } from '../incident/store.js';
import type { Summary, SummaryWarning } from './summary-types.js';
import { linkStats } from './stats.js';
import { personOfPayment } from '../store/payment-links.js';
import { countOpenImportConflicts } from '../store/import-conflicts.js';

export interface ClassifyOptions {
  db: Db;
  incident: Incident;
  now: () => Date;
  actor: string;
}

export interface ClassifyResult {
  runId: number;
  summary: Summary;
}

/** One row per (payment, exposure bit) the incident's rules select; also the bench's classify ceiling. */
export function exposureSelect(incident: Incident): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  incident.exposures.forEach((exposure, index) => {
    const bit = 1 << index;
    const rule = exposure.rule;
    if (rule.type === 'window') {
      const methods = ruleMethodClasses(rule.methods);
      let sql = `SELECT id, ${bit} AS bit FROM payments WHERE method_class IN (${methods.map(() => '?').join(',')}) AND paid_date BETWEEN ? AND ?`;
      params.push(...methods, rule.from, rule.to);
      if (rule.statuses && rule.statuses.length > 0) {
        sql += ` AND status IN (${rule.statuses.map(() => '?').join(',')})`;
        params.push(...rule.statuses);
      }
      parts.push(sql);
    } else {
      let sql = `SELECT p.id, ${bit} AS bit FROM confirmed_ids c JOIN payments p ON p.transaction_id = c.transaction_id WHERE c.exposure_code = ?`;
      params.push(exposure.code);
      if (rule.methods && rule.methods.length > 0) {
        const methods = ruleMethodClasses(rule.methods);
        sql += ` AND p.method_class IN (${methods.map(() => '?').join(',')})`;
        params.push(...methods);
      }
      parts.push(sql);
    }
  });
  return { sql: parts.join(' UNION ALL '), params };
}

function confirmedWarnings(db: Db, incident: Incident): { warnings: SummaryWarning[]; notices: SummaryWarning[] } {
  const client = db.$client;
  let outside = 0;
  let unknown = 0;
  const notices: SummaryWarning[] = [];
  for (const exposure of incident.exposures) {
    if (exposure.rule.type !== 'confirmed-list') continue;
    const listed = countOf(db, 'SELECT COUNT(*) AS n FROM confirmed_ids WHERE exposure_code = ?', exposure.code);
    if (listed === 0) {
      notices.push({ code: 'confirmed-list-missing', count: 0, exposure: exposure.code, message: `流出区分「${exposure.label}」の流出確認リストが取り込まれていません。` });
    }
    const window = exposure.rule.window;
    if (window) {
      const n = countOf(
        db,
        `SELECT COUNT(*) AS n FROM confirmed_ids c JOIN payments p ON p.transaction_id = c.transaction_id
         WHERE c.exposure_code = ? AND (p.paid_date < ? OR p.paid_date > ?)`,
        exposure.code, window.from, window.to,
      );
      outside += n;
      if (n > 0) notices.push({ code: 'confirmed-outside-window', count: n, exposure: exposure.code, message: `流出確認リストの ${n} 件が期間 ${window.from}〜${window.to} の外の取引です (リストに従い対象に含めています)。` });
    }
    const u = countOf(
      db,
      `SELECT COUNT(*) AS n FROM confirmed_ids c WHERE c.exposure_code = ?
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.transaction_id = c.transaction_id)`,
      exposure.code,
    );
    unknown += u;
    if (u > 0) notices.push({ code: 'confirmed-unknown-id', count: u, exposure: exposure.code, message: `流出確認リストの ${u} 件の取引IDが取込済みの取引にありません。` });
  }
  const codes = new Set(incident.exposures.map((e) => e.code));
  const lists = client.prepare('SELECT exposure_code AS code, COUNT(*) AS n FROM confirmed_ids GROUP BY exposure_code').all() as Array<{ code: string; n: number }>;
  for (const list of lists) {
    if (!codes.has(list.code)) notices.push({ code: 'confirmed-list-unused', count: list.n, exposure: list.code, message: `流出確認リスト (${list.code}) はこの事案の流出区分にありません。` });
  }
  return {
    warnings: [{ code: 'confirmed-outside-window', count: outside }, { code: 'confirmed-unknown-id', count: unknown }],
    notices,
  };
}

export async function classify(options: ClassifyOptions): Promise<ClassifyResult> {
  const { db, incident } = options;
  const client = db.$client;
  const definitionJson = JSON.stringify(incident);
  const incidentSha256 = createHash('sha256').update(definitionJson).digest('hex');
  const createdAt = options.now().toISOString();
  client.exec('BEGIN IMMEDIATE');
  try {
    client
      .prepare(
        // The first incident classified becomes the one the app works on; later ones leave staff's choice alone.
        `INSERT INTO incidents (code, definition, updated_at, active) VALUES (?, ?, ?, NOT EXISTS (SELECT 1 FROM incidents WHERE active = 1))
         ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
         WHERE incidents.definition <> excluded.definition`,
      )
      .run(incident.code, definitionJson, createdAt);
    const lastImport = client.prepare('SELECT MAX(id) AS id FROM imports').get() as { id: number | null };
    const runId = Number(
      client
        .prepare(
          `INSERT INTO classification_runs (incident_code, incident_definition, incident_sha256, last_import_id, created_at, summary)
           VALUES (?, ?, ?, ?, ?, '{}')`,
        )
        .run(incident.code, definitionJson, incidentSha256, lastImport.id, createdAt)
        .lastInsertRowid,
    );
    const exposed = exposureSelect(incident);
    client
      .prepare(
        `INSERT INTO run_payments (run_id, payment_id, exposure_mask, person_id)
         SELECT ?, e.id, e.mask, ${personOfPayment('p')}
         FROM (SELECT id, SUM(bit) AS mask FROM (${exposed.sql}) GROUP BY id) AS e JOIN payments p ON p.id = e.id`,
      )
      .run(runId, ...exposed.params);
    const orMask = incident.exposures.map((_, i) => `MAX(exposure_mask & ${1 << i})`).join(' | ');
    // With why those who cannot be mailed cannot (kept with the run: a purge erases the address, not this).
    client
      .prepare(
        `INSERT INTO run_persons (run_id, person_id, category_mask, unmailable)
         SELECT r.run_id, r.person_id, r.mask,
           CASE WHEN p.mailable THEN NULL WHEN COALESCE(p.address1, '') = '' THEN 'no-address' ELSE 'no-postal-code' END
         FROM (SELECT run_id, person_id, ${orMask} AS mask FROM run_payments WHERE run_id = ? AND person_id IS NOT NULL GROUP BY person_id) AS r
         JOIN persons p ON p.id = r.person_id`,
      )
      .run(runId);
    const summary = buildSummary(db, incident, runId, createdAt, linkStats(db));
    client.prepare('UPDATE classification_runs SET summary = ? WHERE id = ?').run(JSON.stringify(summary), runId);
    appendAudit(db, {
      at: options.now(),
      actor: options.actor,
      action: 'classify',
      detail: { runId, incident: incident.code, incidentSha256, notify: summary.persons.notify },
    });
    client.exec('COMMIT');
    return { runId, summary };
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK');
    throw error;
  }
}

function buildSummary(db: Db, incident: Incident, runId: number, classifiedAt: string, stats: ReturnType<typeof linkStats>): Summary {
  const client = db.$client;
  const one = <T>(sql: string, ...params: unknown[]) => client.prepare(sql).get(...params) as T;
  // One pass over the run's payments for both the exposed and the unmatched-exposed counts.
  const exposedSql = incident.exposures
    .map((_, i) => `COALESCE(SUM((exposure_mask & ${1 << i}) <> 0), 0) AS e${i}, COALESCE(SUM((exposure_mask & ${1 << i}) <> 0 AND person_id IS NULL), 0) AS u${i}`)
    .join(', ');
  const exposedCounts = one<Record<string, number>>(`SELECT ${exposedSql} FROM run_payments WHERE run_id = ?`, runId);
  const byCode = (prefix: 'e' | 'u') =>
    Object.fromEntries(incident.exposures.map((e, i) => [e.code, exposedCounts[`${prefix}${i}`] ?? 0]));
  const masks = client
    .prepare('SELECT category_mask AS mask, COUNT(*) AS n, COUNT(unmailable) AS unmailable FROM run_persons WHERE run_id = ? GROUP BY category_mask')
    .all(runId) as Array<{ mask: number; n: number; unmailable: number }>;
  const byMask = new Map(masks.map((r) => [r.mask, r.n]));
  const notify = masks.reduce((sum, r) => sum + r.n, 0);
  const undeliverable = masks.reduce((sum, r) => sum + r.unmailable, 0);
  const byCategory: Record<string, number> = {};
  for (const { code, mask } of allCategories(incident)) byCategory[code] = mask === 0 ? stats.personsTotal - notify : (byMask.get(mask) ?? 0);
  const imports = one<{ files: number; rejected: number; duplicate: number; conflicts: number; accepted: number }>(
    `SELECT COUNT(*) AS files, COALESCE(SUM(rows_rejected), 0) AS rejected, COALESCE(SUM(rows_duplicate), 0) AS duplicate,
       COALESCE(SUM(rows_conflict), 0) AS conflicts, COALESCE(SUM(rows_accepted), 0) AS accepted FROM imports`,
  );
  const { warnings, notices } = confirmedWarnings(db, incident);
  return {
    incident: incident.code,
    runId,
    classifiedAt,
    payments: { total: stats.paymentsTotal, card: stats.card, exposed: byCode('e') },
    // Persons to notify who can be mailed (the letters a batch makes), not every person with an address.
    persons: { total: stats.personsTotal, notify, byCategory, mailable: notify - undeliverable },
    unmatchedPayments: { total: stats.unmatchedTotal, exposed: byCode('u') },
    undeliverable,
    imports: { rejectedRows: imports.rejected, duplicateRows: imports.duplicate, conflicts: imports.conflicts, files: imports.files, acceptedRows: imports.accepted },
    warnings,
    notices,
  } as Summary;
}

export interface RunInfo {
  runId: number;
  incident: Incident;
  createdAt: string;
  summary: Summary;
}

export interface RunOptions {
  /**
   * Fill summary.reviewItems with the review queue's counts as they are now: near-duplicate pairs
   * cost a self-join and postal mismatches a check of every person's address, which classification
   * need not pay and staff decisions change between runs. Only what shows the counts asks for them
   * (`inw summary` and classify's output, the contact sheet, the demo): a letter batch or a person's
   * page must not pay that pass over the whole case.
   */
  reviewCounts?: boolean;
}

export function latestRun(db: Db, options: RunOptions = {}): RunInfo | null {
  const row = db.$client
    .prepare('SELECT id, incident_definition AS definition, created_at AS createdAt, summary, last_import_id AS lastImportId FROM classification_runs ORDER BY id DESC LIMIT 1')
    .get() as { id: number; definition: string; createdAt: string; summary: string; lastImportId: number | null } | undefined;
  if (!row) return null;
  const summary = JSON.parse(row.summary) as Summary;
  const newest = db.$client.prepare('SELECT MAX(id) AS id FROM imports').get() as { id: number | null };
  summary.stale = (newest.id ?? 0) > (row.lastImportId ?? 0);
  if (options.reviewCounts) summary.reviewItems = reviewCounts(db, row.id, countOpenImportConflicts(db));
  else delete summary.reviewItems;
  return { runId: row.id, incident: JSON.parse(row.definition) as Incident, createdAt: row.createdAt, summary };
}

/** The incident the latest run classified by, without its summary. */
export function latestRunIncident(db: Db): Incident | null {
  const definition = db.$client.prepare('SELECT incident_definition FROM classification_runs ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
  return definition === undefined ? null : (JSON.parse(definition) as Incident);
}

export function requireRun(db: Db, options: RunOptions = {}): RunInfo {
  const run = latestRun(db, options);
  if (!run) throw new InwError('not-classified', 'まだ分類していません。先に inw classify を実行してください。');
  return run;
}

/**
 * The incident a re-run without an explicit one classifies by: the app's stored definition of
 * the last run's incident if the app keeps one (it may have been edited since), else the
 * definition the last run used, whether it came from a preset, a file or the app. Never reloaded
 * by code alone: a code names a preset only when the incident came from one.
 */
export function incidentToReclassify(db: Db): Incident | null {
  const run = latestRun(db);
  if (!run) return null;
  const stored = getIncident(db, run.incident.code);
  return parseIncident(stored ? stored.definition : run.incident, stored ? `${run.incident.code} (アプリの事案)` : `${run.incident.code} (前回の分類)`);
}
