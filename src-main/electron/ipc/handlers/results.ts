// overview:, unmatched:, persons: — read models over the latest classification run.
import { caseOverview, latestRun, unmatchedPayments, type RunInfo } from '../../../core/index.js';
import { browsePersons, personDetail } from '../../../core/persons/browse.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'overview:get' | 'unmatched:list' | 'persons:query' | 'persons:get';

function runRef(run: RunInfo | null): { runId: number; incident: RunInfo['incident'] } | null {
  return run ? { runId: run.runId, incident: run.incident } : null;
}

export function resultHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'overview:get': () => caseOverview(s.db),
    'unmatched:list': ({ offset, limit }) => {
      const run = latestRun(s.db);
      if (!run) return { total: 0, rows: [] };
      const rows = [];
      let index = 0;
      for (const row of unmatchedPayments(s.db, run.runId, run.incident)) {
        if (index >= offset + limit) break;
        if (index >= offset) rows.push(row);
        index++;
      }
      return { total: run.summary.unmatchedPayments.total, rows };
    },
    'persons:query': (query) => browsePersons(s.db, { ...query, run: runRef(latestRun(s.db)) }),
    'persons:get': ({ id }) => personDetail(s.db, id, runRef(latestRun(s.db))),
  };
}
