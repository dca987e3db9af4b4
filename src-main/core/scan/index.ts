// `inw scan`: looks for what must never be kept (a full card number, a security-code column)
// in the files the workbench writes or reads: a database (every table and column through SQL,
// and the raw bytes of the file, its -wal and -journal page by page, so deleted rows on free
// pages and old WAL frames are seen too), letters and other PDFs (the text pdf.js extracts
// through the fonts' ToUnicode maps, and the document info), XLSX sheets (every cell), CSV and
// other text files, a backup (a database like any other), or a folder of them. Findings name
// where (table/column/row, page, cell, line) and show the number masked. Nothing is written:
// databases are opened read-only (a copy is opened when the -wal cannot be read in place).
import { closeSync, copyFileSync, existsSync, lstatSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { exceljs } from '../heavy-modules.js';
import { InwError } from '../errors.js';
import { fieldForHeader, isSecurityCodeHeader } from '../import/fields.js';
import { decodeFile, inspectFile } from '../import/decode.js';
import { CsvParser, type CsvRecord } from '../import/csv.js';
import { cardNumbersIn, maskCardNumbers, type CardContext } from '../text/card.js';

export interface ScanFinding {
  kind: 'card-number' | 'security-code';
  /** Absolute path of the file. */
  file: string;
  /** Where in the file: 「payments.status 12行目 (rowid)」, 「3ページ」, 「シート「未照合」 B4」… */
  where: string;
  /** The value with the number masked (a short excerpt), or the security-code header. */
  excerpt: string;
}

export interface ScanReport {
  findings: ScanFinding[];
  /** What was looked through, by kind. */
  scanned: { databases: number; rawFiles: number; pdfs: number; sheets: number; csv: number; text: number };
  files: string[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Once, when the paths are walked and before the first file is read: how many files the scan reads. */
  onFiles?: (count: number) => void;
  /** As each file starts (a database's -wal and -journal are read with it, without a call of their own). */
  onFile?: (file: string) => void;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEX_TOKEN = /[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*/g;
const EXCERPT = 24;

/** A hash (hex of 32+ characters) is not a number anyone wrote: blanked before the search. */
function withoutHashes(text: string): string {
  return text.replace(HEX_TOKEN, (token) => (token.length >= 32 ? ' '.repeat(token.length) : token));
}

/** The masked value around its first masked number, or null when it holds none. */
function cardExcerpt(value: string, context: CardContext): string | null {
  const { value: masked, masked: count } = maskCardNumbers(withoutHashes(value), context);
  if (count === 0) return null;
  const at = masked.indexOf('****');
  const from = Math.max(0, at - EXCERPT);
  const excerpt = masked.slice(from, at + 8 + EXCERPT).replace(/[\r\n\t]+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${excerpt}${at + 8 + EXCERPT < masked.length ? '…' : ''}${count > 1 ? ` (ほか ${count - 1} 件)` : ''}`;
}

/** ID-like columns test only numbers with a card network's prefix; phone columns keep phone numbers. */
function contextForColumn(name: string): CardContext {
  const key = name.toLowerCase();
  if (/phone|電話|tel/.test(key)) return 'phone';
  if (/(^|_)id$|_key$|^key_|ids?$/.test(key)) return 'identifier';
  const field = fieldForHeader(name);
  if (field === 'transactionId' || field === 'orderId' || field === 'memberId') return 'identifier';
  if (field === 'phone') return 'phone';
  return 'text';
}

class Scanner {
  readonly report: ScanReport = { findings: [], scanned: { databases: 0, rawFiles: 0, pdfs: 0, sheets: 0, csv: 0, text: 0 }, files: [] };
  private readonly seen = new Set<string>();

  constructor(private readonly options: ScanOptions) {}

  private card(file: string, where: string, value: string, context: CardContext): void {
    const excerpt = cardExcerpt(value, context);
    if (excerpt !== null) this.report.findings.push({ kind: 'card-number', file, where, excerpt });
  }

  private securityHeader(file: string, where: string, header: string): void {
    if (header.length <= 30 && isSecurityCodeHeader(header)) this.report.findings.push({ kind: 'security-code', file, where, excerpt: header });
  }

  /**
   * The files a scan of these paths reads, in the order it reads them: each folder listed once
   * (sorted, symbolic links not followed), each file once, a database's -wal and -journal beside it.
   */
  walk(paths: string[]): string[] {
    const files = new Set<string>();
    const folders = new Set<string>();
    const visit = (path: string): void => {
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (!stat || stat.isSymbolicLink()) return;
      if (stat.isDirectory()) {
        if (folders.has(path)) return;
        folders.add(path);
        this.options.signal?.throwIfAborted();
        for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      } else if (stat.isFile()) {
        files.add(path);
        for (const companion of [`${path}-wal`, `${path}-journal`]) if (existsSync(companion)) files.add(companion);
      }
    };
    for (const given of paths) {
      const path = resolve(given);
      if (!existsSync(path)) throw new InwError('scan-not-found', `${path} がありません。`, { file: path });
      visit(path);
    }
    return [...files];
  }

  async scan(files: string[]): Promise<void> {
    for (const path of files) {
      // A -wal or -journal its database already read, or a file deleted since the walk.
      if (this.seen.has(path) || !existsSync(path)) continue;
      this.options.signal?.throwIfAborted();
      this.seen.add(path);
      this.report.files.push(path);
      this.options.onFile?.(path);
      await this.file(path);
    }
  }

  private async file(path: string): Promise<void> {
    const head = readHead(path, 16);
    const ext = extname(path).toLowerCase();
    if (head.equals(SQLITE_MAGIC)) return this.database(path);
    if (/-(wal|journal)$/.test(path)) {
      if (!this.seen.has(path.replace(/-(wal|journal)$/, ''))) this.raw(path, isWal(head) ? 'wal' : 'pages');
      return;
    }
    if (path.endsWith('-shm')) return; // the WAL index holds no row data
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') return this.pdf(path);
    if (head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004' && ['.xlsx', '.xlsm'].includes(ext)) return this.xlsx(path);
    if (['.csv', '.tsv'].includes(ext)) return this.csv(path);
    if (looksLikeText(path)) return this.text(path);
    this.raw(path, 'pages');
  }

  /** Every table through SQL, then the raw bytes of the file, its -wal and -journal. */
  private database(path: string): void {
    this.report.scanned.databases++;
    // Numbers that the raw bytes of live rows show when their values are read glued together
    // (a record stores its columns back to back; an index entry its columns): not findings.
    const live = new Set<string>();
    withReadableCopy(path, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
      for (const { name: table } of tables) {
        const columns = (db.prepare(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).all() as Array<{ name: string }>).map((c) => c.name);
        for (const column of columns) this.securityHeader(path, `テーブル ${table} の列名`, column);
        const contexts = columns.map(contextForColumn);
        const indexes = (db.prepare(`PRAGMA index_list("${table.replace(/"/g, '""')}")`).all() as Array<{ name: string }>).map((ix) =>
          (db.prepare(`PRAGMA index_info("${ix.name.replace(/"/g, '""')}")`).all() as Array<{ cid: number }>).map((c) => c.cid).filter((cid) => cid >= 0),
        );
        let rows: Iterable<unknown[]>;
        try {
          rows = db.prepare(`SELECT rowid, * FROM "${table.replace(/"/g, '""')}"`).raw().iterate() as Iterable<unknown[]>;
        } catch {
          rows = (db.prepare(`SELECT NULL, * FROM "${table.replace(/"/g, '""')}"`).raw().iterate() as Iterable<unknown[]>);
        }
        const stored = (v: unknown) => (typeof v === 'string' ? v : recordBytes(v));
        const glue = (cids: number[], row: unknown[]) => cids.map((cid) => stored(row[cid + 1])).join('');
        const all = columns.map((_, c) => c);
        for (const row of rows) {
          for (let c = 0; c < columns.length; c++) {
            const value = row[c + 1];
            if (value === null || value === undefined || value instanceof Buffer) continue;
            const text = String(value);
            if (text.length < 13) continue;
            // A number column holds no separators: a millisecond timestamp is not a card number.
            const context = typeof value === 'string' ? contexts[c]! : 'identifier';
            this.card(path, `テーブル ${table} 列 ${columns[c]} (rowid ${String(row[0] ?? '?')})`, text, context);
          }
          for (const cids of [all, ...indexes]) for (const digits of cardNumbersIn(glue(cids, row), 'identifier')) live.add(digits);
        }
      }
      // The headers an import read: a mapping onto a security-code column would show here.
      const hasImports = tables.some((t) => t.name === 'imports');
      if (hasImports) {
        for (const r of db.prepare('SELECT id, mapping FROM imports').all() as Array<{ id: number; mapping: string }>) {
          let mapping: Record<string, unknown> = {};
          try {
            mapping = JSON.parse(r.mapping) as Record<string, unknown>;
          } catch {
            /* not JSON: searched as text above */
          }
          for (const [field, header] of Object.entries(mapping)) {
            if (typeof header === 'string') this.securityHeader(path, `テーブル imports 列 mapping (取込 #${r.id}, ${field})`, header);
          }
        }
      }
    });
    this.raw(path, 'pages', live);
    for (const suffix of ['-wal', '-journal']) {
      const companion = `${path}${suffix}`;
      if (existsSync(companion) && !this.seen.has(companion)) {
        this.seen.add(companion);
        this.report.files.push(companion);
        this.raw(companion, suffix === '-wal' ? 'wal' : 'pages', live);
      }
    }
  }

  /** Raw bytes, page by page (database pages, WAL frames or 4 KiB blocks), as UTF-8 text. */
  private raw(path: string, layout: 'pages' | 'wal', live: Set<string> = new Set()): void {
    this.report.scanned.rawFiles++;
    const bytes = readFileSync(path);
    let pageSize = 4096;
    let first = 0;
    let step = pageSize;
    let label = (n: number) => `生データ ${n} ブロック目`;
    if (layout === 'wal' && bytes.length >= 32) {
      pageSize = bytes.readUInt32BE(8) || 4096;
      first = 32;
      step = pageSize + 24;
      label = (n) => `WAL フレーム ${n} (未反映・上書き前の内容を含む)`;
    } else if (bytes.subarray(0, 16).equals(SQLITE_MAGIC)) {
      const size = bytes.readUInt16BE(16);
      pageSize = size === 1 ? 65536 : size;
      step = pageSize;
      label = (n) => `生データ ${n} ページ目 (削除済み・空きページを含む)`;
    }
    for (let at = first, n = 1; at < bytes.length; at += step, n++) {
      // Overlap the next page a little: a value may cross a page boundary in a plain file.
      const text = withoutHashes(bytes.toString('utf8', at, Math.min(bytes.length, at + step + 64)));
      const found = cardNumbersIn(text, 'identifier').filter((digits) => !live.has(digits));
      if (found.length > 0) {
        const excerpt = [...new Set(found.map((d) => `****${d.slice(-4)}`))].join('、');
        this.report.findings.push({ kind: 'card-number', file: path, where: label(n), excerpt });
      }
    }
  }

  private async pdf(path: string): Promise<void> {
    this.report.scanned.pdfs++;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
    try {
      doc = await pdfjs.getDocument({
        data: new Uint8Array(readFileSync(path)),
        standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
        cMapUrl: `${join(root, 'cmaps')}/`,
        cMapPacked: true,
        verbosity: 0,
        isEvalSupported: false,
      }).promise;
    } catch {
      // Not readable as a PDF: its bytes are still searched.
      this.raw(path, 'pages');
      return;
    }
    try {
      const meta = await doc.getMetadata().catch(() => null);
      const info = (meta?.info ?? {}) as Record<string, unknown>;
      for (const key of ['Title', 'Subject', 'Author', 'Keywords', 'Creator', 'Producer']) {
        if (typeof info[key] === 'string') this.card(path, `文書情報 ${key}`, info[key], 'text');
      }
      for (let p = 1; p <= doc.numPages; p++) {
        this.options.signal?.throwIfAborted();
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        const text = content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ' '}` : '')).join('');
        this.card(path, `${p}ページ`, text, 'text');
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  }

  private async xlsx(path: string): Promise<void> {
    this.report.scanned.sheets++;
    const workbook = new (exceljs().Workbook)();
    try {
      await workbook.xlsx.readFile(path);
    } catch {
      this.raw(path, 'pages');
      return;
    }
    for (const key of ['title', 'subject', 'keywords', 'description', 'creator', 'lastModifiedBy'] as const) {
      const value = workbook[key];
      if (typeof value === 'string') this.card(path, `文書のプロパティ ${key}`, value, 'text');
    }
    workbook.eachSheet((sheet) => {
      const headers = new Map<number, CardContext>();
      sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          const text = cellText(cell.value);
          if (text === '') return;
          const where = `シート「${sheet.name}」 ${cell.address}`;
          if (rowNumber <= 10) {
            this.securityHeader(path, where, text);
            const context = contextForColumn(text);
            if (context !== 'text' && !headers.has(col)) headers.set(col, context);
          }
          if (text.length >= 13) this.card(path, where, text, headers.get(col) ?? 'text');
          if (cell.note) this.card(path, `${where} のメモ`, cellText(cell.note as never), 'text');
        });
      });
    });
  }

  private async csv(path: string): Promise<void> {
    this.report.scanned.csv++;
    try {
      const facts = await inspectFile(path, 'auto');
      const parser = new CsvParser(basename(path));
      const contexts: CardContext[] = [];
      let headerCells: string[] | null = null;
      let headerKnown = false;
      const visit = (records: CsvRecord[]) => {
        for (const record of records) {
          if (record.line <= 30) {
            record.cells.forEach((cell, i) => this.securityHeader(path, `${record.line}行目 ${i + 1}列目`, cell));
            // Columns are named after the first row, or after a later one of known headers (below a title).
            if (headerCells === null || (!headerKnown && record.cells.filter((c) => fieldForHeader(c) !== null).length >= 2)) {
              headerKnown = headerCells !== null;
              headerCells = record.cells;
              record.cells.forEach((c, i) => (contexts[i] = contextForColumn(c)));
            }
          }
          record.cells.forEach((cell, i) => {
            if (cell.length < 13) return;
            const column = headerCells?.[i];
            this.card(path, `${record.line}行目 ${column ? `「${column}」列` : `${i + 1}列目`}`, cell, contexts[i] ?? 'text');
          });
        }
      };
      for await (const piece of decodeFile(path, facts, this.options.signal)) {
        const records: CsvRecord[] = [];
        parser.push(piece.text, records);
        visit(records);
      }
      const rest: CsvRecord[] = [];
      parser.end(rest);
      visit(rest);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      this.text(path);
    }
  }

  private text(path: string): void {
    this.report.scanned.text++;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.length >= 13) this.card(path, `${i + 1}行目`, line, 'text');
    });
  }
}

/**
 * A number as SQLite stores it in a record (spec: serial types), decoded like the raw pages
 * are: NULL, 0 and 1 take no bytes; other integers 1–8 big-endian bytes, reals 8. A byte of an
 * integer may read as a digit ('8' is 56) and extend a neighbouring text's digits.
 */
function recordBytes(value: unknown): string {
  if (value === null || value === undefined || value === 0 || value === 1) return '';
  let bytes: Buffer;
  if (typeof value === 'number' && !Number.isInteger(value)) {
    bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    const v = BigInt(value);
    const size = [1, 2, 3, 4, 6, 8].find((n) => v >= -(1n << BigInt(8 * n - 1)) && v < 1n << BigInt(8 * n - 1)) ?? 8;
    bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(BigInt.asIntN(64, v));
    bytes = bytes.subarray(8 - size);
  } else return '\u0000';
  return [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; formula?: string; texts?: Array<{ text: string }> };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.texts) return v.texts.map((r) => r.text).join('');
    if (typeof v.text === 'string') return v.text;
    return [v.formula, v.result].filter((x) => x !== undefined && x !== null).map(String).join(' ');
  }
  return String(value);
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

function isWal(head: Buffer): boolean {
  if (head.length < 4) return false;
  const magic = head.readUInt32BE(0);
  return magic === 0x377f0682 || magic === 0x377f0683;
}

const TEXT_EXTENSIONS = new Set(['.json', '.txt', '.md', '.log', '.xml', '.html', '.htm', '.yml', '.yaml', '.tsv']);

function looksLikeText(path: string): boolean {
  if (TEXT_EXTENSIONS.has(extname(path).toLowerCase())) return true;
  return !readHead(path, 4096).includes(0);
}

/**
 * Opens the database read-only. SQLite cannot read a -wal read-only without its -shm; then a
 * copy (file + -wal) in a temp folder is opened instead, so the original is never changed.
 */
function withReadableCopy(path: string, use: (db: Database.Database) => void): void {
  let db: Database.Database | null = null;
  let copyDir: string | null = null;
  try {
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch {
      db?.close();
      copyDir = mkdtempSync(join(tmpdir(), 'inw-scan-'));
      const copy = join(copyDir, 'copy.db');
      copyFileSync(path, copy);
      if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
      db = new Database(copy, { fileMustExist: true });
    }
    use(db);
  } catch (error) {
    if (error instanceof InwError) throw error;
    throw new InwError('scan-db-unreadable', `${path}: データベースとして読めません (${(error as Error).message})。`, { file: path });
  } finally {
    db?.close();
    if (copyDir) rmSync(copyDir, { recursive: true, force: true });
  }
}

/** Scans files, folders and databases; the report lists every finding (none: nothing was found). */
export async function scanPaths(paths: string[], options: ScanOptions = {}): Promise<ScanReport> {
  if (paths.length === 0) throw new InwError('scan-nothing', '検査するファイルまたはフォルダを指定してください。');
  const scanner = new Scanner(options);
  // Walked first, once: the count is known before the first file is read (the app's progress bar).
  const files = scanner.walk(paths);
  options.onFiles?.(files.length);
  await scanner.scan(files);
  return scanner.report;
}
