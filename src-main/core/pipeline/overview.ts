// The case at a glance (the app's 概要): the incident worked on, the latest run with its summary,
// each exposure with the figure the processor published, and our counts against it.
import type { Db } from '../store/db.js';
import { latestRun, latestRunIncident } from '../classify/run.js';
import { activeIncident, type StoredIncident } from '../incident/store.js';
import type { Incident, StatedCount } from '../incident/schema.js';
import type { Summary } from '../classify/summary-types.js';
import { importCount } from '../import/records.js';
import type { ReconciliationRow } from '../sheets/types.js';
import { reconciliationVerdict, type ReconciliationVerdict } from '../vocabulary/reconciliation.js';
import type { Certainty, ExposureInfo } from '../vocabulary/exposures.js';
import { mailableLetterProblem } from './letters.js';
import { reconciliation } from './sheet.js';

export interface CaseOverview {
  incident: StoredIncident | null;
  run: { runId: number; createdAt: string; incidentCode: string; summary: Summary } | null;
  /** Exposure code → label, certainty and the stated figure for reconciliation. */
  exposures: Array<{ code: string; label: string; certainty: Certainty; stated: StatedCount | null }>;
  imports: number;
  /** Why no letter to mail can be made yet (no sender or contact desk), or null: only drafts can. */
  lettersBlocked: string | null;
  /** The contact sheet's reconciliation rows, with a verdict against the stated figure. */
  reconciliation: Array<ReconciliationRow & { verdict: ReconciliationVerdict }>;
}

/** The definition the case's categories are named by: the run's own incident once there is a run (it may have been edited since). */
function definitionInUse(db: Db, runIncident: Incident | null, incident = activeIncident(db)): Incident | null {
  return runIncident ?? incident?.definition ?? null;
}

/**
 * Only the exposures' codes and labels, for screens that name categories (①+② …) and need
 * nothing else of the overview: no summary is read and no review item counted.
 */
export function caseExposures(db: Db): ExposureInfo[] {
  return (definitionInUse(db, latestRunIncident(db))?.exposures ?? []).map(({ code, label }) => ({ code, label }));
}

export function caseOverview(db: Db): CaseOverview {
  const incident = activeIncident(db);
  const run = latestRun(db);
  const definition = definitionInUse(db, run?.incident ?? null, incident);
  return {
    incident,
    run: run ? { runId: run.runId, createdAt: run.createdAt, incidentCode: run.incident.code, summary: run.summary } : null,
    exposures: (definition?.exposures ?? []).map((e) => ({
      code: e.code, label: e.label, certainty: e.certainty, stated: definition?.statedCounts?.[e.code] ?? null,
    })),
    imports: importCount(db),
    lettersBlocked: run ? mailableLetterProblem(run.incident) : null,
    reconciliation: run ? reconciliation(run).map((row) => ({ ...row, verdict: reconciliationVerdict(row) })) : [],
  };
}
