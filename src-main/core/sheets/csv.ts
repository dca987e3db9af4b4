// CSV exports for Excel users: UTF-8 with a BOM (so Excel detects the encoding), CRLF line
// ends, RFC 4180 quoting, and a leading apostrophe on any text that Excel would otherwise
// run as a formula (= + - @, tab, CR; OWASP "CSV injection"). Written to a temporary file
// and renamed, so a cancelled or failed export leaves no partial file behind.
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { RowSource, SheetPersonRow, IncidentExposure } from './types.js';
import { personColumns, type Column } from './columns.js';
import { categorySheetName } from './sheet-names.js';
import { slashDate } from './cells.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Strings that start like a formula get a leading `'`; numbers are written
 * as numbers (a negative amount is data, not a formula). null/undefined → empty field.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}

function csvValue<R>(column: Column<R>, row: R): string | number | null {
  const v = column.value(row);
  return column.kind === 'date' && typeof v === 'string' ? slashDate(v) : v;
}

export interface PersonsCsvOptions {
  /** Incident exposures, to show 区分 as ①のみ etc.; without them the category code is shown. */
  exposures?: ReadonlyArray<Pick<IncidentExposure, 'code'>>;
  signal?: AbortSignal;
}

/** Writes the persons CSV; returns the number of data rows. */
export async function writePersonsCsv(
  file: string,
  rows: RowSource<SheetPersonRow>,
  opts: PersonsCsvOptions = {},
): Promise<{ rows: number }> {
  const exposures = opts.exposures;
  const columns = personColumns((code) => (exposures ? categorySheetName(code, exposures) : code));
  const tmp = `${file}.part`;
  const out = createWriteStream(tmp);
  let count = 0;
  try {
    let chunk = '\ufeff' + csvLine(columns.map((c) => c.header));
    for await (const row of rows) {
      chunk += csvLine(columns.map((c) => csvValue(c, row)));
      count++;
      if (chunk.length >= 64 * 1024) {
        opts.signal?.throwIfAborted();
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    opts.signal?.throwIfAborted();
    out.end(chunk);
    await once(out, 'finish');
    await rename(tmp, file);
    return { rows: count };
  } catch (err) {
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
