// Every file an `inw` command writes (export, sheet, letters, preview, backup, calibrate, incident
// template) passes guardOutput first. It never replaces the database, its -wal/-shm/-journal or
// any SQLite file (a backup we made, another case's database), even with --force; an imported
// file (known by its SHA-256 in the database) or a file we did not write is replaced only with
// --force. A file we wrote earlier (its hash is in the outputs register, or a PDF of our renderer) is
// replaced freely, which is what re-running an export should do.
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db.js';
import { InwError } from '../errors.js';
import { fileSha256 } from './outputs.js';

export interface OutputGuard {
  /** The open database, when the command has one: its files and the hashes it recorded are protected. */
  db?: Db;
  /** The user's --force: replace an imported file or a file inw did not write. */
  force?: boolean;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Our PDFs say so in their Info dictionary (letters/render.ts). */
const OUR_PDF_CREATOR = Buffer.from('Incident Notice Workbench', 'latin1');
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function startsWith(path: string, prefix: Buffer): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(prefix.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(prefix);
  } finally {
    closeSync(fd);
  }
}

function isOurPdf(path: string): boolean {
  if (!startsWith(path, Buffer.from('%PDF-', 'latin1'))) return false;
  // The Info dictionary is written last by pdfkit: look in the tail only.
  const size = statSync(path).size;
  const length = Math.min(size, 64 * 1024);
  const fd = openSync(path, 'r');
  try {
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    return tail.includes(OUR_PDF_CREATOR);
  } finally {
    closeSync(fd);
  }
}

function column(db: Db, sql: string): Set<string> {
  try {
    return new Set((db.$client.prepare(sql).pluck().all() as unknown[]).filter((v): v is string => typeof v === 'string'));
  } catch {
    // an older schema without the table: nothing recorded there
    return new Set();
  }
}

/** Throws an InwError when writing `path` would replace something it must not. */
export function guardOutput(path: string, guard: OutputGuard = {}): void {
  const dbFile = guard.db?.$client.name;
  if (dbFile && dbFile !== ':memory:') {
    for (const suffix of SIDE_FILES) {
      if (sameFile(path, `${dbFile}${suffix}`)) {
        throw new InwError('output-is-database', `出力先 ${path} はデータベース ${dbFile}${suffix ? ` の作業用ファイル (${suffix})` : ' そのもの'}です。別のファイル名を指定してください。`);
      }
    }
  }
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) throw new InwError('output-is-folder', `出力先 ${path} はフォルダです。ファイル名を指定してください。`);
  if (startsWith(path, SQLITE_HEADER)) {
    throw new InwError('output-is-database', `出力先 ${path} はデータベースファイル (バックアップを含む) です。置き換えません。別のファイル名を指定してください。`);
  }
  const sha256 = fileSha256(path);
  if (guard.db) {
    const inputs = new Set([
      ...column(guard.db, 'SELECT sha256 FROM imports'),
      ...column(guard.db, 'SELECT sha256 FROM return_imports'),
      ...column(guard.db, 'SELECT sha256 FROM sheet_applies'),
    ]);
    if (inputs.has(sha256)) {
      if (guard.force) return;
      throw new InwError('output-is-input', `出力先 ${path} は取り込んだファイルです。別のファイル名を指定してください (置き換えてよければ --force)。`);
    }
    const outputs = column(guard.db, "SELECT sha256 FROM outputs WHERE kind IN ('contact-sheet', 'csv', 'preview')");
    if (outputs.has(sha256)) return;
  }
  if (isOurPdf(path) || guard.force) return;
  throw new InwError('output-exists', `出力先 ${path} は既にあり、inw が作ったファイルではありません。別のファイル名を指定してください (置き換えてよければ --force)。`);
}

/**
 * Writes via a temporary file in the same folder, then renames (atomic on one volume): a kill
 * or a full disk never leaves half a file under the real name, and a failed write leaves none.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    // writeFileSync's write names no file (ENOSPC: "no space left on device, write"): the user needs it.
    (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  }
}

/** Guards `path`, then writes it atomically. */
export function writeOutputFile(path: string, data: Uint8Array | string, guard: OutputGuard = {}): void {
  guardOutput(path, guard);
  writeFileAtomic(path, data);
}
