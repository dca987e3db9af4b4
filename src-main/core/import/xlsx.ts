// Reads the rows of one worksheet of an XLSX file, streaming: the package's zip directory is
// read once, the sheet part is inflated and tokenised chunk by chunk (a character cut between
// two chunks waits for the next one), so memory grows with the shared strings and one batch of
// rows, never with the sheet or its declared dimensions.
//
// Chosen by measurement (README, Performance): exceljs's streaming reader splits multi-byte
// characters at chunk ends and reads furigana as the text; SheetJS loads the whole workbook
// (over 1 GB for the 460k-row case); this reader (node:zlib + xml-scan.ts) is the fastest of
// the three and small enough to read.
//
// What it gets right, each with a test: sheets resolved through workbook.xml and its
// relationships (the first visible worksheet unless one is named; hidden ones skipped),
// furigana (<rPh>) left out of shared and inline strings, rich-text runs joined, _xHHHH_
// escapes decoded, date1904 in both spellings, every cell type (s, inlineStr, str, n, b, e, d),
// and numbers kept together with the text their number format shows.
// Dates come back as a Date whose UTC fields are the cell's wall-clock value (Japan time by
// spec). A formula without a cached value and an error value come back as an XlsxProblem,
// which the row layer rejects with its row and column.
import { isAscii } from 'node:buffer';
import { basename, posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InwError } from '../errors.js';
import { digitsAt } from '../text/digits.js';
import { formatCode, formatNumber, isDateFormat } from './numfmt.js';
import { XmlScanner, attr, textOf, type XmlHandler } from './xml-scan.js';
import { entryChunks, openZip, type ZipEntry, type ZipFile } from './zip.js';

/** A number whose cell format shows it as other text than its digits (600001 shown as 060-0001). */
export class XlsxNumber {
  constructor(
    readonly value: number,
    readonly shown: string,
    /** The workbook counts days from 1904 (Mac Excel): a serial in a date column means another day. */
    readonly date1904 = false,
  ) {}

  toString(): string {
    return this.shown;
  }
}

/** A cell with no usable value: a formula never calculated, or an error such as #N/A. */
export class XlsxProblem {
  constructor(
    readonly kind: 'formula-without-value' | 'error-value',
    readonly shown: string,
  ) {}

  toString(): string {
    return this.shown;
  }
}

export type XlsxCell = string | number | Date | XlsxNumber | XlsxProblem | null;

export interface XlsxRow {
  /** The worksheet row number, reported to the user as the line. */
  line: number;
  cells: XlsxCell[];
}

/** Bounds that keep a hostile file harmless; each refusal names the one that was hit. */
export interface XlsxLimits {
  /** Uncompressed bytes of the worksheet part (a zip bomb stops here). */
  sheetBytes: number;
  /** Uncompressed bytes of any other part (workbook, relationships, styles, shared strings). */
  partBytes: number;
  sharedStrings: number;
  sharedStringChars: number;
  /** The last column a value may be in. */
  columns: number;
  /** Cells with a value in the sheet. */
  cells: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  sheetBytes: 1 << 30,
  partBytes: 512 << 20,
  sharedStrings: 5_000_000,
  sharedStringChars: 100_000_000,
  columns: 1024,
  cells: 50_000_000,
};

const EXCEL_MAX_COLUMNS = 16_384;

export interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Worksheets hold cells; chart and dialog sheets do not. */
  isWorksheet: boolean;
  entry: ZipEntry | undefined;
}

interface CellStyle {
  date: boolean;
  code: string | undefined;
}

const fmt = new Intl.NumberFormat('ja-JP');

function limitError(file: string, code: string, what: string, limit: number): InwError {
  return new InwError(
    `xlsx-limit-${code}`,
    `${file}: ${what}が上限 (${fmt.format(limit)}) を超えています。不要な部分を削除するか、シートを分けて保存し直してください。`,
    { file },
  );
}

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
function unescapeText(text: string): string {
  return text.includes('_x') ? text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/**
 * Decodes a part's bytes: UTF-8 unless a BOM says UTF-16. The bytes of a character cut at a
 * chunk's end are kept for the next chunk (exceljs decoded each chunk alone and wrote U+FFFD);
 * an all-ASCII chunk, most of a worksheet, is decoded as Latin-1, which is several times faster.
 */
class PartDecoder {
  private utf16: StringDecoder | null = null;
  private rest: Buffer | null = null;
  private first = true;

  write(chunk: Buffer): string {
    let data = chunk;
    if (this.first) {
      this.first = false;
      if (data[0] === 0xff && data[1] === 0xfe) this.utf16 = new StringDecoder('utf16le');
      else if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      if (this.utf16) return this.utf16.write(data.subarray(2));
    }
    if (this.utf16) return this.utf16.write(data);
    if (this.rest) {
      data = Buffer.concat([this.rest, data]);
      this.rest = null;
    }
    let end = data.length;
    // Back up over an incomplete trailing sequence: continuation bytes (10xxxxxx) after its lead byte.
    let k = end - 1;
    while (k >= 0 && end - k <= 4 && (data[k]! & 0xc0) === 0x80) k--;
    if (k >= 0 && data[k]! >= 0xc0) {
      const need = data[k]! >= 0xf0 ? 4 : data[k]! >= 0xe0 ? 3 : 2;
      if (end - k < need) end = k;
    }
    if (end < data.length) this.rest = Buffer.from(data.subarray(end));
    const whole = data.subarray(0, end);
    return isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8');
  }

  end(): string {
    if (this.utf16) return this.utf16.end();
    const rest = this.rest;
    this.rest = null;
    return rest ? rest.toString('utf8') : '';
  }
}

function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** An Excel serial day number as wall-clock time; null outside Excel's calendar. */
export function serialToDate(serial: number, date1904: boolean): Date | null {
  if (!(serial >= 0 && serial < 2_958_466)) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  // Excel counts a 29 February 1900 that never was: serials 1–60 sit one day later.
  const days = serial >= 1 && serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * DAY_MS));
}

const ISO_CELL = /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/;

/** A t="d" cell: ISO 8601 date, date-time or time, read as wall-clock time (a zone suffix is ignored). */
function isoToDate(text: string): Date | null {
  const m = ISO_CELL.exec(text.trim());
  if (!m || m[0] === '') return null;
  const [y, mo, d] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1899, 12, 30];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The shared-strings table, compact: strings are joined into pages of about a million characters
 * and found by page and offset. A million separate strings cost three times the memory (object
 * headers, and slices that keep whole XML chunks alive); the 460k-row case has 976k of them.
 */
class SharedStrings {
  private readonly pages: string[] = [];
  private parts: string[] = [];
  private partsLength = 0;
  private pageOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  count = 0;

  add(text: string): void {
    if (this.count === this.pageOf.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.pageOf = grow(this.pageOf);
      this.startOf = grow(this.startOf);
    }
    this.pageOf[this.count] = this.pages.length;
    this.startOf[this.count] = this.partsLength;
    this.count++;
    this.parts.push(text);
    this.partsLength += text.length;
    if (this.partsLength >= 1 << 20) this.flush();
  }

  /** Ends the current page (and the table, when all is read). */
  flush(): void {
    if (this.parts.length === 0) return;
    this.pages.push(this.parts.join(''));
    this.parts = [];
    this.partsLength = 0;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const page = this.pageOf[index]!;
    const end = index + 1 < this.count && this.pageOf[index + 1] === page ? this.startOf[index + 1] : undefined;
    return this.pages[page]!.slice(this.startOf[index], end);
  }
}

/** Collects text of <t> elements inside one string item, leaving out furigana (<rPh>). */
class StringItem {
  depthInPhonetic = 0;
  inText = false;
  text = '';

  open(name: string): void {
    if (name === 'rPh') this.depthInPhonetic++;
    else if (name === 't' && this.depthInPhonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh') this.depthInPhonetic--;
    else if (name === 't') this.inText = false;
  }

  take(): string {
    const text = unescapeText(this.text);
    this.text = '';
    this.depthInPhonetic = 0;
    this.inText = false;
    return text;
  }
}

async function scanPart(
  zip: ZipFile, entry: ZipEntry, handler: XmlHandler, maxBytes: number, tooLarge: () => InwError, onChunk?: (compressedRead: number) => void,
): Promise<void> {
  const file = basename(zip.path);
  const scanner = new XmlScanner(handler, (why) => new InwError('xlsx-unreadable', `${file}: ${entry.name} の XML が壊れています (${why})。`, { file }));
  const decoder = new PartDecoder();
  for await (const chunk of entryChunks(zip, entry, maxBytes, tooLarge)) {
    scanner.push(decoder.write(chunk.data));
    onChunk?.(chunk.compressedRead);
  }
  scanner.push(decoder.end());
  scanner.end();
}

interface Relationship {
  type: string;
  target: string;
}

/** The relationships of a part, targets resolved to package paths (absolute and relative alike). */
async function relationshipsOf(zip: ZipFile, part: string, limits: XlsxLimits): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(part);
  const relsEntry = zip.find(posix.join(dir, '_rels', `${posix.basename(part)}.rels`));
  const rels = new Map<string, Relationship>();
  if (!relsEntry) return rels;
  await scanPart(zip, relsEntry, {
    wantText: false,
    open(name, buf, from, to) {
      if (name !== 'Relationship') return;
      const attrs = buf.slice(from, to);
      if (attr(attrs, 'TargetMode') === 'External') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id === undefined || target === undefined) return;
      const path = target.startsWith('/') ? target.slice(1) : posix.join(dir, target);
      rels.set(id, { type: attr(attrs, 'Type') ?? '', target: posix.normalize(path) });
    },
    close() {},
    text() {},
  }, limits.partBytes, () => limitError(basename(zip.path), 'part-bytes', `${relsEntry.name} の大きさ`, limits.partBytes));
  return rels;
}

const typeIs = (rel: Relationship, kind: string) => rel.type.endsWith(`/${kind}`);

export class XlsxBook {
  private sharedStrings: SharedStrings | null = null;
  private styles: CellStyle[] | null = null;

  private constructor(
    readonly zip: ZipFile,
    readonly sheets: SheetInfo[],
    readonly date1904: boolean,
    private readonly parts: { sharedStrings?: ZipEntry; styles?: ZipEntry; core?: ZipEntry },
    readonly limits: XlsxLimits,
  ) {}

  get file(): string {
    return basename(this.zip.path);
  }

  static async open(path: string, limits: Partial<XlsxLimits> = {}): Promise<XlsxBook> {
    const all = { ...XLSX_LIMITS, ...limits };
    const zip = await openZip(path);
    const rootRels = await relationshipsOf(zip, '', all);
    const officeDoc = [...rootRels.values()].find((r) => typeIs(r, 'officeDocument'));
    const workbookPath = officeDoc?.target ?? 'xl/workbook.xml';
    const workbook = zip.find(workbookPath);
    if (!workbook) {
      throw new InwError('xlsx-unreadable', `${basename(path)}: XLSX ファイルとして読めません (${workbookPath} がありません)。`, { file: basename(path) });
    }
    const rels = await relationshipsOf(zip, workbook.name, all);
    let date1904 = false;
    const declared: Array<{ name: string; state: SheetInfo['state']; rid: string | undefined }> = [];
    await scanPart(zip, workbook, {
      wantText: false,
      open(name, buf, from, to) {
        const attrs = name === 'workbookPr' || name === 'sheet' ? buf.slice(from, to) : '';
        if (name === 'workbookPr') {
          const v = attr(attrs, 'date1904');
          if (v !== undefined) date1904 = v === '1' || v === 'true';
        } else if (name === 'sheet') {
          const state = attr(attrs, 'state');
          declared.push({
            name: attr(attrs, 'name') ?? '',
            state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
            rid: attr(attrs, 'id'),
          });
        }
      },
      close() {},
      text() {},
    }, all.partBytes, () => limitError(basename(path), 'part-bytes', `${workbook.name} の大きさ`, all.partBytes));
    const sheets = declared.map((s): SheetInfo => {
      const rel = s.rid === undefined ? undefined : rels.get(s.rid);
      const isWorksheet = rel !== undefined && (typeIs(rel, 'worksheet') || (!rel.type && rel.target.includes('worksheets/')));
      return { name: s.name, state: s.state, isWorksheet, entry: rel ? zip.find(rel.target) : undefined };
    });
    const partOf = (kind: string, fallback: string) => {
      const rel = [...rels.values()].find((r) => typeIs(r, kind));
      return zip.find(rel?.target ?? fallback);
    };
    const core = [...rootRels.values()].find((r) => typeIs(r, 'core-properties'));
    return new XlsxBook(zip, sheets, date1904, {
      sharedStrings: partOf('sharedStrings', 'xl/sharedStrings.xml'),
      styles: partOf('styles', 'xl/styles.xml'),
      core: zip.find(core?.target ?? 'docProps/core.xml'),
    }, all);
  }

  /** The sheet to import: the named one, else the first visible worksheet. */
  chooseSheet(wanted: string | undefined): SheetInfo {
    const worksheets = this.sheets.filter((s) => s.isWorksheet && s.entry);
    const sheet = wanted === undefined ? worksheets.find((s) => s.state === 'visible') : worksheets.find((s) => s.name === wanted);
    if (sheet) return sheet;
    const names = worksheets.map((s) => s.name).join('、') || 'なし';
    throw new InwError(
      'xlsx-sheet-missing',
      wanted === undefined
        ? `${this.file}: 表示されているワークシートがありません (あるシート: ${names})。--sheet でシート名を指定してください。`
        : `${this.file}: シート「${wanted}」がありません (あるシート: ${names})。`,
      { file: this.file },
    );
  }

  /** The workbook's creation instant from its document properties, if it has one. */
  async created(): Promise<Date | null> {
    const entry = this.parts.core;
    if (!entry) return null;
    let inCreated = false;
    let text = '';
    await scanPart(this.zip, entry, {
      wantText: false,
      open(name) {
        inCreated = name === 'created';
        this.wantText = inCreated;
      },
      close() {
        inCreated = false;
        this.wantText = false;
      },
      text(t) {
        if (inCreated) text += t;
      },
    }, this.limits.partBytes, () => limitError(this.file, 'part-bytes', `${entry.name} の大きさ`, this.limits.partBytes));
    const date = new Date(text.trim());
    return text.trim() === '' || Number.isNaN(date.getTime()) ? null : date;
  }

  private async loadSharedStrings(): Promise<SharedStrings> {
    if (this.sharedStrings) return this.sharedStrings;
    const strings = new SharedStrings();
    const entry = this.parts.sharedStrings;
    if (entry) {
      const { limits, file } = this;
      const item = new StringItem();
      let chars = 0;
      const add = (text: string) => {
        chars += text.length;
        if (chars > limits.sharedStringChars) throw limitError(file, 'shared-string-chars', '共有文字列の合計文字数', limits.sharedStringChars);
        strings.add(text);
      };
      await scanPart(this.zip, entry, {
        wantText: false,
        open(name, buf, _from, to, selfClosing) {
          if (name === 'si') {
            if (strings.count >= limits.sharedStrings) throw limitError(file, 'shared-strings', '共有文字列の数', limits.sharedStrings);
            // <si><t>text</t></si>, nearly every item, read whole here (as a worksheet's plain cells are).
            if (!selfClosing && buf.startsWith('<t>', to + 1)) {
              const end = buf.indexOf('<', to + 4);
              if (end >= 0 && buf.startsWith('</t></si>', end)) {
                add(unescapeText(textOf(buf, to + 4, end)));
                return end + 9;
              }
            }
          } else item.open(name);
          this.wantText = item.inText;
        },
        close(name) {
          if (name === 'si') add(item.take());
          else item.close(name);
          this.wantText = item.inText;
        },
        text(t) {
          item.text += t;
        },
      }, limits.partBytes, () => limitError(file, 'part-bytes', `${entry.name} の大きさ`, limits.partBytes));
    }
    strings.flush();
    this.sharedStrings = strings;
    return strings;
  }

  private async loadStyles(): Promise<CellStyle[]> {
    if (this.styles) return this.styles;
    const entry = this.parts.styles;
    const codes = new Map<number, string>();
    const xfIds: number[] = [];
    if (entry) {
      let inCellXfs = false;
      await scanPart(this.zip, entry, {
        wantText: false,
        open(name, buf, from, to) {
          const attrs = name === 'numFmt' || name === 'xf' ? buf.slice(from, to) : '';
          if (name === 'numFmt') {
            const id = Number(attr(attrs, 'numFmtId'));
            const code = attr(attrs, 'formatCode');
            if (Number.isInteger(id) && code !== undefined) codes.set(id, code);
          } else if (name === 'cellXfs') inCellXfs = true;
          else if (name === 'xf' && inCellXfs) xfIds.push(Number(attr(attrs, 'numFmtId') ?? 0) || 0);
        },
        close(name) {
          if (name === 'cellXfs') inCellXfs = false;
        },
        text() {},
      }, this.limits.partBytes, () => limitError(this.file, 'part-bytes', `${entry.name} の大きさ`, this.limits.partBytes));
    }
    this.styles = xfIds.map((id) => {
      const custom = codes.get(id);
      return { date: isDateFormat(id, custom), code: formatCode(id, custom) };
    });
    return this.styles;
  }

  /** Rows of one sheet in batches (one per inflated chunk); rows without any value are left out. */
  async *batches(sheet: SheetInfo, signal?: AbortSignal): AsyncGenerator<{ rows: XlsxRow[]; bytesRead: number }> {
    const entry = sheet.entry;
    if (!entry) return;
    const handler = new SheetHandler(this, sheet.name, await this.loadSharedStrings(), await this.loadStyles());
    const tooLarge = () => limitError(this.file, 'sheet-bytes', `シート「${sheet.name}」の展開後の大きさ (バイト)`, this.limits.sheetBytes);
    const file = this.file;
    const scanner = new XmlScanner(handler, (why) => new InwError('xlsx-unreadable', `${file}: シート「${sheet.name}」の XML が壊れています (${why})。`, { file }));
    const decoder = new PartDecoder();
    for await (const chunk of entryChunks(this.zip, entry, this.limits.sheetBytes, tooLarge)) {
      signal?.throwIfAborted();
      scanner.push(decoder.write(chunk.data));
      if (handler.rows.length > 0) {
        yield { rows: handler.rows, bytesRead: chunk.compressedRead };
        handler.rows = [];
      }
    }
    scanner.push(decoder.end());
    scanner.end();
    if (handler.rows.length > 0) yield { rows: handler.rows, bytesRead: entry.compressedSize };
  }
}

/** The one-letter cell types, without a new string per cell. */
const LETTER_TYPES: Record<number, string> = { 98: 'b', 100: 'd', 101: 'e', 110: 'n', 115: 's' };

/** Builds rows from a worksheet's <sheetData>. */
class SheetHandler implements XmlHandler {
  wantText = false;
  rows: XlsxRow[] = [];
  private line = 0;
  private cells: XlsxCell[] = [];
  private col = 0;
  private cellCount = 0;
  // The cell being read.
  private type = '';
  private style = 0;
  private value = '';
  private hasValue = false;
  private hasFormula = false;
  private fromInline = false;
  private inValue = false;
  private inInline = false;
  private readonly inline = new StringItem();
  private readonly file: string;
  private readonly limits: XlsxLimits;

  constructor(
    private readonly book: XlsxBook,
    private readonly sheetName: string,
    private readonly sharedStrings: SharedStrings,
    private readonly styles: CellStyle[],
  ) {
    this.file = book.file;
    this.limits = book.limits;
  }

  open(name: string, buf: string, from: number, to: number, selfClosing: boolean): number | void {
    switch (name) {
      case 'c': {
        this.type = '';
        this.style = 0;
        const col = this.readCellAttrs(buf, from, to);
        this.col = col > 0 ? col : this.col + 1;
        this.value = '';
        this.hasValue = false;
        this.hasFormula = false;
        this.fromInline = false;
        if (!selfClosing) {
          const end = this.plainCell(buf, to + 1);
          if (end >= 0) return end;
        }
        break;
      }
      case 'v':
        this.inValue = this.wantText = true;
        this.hasValue = true;
        break;
      case 'f':
        this.hasFormula = true;
        break;
      case 'is':
        this.inInline = true;
        break;
      case 'row': {
        const r = Number(attr(buf.slice(from, to), 'r'));
        this.line = Number.isInteger(r) && r > 0 ? r : this.line + 1;
        this.cells = [];
        this.col = 0;
        break;
      }
      default:
        if (this.inInline) {
          this.inline.open(name);
          this.wantText = this.inline.inText;
        }
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        this.inValue = this.wantText = false;
        break;
      case 'is':
        this.inInline = false;
        this.value = this.inline.take();
        this.hasValue = this.fromInline = true;
        this.wantText = false;
        break;
      case 'c':
        this.endCell(this.cellValue());
        break;
      case 'row':
        if (this.cells.length > 0) this.rows.push({ line: this.line, cells: this.cells });
        this.cells = [];
        break;
      default:
        if (this.inInline) {
          this.inline.close(name);
          this.wantText = this.inline.inText;
        }
    }
  }

  text(text: string): void {
    if (this.inValue) this.value += text;
    else this.inline.text += text;
  }

  /**
   * t and s of a <c> tag, and the column of its r (0 if none), read in place: a sheet has
   * millions of cells, and slicing each attribute was a third of the reading time.
   */
  private readCellAttrs(buf: string, from: number, to: number): number {
    let col = 0;
    let at = from;
    for (;;) {
      const eq = buf.indexOf('=', at);
      if (eq < 0 || eq >= to) return col;
      let k = eq;
      while (k > at && buf.charCodeAt(k - 1) <= 32) k--;
      const single = k - 1 > from && buf.charCodeAt(k - 2) <= 32 ? buf.charCodeAt(k - 1) : 0;
      let start = eq + 1;
      while (start < to && buf.charCodeAt(start) <= 32) start++;
      const quote = buf.charCodeAt(start);
      const end = buf.indexOf(quote === 39 ? "'" : '"', start + 1);
      if (end < 0 || end > to) return col;
      if (single === 114) {
        // r="AB12": the letters give the column.
        for (let i = start + 1; i < end; i++) {
          const c = buf.charCodeAt(i) | 0x20;
          if (c < 97 || c > 122) break;
          col = col * 26 + (c - 96);
        }
      } else if (single === 116) this.type = end - start === 2 ? (LETTER_TYPES[buf.charCodeAt(start + 1)] ?? buf.slice(start + 1, end)) : buf.slice(start + 1, end);
      else if (single === 115) {
        let style = 0;
        for (let i = start + 1; i < end; i++) style = style * 10 + buf.charCodeAt(i) - 48;
        this.style = style >= 0 ? style : 0;
      }
      at = end + 1;
    }
  }

  /**
   * A cell written <c …><v>text</v></c>, the form of nearly every cell, read here whole from the
   * characters after its start tag: through the scanner it was five events and a string per cell.
   * Returns where its end tag ends, or -1 for any other form (a formula, an inline string, a
   * namespace prefix, space between the tags, a cell cut at the piece's end), which the events read.
   */
  private plainCell(buf: string, at: number): number {
    if (!buf.startsWith('<v>', at)) return -1;
    const from = at + 3;
    const to = buf.indexOf('<', from);
    if (to < 0 || !buf.startsWith('</v></c>', to)) return -1;
    this.hasValue = true;
    // Digits alone, the index of a shared string or a whole number, are read in place.
    const digits = digitsAt(buf, from, to);
    let value: XlsxCell | undefined;
    if (digits >= 0 && this.type === 's') value = this.sharedStrings.get(digits);
    else if (digits >= 0 && (this.type === '' || this.type === 'n')) value = this.numberCell(digits);
    if (value === undefined) {
      this.value = textOf(buf, from, to);
      value = this.cellValue();
    } else if (value === '') value = null;
    this.endCell(value);
    return to + 8;
  }

  private endCell(value: XlsxCell): void {
    if (value === null) return;
    const { limits, file } = this;
    if (this.col > limits.columns || this.col > EXCEL_MAX_COLUMNS) {
      throw new InwError(
        'xlsx-limit-columns',
        `${file}: シート「${this.sheetName}」${this.line}行目の ${columnName(this.col)} 列 (${fmt.format(this.col)}列目) に値があります。` +
          `取り込める列は ${columnName(limits.columns)} 列 (${fmt.format(limits.columns)}列目) までです。不要なセルを削除して保存し直してください。`,
        { file, line: this.line, column: columnName(this.col) },
      );
    }
    if (++this.cellCount > limits.cells) throw limitError(file, 'cells', `シート「${this.sheetName}」の値のあるセルの数`, limits.cells);
    while (this.cells.length < this.col - 1) this.cells.push(null);
    this.cells[this.col - 1] = value;
  }

  private cellValue(): XlsxCell {
    const raw = this.value;
    switch (this.type) {
      case 's': {
        if (!this.hasValue) return null;
        const text = this.sharedStrings.get(Number(raw));
        if (text === undefined) {
          throw new InwError('xlsx-unreadable', `${this.file}: シート「${this.sheetName}」のセル ${columnName(this.col)}${this.line} が存在しない共有文字列 ${raw} を指しています。`, {
            file: this.file, line: this.line,
          });
        }
        return text === '' ? null : text;
      }
      case 'inlineStr':
      case 'str': {
        if (!this.hasValue) return this.hasFormula ? new XlsxProblem('formula-without-value', '(未計算の数式)') : null;
        // <is> text is already unescaped (StringItem); a <v> value is not.
        const text = this.fromInline ? raw : unescapeText(raw);
        return text === '' ? null : text;
      }
      case 'b':
        if (raw === '') return this.hasFormula ? new XlsxProblem('formula-without-value', '(未計算の数式)') : null;
        return raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return new XlsxProblem('error-value', raw.trim() || '#VALUE!');
      case 'd':
        if (raw.trim() === '') return this.hasFormula ? new XlsxProblem('formula-without-value', '(未計算の数式)') : null;
        return isoToDate(raw) ?? raw;
      default:
        return this.numberValue(raw);
    }
  }

  private numberValue(raw: string): XlsxCell {
    const trimmed = raw.trim();
    if (trimmed === '') return this.hasFormula ? new XlsxProblem('formula-without-value', '(未計算の数式)') : null;
    const n = Number(trimmed);
    return Number.isNaN(n) ? trimmed : this.numberCell(n);
  }

  private numberCell(n: number): XlsxCell {
    const style = this.styles[this.style];
    const date1904 = this.book.date1904;
    if (style?.date) return serialToDate(n, date1904) ?? n;
    const shown = style?.code === undefined ? null : formatNumber(n, style.code);
    if (shown !== null && shown !== String(n)) return new XlsxNumber(n, shown, date1904);
    // A bare number is only marked in a 1904 workbook, where a date column without a date
    // format must be read on that calendar.
    return date1904 ? new XlsxNumber(n, String(n), true) : n;
  }
}

/** Opens the workbook and streams the chosen sheet's rows in batches. */
export async function* readXlsxBatches(
  path: string,
  options: { sheet?: string; signal?: AbortSignal; onSheet?: (name: string) => void; limits?: Partial<XlsxLimits> } = {},
): AsyncGenerator<{ rows: XlsxRow[]; bytesRead: number }> {
  const book = await XlsxBook.open(path, options.limits);
  const sheet = book.chooseSheet(options.sheet);
  options.onSheet?.(sheet.name);
  yield* book.batches(sheet, options.signal);
}
