// Fixture writers shared by the core and CLI tests: temp folders, CSV in any encoding, XLSX with
// title rows and real date cells, a temp database through the real migrations, the CLI as a
// child process, and a byte search of the database files (main file and -wal).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll } from 'vitest';
import { closeDb, findMigrationsDir, importFile, openDb, type Db, type ImportOptions, type ImportReport } from '../../src-main/core/index.js';
import type { LetterManifest } from '../../src-main/core/letters/batch.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INW = join(ROOT, 'bin', 'inw.js');

/** A fixed clock: outputs that carry a time are reproducible. */
export const FIXED_NOW = new Date('2022-03-01T01:02:03.000Z');
export const now = (): Date => FIXED_NOW;

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = 'inw-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The manifest.json of a letters folder, as the batch last wrote it. */
export function readLetterManifest(outDir: string): LetterManifest {
  return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as LetterManifest;
}

export type CsvEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'cp932';

/** One CSV field, quoted when it needs to be (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(rows: Array<Array<string | number | null | undefined>>, eol = '\r\n'): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'cp932': {
      const bytes = iconv.encode(text, 'cp932');
      // Guard against a fixture that silently lost characters ('?' replacement).
      const back = iconv.decode(bytes, 'cp932');
      if (back !== text) throw new Error(`fixture text not representable in CP932: ${text.slice(0, 60)}`);
      return bytes;
    }
  }
}

/** Writes rows as CSV in the given encoding (CRLF unless told). Returns the path. */
export function writeCsv(
  path: string,
  rows: Array<Array<string | number | null | undefined>>,
  options: { encoding?: CsvEncoding; eol?: string } = {},
): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeText(csvText(rows, options.eol ?? '\r\n'), options.encoding ?? 'utf8'));
  return path;
}

/** Writes raw text (already CSV) in an encoding. */
export function writeText(path: string, text: string, encoding: CsvEncoding = 'utf8'): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeText(text, encoding));
  return path;
}

/**
 * A Date whose UTC fields are the given wall clock: what exceljs writes as an Excel date
 * serial (Excel has no time zone; the spec reads that wall clock as Japan time).
 */
export function excelWallClock(y: number, m: number, d: number, h = 0, min = 0, s = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h, min, s));
}

export interface XlsxSheetSpec {
  name?: string;
  /** Rows above the header (titles, blank rows). */
  titleRows?: Array<Array<string | number | null>>;
  header: string[];
  rows: Array<Array<string | number | Date | null>>;
  /** Excel number format for Date cells. */
  dateFormat?: string;
}

/** Writes an XLSX workbook with one or more sheets; Date values become real date cells. */
export async function writeXlsx(path: string, sheets: XlsxSheetSpec | XlsxSheetSpec[]): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const workbook = new ExcelJS.Workbook();
  const list = Array.isArray(sheets) ? sheets : [sheets];
  list.forEach((spec, i) => {
    const ws = workbook.addWorksheet(spec.name ?? `Sheet${i + 1}`);
    for (const title of spec.titleRows ?? []) ws.addRow(title);
    ws.addRow(spec.header);
    for (const row of spec.rows) {
      const added = ws.addRow(row);
      row.forEach((value, c) => {
        if (value instanceof Date) added.getCell(c + 1).numFmt = spec.dateFormat ?? 'yyyy/mm/dd hh:mm:ss';
      });
    }
  });
  await workbook.xlsx.writeFile(path);
  return path;
}

export interface TempDb {
  db: Db;
  file: string;
  dir: string;
  close(): void;
}

/** A new database file in its own temp folder, opened through the real migrations. */
export function openTempDb(dir = tempDir('inw-db-')): TempDb {
  const file = join(dir, 'inw.db');
  const db = openDb({ file, now });
  let open = true;
  const close = () => {
    if (open) closeDb(db);
    open = false;
  };
  afterAll(close);
  return { db, file, dir, close };
}

/**
 * Rows written by today's code, in the database of an older version: `fill` runs against a new
 * database, and each table the older one has takes its rows (the columns both have). Today's
 * import cannot write into an older schema itself: it writes the columns added since.
 */
export async function fillOlderDb(old: Db, fill: (db: Db) => Promise<unknown>): Promise<void> {
  const current = openTempDb();
  await fill(current.db);
  current.close();
  const c = old.$client;
  const columnsOf = (schema: string, table: string) =>
    (c.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as Array<{ name: string }>).map((r) => r.name);
  c.prepare('ATTACH ? AS src').run(current.file);
  c.pragma('foreign_keys = OFF');
  try {
    const tables = c.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'").pluck().all() as string[];
    for (const table of tables) {
      const theirs = new Set(columnsOf('src', table));
      const shared = columnsOf('main', table).filter((name) => theirs.has(name)).map((name) => `"${name}"`).join(', ');
      if (shared !== '') c.exec(`INSERT INTO main."${table}" (${shared}) SELECT ${shared} FROM src."${table}" ORDER BY rowid`);
    }
  } finally {
    c.pragma('foreign_keys = ON');
    c.exec('DETACH src');
  }
}

/** importFile with the fixed clock and a test actor. */
export function runImport(db: Db, options: Omit<ImportOptions, 'db' | 'now' | 'actor'>): Promise<ImportReport> {
  return importFile({ db, now, actor: 'test', ...options });
}

/** All rows of a query, typed loosely for assertions. */
export function all<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.$client.prepare(sql).all(...params) as T[];
}

export function one<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T {
  return db.$client.prepare(sql).get(...params) as T;
}

/** The database files on disk: the main file and whatever -wal / -shm / -journal exist. */
export function dbFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((f) => existsSync(f));
}

/** Which database files contain `needle` (as UTF-8 and as UTF-16LE bytes). */
export function filesContaining(file: string, needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  return dbFiles(file).filter((f) => {
    const bytes = readFileSync(f);
    return bytes.includes(utf8) || bytes.includes(utf16);
  });
}

/** Every text/number value of every user table, as strings (for value-level searches). */
export function allStoredValues(db: Db): string[] {
  const tables = all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  const out: string[] = [];
  for (const { name } of tables) {
    for (const row of all(db, `SELECT * FROM "${name}"`)) {
      for (const value of Object.values(row)) if (value !== null) out.push(String(value));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The CLI as a child process.

let built = false;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds dist/ when a source is newer than the bundle. Test files run in parallel processes,
 * so the build is serialised by a lock folder.
 */
export function ensureBuilt(): void {
  if (built) return;
  const bundle = join(ROOT, 'dist', 'cli', 'main.js');
  const stale = () =>
    !existsSync(bundle) ||
    statSync(bundle).mtimeMs < Math.max(newestMtime(join(ROOT, 'src-main')), newestMtime(join(ROOT, 'db')));
  if (stale()) {
    const lock = join(tmpdir(), 'inw-test-build.lock');
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        // Another test process builds; a stale lock older than a minute is taken over.
        try {
          if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
        } catch {
          /* gone already */
        }
        if (Date.now() > deadline) throw new Error('timed out waiting for the build lock');
        spawnSync(process.execPath, ['-e', 'setTimeout(()=>{},100)']);
      }
    }
    try {
      if (stale()) {
        const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  built = true;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/inw.js …` and waits for it. */
export function inw(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  ensureBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [INW, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** `inw …` that must succeed: throws with its stderr otherwise. */
export async function inwOk(args: string[]): Promise<CliResult> {
  const result = await inw(args);
  if (result.status !== 0) throw new Error(`inw ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

/** A 60-person demo case made by the CLI in a new temp folder: its folder and database. */
export async function smallDemo(prefix: string, seed: number): Promise<{ out: string; db: string }> {
  const out = tempDir(prefix);
  await inwOk(['demo', '--out', out, '--persons', '60', '--seed', String(seed)]);
  return { out, db: join(out, 'demo.db') };
}

export { openDb, closeDb };

/** Every row of every table (sqlite_sequence included), for "the database is exactly as before". */
export function snapshot(db: Db): Record<string, unknown[]> {
  const tables = all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = all(db, `SELECT * FROM "${name}" ORDER BY rowid`);
  return out;
}

/** The standard payments header of these tests. */
export const PAYMENT_HEADER = ['取引ID', 'オーダーID', '会員番号', '決済日時', '決済方法', 'カード番号', '金額', 'ステータス'];

/** A copy of the committed migrations before `tag` (e.g. '0005_active_incident'): an older app's schema. */
export function migrationsBefore(tag: string, dir = tempDir('inw-migrations-')): string {
  const target = join(dir, `migrations-before-${tag}`);
  mkdirSync(join(target, 'meta'), { recursive: true });
  const source = findMigrationsDir();
  const journal = JSON.parse(readFileSync(join(source, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((e) => e.tag < tag);
  for (const e of journal.entries) cpSync(join(source, `${e.tag}.sql`), join(target, `${e.tag}.sql`));
  writeFileSync(join(target, 'meta', '_journal.json'), JSON.stringify(journal));
  return target;
}
