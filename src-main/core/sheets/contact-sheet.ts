// The managers' contact sheet (spec §7): 概要, one sheet per notify category, 未照合, 要確認.
//
// Written with exceljs's streaming WorkbookWriter so that a 460k-row 未照合 sheet stays in
// bounded memory: each sheet is written and committed before the next one is started (zip
// entries are consumed in order, so an open earlier sheet would make every later one queue
// in memory), every row is committed as soon as it is added, and we wait on the zip's
// backpressure between rows (see xlsx-stream.ts).
//
// Consequences of streaming: column widths are written before the first row, so they are
// measured on the header and the first SAMPLE_ROWS rows (read ahead, then written); 概要
// comes first and so shows the Summary's figures, not counts taken while writing.
//
// Dates are Japan calendar dates stored as UTC-midnight serials (see cells.ts); the file is
// written to `<file>.part` and renamed, and removed on cancel or failure.
import type ExcelJS from 'exceljs';
import { exceljs } from '../heavy-modules.js';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { ContactSheetInput, ContactSheetResult, RowSource, SheetLine, WriteOptions, ReconciliationRow } from './types.js';
import {
  LETTER_STATUSES,
  STATUS_COLUMN_INDEX,
  personColumns,
  reviewColumns,
  unmatchedColumns,
  type Column,
  type ColumnKind,
} from './columns.js';
import { categorySheetName, exposureLabels, exposureMark, uniqueSheetName } from './sheet-names.js';
import { displayWidth, excelDate, excelJstDateTime, safeText } from './cells.js';
import { relieveBackpressure, writeFilterDatabaseNames } from './xlsx-stream.js';
import { reconciliationVerdictText } from '../vocabulary/reconciliation.js';

export const WORKBOOK_CREATOR = 'Incident Notice Workbench';
export const OVERVIEW_SHEET = '概要';
export const UNMATCHED_SHEET = '未照合';
export const REVIEW_SHEET = '要確認';
export const MAIL_PLAN_SHEET = '郵送計画';

/** Rows read ahead to size the columns. */
const SAMPLE_ROWS = 1000;
/** Rows between checks of the signal, the zip's backpressure and progress. */
const CHECK_EVERY = 64;

const DATE_FORMAT = 'yyyy/mm/dd';
const DATE_TIME_FORMAT = 'yyyy/mm/dd hh:mm';
const COUNT_FORMAT = '#,##0';

// Shared style objects: exceljs caches a style id per style object, so reusing one object
// per column turns a per-cell style lookup into a WeakMap hit. Never mutate these.
const KIND_STYLE: Record<ColumnKind, Partial<ExcelJS.Style>> = {
  // '@' (text) so that a postal code or phone number typed later keeps its leading zeros.
  text: { numFmt: '@' },
  int: { numFmt: COUNT_FORMAT },
  amount: { numFmt: COUNT_FORMAT },
  date: { numFmt: DATE_FORMAT },
};
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  alignment: { vertical: 'middle', horizontal: 'center' },
  border: { bottom: { style: 'thin', color: { argb: 'FF8EA9C1' } } },
};
const LABEL_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } };
const COUNT_STYLE: Partial<ExcelJS.Style> = { numFmt: COUNT_FORMAT };
const DATE_TIME_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_TIME_FORMAT, alignment: { horizontal: 'left' } };
const KEY_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FF808080' } } };
const WARN_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, color: { argb: 'FFC00000' } } };

function sheetOptions(): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as needed
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&L&A&R&P / &N' },
  };
}

interface DataValidationsLike {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

type CellValue = string | number | Date | null | undefined;

function toCell<R>(column: Column<R>, row: R): CellValue {
  const v = column.value(row);
  if (v == null || v === '') return undefined;
  // A malformed date stays visible as text rather than disappearing.
  if (column.kind === 'date' && typeof v === 'string') return excelDate(v) ?? v;
  return v;
}

function cellWidth(value: CellValue, kind: ColumnKind | 'datetime'): number {
  if (value == null) return 0;
  if (value instanceof Date) return kind === 'datetime' ? 16 : 10;
  if (typeof value === 'number') return value.toLocaleString('en-US').length;
  return displayWidth(value);
}

// Header cells carry an auto-filter button, hence the extra room.
const fitWidth = (content: number, header: number, min = 6, max = 50): number =>
  Math.min(max, Math.max(min, header + 4, content + 2));

function toAsyncIterator<T>(source: RowSource<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source
    ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (source as Iterable<T>)[Symbol.iterator]();
}

class Job {
  done = 0;
  private lastReport = 0;
  constructor(
    private readonly opts: WriteOptions,
    private readonly total: number | undefined,
    readonly failure: Promise<never>,
  ) {}

  /** Called after each data row; every CHECK_EVERY rows: cancel, backpressure, progress. */
  async tick(worksheet: unknown): Promise<void> {
    if (++this.done % CHECK_EVERY !== 0) return;
    this.opts.signal?.throwIfAborted();
    await relieveBackpressure(worksheet, this.failure);
    const now = performance.now();
    if (this.opts.onProgress && now - this.lastReport >= 100) {
      this.lastReport = now;
      this.opts.onProgress(this.done, this.total !== undefined ? Math.max(this.total, this.done) : undefined);
    }
  }

  finish(): void {
    this.opts.onProgress?.(this.done, this.done);
  }
}

function styleRow(row: ExcelJS.Row, style: Partial<ExcelJS.Style>): void {
  row.eachCell((cell) => {
    cell.style = style;
  });
}

/** Writes a header and the rows of one table sheet; returns the number of data rows. */
async function writeTable<R>(
  ws: ExcelJS.Worksheet,
  columns: Column<R>[],
  source: RowSource<R>,
  job: Job,
  extra?: (ws: ExcelJS.Worksheet, lastRow: number) => void,
): Promise<number> {
  const it = toAsyncIterator(source);
  let exhausted = false;
  const pull = async (): Promise<IteratorResult<R>> => {
    const n = await it.next();
    if (n.done) exhausted = true;
    return n;
  };
  try {
    const sample: R[] = [];
    let next = await pull();
    while (!next.done && sample.length < SAMPLE_ROWS) {
      sample.push(next.value);
      next = await pull();
    }

    ws.columns = columns.map((c) => {
      let content = 0;
      for (const r of sample) content = Math.max(content, cellWidth(toCell(c, r), c.kind));
      return { width: fitWidth(content, displayWidth(c.header), c.minWidth, c.maxWidth), style: KIND_STYLE[c.kind] };
    });

    const header = ws.addRow(columns.map((c) => c.header));
    header.height = 20;
    styleRow(header, HEADER_STYLE);
    header.commit();

    const styles = columns.map((c) => KIND_STYLE[c.kind]);
    let count = 0;
    const put = (r: R): void => {
      const row = ws.addRow(columns.map((c) => toCell(c, r)));
      row.eachCell((cell, col) => {
        cell.style = styles[col - 1]!;
      });
      row.commit();
      count++;
    };
    for (const r of sample) {
      put(r);
      await job.tick(ws);
    }
    sample.length = 0;
    while (!next.done) {
      put(next.value);
      await job.tick(ws);
      next = await pull();
    }

    ws.autoFilter = `A1:${columnLetter(columns.length)}${count + 1}`;
    extra?.(ws, Math.max(2, count + 1));
    ws.commit();
    return count;
  } finally {
    // Close the source early on cancel or failure: a database cursor stays busy until then.
    if (!exhausted) await it.return?.();
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------
// 概要

interface OverviewLine {
  label: string;
  value: string | number | Date | null;
  note?: string;
  key?: string;
  style?: Partial<ExcelJS.Style>;
}

function overviewLines(input: ContactSheetInput, categoryNames: Map<string, string>): OverviewLine[] {
  const { summary, incident } = input;
  const exposures = incident.exposures;
  const lines: OverviewLine[] = [];
  const blank = (): void => void lines.push({ label: '', value: null });
  const exposureCodes = (record: Record<string, number>): string[] => [
    ...exposures.map((e) => e.code),
    ...Object.keys(record).filter((k) => !exposures.some((e) => e.code === k)),
  ];
  const exposureName = (code: string): string => exposureLabels([code], exposures);
  const certainty = (code: string): string | undefined => {
    const e = exposures.find((x) => x.code === code);
    return e ? (e.certainty === 'confirmed' ? '確定' : '可能性') : undefined;
  };

  lines.push({ label: '事案', value: incident.code, note: safeText(incident.title) ?? undefined, key: 'incident' });
  lines.push({ label: '分類の実行日時', value: excelJstDateTime(input.runDate) ?? input.runDate, note: '日本時間', key: 'classifiedAt', style: DATE_TIME_STYLE });
  lines.push({ label: 'この一覧の作成日時', value: excelJstDateTime(input.generatedAt), note: '日本時間', style: DATE_TIME_STYLE });
  if (input.auditHead !== undefined) {
    lines.push({ label: '監査ログの最新記録 (アンカー)', value: input.auditHead, note: 'inw audit verify --anchor で確認できます', key: 'auditHead' });
  }
  if (summary.stale) {
    lines.push({
      label: '注意',
      value: 'この分類の後に取り込まれたファイルがあります。分類をやり直してください。',
      key: 'stale',
      style: WARN_STYLE,
    });
  }
  blank();

  lines.push({ label: '決済の総数', value: summary.payments.total, key: 'payments.total' });
  lines.push({ label: 'うちカード決済', value: summary.payments.card, key: 'payments.card' });
  for (const code of exposureCodes(summary.payments.exposed)) {
    lines.push({
      label: `流出区分の対象決済 ${exposureName(code)}`,
      value: summary.payments.exposed[code] ?? 0,
      note: certainty(code),
      key: `payments.exposed.${code}`,
    });
  }
  blank();

  lines.push({ label: '人数（総数）', value: summary.persons.total, key: 'persons.total' });
  lines.push({ label: '通知対象者', value: summary.persons.notify, key: 'persons.notify' });
  const categoryCodes = [
    ...input.categories.map((c) => c.code),
    ...Object.keys(summary.persons.byCategory).filter((k) => !input.categories.some((c) => c.code === k)),
  ];
  for (const code of categoryCodes) {
    const sheet = categoryNames.get(code);
    lines.push({
      label: `区分 ${categorySheetName(code, exposures)}`,
      value: summary.persons.byCategory[code] ?? 0,
      note: sheet ? `シート「${sheet}」` : code === 'none' ? '通知不要' : undefined,
      key: `persons.byCategory.${code}`,
    });
  }
  const mailable = summary.persons.mailable ?? summary.persons.notify - summary.undeliverable;
  lines.push({
    label: '郵送できる通知対象者',
    value: mailable,
    note: summary.persons.mailable === undefined ? '通知対象者 − 郵送できない人' : undefined,
    key: 'persons.mailable',
  });
  lines.push({ label: '郵送できない通知対象者', value: summary.undeliverable, note: '住所不備など。シート「要確認」', key: 'undeliverable' });
  blank();

  lines.push({ label: '未照合の決済', value: summary.unmatchedPayments.total, note: 'シート「未照合」', key: 'unmatchedPayments.total' });
  for (const code of exposureCodes(summary.unmatchedPayments.exposed)) {
    lines.push({
      label: `未照合のうち ${exposureName(code)}`,
      value: summary.unmatchedPayments.exposed[code] ?? 0,
      key: `unmatchedPayments.exposed.${code}`,
    });
  }
  blank();

  if (summary.reviewItems) {
    const r = summary.reviewItems;
    lines.push({ label: '要確認の項目（未対応）', value: openReviewItems(r), note: 'シート「要確認」の「対応」が未対応の行' });
    lines.push({ label: '要確認 重複の可能性', value: r.nearDuplicates, key: 'reviewItems.nearDuplicates' });
    lines.push({ label: '要確認 郵送不可', value: r.undeliverable, key: 'reviewItems.undeliverable' });
    if (r.missingGlyphs !== undefined) lines.push({ label: '要確認 外字', value: r.missingGlyphs, key: 'reviewItems.missingGlyphs' });
    if (r.postalMismatches !== undefined) lines.push({ label: '要確認 〒と住所の不一致', value: r.postalMismatches, key: 'reviewItems.postalMismatches' });
    lines.push({ label: '要確認 取込時の不一致', value: r.conflicts, key: 'reviewItems.conflicts' });
    if (r.decided !== undefined) lines.push({ label: '要確認 対応済み', value: r.decided, note: 'シート「要確認」に対応の記録とともに掲載', key: 'reviewItems.decided' });
    blank();
  }

  const im = summary.imports;
  if (im.files !== undefined) lines.push({ label: '取り込んだファイル', value: im.files, key: 'imports.files' });
  if (im.acceptedRows !== undefined) lines.push({ label: '取り込んだ行', value: im.acceptedRows, key: 'imports.acceptedRows' });
  lines.push({ label: '取り込めなかった行', value: im.rejectedRows, key: 'imports.rejectedRows' });
  lines.push({ label: '重複していた行', value: im.duplicateRows, key: 'imports.duplicateRows' });
  lines.push({ label: '取込時の不一致', value: im.conflicts, key: 'imports.conflicts' });

  if (summary.warnings.length) {
    blank();
    for (const w of summary.warnings) {
      lines.push({
        label: `警告 ${w.code}`,
        value: w.count,
        note: safeText(w.message ?? null) ?? (w.exposure ? exposureName(w.exposure) : undefined),
        key: `warnings.${w.code}`,
      });
    }
  }
  return lines;
}

function openReviewItems(r: NonNullable<ContactSheetInput['summary']['reviewItems']>): number {
  return r.nearDuplicates + r.undeliverable + (r.missingGlyphs ?? 0) + (r.postalMismatches ?? 0) + r.conflicts;
}

const RECONCILIATION_HEADERS = ['流出区分', '内容', '公表値', '公表値の種類', '当方の集計', '単位', '差（当方−公表）', '判定', '備考'];

function reconciliationCells(r: ReconciliationRow, exposures: ContactSheetInput['incident']['exposures']): CellValue[] {
  const index = exposures.findIndex((e) => e.code === r.exposure);
  const difference = r.stated === null ? null : r.ours - r.stated;
  return [
    index >= 0 ? `${exposureMark(index)} ${r.exposure}` : r.exposure,
    safeText(r.label) ?? undefined,
    r.stated ?? undefined,
    r.statedKind === 'max' ? '上限（最大）' : r.statedKind === 'exact' ? '確定' : undefined,
    r.ours,
    r.unit,
    difference ?? undefined,
    reconciliationVerdictText(r),
    safeText(r.note ?? null) ?? undefined,
  ];
}

function writeOverview(ws: ExcelJS.Worksheet, input: ContactSheetInput, categoryNames: Map<string, string>): void {
  const lines = overviewLines(input, categoryNames);
  const reconciliation = input.reconciliation.map((r) => reconciliationCells(r, input.incident.exposures));
  const header = ['項目', '値', '備考', '集計キー（summary JSON）'];

  // Everything is in memory here, so the widths are measured on every cell.
  const widths: number[] = [];
  const measure = (cells: CellValue[], kinds?: Array<ColumnKind | 'datetime'>): void =>
    cells.forEach((v, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cellWidth(v, kinds?.[i] ?? 'text'));
    });
  measure(header);
  for (const l of lines) measure([l.label, l.value ?? undefined, l.note, l.key], ['text', 'datetime']);
  measure(RECONCILIATION_HEADERS);
  for (const cells of reconciliation) measure(cells);
  ws.columns = widths.map((w) => ({ width: Math.min(60, Math.max(8, w + 2)) }));

  const head = ws.addRow(header);
  head.height = 20;
  styleRow(head, HEADER_STYLE);
  head.commit();

  for (const l of lines) {
    const row = ws.addRow([l.label || undefined, l.value ?? undefined, l.note, l.key]);
    if (l.label) row.getCell(1).style = LABEL_STYLE;
    if (l.value !== null) row.getCell(2).style = l.style ?? (typeof l.value === 'number' ? COUNT_STYLE : {});
    if (l.key) row.getCell(4).style = KEY_STYLE;
    row.commit();
  }

  ws.addRow([]).commit();
  const title = ws.addRow(['公表値との照合（処理業者・事案の公表値と当方の集計）']);
  title.getCell(1).style = LABEL_STYLE;
  title.commit();
  const recHead = ws.addRow(RECONCILIATION_HEADERS);
  recHead.height = 20;
  styleRow(recHead, HEADER_STYLE);
  recHead.commit();
  for (const cells of reconciliation) {
    const row = ws.addRow(cells);
    for (const col of [3, 5, 7]) if (row.getCell(col).value != null) row.getCell(col).style = COUNT_STYLE;
    row.commit();
  }
  if (reconciliation.length === 0) ws.addRow(['（公表値の登録なし）']).commit();
  ws.commit();
}

/** A small sheet laid out by its caller: widths measured on every cell, styles by line role. */
function writeLines(ws: ExcelJS.Worksheet, lines: readonly SheetLine[]): void {
  const widths: number[] = [];
  for (const line of lines) {
    if (line.style === 'title') continue;
    line.cells.forEach((v, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cellWidth(v, 'text'));
    });
  }
  ws.columns = widths.map((w) => ({ width: Math.min(60, Math.max(8, w + 2)) }));
  for (const line of lines) {
    const row = ws.addRow(line.cells.map((c) => c ?? undefined));
    if (line.style === 'header') {
      row.height = 20;
      styleRow(row, HEADER_STYLE);
    } else if (line.style === 'title' || line.style === 'label') row.getCell(1).style = LABEL_STYLE;
    else if (line.style === 'warning') row.getCell(1).style = WARN_STYLE;
    line.cells.forEach((c, i) => {
      if (typeof c === 'number' && line.style !== 'header') row.getCell(i + 1).style = COUNT_STYLE;
    });
    row.commit();
  }
  ws.commit();
}

// ---------------------------------------------------------------------------------------

/**
 * Writes the contact sheet to `file`. Resolves with the sheet names in order and the number
 * of data rows per sheet; rejects (and leaves no file) when cancelled or on failure.
 */
export async function writeContactSheet(
  file: string,
  input: ContactSheetInput,
  opts: WriteOptions = {},
): Promise<ContactSheetResult> {
  opts.signal?.throwIfAborted();
  const tmp = `${file}.part`;
  const out = createWriteStream(tmp);
  const wb = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  writeFilterDatabaseNames(wb);
  const zip = (wb as unknown as { zip: NodeJS.EventEmitter & { abort?: () => void } }).zip;
  const failure = new Promise<never>((_, reject) => {
    out.once('error', reject);
    zip.once('error', reject);
  });
  failure.catch(() => undefined);

  // Document properties: fixed creator, never the OS user; dates from the caller.
  wb.creator = WORKBOOK_CREATOR;
  wb.lastModifiedBy = WORKBOOK_CREATOR;
  wb.created = input.generatedAt;
  wb.modified = input.generatedAt;
  wb.title = `連絡表 ${input.incident.code}`;
  wb.subject = safeText(input.incident.title) ?? '';

  const taken = new Set<string>();
  const overviewName = uniqueSheetName(OVERVIEW_SHEET, taken);
  const reserved = [UNMATCHED_SHEET, REVIEW_SHEET].map((n) => uniqueSheetName(n, taken));
  const mailPlanName = input.mailPlan ? uniqueSheetName(MAIL_PLAN_SHEET, taken) : null;
  const categoryNames = new Map<string, string>();
  for (const c of input.categories) categoryNames.set(c.code, uniqueSheetName(c.sheetName, taken));
  const [unmatchedName, reviewName] = reserved as [string, string];

  const s = input.summary;
  const knownReview = Array.isArray(input.review)
    ? input.review.length
    : s.reviewItems
      ? openReviewItems(s.reviewItems) + (s.reviewItems.decided ?? 0)
      : 0;
  const total =
    input.categories.reduce((n, c) => n + (s.persons.byCategory[c.code] ?? 0), 0) + s.unmatchedPayments.total + knownReview;
  const job = new Job(opts, total, failure);

  const sheets: string[] = [];
  const rows: Record<string, number> = {};
  try {
    // Sheets strictly one after the other (see the header comment).
    writeOverview(wb.addWorksheet(overviewName, sheetOptions()), input, categoryNames);
    sheets.push(overviewName);
    rows[overviewName] = 0;

    const categoryLabel = (code: string): string => categorySheetName(code, input.incident.exposures);
    for (const c of input.categories) {
      const name = categoryNames.get(c.code)!;
      const statusLetter = columnLetter(STATUS_COLUMN_INDEX + 1);
      rows[name] = await writeTable(wb.addWorksheet(name, sheetOptions()), personColumns(categoryLabel), c.rows, job, (ws, last) => {
        // One range for the whole column: per-cell validations were written as overlapping
        // ranges (MEASURED.md). The streaming writer emits <dataValidations> at commit.
        (ws as unknown as { dataValidations: DataValidationsLike }).dataValidations.add(`${statusLetter}2:${statusLetter}${last}`, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${LETTER_STATUSES.join(',')}"`],
          showErrorMessage: true,
          // The schema's values are stop, warning and information; openpyxl refuses anything else.
          errorStyle: 'stop',
          errorTitle: '通知書状態',
          error: `${LETTER_STATUSES.join('・')} から選んでください。`,
        });
      });
      sheets.push(name);
    }

    const exposureText = (codes: string[]): string => exposureLabels(codes, input.incident.exposures);
    rows[unmatchedName] = await writeTable(wb.addWorksheet(unmatchedName, sheetOptions()), unmatchedColumns(exposureText), input.unmatched, job);
    sheets.push(unmatchedName);

    rows[reviewName] = await writeTable(wb.addWorksheet(reviewName, sheetOptions()), reviewColumns(), input.review, job);
    sheets.push(reviewName);

    if (input.mailPlan && mailPlanName) {
      writeLines(wb.addWorksheet(mailPlanName, sheetOptions()), input.mailPlan);
      sheets.push(mailPlanName);
      rows[mailPlanName] = input.mailPlan.length;
    }

    opts.signal?.throwIfAborted();
    await Promise.race([wb.commit(), failure]);
    await rename(tmp, file);
    job.finish();
    return { sheets, rows };
  } catch (err) {
    zip.abort?.();
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
