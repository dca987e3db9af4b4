// The XLSX reader on packages written part by part (test/helpers/raw-xlsx.ts), one case per way
// real files differ from what exceljs writes: characters cut between inflated chunks, furigana,
// rich text, _xHHHH_ escapes, sheets found through the relationships, both 1904 spellings, every
// cell type, number formats, formulas without a value, and the limits that keep a hostile file
// harmless. Where the row layer decides, through a real import into SQLite.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InwError } from '../../../src-main/core/errors.js';
import { readXlsxBatches, XlsxNumber, XlsxProblem, type XlsxCell, type XlsxLimits } from '../../../src-main/core/import/xlsx.js';
import { all, openTempDb, runImport, tempDir } from '../../helpers/fixtures.js';
import { escapeXml, rowXml, textRow, writeRawXlsx, type RawBook } from '../../helpers/raw-xlsx.js';

const dir = tempDir();
let n = 0;
const file = (book: RawBook) => writeRawXlsx(join(dir, `book-${++n}.xlsx`), book);

type Shown = string | number | null | { date: string } | { value: number; shown: string } | { problem: string; shown: string };

function shown(cell: XlsxCell): Shown {
  if (cell instanceof Date) return { date: cell.toISOString() };
  if (cell instanceof XlsxNumber) return { value: cell.value, shown: cell.shown };
  if (cell instanceof XlsxProblem) return { problem: cell.kind, shown: cell.shown };
  return cell;
}

async function read(path: string, options: { sheet?: string; limits?: Partial<XlsxLimits> } = {}) {
  const rows: Array<{ line: number; cells: Shown[] }> = [];
  let sheet = '';
  for await (const batch of readXlsxBatches(path, { ...options, onSheet: (s) => (sheet = s) })) {
    for (const row of batch.rows) rows.push({ line: row.line, cells: row.cells.map(shown) });
  }
  return { sheet, rows };
}

async function failure(promise: Promise<unknown>): Promise<InwError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InwError);
  return error as InwError;
}

describe('XLSX text', () => {
  it('never splits a character cut between two inflated chunks (no U+FFFD), in shared and inline strings', async () => {
    // 3-byte characters after a 1-byte one: chunk ends (every 64 KiB) fall inside characters.
    const names = Array.from({ length: 12_000 }, (_, i) => `x${'髙橋佐藤一郎渡邉'.repeat(4)}${i}`);
    const path = file({
      sheets: [{ name: 'S', xml: names.map((t, i) => rowXml(i + 1, [[`A${i + 1}`, 't="s"', `<v>${i}</v>`], [`B${i + 1}`, 't="inlineStr"', `<is><t>${t}</t></is>`]])).join('') }],
      sharedStrings: names.map((t) => `<si><t>${t}</t></si>`),
    });
    const { rows } = await read(path);
    expect(rows).toHaveLength(names.length);
    expect(rows.filter((r) => JSON.stringify(r.cells).includes('\uFFFD'))).toEqual([]);
    expect(rows.every((r, i) => r.cells[0] === names[i] && r.cells[1] === names[i])).toBe(true);
  });

  it('leaves furigana (<rPh>, <phoneticPr>) out of shared and inline strings and joins rich-text runs', async () => {
    const path = file({
      sheets: [{
        name: 'S',
        xml:
          rowXml(1, [['A1', 't="s"', '<v>0</v>'], ['B1', 't="s"', '<v>1</v>']]) +
          rowXml(2, [['A2', 't="inlineStr"', '<is><r><t>佐藤</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 一</t></r><rPh sb="0" eb="2"><t>サトウ</t></rPh><phoneticPr fontId="1"/></is>']]),
      }],
      sharedStrings: [
        '<si><t>佐藤 一</t><rPh sb="0" eb="2"><t>サトウ</t></rPh><rPh sb="3" eb="4"><t>ハジメ</t></rPh><phoneticPr fontId="1" type="Hiragana"/></si>',
        '<si><r><t>日本</t></r><r><rPr><sz val="11"/></rPr><t>事務器</t></r><rPh sb="0" eb="2"><r><t>ニホン</t></r></rPh></si>',
      ],
    });
    expect((await read(path)).rows).toEqual([
      { line: 1, cells: ['佐藤 一', '日本事務器'] },
      { line: 2, cells: ['佐藤 一'] },
    ]);
  });

  it('decodes _xHHHH_ escapes (and _x005F_ as a literal underscore), entities and CDATA', async () => {
    const path = file({
      sheets: [{
        name: 'S',
        xml: rowXml(1, [
          ['A1', 't="s"', '<v>0</v>'],
          ['B1', 't="inlineStr"', '<is><t>東京都_x000D_\n港区</t></is>'],
          ['C1', 't="str"', '<f>A1</f><v>a&amp;b &lt;c&gt; &#x3042;</v>'],
          ['D1', 't="inlineStr"', '<is><t><![CDATA[<そのまま>]]></t></is>'],
        ]),
      }],
      sharedStrings: ['<si><t>ID_x005F_x0041_ 1_x0009_2</t></si>'],
    });
    expect((await read(path)).rows[0]!.cells).toEqual(['ID_x0041_ 1\t2', '東京都\r\n港区', 'a&b <c> あ', '<そのまま>']);
  });
});

describe('XLSX sheets', () => {
  const sheet = (name: string, text: string, extra: Partial<RawBook['sheets'][number]> = {}) => ({ name, xml: textRow(1, [text]), ...extra });

  it('finds sheets through workbook.xml and its relationships, whatever the sheetId or part name', async () => {
    // Tabs reordered in Excel: sheetIds and part numbers no longer follow the tab order.
    const path = file({
      sheets: [
        sheet('二番目に作った', 'B', { sheetId: 2, target: 'worksheets/sheet2.xml' }),
        sheet('最初に作った', 'A', { sheetId: 1, target: 'worksheets/sheet1.xml' }),
      ],
    });
    expect(await read(path)).toEqual({ sheet: '二番目に作った', rows: [{ line: 1, cells: ['B'] }] });
    expect(await read(path, { sheet: '最初に作った' })).toEqual({ sheet: '最初に作った', rows: [{ line: 1, cells: ['A'] }] });
    // One sheet left after others were deleted: sheetId 5 in sheet1.xml.
    expect((await read(file({ sheets: [sheet('決済', 'X', { sheetId: 5 })] }))).rows).toEqual([{ line: 1, cells: ['X'] }]);
    // Absolute and relative targets, and a part with another name.
    expect((await read(file({ sheets: [sheet('abs', 'Y', { target: '/xl/worksheets/data.xml' })] }))).rows).toEqual([{ line: 1, cells: ['Y'] }]);
    expect((await read(file({ sheets: [sheet('rel', 'Z', { target: '../xl/worksheets/other.xml' })] }))).rows).toEqual([{ line: 1, cells: ['Z'] }]);
  });

  it('reads the first visible sheet by default, skipping hidden and veryHidden ones; a name reaches them', async () => {
    const path = file({
      sheets: [sheet('作業用', 'hidden', { state: 'hidden' }), sheet('設定', 'very', { state: 'veryHidden' }), sheet('明細', 'visible')],
    });
    expect(await read(path)).toEqual({ sheet: '明細', rows: [{ line: 1, cells: ['visible'] }] });
    expect((await read(path, { sheet: '作業用' })).rows).toEqual([{ line: 1, cells: ['hidden'] }]);
    const missing = await failure(read(path, { sheet: 'ない' }));
    expect(missing.code).toBe('xlsx-sheet-missing');
    expect(missing.message).toContain('作業用、設定、明細');
  });

  it('refuses a workbook whose every sheet is hidden unless one is named', async () => {
    const error = await failure(read(file({ sheets: [sheet('隠し', 'h', { state: 'hidden' })] })));
    expect(error.code).toBe('xlsx-sheet-missing');
    expect(error.message).toContain('--sheet');
  });
});

describe('XLSX cells', () => {
  const dated = (workbookPr: string) =>
    file({
      workbookPr,
      sheets: [{ name: 'S', xml: rowXml(1, [['A1', 's="1"', '<v>44483.5</v>']]) }],
      cellXfs: [0, 14],
    });

  it('reads date1904 as "1" and as "true" (4 years and a day later than the same serial in 1900)', async () => {
    expect((await read(dated('<workbookPr/>'))).rows[0]!.cells).toEqual([{ date: '2021-10-14T12:00:00.000Z' }]);
    expect((await read(dated('<workbookPr date1904="1"/>'))).rows[0]!.cells).toEqual([{ date: '2025-10-15T12:00:00.000Z' }]);
    expect((await read(dated('<workbookPr date1904="true"/>'))).rows[0]!.cells).toEqual([{ date: '2025-10-15T12:00:00.000Z' }]);
    expect((await read(dated('<workbookPr date1904="false"/>'))).rows[0]!.cells).toEqual([{ date: '2021-10-14T12:00:00.000Z' }]);
  });

  it('reads every cell type: s, inlineStr, str, n, b, e, d (ISO dates), and formulas with cached values', async () => {
    const path = file({
      sheets: [{
        name: 'S',
        xml: rowXml(1, [
          ['A1', 't="s"', '<v>0</v>'],
          ['B1', 't="inlineStr"', '<is><t>inline</t></is>'],
          ['C1', 't="str"', '<f>"x"&amp;"y"</f><v>xy</v>'],
          ['D1', '', '<v>1234.5</v>'],
          ['E1', 't="n"', '<f>1+1</f><v>2</v>'],
          ['F1', 't="b"', '<v>1</v>'],
          ['G1', 't="e"', '<f>1/0</f><v>#DIV/0!</v>'],
          ['H1', 't="d"', '<v>2021-10-14T10:30:00</v>'],
          ['I1', 't="d"', '<v>2022-01-25</v>'],
          ['J1', '', '<f>SUM(D1:E1)</f>'],
          ['K1', 't="str"', '<f>A1</f>'],
          ['L1', 's="1"', ''],
        ]),
      }],
      sharedStrings: ['<si><t>shared</t></si>'],
      cellXfs: [0, 14],
    });
    expect((await read(path)).rows[0]!.cells).toEqual([
      'shared', 'inline', 'xy', 1234.5, 2, 'TRUE', { problem: 'error-value', shown: '#DIV/0!' },
      { date: '2021-10-14T10:30:00.000Z' }, { date: '2022-01-25T00:00:00.000Z' },
      { problem: 'formula-without-value', shown: '(未計算の数式)' }, { problem: 'formula-without-value', shown: '(未計算の数式)' },
    ]);
  });

  it('reads a value alike whether the cell is written plainly (<c><v>…</v></c>, read in place) or otherwise', async () => {
    // Each row: the plain form first, then the same value spelled so that it goes through the events.
    const spellings: Array<Array<[string, string]>> = [
      [['t="s"', '<v>1</v>'], ['t="s"', '<v> 1 </v>'], ['t="s"', '<v>&#49;</v>'], ['t="s"', '<v>01</v>']],
      [['', '<v>5000</v>'], ['', '<v>5000 </v>'], ['t="n"', '<v>5000</v>'], ['', '<v>5<!-- -->000</v>'], ['', '<v>50e2</v>']],
      [['', '<v>57792882271208547</v>'], ['', ' <v>57792882271208547</v>']],
      [['s="1"', '<v>44483</v>'], ['s="1"', '<v>44483.0</v>'], ['s="1"', '<v>44483</v> ']],
      [['s="2"', '<v>600001</v>'], ['s="2"', '<v>0600001</v>']],
      [['t="s"', '<v>2</v>'], ['t="str"', '<v>3</v>'], ['t="inlineStr"', '<is><t>3</t></is>']],
      [['', '<v></v>'], ['', '<v/>']],
    ];
    const path = file({
      sheets: [{ name: 'S', xml: spellings.map((row, r) => rowXml(r + 1, row.map(([attrs, inner], c) => [`${String.fromCharCode(65 + c)}${r + 1}`, attrs, inner]))).join('') }],
      sharedStrings: ['<si><t>zero</t></si>', '<si><t>one</t></si>', '<si><t>3</t></si>'],
      numFmts: [{ id: 176, code: '000-0000' }],
      cellXfs: [0, 14, 176],
    });
    const rows = (await read(path)).rows;
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]); // row 7 holds no value
    const expected = ['one', 5000, Number('57792882271208547'), { date: '2021-10-14T00:00:00.000Z' }, { value: 600001, shown: '060-0001' }, '3'];
    expect(rows.map((r) => r.cells)).toEqual(expected.map((value, r) => spellings[r]!.map(() => value)));
  });

  it('refuses a cell pointing at a shared string that does not exist, naming the cell and the index as written', async () => {
    for (const [inner, index] of [['<v>7</v>', '7'], ['<v>007</v>', '007'], ['<v>4294967296</v>', '4294967296']]) {
      const path = file({ sheets: [{ name: 'S', xml: rowXml(1, [['B1', 't="s"', inner!]]) }], sharedStrings: ['<si><t>zero</t></si>'] });
      const error = await failure(read(path));
      expect(error.message).toContain(`セル B1 が存在しない共有文字列 ${index} を指しています`);
    }
  });

  it('keeps a number with the text its format shows: postal codes, phone numbers, conditional sections, @, dates', async () => {
    const cells: Array<[string, string, string]> = [
      ['A1', 's="1"', '<v>600001</v>'],
      ['B1', 's="2"', '<v>600001</v>'],
      ['C1', 's="2"', '<v>999</v>'],
      ['D1', 's="2"', '<v>1234</v>'],
      ['E1', 's="3"', '<v>9012345678</v>'],
      ['F1', 's="4"', '<v>123</v>'],
      ['G1', 's="5"', '<v>1234567</v>'],
      ['H1', 's="6"', '<v>44483.75</v>'],
      ['I1', 's="7"', '<v>44483</v>'],
      ['J1', 's="8"', '<v>1234</v>'],
      ['K1', '', '<v>600001</v>'],
    ];
    const path = file({
      sheets: [{ name: 'S', xml: rowXml(1, cells) }],
      numFmts: [
        { id: 176, code: '000-0000' },
        { id: 177, code: '[<=999]000;[<=9999]000-00;000-0000' },
        { id: 178, code: '00000000000' },
        { id: 179, code: '"〒"000\\-0000' },
        { id: 180, code: 'yyyy/mm/dd hh:mm' },
        { id: 181, code: '[$-411]ggge"年"m"月"d"日"' },
      ],
      cellXfs: [0, 176, 177, 178, 49, 3, 180, 181, 179],
    });
    expect((await read(path)).rows[0]!.cells).toEqual([
      { value: 600001, shown: '060-0001' },
      { value: 600001, shown: '060-0001' },
      999,
      { value: 1234, shown: '012-34' },
      { value: 9012345678, shown: '09012345678' },
      123,
      { value: 1234567, shown: '1,234,567' },
      { date: '2021-10-14T18:00:00.000Z' },
      { date: '2021-10-14T00:00:00.000Z' },
      { value: 1234, shown: '〒000-1234' },
      600001,
    ]);
  });
});

describe('XLSX cells through the import', () => {
  it('stores the postal code and phone as Excel shows them, and the amount as the value', async () => {
    const { db } = openTempDb();
    const path = file({
      sheets: [{
        name: '寄付者',
        xml:
          textRow(1, ['注文番号', '氏名', '郵便番号', '住所', '電話番号', '金額']) +
          rowXml(2, [
            ['A2', 't="inlineStr"', '<is><t>D-1</t></is>'],
            ['B2', 't="s"', '<v>0</v>'],
            ['C2', 's="1"', '<v>600001</v>'],
            ['D2', 't="inlineStr"', '<is><t>北海道札幌市中央区北1条西2丁目</t></is>'],
            ['E2', 's="2"', '<v>112345678</v>'],
            ['F2', 's="3"', '<v>3000</v>'],
          ]),
      }],
      sharedStrings: ['<si><t>佐藤 一</t><rPh sb="0" eb="2"><t>サトウ</t></rPh><rPh sb="3" eb="4"><t>ハジメ</t></rPh></si>'],
      numFmts: [{ id: 176, code: '000-0000' }, { id: 177, code: '0000000000' }],
      cellXfs: [0, 176, 177, 3],
    });
    const report = await runImport(db, { file: path, kind: 'donors' });
    expect(report.rowsAccepted).toBe(1);
    expect(all(db, 'SELECT order_id AS o, name, postal_code AS zip, phone, amount FROM donor_records')).toEqual([
      { o: 'D-1', name: '佐藤 一', zip: '0600001', phone: '0112345678', amount: 3000 },
    ]);
  });

  it('rejects a row whose mapped cell is a formula without a cached value or an error, naming row and column', async () => {
    const { db } = openTempDb();
    const path = file({
      sheets: [{
        name: '明細',
        xml:
          textRow(1, ['取引ID', '決済日時', '金額']) +
          rowXml(2, [['A2', 't="inlineStr"', '<is><t>T1</t></is>'], ['B2', 't="inlineStr"', '<is><t>2021/11/01 10:00</t></is>'], ['C2', '', '<v>1000</v>']]) +
          rowXml(3, [['A3', '', '<f>CONCAT("T",ROW())</f>'], ['B3', 't="inlineStr"', '<is><t>2021/11/01 10:00</t></is>']]) +
          rowXml(4, [['A4', 't="inlineStr"', '<is><t>T4</t></is>'], ['B4', 't="e"', '<f>NA()</f><v>#N/A</v>']]) +
          rowXml(5, [['A5', 't="inlineStr"', '<is><t>T5</t></is>'], ['B5', 't="inlineStr"', '<is><t>2021/11/02</t></is>'], ['D5', 't="e"', '<v>#REF!</v>']]),
      }],
    });
    const report = await runImport(db, { file: path, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
    expect(report.rejects.map((r) => ({ line: r.line, column: r.column, code: r.code }))).toEqual([
      { line: 3, column: '取引ID', code: 'formula-without-value' },
      { line: 4, column: '決済日時', code: 'error-value' },
    ]);
    expect(report.rejects[1]!.message).toContain('#N/A');
    expect(all(db, 'SELECT transaction_id AS id FROM payments ORDER BY id')).toEqual([{ id: 'T1' }, { id: 'T5' }]);
  });

  it('reads a serial day number in a date column without a date format on the workbook\'s calendar (1904 too)', async () => {
    const paidDates = async (workbookPr: string) => {
      const { db } = openTempDb();
      const path = file({
        workbookPr,
        sheets: [{ name: 'S', xml: textRow(1, ['取引ID', '決済日時', '金額']) + rowXml(2, [['A2', 't="inlineStr"', '<is><t>T1</t></is>'], ['B2', '', '<v>44483.5</v>'], ['C2', '', '<v>1000</v>']]) }],
      });
      expect((await runImport(db, { file: path, kind: 'payments' })).rowsAccepted).toBe(1);
      return all(db, 'SELECT paid_date AS d, amount FROM payments');
    };
    expect(await paidDates('<workbookPr/>')).toEqual([{ d: '2021-10-14', amount: 1000 }]);
    expect(await paidDates('<workbookPr date1904="1"/>')).toEqual([{ d: '2025-10-15', amount: 1000 }]);
  });

  it('ignores empty styled rows and cells (a million-row styled sheet is not a million rejects)', async () => {
    const { db } = openTempDb();
    const empty = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 4}" s="1" customFormat="1"><c r="A${i + 4}" s="1"/><c r="XFD${i + 4}" s="1"/></row>`).join('');
    const path = file({
      sheets: [{
        name: '明細',
        xml: textRow(1, ['取引ID', '決済日時']) + textRow(2, ['T1', '2021/11/01']) + textRow(3, ['T2', '2021/11/02']) + empty,
      }],
      cellXfs: [0, 0],
    });
    const report = await runImport(db, { file: path, kind: 'payments' });
    expect({ read: report.rowsRead, accepted: report.rowsAccepted, rejected: report.rowsRejected }).toEqual({ read: 2, accepted: 2, rejected: 0 });
  });
});

describe('XLSX limits', () => {
  it('refuses a value beyond the column limit (a cell at XFD), naming the cell and the limit, through the import too', async () => {
    const { db } = openTempDb();
    const path = file({ sheets: [{ name: 'S', xml: textRow(1, ['取引ID', '決済日時']) + rowXml(2, [['A2', 't="inlineStr"', '<is><t>T1</t></is>'], ['XFD2', '', '<v>1</v>']]) }] });
    const error = await failure(runImport(db, { file: path, kind: 'payments' }));
    expect(error.code).toBe('xlsx-limit-columns');
    expect(error.message).toContain('XFD');
    expect(error.message).toContain('AMJ');
    expect(all(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 0 }]);
  });

  it('refuses too many shared strings, too many shared-string characters, too many cells and a sheet that inflates too far', async () => {
    const strings = Array.from({ length: 50 }, (_, i) => `<si><t>${escapeXml(`文字列${i}`)}</t></si>`);
    const sheet = { name: 'S', xml: Array.from({ length: 50 }, (_, i) => rowXml(i + 1, [[`A${i + 1}`, 't="s"', `<v>${i}</v>`]])).join('') };
    const path = file({ sheets: [sheet], sharedStrings: strings });
    expect((await read(path)).rows).toHaveLength(50);
    expect((await failure(read(path, { limits: { sharedStrings: 49 } }))).code).toBe('xlsx-limit-shared-strings');
    expect((await failure(read(path, { limits: { sharedStringChars: 100 } }))).code).toBe('xlsx-limit-shared-string-chars');
    expect((await failure(read(path, { limits: { cells: 49 } }))).code).toBe('xlsx-limit-cells');
    const bomb = file({ sheets: [{ name: 'S', xml: `${textRow(1, ['a'])}${'<row/>'.repeat(2_000_000)}` }] });
    const error = await failure(read(bomb, { limits: { sheetBytes: 1 << 20 } }));
    expect(error.code).toBe('xlsx-limit-sheet-bytes');
    expect(error.message).toContain('1,048,576');
  });

  it('reads a sheet whose declared dimension is the whole grid without allocating for it', async () => {
    const path = file({
      sheets: [{ name: 'S', xml: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>${textRow(1048576, ['last'])}</sheetData></worksheet>` }],
    });
    expect((await read(path)).rows).toEqual([{ line: 1048576, cells: ['last'] }]);
  });
});
