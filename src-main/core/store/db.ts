// Opens the database file through the committed migrations. WAL for crash safety; a copy of an
// existing file is kept beside it before a migration changes it; a file written by a newer
// version of the app is refused instead of being touched.
// Every caller says what it needs (`mode`): `read` never creates a file, a folder, -wal or -shm
// (a read-only file or folder works too); `write` needs an existing, writable file; `create` may
// make it. A database another program is writing is waited for, up to a bound, and every
// environment failure (missing, read-only, busy, full disk, not a database) becomes one InwError
// naming the file and what to do.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../../../db/schema.js';
import { InwError } from '../errors.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// better-sqlite3 reads SQLITE_USE_URI once, when its addon loads (the first connection): the
// `immutable=1` URI below is how a WAL database in a read-only file or folder can be read at all.
process.env.SQLITE_USE_URI ??= '1';

export type OpenMode = 'read' | 'write' | 'create';

export interface OpenDbOptions {
  file: string;
  /** Folder with drizzle's migrations; found next to the package when omitted. */
  migrationsDir?: string;
  /** Used to name the pre-migration backup. */
  now?: () => Date;
  /** Default `create`. */
  mode?: OpenMode;
  /** Same as mode `read` (kept for callers that only ever read). */
  readonly?: boolean;
  /** How long to wait for another program's write to finish (default 60 s). */
  busyTimeoutMs?: number;
  /** Called once when the file is busy and this call starts waiting. */
  onBusy?: () => void;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 60_000;

interface JournalEntry { idx: number; when: number; tag: string }

/** Walks up from this module to the package's db/migrations (works from sources and from dist/). */
export function findMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new InwError('migrations-missing', 'データベースの移行ファイル (db/migrations) が見つかりません。');
}

function readJournal(migrationsDir: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

function appliedMigrationTimes(client: Database.Database): number[] {
  const table = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return [];
  return (client.prepare('SELECT created_at AS t FROM __drizzle_migrations').all() as Array<{ t: number }>).map((r) => Number(r.t));
}

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** A file URI SQLite reads without locking or journal files: only for a file nobody can be writing. */
function immutableUri(file: string): string {
  return `file:${encodeURI(resolve(file)).replace(/[?#]/g, encodeURIComponent)}?immutable=1`;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Refuses, before SQLite is asked, what would fail later with an obscure message. */
function checkFile(file: string, mode: OpenMode): void {
  if (file === ':memory:') return;
  const dir = dirname(resolve(file));
  if (!existsSync(file)) {
    if (mode !== 'create') {
      throw new InwError('db-missing', `データベース ${file} がありません。--db のパスを確かめてください (データベースは inw import で作られます)。`);
    }
    if (!existsSync(dir)) throw new InwError('db-missing', `データベースのフォルダ ${dir} がありません。--db のパスを確かめてください。`);
    if (!canWrite(dir)) throw readonlyFolder(file, dir);
    return;
  }
  if (mode === 'read') return;
  if (!canWrite(file)) {
    throw new InwError(
      'db-readonly',
      `データベース ${file} は読み取り専用のため変更できません。ファイルの読み取り専用を外すか、書き込めるフォルダにコピーしてそのコピーを --db で指定してください (内容を見るだけのコマンドはこのままで使えます)。`,
    );
  }
  if (!canWrite(dir)) throw readonlyFolder(file, dir);
}

function readonlyFolder(file: string, dir: string): InwError {
  return new InwError(
    'db-readonly',
    `データベース ${file} のフォルダ ${dir} に書き込めません (変更には作業用ファイル ${basename(file)}-wal を作ります)。書き込めるフォルダにコピーしてそのコピーを --db で指定してください (内容を見るだけのコマンドはこのままで使えます)。`,
  );
}

/** The InwError for an error SQLite or the file system gave while using `file`; other errors unchanged. */
export function describeDbError(error: unknown, file: string): unknown {
  if (error instanceof InwError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new InwError('db-busy', `データベース ${file} は別のプログラム (アプリや別の inw) が使用中で、待っても空きませんでした。そちらの処理が終わってから、もう一度実行してください。`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new InwError('db-readonly', `データベース ${file} に書き込めません (ファイルかフォルダが読み取り専用です)。書き込めるフォルダにコピーしてそのコピーを --db で指定してください。`);
  }
  if (code === 'SQLITE_FULL') {
    return new InwError('disk-full', `ディスクの空きが足りないため ${file} に書き込めませんでした。変更は取り消されています。空きを作ってから、もう一度実行してください。`);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new InwError('db-not-database', `${file} は Incident Notice Workbench のデータベースではないか、壊れています。--db のパスを確かめるか、バックアップ (inw backup で作ったもの) を使ってください。`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new InwError('db-io', `データベース ${file} を読み書きできませんでした (${code})。ファイルの場所と権限を確かめてください。`);
  }
  return error;
}

/**
 * Waits until no other connection holds the write lock (BEGIN IMMEDIATE succeeds), so a write
 * command either starts with the lock in reach or stops with a clear error: SQLite's own busy
 * timeout would wait silently and then fail half-way through the command.
 */
function waitForWriteLock(client: Database.Database, timeoutMs: number, onBusy?: () => void): void {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      client.exec('BEGIN IMMEDIATE');
      client.exec('ROLLBACK');
      return;
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      if (!told) onBusy?.();
      told = true;
      sleepSync(Math.min(200, Math.max(1, deadline - Date.now())));
    }
  }
}

/** Opens `file` for reading without creating -wal/-shm where it cannot or need not. */
function openForReading(file: string): { client: Database.Database; madeSidecars: boolean } {
  const sidecars = existsSync(`${file}-wal`) || existsSync(`${file}-shm`);
  if (!sidecars && (!canWrite(file) || !canWrite(dirname(resolve(file))))) {
    // Nobody has it open (no -wal) and nobody can write it here: read it as the file it is.
    return { client: new Database(immutableUri(file), { readonly: true, fileMustExist: true }), madeSidecars: false };
  }
  return { client: new Database(file, { readonly: true, fileMustExist: true }), madeSidecars: !sidecars };
}

export function openDb(options: OpenDbOptions): Db {
  const { file } = options;
  const mode: OpenMode = options.readonly ? 'read' : (options.mode ?? 'create');
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  checkFile(file, mode);
  const existed = file !== ':memory:' && existsSync(file);
  let client: Database.Database;
  let madeSidecars = false;
  try {
    if (mode === 'read' && file !== ':memory:') ({ client, madeSidecars } = openForReading(file));
    else client = new Database(file, { fileMustExist: mode === 'write', timeout: 0 });
  } catch (error) {
    const described = describeDbError(error, file);
    if (described !== error) throw described;
    throw new InwError('db-open-failed', `データベース ${file} を開けません: ${(error as Error).message}`);
  }
  if (madeSidecars) sidecarsMade.add(client);
  try {
    if (mode !== 'read') {
      waitForWriteLock(client, busyTimeoutMs, options.onBusy);
      client.pragma(`busy_timeout = ${busyTimeoutMs}`);
      client.pragma('journal_mode = WAL');
      client.pragma('synchronous = NORMAL');
    } else {
      client.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    client.pragma('foreign_keys = ON');
    const migrationsDir = options.migrationsDir ?? findMigrationsDir();
    const journal = readJournal(migrationsDir);
    const known = new Set(journal.map((e) => e.when));
    const applied = appliedMigrationTimes(client);
    const unknown = applied.filter((t) => !known.has(t));
    if (unknown.length > 0) {
      throw new InwError(
        'db-newer-version',
        `データベース ${file} は新しいバージョンの Incident Notice Workbench で作成されています。このバージョンでは開けません (アプリを更新してください)。`,
      );
    }
    const pending = journal.filter((e) => !applied.includes(e.when));
    if (pending.length > 0 && mode !== 'read') {
      if (existed && applied.length > 0) backupBeforeMigration(client, file, options.now ?? (() => new Date()));
      const db = drizzle(client, { schema });
      migrate(db, { migrationsFolder: migrationsDir });
    }
    return drizzle(client, { schema }) as Db;
  } catch (error) {
    closeClient(client);
    throw describeDbError(error, file);
  }
}

/** Connections that opened read-only and made the -wal/-shm that were not there before. */
const sidecarsMade = new WeakSet<Database.Database>();

function backupBeforeMigration(client: Database.Database, file: string, now: () => Date): void {
  const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = `${file}.before-migration-${stamp}.bak`;
  // VACUUM INTO writes a consistent copy, WAL contents included, without closing the file.
  client.prepare('VACUUM INTO ?').run(target);
}

export function closeDb(db: Db): void {
  closeClient(db.$client);
}

function closeClient(client: Database.Database): void {
  if (!client.open) return;
  const file = client.name;
  if (!client.readonly) {
    // Tidy, not required: SQLite checkpoints on the last close anyway, and a reader elsewhere
    // must not make closing wait or fail.
    try {
      client.pragma('busy_timeout = 0');
      client.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // left for the next connection
    }
  }
  client.close();
  if (sidecarsMade.has(client)) {
    // A read-only connection cannot remove the -wal/-shm it made. A read-write connection that
    // reads once and closes does, if (and only if) no other connection uses the file.
    try {
      const cleaner = new Database(file, { fileMustExist: true, timeout: 0 });
      cleaner.pragma('user_version');
      cleaner.close();
    } catch {
      // another program has it open: the files are its, too
    }
  }
}

export { schema };

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection: for functions called once per row or letter. */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db.$client);
  if (!cache) statementCache.set(db.$client, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.$client.prepare(sql)));
  return prepared;
}

/** The number a `SELECT COUNT(…) AS n …` query gives: the one place that shape is asserted. */
export function countOf(db: Db, sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).get(...params) as { n: number }).n;
}
