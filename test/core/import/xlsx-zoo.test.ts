// XLSX files no one here wrote, taken from other readers' public test suites (origin, commit and
// licence in test/fixtures/xlsx/SOURCES.md): made by Japanese Excel, Mac Excel, Excel in Strict
// Open XML, LibreOffice, Google Sheets and openpyxl. Each test asserts the values those projects'
// own tests assert (or, where they assert none, what the application that made the file shows).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsxBatches, XlsxBook, XlsxNumber, XlsxProblem, type XlsxCell } from '../../../src-main/core/import/xlsx.js';
import { ROOT } from '../../helpers/fixtures.js';

const zoo = (name: string) => join(ROOT, 'test', 'fixtures', 'xlsx', name);

function shown(cell: XlsxCell): unknown {
  if (cell instanceof Date) return cell.toISOString().replace(/T00:00:00\.000Z$/, '');
  // A bare number of a 1904 workbook comes marked with its calendar; it shows as itself.
  if (cell instanceof XlsxNumber) return cell.shown === String(cell.value) ? cell.value : `${cell.value}→${cell.shown}`;
  if (cell instanceof XlsxProblem) return `${cell.kind}:${cell.shown}`;
  return cell;
}

async function rows(file: string, sheet?: string): Promise<Array<[number, ...unknown[]]>> {
  const out: Array<[number, ...unknown[]]> = [];
  for await (const batch of readXlsxBatches(zoo(file), { sheet })) for (const row of batch.rows) out.push([row.line, ...row.cells.map(shown)]);
  return out;
}

describe('XLSX zoo: text', () => {
  it('Japanese Excel: a shared string with furigana reads as the text, not its reading (ExcelDataReader phonetic_issue)', async () => {
    expect(await rows('edr-phonetic_issue.xlsx')).toEqual([[1, '日本事務器(株)']]);
  });

  it('LibreOffice: furigana on a rich-text shared string (calamine rph)', async () => {
    expect(await rows('calamine-rph.xlsx')).toEqual([[1, '課きく　毛こ']]);
  });

  it('Excel: _x000D_ before a line break in a shared and in an inline string (calamine has_x000D_)', async () => {
    expect(await rows('calamine-has_x000D_.xlsx')).toEqual([[1, 'ABC\r\nDEF']]);
    expect(await rows('calamine-has_x000D_inline.xlsx')).toEqual([[1, 'ABC\r\nDEF']]);
  });

  it('Excel: rich text in an inline string and in a shared string, with namespace prefixes (calamine richtext-namespaced)', async () => {
    expect(await rows('calamine-richtext-namespaced.xlsx')).toEqual([
      [1, 'inline string\nLine 2\nLine 3', null, null, null, null, null, null, 'shared string\nLine 2\nLine 3'],
    ]);
  });

  it('inline strings in CDATA, and an `x:` prefix on every element (calamine inlineStr_cdata, nonstandard-xml-ns-prefix)', async () => {
    expect(await rows('calamine-inlineStr_cdata.xlsx')).toEqual([[1, 'Hello CDATA', 'World'], [2, '12345', 'NormalText']]);
    expect(await rows('calamine-nonstandard-xml-ns-prefix.xlsx')).toEqual([[1, 'a', 'b'], [2, 1, 3], [3, 2, 4]]);
  });

  it('Excel: cells formatted as text (@) keep what was typed; the number in a @ cell is a number (ExcelDataReader Format49_@)', async () => {
    expect(await rows('edr-Format49_at.xlsx')).toEqual([[1, '2010-05-05', '1.1', 2.2, 123, '2,2']]);
  });
});

describe('XLSX zoo: sheets', () => {
  it('Excel: the first visible worksheet by default; hidden, veryHidden and chart sheets are not it (calamine any_sheets)', async () => {
    const book = await XlsxBook.open(zoo('calamine-any_sheets.xlsx'));
    expect(book.sheets.map((s) => [s.name, s.state, s.isWorksheet])).toEqual([
      ['Visible', 'visible', true], ['Hidden', 'hidden', true], ['VeryHidden', 'veryHidden', true], ['Chart', 'visible', false],
    ]);
    expect(await rows('calamine-any_sheets.xlsx')).toEqual([
      [1, 1, 2], [2, 3, 4], [3, 5, 6], [5, 'This workbook contains 4 sheets: Visible, Hidden, VeryHidden and Chart'],
    ]);
    await expect(rows('calamine-any_sheets.xlsx', 'Chart')).rejects.toMatchObject({ code: 'xlsx-sheet-missing' });
  });

  it('Excel in Strict Open XML (other namespaces, other relationship types) (calamine strict_iso_paths)', async () => {
    const read = await rows('calamine-strict_iso_paths.xlsx');
    expect(read).toHaveLength(76);
    expect(read[0]!.slice(0, 4)).toEqual([1, 'Item', 'Thickness', 'Number Off Bends']);
    expect(read[1]!.slice(0, 5)).toEqual([2, '150-031260-001_B', '1.5→1.50', 7, 4]);
  });

  it('openpyxl: a worksheet target written as an absolute path (calamine table_with_absolute_paths)', async () => {
    expect(await rows('calamine-table_with_absolute_paths.xlsx')).toEqual([[1, 'Item', 'Name'], [2, 100, 'North'], [3, 200, 'South'], [4, 101, 'West'], [5, 290, 'East']]);
  });

  it('part names in any case (xl/WorkBook.xml, xl/WorkSheets/SHEET1.xml) (ExcelDataReader Test_git_issue_301_IgnoreCase)', async () => {
    const read = await rows('edr-Test_git_issue_301_IgnoreCase.xlsx');
    expect(read).toHaveLength(10);
    expect(read[0]).toEqual([1, 'col1', null, 'col3', null, 'col5', null, 'col7', null, 'col9']);
    expect(read[2]).toEqual([3, '10x11', '10x12', '10x13', '10x14', '10x15', '10x16', '10x17', '10x18', '10x19', '10x20']);
  });

  it('cells and rows without an r attribute, parts named sheet.xml (ExcelDataReader NoDimensionOrCellReferenceAttribute)', async () => {
    const read = await rows('edr-NoDimensionOrCellReferenceAttribute.xlsx', 'Country');
    expect(read).toHaveLength(20);
    expect(read[0]).toEqual([1, 'Date', 'Name', 'IndexGross', 'PriceReturn', 'DividendReturnGross', 'TotalReturnGross', 'Stocks', 'PriceIndex']);
    expect(read[1]!.slice(0, 3)).toEqual([2, '2017-03-06', 'GPR 250 EUR AUS']);
  });
});

describe('XLSX zoo: numbers and dates', () => {
  it('Google Sheets: numbers, text and short rows (ExcelDataReader Test_googlesourced)', async () => {
    expect(await rows('edr-Test_googlesourced.xlsx')).toEqual([
      [1, 'UPC', 'Special offer price', 'Regular price', 'Description', 'Special offer start', 'Special offer end'],
      [2, 9583638582, 49.99, 69.99, 'One time special offer', 'April 1st 2013', 'May 1st 2013'],
      [3, 9745683492, 10.99, 18.95, 'New years sale', 'Jan 1st 2013', 'Jan 3rd 2013'],
      [4, 123, 1, 2],
      [5, 1234],
    ]);
  });

  it('LibreOffice and Excel: date1904="true" dates (calamine date_1904, ExcelDataReader Test_git_Issue_649)', async () => {
    expect((await rows('calamine-date_1904.xlsx')).slice(0, 2)).toEqual([[1, '2021-01-01', 15], [2, '2021-01-02', 16]]);
    expect(await rows('edr-Test_git_Issue_649_Date1904_Parsings.xlsx')).toEqual([[12, ...Array(12).fill(null), '2023-09-01']]);
  });

  it('Mac Excel: date1904="1" dates (ExcelDataReader roo_1904_base)', async () => {
    expect(await rows('edr-roo_1904_base.xlsx')).toEqual([[1, '2009-06-15'], [2, '2013-04-19']]);
  });

  it('openpyxl: ISO 8601 date cells (t="d") (calamine date_iso)', async () => {
    expect((await rows('calamine-date_iso.xlsx')).slice(0, 3)).toEqual([[1, '2021-01-01'], [2, '2021-01-01T10:10:10.000Z'], [3, '1899-12-30T10:10:10.000Z']]);
  });

  it('Excel: every error value is a problem cell, never text (calamine errors)', async () => {
    expect(await rows('calamine-errors.xlsx')).toEqual(
      ['#DIV/0!', '#NAME?', '#VALUE!', '#NULL!', '#REF!', '#NUM!', '#N/A'].map((e, i) => [i + 1, `error-value:${e}`]),
    );
  });
});
