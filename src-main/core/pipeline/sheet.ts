// Contact sheet and CSV exports from the latest classification run: the read models of
// persons/affected.ts fed to the writers of sheets/. Figures are the run's summary, so the
// workbook and `inw summary --json` cannot disagree.
import { basename, resolve } from 'node:path';
import type { Db } from '../store/db.js';
import { appendAudit, auditHead, formatAuditHead } from '../store/audit.js';
import { guardOutput } from '../store/output-guard.js';
import { fileSha256, recordOutputs } from '../store/outputs.js';
import { requireRun, type RunInfo } from '../classify/run.js';
import { allCategories } from '../incident/categories.js';
import type { Incident } from '../incident/schema.js';
import { affectedPersons, unmatchedPayments, type AffectedPerson } from '../persons/affected.js';
import { reviewItems } from '../persons/review.js';
import { categorySheetName, writeContactSheet, writePersonsCsv } from '../sheets/index.js';
import type { ReconciliationRow, SheetPersonRow } from '../sheets/types.js';
import { letterStates } from '../tracking/letter-state.js';
import { mailPlanSheetLines, runMailPlan } from './mail-plan.js';
import { InwError } from '../errors.js';

export interface SheetExportOptions {
  db: Db;
  file: string;
  categories?: string[];
  now: () => Date;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total?: number) => void;
  /** Replace a file inw did not write, or an imported one (never the database): the user's --force or a save dialog's confirmation. */
  force?: boolean;
}

function personRow(person: AffectedPerson, states: ReturnType<typeof letterStates>): SheetPersonRow {
  const dates = person.payments.map((p) => p.jstDate).sort();
  const endings = [...new Set(person.payments.map((p) => p.cardLast4).filter((e): e is string => e !== null))];
  const state = states.get(person.id);
  return {
    personId: person.personId,
    category: person.category,
    name: person.name ?? '',
    kana: person.kana,
    postalCode: person.postalCode,
    address: [person.address1, person.address2].filter(Boolean).join(' '),
    phone: person.phone,
    email: person.email,
    affectedPayments: person.payments.length,
    firstAffectedDate: dates[0] ?? null,
    lastAffectedDate: dates.at(-1) ?? null,
    cardEndings: endings,
    letterStatus: state?.status ?? '未発送',
    mailedDate: state?.mailedDate ?? null,
    notes: state?.notes ?? null,
  };
}

export function reconciliation(run: RunInfo): ReconciliationRow[] {
  const { incident, summary } = run;
  return incident.exposures.map((exposure, index) => {
    const stated = incident.statedCounts?.[exposure.code];
    const unit = stated?.unit === 'payments' ? '件' : '人';
    const persons = allCategories(incident)
      .filter((c) => (c.mask & (1 << index)) !== 0)
      .reduce((sum, c) => sum + (summary.persons.byCategory[c.code] ?? 0), 0);
    const ours = stated?.unit === 'payments' ? (summary.payments.exposed[exposure.code] ?? 0) : persons;
    return {
      exposure: exposure.code,
      label: exposure.label,
      stated: stated?.count ?? null,
      statedKind: stated?.kind ?? null,
      ours,
      unit,
      note: stated?.note,
    };
  });
}

/** Categories that get a sheet: every combination for small incidents, else those with persons. */
function sheetCategories(run: RunInfo, wanted: string[] | undefined): string[] {
  const notify = allCategories(run.incident).filter((c) => c.mask !== 0);
  if (wanted && wanted.length > 0) {
    for (const w of wanted) {
      if (!notify.some((c) => c.code === w)) {
        throw new InwError('bad-category', `区分「${w}」はこの事案にありません (${notify.map((c) => c.code).join(', ')})。`);
      }
    }
    return notify.filter((c) => wanted.includes(c.code)).map((c) => c.code);
  }
  const small = run.incident.exposures.length <= 3;
  return notify.filter((c) => small || (run.summary.persons.byCategory[c.code] ?? 0) > 0).map((c) => c.code);
}

export async function exportContactSheet(options: SheetExportOptions): Promise<{ file: string; sheets: string[]; rows: Record<string, number> }> {
  const { db } = options;
  guardOutput(options.file, { db, force: options.force });
  const run = requireRun(db, { reviewCounts: true });
  const incident: Incident = run.incident;
  const states = letterStates(db);
  const categories = sheetCategories(run, options.categories).map((code) => ({
    code,
    sheetName: categorySheetName(code, incident.exposures),
    rows: (function* () {
      for (const person of affectedPersons(db, run.runId, incident, { categories: [code] })) yield personRow(person, states);
    })(),
  }));
  const result = await writeContactSheet(
    options.file,
    {
      incident: { code: incident.code, title: incident.title, exposures: incident.exposures },
      runDate: run.createdAt,
      generatedAt: options.now(),
      auditHead: formatAuditHead(auditHead(db)),
      summary: run.summary,
      reconciliation: reconciliation(run),
      categories,
      unmatched: unmatchedPayments(db, run.runId, incident),
      // Decided items too, with their decision: managers keep the record of what was handled.
      review: reviewItems(db, run.runId, { includeDecided: true }),
      mailPlan: mailPlanSheetLines(runMailPlan(db)),
    },
    { signal: options.signal, onProgress: options.onProgress },
  );
  const persons = categories.reduce((sum, c) => sum + (result.rows[c.sheetName] ?? 0), 0);
  recordExport(options, 'export-sheet', { runId: run.runId, rows: result.rows }, { kind: 'contact-sheet', persons });
  return { file: options.file, ...result };
}

export async function exportPersonsCsv(options: SheetExportOptions): Promise<{ file: string; rows: number }> {
  const { db } = options;
  guardOutput(options.file, { db, force: options.force });
  const run = requireRun(db);
  const states = letterStates(db);
  const categories = options.categories && options.categories.length > 0 ? options.categories : undefined;
  const rows = (function* () {
    for (const person of affectedPersons(db, run.runId, run.incident, { categories })) yield personRow(person, states);
  })();
  const result = await writePersonsCsv(options.file, rows, { exposures: run.incident.exposures, signal: options.signal });
  recordExport(options, 'export-csv', { runId: run.runId, rows: result.rows }, { kind: 'csv', persons: result.rows });
  return { file: options.file, rows: result.rows };
}

/** One audit entry and the outputs register for an exported file. */
function recordExport(
  options: SheetExportOptions, action: string, detail: Record<string, unknown>, output: { kind: 'contact-sheet' | 'csv'; persons: number },
): void {
  const { db } = options;
  const file = resolve(options.file);
  const sha256 = fileSha256(file);
  db.$client.transaction(() => {
    const auditSeq = appendAudit(db, { at: options.now(), actor: options.actor, action, detail: { file, ...detail, sha256 } });
    recordOutputs(db, { at: options.now(), auditSeq }, [{ path: file, sha256, ...output }]);
  }).immediate();
}
