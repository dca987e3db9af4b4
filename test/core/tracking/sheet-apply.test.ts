// The Excel round trip: the contact sheet exported, edited with exceljs as staff would in
// Excel, applied back. Changes are applied with a preview, edits made in both places are
// conflicts, and nothing is applied twice.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  applySheet, createMailingBatch, exportContactSheet, isInwError, letterHistory, letterStates, recordReturn, setFollowup,
} from '../../../src-main/core/index.js';
import { tempDir } from '../../helpers/fixtures.js';
import { makeLetters, rows, trackingDb } from './fixtures.js';

const pid = (p: number) => `P${String(p).padStart(6, '0')}`;

/** Edits person rows of the workbook: cells by header name. */
async function editWorkbook(from: string, to: string, edits: Record<string, Record<string, string | Date | null>>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  for (const ws of wb.worksheets) {
    const header = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    const idCol = header.indexOf('通知ID');
    if (idCol < 0 || !header.includes('通知書状態')) continue;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const edit = edits[String(row.getCell(idCol).value)];
      if (!edit) return;
      for (const [name, value] of Object.entries(edit)) row.getCell(header.indexOf(name)).value = value;
    });
  }
  await wb.xlsx.writeFile(to);
}

describe('inw sheet apply', async () => {
  const dir = tempDir('inw-sheet-apply-');
  const fx = await trackingDb(dir);
  const letters = makeLetters(fx);
  const [p1, p2, p3, p4, p5] = ['M-1', 'M-2', 'M-3', 'M-4', 'M-5'].map((m) => fx.person[m]!) as [number, number, number, number, number];
  createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納', letterIds: [letters.get(p1)!, letters.get(p2)!, letters.get(p4)!] });
  setFollowup(fx.db, p4, { notes: '電話番号なし', source: 'manual', at: fx.ctx.now(), actor: 'test' });
  const exported = join(dir, 'contact.xlsx');
  await exportContactSheet({ db: fx.db, file: exported, now: fx.ctx.now, actor: 'test' });
  // Changes in the app after the export.
  recordReturn(fx.ctx, { person: p2, returnedDate: '2022-03-09', reason: '転居先不明' });
  setFollowup(fx.db, p4, { notes: '家族から折り返し予定', source: 'manual', at: fx.ctx.now(), actor: 'test' });
  // Edits in Excel.
  const edited = join(dir, 'contact-edited.xlsx');
  await editWorkbook(exported, edited, {
    [pid(p1)]: { 通知書状態: '電話済', 対応メモ: '本人と通話。カード再発行済み' },
    [pid(p2)]: { 通知書状態: '対応完了' },
    [pid(p3)]: { 通知書状態: '返送' },
    [pid(p4)]: { 対応メモ: '不在' },
    [pid(p5)]: { 通知書状態: '発送済', 発送日: new Date(Date.UTC(2022, 2, 8)) },
  });

  it('the exported sheet shows the state as it was; exceljs keeps the creation date', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(edited);
    expect(wb.created).toBeInstanceOf(Date);
    expect(letterStates(fx.db).get(p2)?.status).toBe('返送');
  });

  it('a dry run previews the changes and conflicts and writes nothing', async () => {
    const before = rows(fx.db, 'SELECT * FROM letters ORDER BY id');
    const preview = await applySheet(fx.ctx, { file: edited, dryRun: true });
    expect(preview.applyId).toBeNull();
    expect(preview.changes.map((c) => [c.personId, c.field, c.from, c.to])).toEqual([
      [pid(p1), 'status', '発送済', '電話済'],
      [pid(p1), 'notes', null, '本人と通話。カード再発行済み'],
      [pid(p5), 'status', '未発送', '発送済'],
      [pid(p5), 'mailedDate', null, '2022-03-08'],
    ]);
    expect(rows(fx.db, 'SELECT * FROM letters ORDER BY id')).toEqual(before);
    expect(rows(fx.db, 'SELECT * FROM sheet_applies')).toEqual([]);
  });

  it('applies the changes, reports the conflicts (edited in both places) and the refused moves', async () => {
    const result = await applySheet(fx.ctx, { file: edited });
    expect(result.applyId).not.toBeNull();
    expect(result.changes).toHaveLength(4);
    expect(result.conflicts.map((c) => [c.personId, c.field, c.exported, c.sheetValue, c.current])).toEqual([
      [pid(p2), 'status', '発送済', '対応完了', '返送'],
      [pid(p4), 'notes', '電話番号なし', '不在', '家族から折り返し予定'],
    ]);
    expect(result.issues.map((i) => [i.personId, i.code])).toEqual([[pid(p3), 'no-letter']]);
    const now = letterStates(fx.db);
    expect(now.get(p1)).toEqual({ status: '電話済', mailedDate: '2022-03-05', notes: '本人と通話。カード再発行済み' });
    expect(now.get(p2)?.status).toBe('返送');
    expect(now.get(p4)?.notes).toBe('家族から折り返し予定');
    expect(now.get(p5)).toEqual({ status: '発送済', mailedDate: '2022-03-08', notes: null });
    expect(letterHistory(fx.db, p5).slice(-2).map((h) => [h.to, h.source])).toEqual([['印刷', 'sheet'], ['発送', 'sheet']]);
    expect(rows(fx.db, "SELECT action FROM audit_log WHERE action = 'sheet-apply'")).toHaveLength(1);
  });

  it('nothing is applied twice: the same file is refused, a re-saved copy changes nothing', async () => {
    let code: string | undefined;
    try {
      await applySheet(fx.ctx, { file: edited });
    } catch (e) {
      code = isInwError(e) ? e.code : 'other';
    }
    expect(code).toBe('already-applied');
    const resaved = join(dir, 'contact-resaved.xlsx');
    await editWorkbook(edited, resaved, { [pid(p5)]: { 電話番号: '022-000-0000' } }); // not a tracked column
    const before = { f: rows(fx.db, 'SELECT * FROM person_followups'), h: rows(fx.db, 'SELECT * FROM letter_status_history') };
    const again = await applySheet(fx.ctx, { file: resaved });
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toHaveLength(2);
    expect({ f: rows(fx.db, 'SELECT * FROM person_followups'), h: rows(fx.db, 'SELECT * FROM letter_status_history') }).toEqual(before);
  });

  it('a fresh export round-trips without changes', async () => {
    const file = join(tempDir('inw-sheet-fresh-'), 'fresh.xlsx');
    await exportContactSheet({ db: fx.db, file, now: fx.ctx.now, actor: 'test' });
    const result = await applySheet(fx.ctx, { file });
    expect([result.changes, result.conflicts, result.issues]).toEqual([[], [], []]);
    expect(result.rows).toBe(5);
  });
});
