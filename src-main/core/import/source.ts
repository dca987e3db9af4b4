// Reads a CSV or XLSX file as batches of rows, finds the header row (title rows above it are
// skipped) and maps it onto the contract's fields. Shared by preview and import.
import { basename, extname } from 'node:path';
import { InwError } from '../errors.js';
import { CsvParser, type CsvRecord } from './csv.js';
import { decodeFile, inspectFile, type FileFacts } from './decode.js';
import type { EncodingChoice } from '../vocabulary/encodings.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import {
  FIELDS, headerScore, mapHeaders, missingRequired, fieldForHeader,
  type ColumnMapping, type FieldId, type UserMapping,
} from './fields.js';
import { readXlsxBatches, type XlsxCell } from './xlsx.js';
import { headerKey } from '../text/normalize.js';

export interface SourceRow {
  line: number;
  cells: XlsxCell[];
}

export interface SourceOptions {
  file: string;
  /** From an earlier inspectFile(); saves a second pass over the file. */
  facts?: FileFacts;
  encoding?: EncodingChoice;
  sheet?: string;
  signal?: AbortSignal;
}

export interface OpenedSource {
  facts: FileFacts;
  format: 'csv' | 'xlsx';
  /** For XLSX, the encoding is the container's: reported as 'xlsx'. */
  encodingLabel: string;
  sheetName: () => string | null;
  batches: AsyncGenerator<{ rows: SourceRow[]; bytesRead: number }>;
}

const HEADER_SCAN_ROWS = 30;

export async function openSource(options: SourceOptions): Promise<OpenedSource> {
  const facts = options.facts ?? (await inspectFile(options.file, options.encoding ?? 'auto'));
  const isXlsx = facts.isZip || ['.xlsx', '.xlsm'].includes(extname(options.file).toLowerCase());
  if (isXlsx) {
    if (!facts.isZip) {
      throw new InwError('xlsx-unreadable', `${basename(options.file)}: 拡張子は .xlsx ですが、XLSX ファイルではありません。`, {
        file: basename(options.file),
      });
    }
    let sheet: string | null = null;
    const batches = readXlsxBatches(options.file, { sheet: options.sheet, signal: options.signal, onSheet: (n) => (sheet = n) });
    return { facts, format: 'xlsx', encodingLabel: 'xlsx', sheetName: () => sheet, batches };
  }
  const parser = new CsvParser(basename(options.file));
  const batches = (async function* () {
    let bytesRead = 0;
    for await (const piece of decodeFile(options.file, facts, options.signal)) {
      const records: CsvRecord[] = [];
      parser.push(piece.text, records);
      bytesRead = piece.bytesRead;
      if (records.length > 0) yield { rows: records, bytesRead };
    }
    const rest: CsvRecord[] = [];
    parser.end(rest);
    if (rest.length > 0) yield { rows: rest, bytesRead: facts.size };
  })();
  return { facts, format: 'csv', encodingLabel: facts.encoding, sheetName: () => null, batches };
}

function cellText(cell: XlsxCell): string | null {
  if (cell === null) return null;
  return cell instanceof Date ? cell.toISOString() : String(cell);
}

export interface HeaderFound {
  line: number;
  cells: Array<string | null>;
  mapping: ColumnMapping;
}

/** True for the row that is the header: two known headers, or the one a confirmed list needs. */
export function isHeaderRow(kind: ImportKind, cells: XlsxCell[], user: UserMapping): boolean {
  const texts = cells.map(cellText);
  if (headerScore(texts, user) >= 2) return true;
  if (kind === 'confirmed') return texts.some((t) => t !== null && fieldForHeader(t) === 'transactionId');
  const userHeaders = Object.values(user).map((h) => headerKey(h ?? ''));
  return userHeaders.length > 0 && texts.some((t) => t !== null && userHeaders.includes(headerKey(t)));
}

export function buildMapping(kind: ImportKind, file: string, row: SourceRow, user: UserMapping): HeaderFound {
  const cells = row.cells.map(cellText);
  const mapping = mapHeaders(kind, cells, user);
  const present = new Set(cells.filter((c): c is string => c !== null).map((c) => headerKey(c)));
  for (const [field, header] of Object.entries(user) as Array<[FieldId, string]>) {
    if (!present.has(headerKey(header))) {
      throw new InwError(
        'mapping-header-missing',
        `${basename(file)} ${row.line}行目: --map ${field}=${header} の見出し「${header}」が見出し行にありません (見出し: ${cells.filter(Boolean).join('、')})。`,
        { file: basename(file), line: row.line },
      );
    }
  }
  const missing = missingRequired(kind, mapping);
  if (missing.length > 0) {
    const names = missing.map((anyOf) => anyOf.map((f) => `「${FIELDS[f].label}」`).join('または')).join('、');
    throw new InwError(
      'missing-column',
      `${basename(file)} ${row.line}行目 (見出し行): 必須の列 ${names} が見つかりません。` +
        `見出し: ${cells.filter(Boolean).join('、')}。別の見出しなら --map 項目=見出し で指定してください。`,
      { file: basename(file), line: row.line },
    );
  }
  return { line: row.line, cells, mapping };
}

export function headerNotFound(kind: ImportKind, file: string, firstRows: SourceRow[]): InwError {
  const first = firstRows[0]?.cells.map(cellText).filter(Boolean).join('、') ?? '(空のファイル)';
  const wanted = kind === 'donors' ? '氏名・郵便番号・住所など' : '取引ID・決済日時など';
  return new InwError(
    'header-not-found',
    `${basename(file)}: 先頭${HEADER_SCAN_ROWS}行に見出し行 (${wanted}) が見つかりません。1行目: ${first}。` +
      '見出しが違う場合は --map 項目=見出し で指定してください。',
    { file: basename(file), line: 1 },
  );
}

export { HEADER_SCAN_ROWS };
