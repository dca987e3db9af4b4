// RFC 4180 parser over decoded text pieces: quoted fields with delimiters, doubled quotes and
// line breaks; CRLF, LF or lone CR. A hand-written state machine because csv-parse was most of
// a naive import's time (MEASURED.md). Records carry the physical line they start on.
//
// Excel's conventions are read as Excel means them: tab-separated text (its 「Unicode テキスト」
// export, UTF-16LE with a BOM, and other TSV) is told from CSV by its first lines, and the
// text-forcing ="00123" (written so that a spreadsheet keeps the leading zeros) is 00123.
import { InwError } from '../errors.js';

export interface CsvRecord {
  line: number;
  cells: string[];
}

const QUOTE = 34;
const COMMA = 44;
const TAB = 9;
const EQUALS = 61;
const LF = 10;
const CR = 13;

/** Lines looked at to choose the delimiter: enough to pass the title rows above a header. */
const DELIMITER_SAMPLE_LINES = 20;

/** Tab when the first lines hold more tabs than commas, else comma. */
export function detectDelimiter(text: string): typeof TAB | typeof COMMA {
  let tabs = 0;
  let commas = 0;
  let lines = 0;
  for (let i = 0; i < text.length && lines < DELIMITER_SAMPLE_LINES; i++) {
    const c = text.charCodeAt(i);
    if (c === TAB) tabs++;
    else if (c === COMMA) commas++;
    else if (c === LF) lines++;
  }
  return tabs > commas ? TAB : COMMA;
}

const FORMULA_TEXT = /^="((?:[^"]|"")*)"$/s;

/** ="00123" → 00123 (quotes inside the formula's string are doubled); any other value as is. */
function unwrapFormulaText(value: string): string {
  if (value.charCodeAt(0) !== EQUALS) return value;
  const m = FORMULA_TEXT.exec(value);
  return m ? m[1]!.replaceAll('""', '"') : value;
}

export class CsvParser {
  private pending = '';
  private line = 1;
  private started = false;
  private delimiter: number = COMMA;

  constructor(private readonly fileName: string) {}

  /** Parses as many whole records as `text` completes; the rest waits for the next piece. */
  push(text: string, records: CsvRecord[]): void {
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.delimiter = detectDelimiter(text);
    }
    this.parse(this.pending.length > 0 ? this.pending + text : text, false, records);
  }

  /** Parses what is left at the end of the file. */
  end(records: CsvRecord[]): void {
    if (this.pending.length > 0) this.parse(this.pending, true, records);
    this.pending = '';
  }

  private parse(text: string, final: boolean, records: CsvRecord[]): void {
    const n = text.length;
    const SEP = this.delimiter;
    let i = 0;
    while (i < n) {
      const recordStart = i;
      const recordLine = this.line;
      let newlinesInside = 0;
      const cells: string[] = [];
      let complete = false;
      for (;;) {
        let value: string;
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let segmentStart = i + 1;
          let j = segmentStart;
          value = '';
          let closed = false;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q === -1) break;
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(segmentStart, q + 1);
              j = q + 2;
              segmentStart = j;
              continue;
            }
            if (q + 1 >= n && !final) break; // the next piece may start with a second quote
            value += text.slice(segmentStart, q);
            i = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (final) {
              const separator = SEP === TAB ? 'タブ' : 'カンマ';
              throw new InwError(
                'csv-unterminated-quote',
                `${this.fileName} ${recordLine}行目 ${cells.length + 1}列目: 引用符 (") で始まった項目が、ファイルの最後まで閉じられていません。` +
                  `項目の中の " は "" と二重にし、項目を " で閉じてください (区切り文字: ${separator})。`,
                { file: this.fileName, line: recordLine, column: String(cells.length + 1) },
              );
            }
            this.pending = text.slice(recordStart);
            this.line = recordLine;
            return;
          }
          for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) newlinesInside++;
          // Text after the closing quote (not RFC 4180) is kept rather than lost.
          let j2 = i;
          while (j2 < n) {
            const c = text.charCodeAt(j2);
            if (c === SEP || c === LF || c === CR) break;
            j2++;
          }
          if (j2 > i) {
            value += text.slice(i, j2);
            i = j2;
          }
        } else {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === SEP || c === LF || c === CR) break;
            j++;
          }
          value = text.slice(i, j);
          i = j;
        }
        cells.push(unwrapFormulaText(value));
        if (i >= n) {
          if (!final) break;
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === SEP) {
          i++;
          if (i >= n && !final) break;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= n && !final) break; // maybe CRLF split across pieces
          i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = text.slice(recordStart);
        this.line = recordLine;
        return;
      }
      this.line = recordLine + 1 + newlinesInside;
      // A blank line is no record.
      if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    }
    this.pending = '';
  }
}
