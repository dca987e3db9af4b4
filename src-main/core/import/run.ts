// Import = preview, then commit in one database transaction: a failure, a cancel or a killed
// process leaves the database as it was. Every import is recorded with its counts and warnings.
// The file is read a batch of rows at a time (import/read.ts) and each kind's records written
// (import/writers.ts) in this one thread, the rows it could not take logged (import/issue-log.ts).
import { basename } from 'node:path';
import { InwError } from '../errors.js';
import type { Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { inspectFile } from './decode.js';
import type { EncodingChoice } from '../vocabulary/encodings.js';
import { encodingLabel } from '../vocabulary/labels.js';
import { jstDateTime } from '../text/dates.js';
import type { FieldId, UserMapping } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import type { RowCounters, RowIssue } from './rows.js';
import { RECORD_FIELDS, readImportBatches, type ReadEvent, type ReadParams } from './read.js';
import { maskCardNumbers } from '../text/card.js';
import { writerFor, type KindWriter } from './writers.js';
import { IssueLog } from './issue-log.js';
import { importWarnings, type ImportWarning } from './warnings.js';

export type { ImportWarning };

export interface ImportReport {
  importId: number;
  kind: ImportKind;
  exposure: string | null;
  file: string;
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  sheet: string | null;
  headerLine: number;
  mapping: Partial<Record<FieldId, string>>;
  unknownColumns: string[];
  securityCodeColumns: string[];
  /** Full card numbers reduced or masked to their last 4 (card column and every other value). */
  cardNumbersMasked: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsConflict: number;
  /** Open conflicts of earlier imports this file settled (its content won); the rows are in rowWarnings. */
  conflictsResolved: number;
  warnings: ImportWarning[];
  /** The first rejected rows, conflicts and warnings about kept rows (all of them are stored in import_issues). */
  rejects: RowIssue[];
  conflicts: RowIssue[];
  rowWarnings: RowIssue[];
}

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  db: Db;
  file: string;
  kind: ImportKind;
  /** Exposure code a confirmed list belongs to. */
  exposure?: string;
  encoding?: EncodingChoice;
  map?: UserMapping;
  sheet?: string;
  strict?: boolean;
  now: () => Date;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

const EXPOSURE_CODE = /^[a-z0-9][a-z0-9_-]{0,40}$/;

/** Refuses a second import of the same content (by SHA-256), naming the earlier file. */
function refuseRepeatFile(db: Db, fileName: string, sha256: string): void {
  const earlier = db.$client.prepare('SELECT file_name AS fileName, imported_at AS importedAt FROM imports WHERE sha256 = ?').get(sha256) as
    | { fileName: string; importedAt: string } | undefined;
  if (earlier) {
    throw new InwError(
      'already-imported',
      `${fileName} は取込済みです (同じ内容のファイル「${earlier.fileName}」を ${jstDateTime(earlier.importedAt)} に取り込みました)。同じファイルは二度取り込めません。`,
      { file: fileName },
    );
  }
}

export async function importFile(options: ImportOptions): Promise<ImportReport> {
  const { db, kind, file } = options;
  const client = db.$client;
  // Even the file's name is kept and printed only with card numbers masked.
  const fileName = maskCardNumbers(basename(file)).value;
  const exposure = kind === 'confirmed' ? (options.exposure ?? null) : null;
  if (kind === 'confirmed' && (exposure === null || !EXPOSURE_CODE.test(exposure))) {
    throw new InwError('exposure-required', '流出確認リストの取込には --exposure (例: payment-db) が必要です。');
  }
  const facts = await inspectFile(file, options.encoding ?? 'auto');
  refuseRepeatFile(db, fileName, facts.sha256);

  const params: ReadParams = { file, kind, facts, sheet: options.sheet, map: options.map ?? {} };
  const events = readImportBatches(params, options.signal);
  const width = RECORD_FIELDS[kind].length;
  let header: Extract<ReadEvent, { type: 'header' }> | null = null;
  let writer: KindWriter | null = null;
  let counters: RowCounters | null = null;
  let sheet: string | null = null;
  let rowsRead = 0;
  let accepted = 0;
  let duplicates = 0;
  const startedAt = options.now().toISOString();

  client.exec('BEGIN IMMEDIATE');
  try {
    const importId = Number(
      client
        .prepare(
          `INSERT INTO imports (kind, exposure_code, file_name, file_size, sha256, format, encoding, sheet_name, header_line, mapping,
             unknown_columns, rows_read, rows_accepted, rows_rejected, rows_duplicate, rows_conflict, warnings, imported_at)
           VALUES (?, ?, ?, ?, ?, 'csv', ?, NULL, 0, '{}', '[]', 0, 0, 0, 0, 0, '[]', ?)`,
        )
        .run(kind, exposure, fileName, facts.size, facts.sha256, facts.encoding, startedAt).lastInsertRowid,
    );
    const log = new IssueLog(client, importId);
    for await (const event of events) {
      if (event.type === 'header') {
        header = event;
        writer = writerFor(kind, client, importId, exposure);
        continue;
      }
      if (event.type === 'end') {
        counters = event.counters;
        sheet = event.sheet;
        continue;
      }
      options.signal?.throwIfAborted();
      rowsRead += event.rowsRead;
      for (const issue of event.issues) log.reject(issue);
      for (const warning of event.warnings) log.warn(warning);
      const { values, lines } = event;
      for (let r = 0, offset = 0; r < lines.length; r++, offset += width) {
        const outcome = writer!.write(values, offset, lines[r]!);
        if (outcome === 'accepted') accepted++;
        else if (outcome === 'duplicate') duplicates++;
        else if ('conflict' in outcome) log.conflict(lines[r]!, outcome.conflict, writer!.key(values, offset));
        else {
          if (outcome.corrected) accepted++;
          else duplicates++;
          log.resolved(lines[r]!, outcome.resolved, writer!.key(values, offset));
        }
      }
      options.onProgress?.({ rows: rowsRead, bytesRead: event.bytesRead, totalBytes: facts.size });
    }
    if (header === null || counters === null) throw new InwError('import-failed', `${fileName}: 取込が完了しませんでした。`);
    for (const notice of writer!.finish()) log.warn(notice);
    // An import always expects rows: a file with only its header is the wrong file or sheet,
    // and recording it would only block importing the right one. Nothing is kept.
    if (rowsRead === 0) {
      throw new InwError('import-no-rows', `${fileName}: 見出し (${header.line}行目) の後にデータの行がありません。何も取り込んでいません。ファイルやシート (--sheet) を確かめてください。`, { file: fileName, line: header.line });
    }
    const { rejects, rejected, conflictCount } = log;
    rejects.sort((a, b) => a.line - b.line);
    if (options.strict && rejected > 0) {
      const first = rejects.slice(0, 5).map((r) => `${r.line}行目: ${r.message}`).join(' / ');
      throw new InwError(
        'strict-rejected',
        `${fileName}: 取り込めない行が ${rejected} 行あるため、--strict によりファイル全体を取り込みませんでした。${first}`,
        { file: fileName, line: rejects[0]?.line },
      );
    }
    counters.maskedCardNumbers += log.maskedInMessages;
    const warnings = importWarnings(kind, header.mapping, { counters, rowWarningCounts: log.rowWarningCounts, rejected, conflicts: conflictCount });
    const mappingHeaders = header.mapping.headers;
    const encoding = header.format === 'xlsx' ? 'xlsx' : facts.encoding;
    client
      .prepare(
        `UPDATE imports SET format = ?, encoding = ?, sheet_name = ?, header_line = ?, mapping = ?, unknown_columns = ?, rows_read = ?,
           rows_accepted = ?, rows_rejected = ?, rows_duplicate = ?, rows_conflict = ?, warnings = ? WHERE id = ?`,
      )
      .run(
        header.format, encoding, sheet, header.line, JSON.stringify(mappingHeaders), JSON.stringify(header.mapping.unknownColumns),
        rowsRead, accepted, rejected, duplicates, conflictCount, JSON.stringify(warnings), importId,
      );
    appendAudit(db, {
      at: options.now(),
      actor: options.actor,
      action: 'import',
      detail: {
        importId, kind, exposure, file: fileName, size: facts.size, sha256: facts.sha256,
        rowsRead, accepted, rejected, duplicates, conflicts: conflictCount, conflictsResolved: log.resolvedCount,
      },
    });
    client.exec('COMMIT');
    return {
      importId, kind, exposure, file: fileName, size: facts.size, sha256: facts.sha256, format: header.format,
      encoding: encodingLabel(encoding),
      sheet, headerLine: header.line, mapping: mappingHeaders,
      unknownColumns: header.mapping.unknownColumns, securityCodeColumns: header.mapping.securityCodeColumns,
      cardNumbersMasked: counters.fullCardNumbers + counters.maskedCardNumbers,
      rowsRead, rowsAccepted: accepted, rowsRejected: rejected, rowsDuplicate: duplicates, rowsConflict: conflictCount,
      conflictsResolved: log.resolvedCount, warnings, rejects, conflicts: log.conflicts, rowWarnings: log.rowWarnings,
    };
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK');
    await events.return(undefined);
    if ((error as Error).name === 'AbortError') throw new InwError('cancelled', `${fileName} の取込を取り消しました。データベースは変更していません。`);
    throw error;
  }
}
