// Import preview: what the wizard shows before anything is written — detected format and
// encoding, the header row and its mapping, unmapped/required columns, the first rows as read
// and as they would be stored, and the issues those rows would raise.
import { basename } from 'node:path';
import type { Db } from '../store/db.js';
import type { EncodingChoice } from '../vocabulary/encodings.js';
import { encodingLabel } from '../vocabulary/labels.js';
import { FIELDS, FIELDS_BY_KIND, missingRequired, type FieldId, type UserMapping } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import { RowReader, isIssue, newCounters, readRow, type RowIssue } from './rows.js';
import { HEADER_SCAN_ROWS, buildMapping, headerNotFound, isHeaderRow, openSource, type SourceRow } from './source.js';
import { mapHeaders } from './fields.js';
import { maskCardNumbers } from '../text/card.js';

export interface ImportPreview {
  file: string;
  kind: ImportKind;
  format: 'csv' | 'xlsx';
  encoding: string;
  sheet: string | null;
  size: number;
  sha256: string;
  alreadyImported: { fileName: string; importedAt: string } | null;
  headerLine: number;
  headers: string[];
  /** Field → header used. */
  mapping: Partial<Record<FieldId, string>>;
  /** Fields this kind can use, with their Japanese labels, for the mapping drop-downs. */
  fields: Array<{ id: FieldId; label: string }>;
  unknownColumns: string[];
  securityCodeColumns: string[];
  /** Required fields (or alternatives) with no column: the import would be refused. */
  missingRequired: string[];
  rows: Array<{ line: number; cells: string[]; stored: Record<string, unknown> | null; issue: RowIssue | null }>;
  warnings: string[];
}

export interface PreviewOptions {
  db?: Db;
  file: string;
  kind: ImportKind;
  encoding?: EncodingChoice;
  map?: UserMapping;
  sheet?: string;
  rows?: number;
}

function text(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  return cell instanceof Date ? cell.toISOString().replace('T', ' ').replace(/\.000Z$/, '') : String(cell);
}

export async function previewImport(options: PreviewOptions): Promise<ImportPreview> {
  const limit = options.rows ?? 20;
  const user = options.map ?? {};
  const source = await openSource({ file: options.file, encoding: options.encoding, sheet: options.sheet });
  const { facts } = source;
  const alreadyImported = options.db
    ? ((options.db.$client.prepare('SELECT file_name AS fileName, imported_at AS importedAt FROM imports WHERE sha256 = ?').get(facts.sha256) as
        | { fileName: string; importedAt: string } | undefined) ?? null)
    : null;
  const scanned: SourceRow[] = [];
  let headerRow: SourceRow | null = null;
  const data: SourceRow[] = [];
  try {
    outer: for await (const batch of source.batches) {
      for (const row of batch.rows) {
        if (headerRow === null) {
          if (isHeaderRow(options.kind, row.cells, user)) headerRow = row;
          else {
            scanned.push(row);
            if (scanned.length >= HEADER_SCAN_ROWS) break outer;
          }
          continue;
        }
        data.push(row);
        if (data.length >= limit) break outer;
      }
    }
  } finally {
    await source.batches.return(undefined);
  }
  if (headerRow === null) throw headerNotFound(options.kind, options.file, scanned);
  const headers = headerRow.cells.map(text);
  // Required columns missing is shown in the preview, not thrown: the user fixes the mapping.
  let mapping = mapHeaders(options.kind, headers, user);
  const missing = missingRequired(options.kind, mapping).map((anyOf) => anyOf.map((f) => FIELDS[f].label).join(' または '));
  if (missing.length === 0) mapping = buildMapping(options.kind, options.file, headerRow, user).mapping;
  const reader = new RowReader(mapping, newCounters());
  const rowWarnings: RowIssue[] = [];
  const rows = data.map((row) => {
    const cells = row.cells.map(text);
    // Card numbers in the preview are shown masked like everywhere else.
    const shown = cells.map((c, i) => {
      if (mapping.securityCodeColumns.includes(headers[i] ?? '')) return c === '' ? '' : '***';
      if (i === mapping.columns.cardNumber && c !== '') return `****${c.replace(/\D/g, '').slice(-4)}`;
      return maskCardNumbers(c).value;
    });
    if (missing.length > 0) return { line: row.line, cells: shown, stored: null, issue: null };
    const record = readRow(options.kind, reader, row.cells, row.line);
    rowWarnings.push(...reader.rowWarnings);
    return isIssue(record)
      ? { line: row.line, cells: shown, stored: null, issue: record }
      : { line: row.line, cells: shown, stored: { ...record } as Record<string, unknown>, issue: null };
  });
  const warnings: string[] = [];
  if (alreadyImported) warnings.push(`このファイルは取込済みです (${alreadyImported.fileName}, ${alreadyImported.importedAt})。`);
  if (mapping.securityCodeColumns.length > 0) warnings.push(`セキュリティコードの列 (${mapping.securityCodeColumns.join('、')}) は読み込みません。`);
  const counters = reader.counters;
  if (counters.fullCardNumbers + counters.maskedCardNumbers > 0) warnings.push('完全なカード番号が含まれています。下4桁だけを保存します。');
  for (const w of rowWarnings) warnings.push(`${w.line}行目: ${w.message}`);
  return {
    file: basename(options.file),
    kind: options.kind,
    format: source.format,
    encoding: encodingLabel(source.format === 'xlsx' ? 'xlsx' : facts.encoding),
    sheet: source.sheetName(),
    size: facts.size,
    sha256: facts.sha256,
    alreadyImported,
    headerLine: headerRow.line,
    headers: headers.map((h) => maskCardNumbers(h).value),
    mapping: mapping.headers,
    fields: FIELDS_BY_KIND[options.kind].map((id) => ({ id, label: FIELDS[id].label })),
    unknownColumns: mapping.unknownColumns,
    securityCodeColumns: mapping.securityCodeColumns,
    missingRequired: missing,
    rows,
    warnings,
  };
}

