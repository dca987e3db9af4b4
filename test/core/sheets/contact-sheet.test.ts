// Writes a contact sheet from fixed inputs and reads it back with exceljs (and, where the
// reader hides details, from the sheet XML inside the zip).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeContactSheet } from '../../../src-main/core/sheets/contact-sheet.js';
import type { ContactSheetInput, SheetPersonRow, SheetUnmatchedRow } from '../../../src-main/core/sheets/types.js';
import { displayWidth } from '../../../src-main/core/sheets/cells.js';
import { makeInput } from './fixtures.js';
import { readZipEntry } from './zip.js';

const COUNTS = { 'token-db': 120, 'payment-db': 1, 'token-db+payment-db': 3 };
const PERSON_HEADERS = [
  '通知ID', 'お問い合わせ番号', '区分', '氏名', 'フリガナ', '〒', '住所', '電話番号', 'メール', '対象取引数',
  '最初の対象日', '最後の対象日', 'カード下4桁', '通知書状態', '発送日', '対応メモ',
];

let dir: string;
let file: string;
let input: ContactSheetInput;
let wb: ExcelJS.Workbook;
let result: Awaited<ReturnType<typeof writeContactSheet>>;
const progress: Array<[number, number | undefined]> = [];

function sheet(name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

/** The sheet XML file of a sheet name, via workbook.xml order (sheetN.xml follows it here). */
function sheetXml(name: string): string {
  const index = result.sheets.indexOf(name);
  return readZipEntry(file, `xl/worksheets/sheet${index + 1}.xml`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inw-sheet-'));
  file = join(dir, 'contacts.xlsx');
  input = makeInput(COUNTS, 25);
  // A full card number passed by mistake must still show as its last 4 only.
  const first = input.categories[0]!.rows as SheetPersonRow[];
  first[1] = { ...first[1]!, cardEndings: ['4111 1111 1111 1111'], notes: 'カード 4111111111111111 を確認' };
  // One category as an async iterable, as the database layer may give it.
  const pairRows = input.categories[2]!.rows as SheetPersonRow[];
  input.categories[2]!.rows = (async function* () {
    yield* pairRows;
  })();
  result = await writeContactSheet(file, input, { onProgress: (d, t) => progress.push([d, t]) });
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeContactSheet', () => {
  it('writes the sheets in order and reports their row counts', () => {
    const names = ['概要', '①のみ', '②のみ', '①②両方', '未照合', '要確認'];
    expect(result.sheets).toEqual(names);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
    expect(result.rows).toEqual({ 概要: 0, '①のみ': 120, '②のみ': 1, '①②両方': 3, 未照合: 25, 要確認: 3 });
    expect(existsSync(`${file}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual([152, 152]);
  });

  it('has one row per person on each category sheet, equal to the summary', () => {
    for (const c of input.categories) {
      const ws = sheet(c.sheetName);
      expect(rowValues(ws, 1)).toEqual(PERSON_HEADERS);
      expect(ws.actualRowCount - 1).toBe(input.summary.persons.byCategory[c.code]);
      for (let r = 2; r <= ws.actualRowCount; r++) expect(ws.getCell(r, 3).value).toBe(c.sheetName);
    }
  });

  it('styles the header: bold, filled, frozen, with an auto-filter', () => {
    const ws = sheet('①のみ');
    const h = ws.getCell('A1');
    expect(h.font?.bold).toBe(true);
    expect(h.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:P121');
  });

  it('keeps rows in the order given (postal code) with leading zeros as text', () => {
    const ws = sheet('①のみ');
    const postal: string[] = [];
    for (let r = 2; r <= ws.actualRowCount; r++) {
      const v = ws.getCell(r, 6).value;
      if (v != null) postal.push(v as string);
    }
    expect(postal.length).toBeGreaterThan(100);
    for (const p of postal) expect(p).toMatch(/^0\d{2}-\d{4}$/);
    expect([...postal].sort()).toEqual(postal);
    const phone = ws.getCell(2, 8);
    expect(typeof phone.value === 'string' || phone.value === null).toBe(true);
    const phones = [...Array(ws.actualRowCount - 1).keys()].map((i) => ws.getCell(i + 2, 8).value).filter((v) => v != null);
    for (const p of phones) expect(p).toMatch(/^090\d{8}$/);
    expect(ws.getColumn(6).numFmt).toBe('@');
  });

  it('writes affected dates as real date cells on the Japan calendar date', () => {
    const ws = sheet('①のみ');
    const rows = input.categories[0]!.rows as SheetPersonRow[];
    for (let r = 2; r <= 10; r++) {
      const cell = ws.getCell(r, 11);
      expect(cell.value).toBeInstanceOf(Date);
      expect(cell.numFmt).toBe('yyyy/mm/dd');
      expect((cell.value as Date).toISOString().slice(0, 10)).toBe(rows[r - 2]!.firstAffectedDate);
    }
    // Whole-day serials: Excel shows the same date in any time zone (2022-01-31 = 44592).
    expect(sheetXml('①のみ')).toMatch(/<c r="L2" s="\d+"><v>44592<\/v><\/c>/);
    const mailed = [...Array(ws.actualRowCount - 1).keys()].map((i) => ws.getCell(i + 2, 15).value).filter((v) => v != null);
    expect(mailed.length).toBeGreaterThan(0);
    for (const m of mailed) expect((m as Date).toISOString()).toBe('2022-03-01T00:00:00.000Z');
  });

  it('puts one list validation over the whole status column', () => {
    const ws = sheet('①のみ');
    const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(model['N2']).toMatchObject({ type: 'list', formulae: ['"未発送,発送済,返送,電話済,対応完了"'] });
    expect(model['N121']).toMatchObject({ type: 'list' });
    const xml = sheetXml('①のみ');
    const validations = xml.match(/<dataValidation [^>]*>/g) ?? [];
    expect(validations).toHaveLength(1);
    expect(validations[0]).toContain('sqref="N2:N121"');
    expect(xml).toContain('<formula1>&quot;未発送,発送済,返送,電話済,対応完了&quot;</formula1>');
    // Every status value written is one of the list.
    for (let r = 2; r <= ws.actualRowCount; r++) expect(['未発送', '発送済', '返送', '電話済', '対応完了']).toContain(ws.getCell(r, 14).value);
    // A one-person sheet still gets its drop-down.
    expect(sheetXml('②のみ')).toMatch(/<dataValidation [^>]*sqref="N2:N2"/);
  });

  it('writes every data validation with an errorStyle the schema allows (openpyxl refuses others)', () => {
    for (const name of result.sheets) {
      for (const tag of sheetXml(name).match(/<dataValidation [^>]*>/g) ?? []) {
        const style = /errorStyle="([^"]*)"/.exec(tag)?.[1] ?? 'stop';
        expect(['stop', 'warning', 'information'], `${name}: ${tag}`).toContain(style);
      }
    }
  });

  it('names every auto-filter in workbook.xml as Excel does, so LibreOffice keeps the filters', () => {
    const workbook = readZipEntry(file, 'xl/workbook.xml');
    const filtered = result.sheets.filter((name) => sheetXml(name).includes('<autoFilter '));
    expect(filtered).toEqual(['①のみ', '②のみ', '①②両方', '未照合', '要確認']);
    for (const name of filtered) {
      const index = result.sheets.indexOf(name);
      const ref = /<autoFilter ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"\/>/.exec(sheetXml(name))!;
      expect(workbook).toContain(
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">'${name}'!$${ref[1]}$${ref[2]}:$${ref[3]}$${ref[4]}</definedName>`,
      );
    }
    expect(workbook.match(/_xlnm\._FilterDatabase/g)).toHaveLength(filtered.length);
    // One definedNames element, between sheets and calcPr as the schema orders them.
    expect(workbook.match(/<definedNames>/g)).toHaveLength(1);
    expect(workbook.indexOf('</sheets>')).toBeLessThan(workbook.indexOf('<definedNames>'));
    const calc = workbook.indexOf('<calcPr');
    if (calc >= 0) expect(workbook.indexOf('</definedNames>')).toBeLessThan(calc);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(result.sheets);
  });

  it('sets A4 landscape, fit to one page wide, header row repeated on every page', () => {
    for (const name of result.sheets) {
      const ps = sheet(name).pageSetup;
      expect(ps.paperSize).toBe(9);
      expect(ps.orientation).toBe('landscape');
      expect(ps.fitToPage).toBe(true);
      expect(ps.fitToWidth).toBe(1);
      expect(ps.fitToHeight).toBe(0);
      expect(ps.printTitlesRow).toBe('1:1');
    }
    expect(readZipEntry(file, 'xl/workbook.xml')).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;①のみ&apos;!$1:$1</definedName>');
  });

  it('sizes columns to their content, counting East Asian characters double', () => {
    const ws = sheet('①のみ');
    PERSON_HEADERS.forEach((h, i) => expect(ws.getColumn(i + 1).width).toBeGreaterThanOrEqual(displayWidth(h) + 2));
    const longestAddress = Math.max(...(input.categories[0]!.rows as SheetPersonRow[]).map((r) => displayWidth(r.address)));
    expect(ws.getColumn(7).width).toBeGreaterThanOrEqual(longestAddress);
    expect(ws.getColumn(7).width).toBeLessThanOrEqual(60);
    expect(ws.getColumn(1).width).toBeLessThan(ws.getColumn(7).width!);
  });

  it('sets document properties without the OS user', () => {
    expect(wb.creator).toBe('Incident Notice Workbench');
    expect(wb.lastModifiedBy).toBe('Incident Notice Workbench');
    expect(wb.title).toBe('連絡表 metaps-2022');
    expect(wb.created.toISOString()).toBe('2022-03-02T01:00:00.000Z');
    const core = readZipEntry(file, 'docProps/core.xml');
    expect(core).not.toContain('ExcelJS');
  });

  it('shows the summary figures on 概要, keyed by their summary JSON path', () => {
    const ws = sheet('概要');
    const byKey = new Map<string, unknown>();
    ws.eachRow((row) => {
      const key = row.getCell(4).value;
      if (typeof key === 'string') byKey.set(key, row.getCell(2).value);
    });
    const s = input.summary;
    const expected: Record<string, unknown> = {
      incident: 'metaps-2022',
      'payments.total': s.payments.total,
      'payments.card': s.payments.card,
      'payments.exposed.token-db': 5400,
      'payments.exposed.payment-db': 12,
      'persons.total': s.persons.total,
      'persons.notify': 124,
      'persons.byCategory.token-db': 120,
      'persons.byCategory.payment-db': 1,
      'persons.byCategory.token-db+payment-db': 3,
      'persons.byCategory.none': 100,
      'persons.mailable': 123,
      undeliverable: 1,
      'unmatchedPayments.total': 25,
      'unmatchedPayments.exposed.token-db': 25,
      'unmatchedPayments.exposed.payment-db': 7,
      'reviewItems.nearDuplicates': 1,
      'reviewItems.undeliverable': 1,
      'reviewItems.conflicts': 1,
      'imports.files': 3,
      'imports.acceptedRows': 20000,
      'imports.rejectedRows': 3,
      'imports.duplicateRows': 2,
      'imports.conflicts': 1,
      'warnings.confirmed-outside-window': 0,
      'warnings.confirmed-unknown-id': 2,
    };
    for (const [key, value] of Object.entries(expected)) expect([key, byKey.get(key)]).toEqual([key, value]);
    // Run date: 2022-03-01T15:30Z is 2022/03/02 00:30 in Japan.
    const run = byKey.get('classifiedAt') as Date;
    expect(run).toBeInstanceOf(Date);
    expect(run.toISOString()).toBe('2022-03-02T00:30:00.000Z');
  });

  it('shows the reconciliation table: stated, ours, difference and verdict', () => {
    const ws = sheet('概要');
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '流出区分' && row.getCell(3).value === '公表値') headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(0);
    expect(rowValues(ws, headerRow)).toEqual(['流出区分', '内容', '公表値', '公表値の種類', '当方の集計', '単位', '差（当方−公表）', '判定', '備考']);
    expect(rowValues(ws, headerRow + 1)).toEqual(['① token-db', 'カード情報（トークンDB）', 5283, '上限（最大）', 120, '人', 120 - 5283, '上限以内']);
    expect(rowValues(ws, headerRow + 2)).toEqual(['② payment-db', '決済情報（決済DB）', 1, '確定', 1, '人', 0, '一致', '処理業者の発表']);
  });

  it('lists unmatched payments with dates, amounts and exposures', () => {
    const ws = sheet('未照合');
    expect(rowValues(ws, 1)).toEqual(['取引ID', '注文ID', '会員ID', '取引日', '決済方法', 'カード下4桁', '金額', '該当する流出区分']);
    expect(ws.actualRowCount).toBe(26);
    expect(ws.getCell('A2').value).toBe('T000000000');
    expect((ws.getCell('D2').value as Date).toISOString()).toBe('2021-01-15T00:00:00.000Z');
    expect(ws.getCell('D2').numFmt).toBe('yyyy/mm/dd');
    expect(ws.getCell('G2').value).toBe(1000);
    expect(ws.getCell('H2').value).toBe('①トークンDB、②決済DB');
    expect(ws.getCell('H3').value).toBe('①トークンDB');
    expect(ws.autoFilter).toBe('A1:H26');
  });

  it('lists review items with Japanese kinds and reasons', () => {
    const ws = sheet('要確認');
    expect(rowValues(ws, 1)).toEqual(['種別', '通知ID', '氏名', '理由', '詳細', '対応', '対応日', '対応者', '対応メモ']);
    expect(ws.getColumn(6).values.slice(2)).toEqual(['未対応', '未対応', '未対応']);
    expect(ws.getColumn(1).values.slice(2)).toEqual(['郵送不可', '重複の可能性', '取込時の不一致']);
    expect(ws.getCell('B3').value).toBe('P000002、P000003');
    expect(ws.getCell('D3').value).toBe('電話番号が同じです');
  });

  it('never shows more than the last 4 card digits', () => {
    const ws = sheet('①のみ');
    expect(ws.getCell('M3').value).toBe('1111');
    expect(ws.getCell('P3').value).toBe('カード ****1111 を確認');
    expect(sheet('要確認').getCell('E4').value).toBe('T1 ****1111');
    for (const w of wb.worksheets) {
      w.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') expect(cell.value.replace(/[ -]/g, '')).not.toMatch(/\d{13}/);
        }),
      );
    }
  });

  it('keeps formula-like text as plain text, never a formula', () => {
    const ws = sheet('①のみ');
    let found = 0;
    ws.eachRow((row) => {
      const cell = row.getCell(16);
      if (typeof cell.value === 'string' && cell.value.startsWith('=')) {
        found++;
        expect(cell.type).toBe(ExcelJS.ValueType.String);
      }
    });
    expect(found).toBe(1);
    expect(sheetXml('①のみ')).not.toContain('<f>');
  });
});

describe('writeContactSheet cancellation', () => {
  it('stops on abort and leaves no file behind', async () => {
    const out = join(dir, 'cancelled.xlsx');
    const controller = new AbortController();
    const big = makeInput({ 'token-db': 10 }, 200_000);
    let closed = false;
    const source = big.unmatched as Iterable<SheetUnmatchedRow>;
    big.unmatched = (function* () {
      try {
        yield* source;
      } finally {
        closed = true; // a database cursor would be released here
      }
    })();
    await expect(
      writeContactSheet(out, big, {
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 1000) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(closed).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('refuses to start when already aborted', async () => {
    const out = join(dir, 'never.xlsx');
    await expect(writeContactSheet(out, makeInput({ 'token-db': 1 }), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('writes a header-only sheet for an empty category', async () => {
    const out = join(dir, 'empty.xlsx');
    const i = makeInput({ 'token-db': 2 }, 0);
    i.categories.push({ code: 'payment-db', sheetName: '②のみ', rows: [] });
    const r = await writeContactSheet(out, i);
    expect(r.rows['②のみ']).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.getWorksheet('②のみ')!.actualRowCount).toBe(1);
    expect(book.getWorksheet('未照合')!.actualRowCount).toBe(1);
  });

  it('writes a 5,300-person workbook quickly', async () => {
    const out = join(dir, 'p5300.xlsx');
    const i = makeInput({ 'token-db': 5283, 'payment-db': 1, 'token-db+payment-db': 16 }, 40);
    const t = performance.now();
    const r = await writeContactSheet(out, i);
    const seconds = (performance.now() - t) / 1000;
    expect(r.rows['①のみ']).toBe(5283);
    // Target is 2 s in the benchmark; measured ≈0.5 s here. Generous for a loaded CI box.
    expect(seconds).toBeLessThan(4);
  });
});
