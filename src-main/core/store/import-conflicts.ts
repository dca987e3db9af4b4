// 取込の矛盾 still open. An import that meets a stored record with other content keeps the
// stored one and logs a conflict (import_issues, severity 'conflict', with the record's key).
// A later import of the same kind that carries the record again settles it, the newer file's
// content winning, and logs that as a row warning 'conflict-resolved' with the same key (see
// import/writers.ts). A conflict is open while no later import of its kind has resolved its key.
import type Database from 'better-sqlite3';
import { countOf, type Db } from './db.js';

export const CONFLICT_RESOLVED = 'conflict-resolved';

const OPEN = `s.severity = 'conflict' AND NOT EXISTS (
    SELECT 1 FROM import_issues r JOIN imports j ON j.id = r.import_id
    WHERE r.code = '${CONFLICT_RESOLVED}' AND r.record_key = s.record_key AND j.kind = i.kind AND r.import_id > s.import_id)`;

export interface OpenImportConflict {
  file: string;
  line: number;
  message: string;
}

/** In the order they were found. */
export function openImportConflicts(db: Db): OpenImportConflict[] {
  return db.$client.prepare(
    `SELECT i.file_name AS file, s.line, s.message FROM import_issues s JOIN imports i ON i.id = s.import_id WHERE ${OPEN} ORDER BY s.id`,
  ).all() as OpenImportConflict[];
}

export function countOpenImportConflicts(db: Db): number {
  return countOf(db, `SELECT COUNT(*) AS n FROM import_issues s JOIN imports i ON i.id = s.import_id WHERE ${OPEN}`);
}

/** The keys of a kind's open conflicts, for an import of that kind to resolve (few, so held in memory). */
export function openConflictKeys(client: Database.Database, kind: string): Set<string> {
  const rows = client.prepare(
    `SELECT DISTINCT s.record_key AS key FROM import_issues s JOIN imports i ON i.id = s.import_id
     WHERE i.kind = ? AND s.record_key IS NOT NULL AND ${OPEN}`,
  ).all(kind) as Array<{ key: string }>;
  return new Set(rows.map((r) => r.key));
}
