// `inw sheet apply`: the contact sheet's 通知書状態 / 発送日 / 対応メモ, edited by staff in Excel,
// brought back into the database. The workbook carries its creation instant (document
// property, kept by Excel; the 概要 sheet's 作成日時 as a fallback), so for every person and
// field three values are compared: as exported (the state rebuilt from history just before
// that instant), as in the sheet, and as now in the database.
//   sheet = exported             → not edited in Excel: nothing to do
//   sheet = now                  → already so (e.g. applied before): nothing to do
//   exported ≠ now (and sheet ≠) → edited in both places: a conflict, reported, not applied
//   otherwise                    → a change, applied
// All of it is one transaction; a person whose change the letter flow refuses is reported and
// left as it was. The same file (SHA-256) is refused the second time.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { appendAudit } from '../store/audit.js';
import { InwError } from '../errors.js';
import { XlsxBook, XlsxNumber, type XlsxCell } from '../import/xlsx.js';
import { letterStates, emptyLetterState, type LetterState } from './letter-state.js';
import { LETTER_STATUSES as SHEET_STATUSES } from '../sheets/columns.js';
import { fromExcelWallClock, jstDateTime, parseDate, JST_OFFSET_MS } from '../text/dates.js';
import { cleanNote, dryRunTransaction, personExists, todayJst, type TrackingContext } from '../store/context.js';
import { canMove, correctMailedDate, latestLetter, moveLetter, type LetterStatus } from './letters.js';
import { currentFollowup, setFollowup, type FollowupStatus } from './followup.js';
import { recordReturn } from './returns.js';
import { formatPersonId, parsePersonId } from '../store/ids.js';

export type SheetField = 'status' | 'mailedDate' | 'notes';
const FIELD_LABEL: Record<SheetField, string> = { status: '通知書状態', mailedDate: '発送日', notes: '対応メモ' };

export interface SheetCellRef {
  personId: string;
  sheet: string;
  row: number;
}

export interface SheetChange extends SheetCellRef {
  field: SheetField;
  label: string;
  /** The database value now. */
  from: string | null;
  /** The sheet's value, to be applied. */
  to: string | null;
}

export interface SheetConflict extends SheetCellRef {
  field: SheetField;
  label: string;
  exported: string | null;
  sheetValue: string | null;
  current: string | null;
  message: string;
}

export interface SheetIssue extends Partial<SheetCellRef> {
  sheet: string;
  row: number;
  code: string;
  message: string;
}

export interface SheetApplyResult {
  file: string;
  sha256: string;
  sheetCreatedAt: string;
  /** Changes applied (or, with dryRun, that would be applied). */
  changes: SheetChange[];
  conflicts: SheetConflict[];
  issues: SheetIssue[];
  /** Person rows read. */
  rows: number;
  applyId: number | null;
  dryRun: boolean;
}

interface SheetRow extends SheetCellRef {
  id: number;
  values: Record<SheetField, string | null>;
}

function cellString(cell: XlsxCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  return cell instanceof Date ? cell.toISOString() : String(cell);
}

function cellDate(cell: XlsxCell | undefined): string | null | 'invalid' {
  const v = cell instanceof XlsxNumber ? cell.value : cell;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return fromExcelWallClock(v)?.jstDate ?? 'invalid';
  if (typeof v === 'number') return fromExcelWallClock(new Date(Math.round((v - 25569) * 86400_000)))?.jstDate ?? 'invalid';
  const text = cellString(v);
  if (text === null || text.trim() === '') return null;
  return parseDate(text)?.jstDate ?? 'invalid';
}

/** The workbook is read with the import's XLSX reader (import/xlsx.ts): staff save it from any program. */
async function readSheetRows(file: string, issues: SheetIssue[]): Promise<{ rows: SheetRow[]; createdAt: Date | null }> {
  let book: XlsxBook;
  try {
    book = await XlsxBook.open(file);
  } catch (error) {
    if (error instanceof InwError) throw error;
    throw new InwError('xlsx-unreadable', `${basename(file)} を XLSX として読めません: ${(error as Error).message}`, { file: basename(file) });
  }
  const rows: SheetRow[] = [];
  const seen = new Map<number, string>();
  // When the workbook was made: its document property, else the 概要 sheet's 作成日時 (Japan time).
  let createdAt = await book.created();
  for (const ws of book.sheets.filter((s) => s.isWorksheet)) {
    let col: Partial<Record<'id' | SheetField, number>> | null = null;
    for await (const batch of book.batches(ws)) {
      for (const { line: r, cells } of batch.rows) {
        if (!createdAt && cellString(cells[0]) === 'この一覧の作成日時' && cells[1] instanceof Date) {
          createdAt = new Date(cells[1].getTime() - JST_OFFSET_MS);
        }
        if (r === 1) {
          col = {};
          cells.forEach((cell, n) => {
            const text = cellString(cell)?.trim();
            if (text === '通知ID') col!.id = n;
            else if (text === FIELD_LABEL.status) col!.status = n;
            else if (text === FIELD_LABEL.mailedDate) col!.mailedDate = n;
            else if (text === FIELD_LABEL.notes) col!.notes = n;
          });
          continue;
        }
        if (col?.id === undefined || col.status === undefined || col.mailedDate === undefined || col.notes === undefined) continue;
        const idText = cellString(cells[col.id])?.trim();
        if (!idText) continue;
        const at = { sheet: ws.name, row: r };
        let id: number;
        try {
          id = parsePersonId(idText);
        } catch (error) {
          issues.push({ ...at, code: 'bad-person-id', message: (error as Error).message });
          continue;
        }
        const personId = formatPersonId(id);
        const other = seen.get(id);
        if (other) {
          issues.push({ ...at, personId, code: 'duplicate-row', message: `${personId} が ${other} にもあります。この行は使いません。` });
          continue;
        }
        seen.set(id, `${ws.name} ${r}行目`);
        const status = cellString(cells[col.status])?.trim() || '未発送';
        if (!(SHEET_STATUSES as readonly string[]).includes(status)) {
          issues.push({ ...at, personId, code: 'bad-status', message: `通知書状態「${status}」は使えません (${SHEET_STATUSES.join('・')})。` });
          continue;
        }
        const mailedDate = cellDate(cells[col.mailedDate]);
        if (mailedDate === 'invalid') {
          issues.push({ ...at, personId, code: 'bad-date', message: `発送日「${cellString(cells[col.mailedDate])}」を日付として読めません。` });
          continue;
        }
        rows.push({ id, personId, ...at, values: { status, mailedDate, notes: cleanNote(cellString(cells[col.notes])) } });
      }
    }
  }
  return { rows, createdAt };
}

function fieldValue(state: LetterState, field: SheetField): string | null {
  return field === 'notes' ? cleanNote(state.notes) : state[field];
}

/** Reads the workbook, works out changes and conflicts, and applies the changes (unless dryRun). */
export async function applySheet(ctx: TrackingContext, options: { file: string; dryRun?: boolean }): Promise<SheetApplyResult> {
  const { db } = ctx;
  const fileName = basename(options.file);
  const sha256 = createHash('sha256').update(readFileSync(options.file)).digest('hex');
  const done = db.$client.prepare('SELECT id, applied_at AS at FROM sheet_applies WHERE sha256 = ?').get(sha256) as { id: number; at: string } | undefined;
  if (done) throw new InwError('already-applied', `${fileName} は反映済みです (#${done.id}、${jstDateTime(done.at)})。同じファイルは二度反映しません。`);
  const issues: SheetIssue[] = [];
  const { rows, createdAt } = await readSheetRows(options.file, issues);
  if (!createdAt) {
    throw new InwError('sheet-date-unknown', `${fileName} の作成日時が読めません (inw sheet で作った連絡表を Excel で編集したファイルを指定してください)。`);
  }
  if (rows.length === 0 && issues.length === 0) {
    throw new InwError('no-person-rows', `${fileName} に対象者の行がありません (見出し「通知ID」「通知書状態」「発送日」「対応メモ」の表が必要です)。`);
  }
  const exported = letterStates(db, createdAt);
  const current = letterStates(db);
  const result: SheetApplyResult = {
    file: fileName, sha256, sheetCreatedAt: createdAt.toISOString(), changes: [], conflicts: [], issues, rows: rows.length, applyId: null,
    dryRun: options.dryRun ?? false,
  };
  const plans: Array<{ row: SheetRow; changes: SheetChange[] }> = [];
  for (const row of rows) {
    if (!personExists(db, row.id)) {
      issues.push({ sheet: row.sheet, row: row.row, personId: row.personId, code: 'person-not-found', message: `${row.personId} はこのデータベースにいません。` });
      continue;
    }
    const exp = exported.get(row.id) ?? emptyLetterState();
    const cur = current.get(row.id) ?? emptyLetterState();
    const changes: SheetChange[] = [];
    for (const field of ['status', 'mailedDate', 'notes'] as const) {
      const sheetValue = row.values[field];
      const expValue = fieldValue(exp, field);
      const curValue = fieldValue(cur, field);
      if (sheetValue === expValue || sheetValue === curValue) continue;
      const ref = { personId: row.personId, sheet: row.sheet, row: row.row, field, label: FIELD_LABEL[field] };
      if (curValue !== expValue) {
        result.conflicts.push({
          ...ref, exported: expValue, sheetValue, current: curValue,
          message: `${row.personId} の${FIELD_LABEL[field]}は一覧の作成後にアプリでも変更されています (作成時「${expValue ?? ''}」→ 一覧「${sheetValue ?? ''}」、現在「${curValue ?? ''}」)。反映しません。`,
        });
        continue;
      }
      changes.push({ ...ref, from: curValue, to: sheetValue });
    }
    if (changes.length > 0) plans.push({ row, changes });
  }
  const now = ctx.now();
  const run = () => {
    const info = db.$client.prepare(
      'INSERT INTO sheet_applies (file_name, sha256, sheet_created_at, applied, conflicts, issues, applied_at, actor) VALUES (?, ?, ?, 0, ?, 0, ?, ?)',
    ).run(fileName, sha256, result.sheetCreatedAt, result.conflicts.length, now.toISOString(), ctx.actor);
    const applyId = Number(info.lastInsertRowid);
    for (const plan of plans) {
      try {
        // A savepoint per person: a refused move leaves that person exactly as before.
        db.$client.transaction(() => applyPerson(ctx, plan.row, plan.changes, applyId, now))();
        result.changes.push(...plan.changes);
      } catch (error) {
        if (!(error instanceof InwError)) throw error;
        issues.push({ sheet: plan.row.sheet, row: plan.row.row, personId: plan.row.personId, code: error.code, message: error.message });
      }
    }
    db.$client.prepare('UPDATE sheet_applies SET applied = ?, issues = ? WHERE id = ?').run(result.changes.length, issues.length, applyId);
    result.applyId = applyId;
    if (result.dryRun) return;
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'sheet-apply',
      detail: {
        applyId, file: fileName, sha256, sheetCreatedAt: result.sheetCreatedAt, applied: result.changes.length, conflicts: result.conflicts.length,
        issues: issues.length, persons: [...new Set(result.changes.map((c) => c.personId))],
      },
    });
  };
  if (!dryRunTransaction(db, result.dryRun, run)) result.applyId = null;
  return result;
}

/** What a sheet status means for the newest letter and for the follow-up. */
const TARGET: Record<string, { letter: LetterStatus | 'unmailed' | null; followup: FollowupStatus | null }> = {
  未発送: { letter: 'unmailed', followup: null },
  発送済: { letter: '発送', followup: null },
  返送: { letter: '返送', followup: null },
  電話済: { letter: null, followup: '電話済' },
  対応完了: { letter: null, followup: '対応完了' },
};

function applyPerson(ctx: TrackingContext, row: SheetRow, changes: SheetChange[], applyId: number, now: Date): void {
  const { db } = ctx;
  const change = (field: SheetField) => changes.find((c) => c.field === field);
  const status = change('status');
  const mailed = change('mailedDate');
  const mailedDate = row.values.mailedDate;
  const info = { at: now, actor: ctx.actor, source: 'sheet' as const, ref: applyId };
  if (status) {
    const target = TARGET[status.to ?? '未発送']!;
    const letter = latestLetter(db, row.id);
    if (target.letter === 'unmailed') {
      if (letter && letter.status !== '生成' && letter.status !== '印刷') {
        throw new InwError('bad-transition', `${row.personId} の通知書は「${letter.status}」なので「未発送」に戻せません。`);
      }
    } else if (target.letter !== null && letter?.status !== target.letter) {
      if (!letter) throw new InwError('no-letter', `${row.personId} には通知書がないため「${status.to}」にできません。`);
      if (!canMove(letter.status, target.letter)) {
        throw new InwError('bad-transition', `${row.personId} の通知書は「${letter.status}」なので「${status.to}」にできません。`);
      }
      if (target.letter === '発送') {
        if (!mailedDate) throw new InwError('mailed-date-required', `${row.personId} を「発送済」にするには発送日を入力してください。`);
        moveLetter(db, letter.id, { to: '発送', mailedDate, ...info });
      } else if (target.letter === '返送') {
        recordReturn(ctx, { letter: letter.id, returnedDate: todayJst(now), reason: '連絡表 (Excel) で返送と入力' }, { audit: false });
      }
    }
    if (target.followup === '対応完了' && letter && canMove(letter.status, '対応完了')) {
      moveLetter(db, letter.id, { to: '対応完了', ...info });
    }
    if (currentFollowup(db, row.id).status !== target.followup) setFollowup(db, row.id, { status: target.followup, ...info });
  }
  if (mailed && !(status && status.to === '発送済')) {
    const letter = latestLetter(db, row.id);
    if (!letter || letter.mailedDate === null) throw new InwError('not-mailed', `${row.personId} の通知書は発送されていないため、発送日だけを入れることはできません。`);
    if (!mailedDate) throw new InwError('mailed-date-required', `${row.personId} の発送日は消せません (訂正する日付を入力してください)。`);
    correctMailedDate(db, letter.id, mailedDate, info);
  }
  const notes = change('notes');
  if (notes) setFollowup(db, row.id, { notes: notes.to, ...info });
}
