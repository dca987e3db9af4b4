// Streams rows of one worksheet of an XLSX file (exceljs's streaming reader keeps memory
// bounded). Cells come back as string, number or Date; a Date's UTC fields are the cell's
// wall-clock value, which the spec defines as Japan time.
import ExcelJS from 'exceljs';
import { basename } from 'node:path';
import { InwError } from '../errors.js';

export type XlsxCell = string | number | Date | null;

export interface XlsxRow {
  /** The worksheet row number, reported to the user as the line. */
  line: number;
  cells: XlsxCell[];
}

interface ReaderModel {
  model?: { sheets?: Array<{ name: string; id: number; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
}

function cellValue(value: unknown): XlsxCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text: string }>).map((r) => r.text).join('');
    if ('result' in v) return cellValue(v.result);
    if ('text' in v) return cellValue(v.text);
    if ('error' in v) return null;
  }
  return String(value);
}

function sheetNumberOf(reader: ReaderModel, wanted: string | undefined): { sheetNo: string | null; name: string | null } {
  const sheets = reader.model?.sheets;
  const rels = reader.workbookRels;
  if (!sheets || !rels || sheets.length === 0) return { sheetNo: null, name: null };
  const sheet = wanted === undefined ? sheets[0] : sheets.find((s) => s.name === wanted);
  if (!sheet) return { sheetNo: null, name: null };
  const rel = rels.find((r) => r.Id === sheet.rId);
  const match = rel ? /sheet(\d+)\.xml$/.exec(rel.Target) : null;
  return { sheetNo: match ? match[1]! : null, name: sheet.name };
}

export async function* readXlsxRows(
  path: string,
  options: { sheet?: string; signal?: AbortSignal; onSheet?: (name: string) => void } = {},
): AsyncGenerator<XlsxRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  const seen: string[] = [];
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as { id: number | string; name: string } & AsyncIterable<{ number: number; values: unknown[] }>;
      const target = sheetNumberOf(reader as unknown as ReaderModel, options.sheet);
      seen.push(target.name ?? ws.name);
      const isTarget = target.sheetNo !== null ? String(ws.id) === target.sheetNo : !found && options.sheet === undefined;
      if (!isTarget || found) {
        // Drain sheets we do not import; the reader needs every entry consumed.
        for await (const row of ws) void row;
        continue;
      }
      found = true;
      options.onSheet?.(target.name ?? ws.name);
      for await (const row of ws) {
        options.signal?.throwIfAborted();
        const values = row.values;
        const cells: XlsxCell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellValue(values[c]));
        yield { line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof InwError || (error as Error).name === 'AbortError') throw error;
    throw new InwError('xlsx-unreadable', `${basename(path)}: XLSX ファイルとして読めません (${(error as Error).message})。`, {
      file: basename(path),
    });
  }
  if (!found) {
    throw new InwError(
      'xlsx-sheet-missing',
      options.sheet === undefined
        ? `${basename(path)}: ワークシートがありません。`
        : `${basename(path)}: シート「${options.sheet}」がありません (あるシート: ${seen.join('、') || 'なし'})。`,
      { file: basename(path) },
    );
  }
}
