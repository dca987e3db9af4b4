// What was imported, as the app lists it: one row per import with its counts, and the rows an
// import rejected, flagged or warned about (import_issues), in file order.
import { countOf, type Db } from '../store/db.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';

export interface ImportRecord {
  id: number;
  kind: ImportKind;
  exposureCode: string | null;
  fileName: string;
  fileSize: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsConflict: number;
  importedAt: string;
}

export interface ImportIssueRecord {
  severity: 'reject' | 'conflict' | 'warning';
  line: number | null;
  column: string | null;
  code: string;
  message: string;
}

/** Newest first. */
export function listImports(db: Db): ImportRecord[] {
  return db.$client.prepare(
    `SELECT id, kind, exposure_code AS exposureCode, file_name AS fileName, file_size AS fileSize, sha256, format, encoding,
       rows_read AS rowsRead, rows_accepted AS rowsAccepted, rows_rejected AS rowsRejected, rows_duplicate AS rowsDuplicate,
       rows_conflict AS rowsConflict, imported_at AS importedAt
     FROM imports ORDER BY id DESC`,
  ).all() as ImportRecord[];
}

/** The first `limit` issues of an import, in the order they were found. */
export function importIssues(db: Db, importId: number, limit: number): ImportIssueRecord[] {
  return db.$client.prepare(
    'SELECT severity, line, column, code, message FROM import_issues WHERE import_id = ? ORDER BY id LIMIT ?',
  ).all(importId, limit) as ImportIssueRecord[];
}

export function importCount(db: Db): number {
  return countOf(db, 'SELECT COUNT(*) AS n FROM imports');
}
