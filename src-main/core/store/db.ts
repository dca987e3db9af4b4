// Opens the database file through the committed migrations. WAL for crash safety; a copy of an
// existing file is kept beside it before a migration changes it; a file written by a newer
// version of the app is refused instead of being touched.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../../../db/schema.js';
import { InwError } from '../errors.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenDbOptions {
  file: string;
  /** Folder with drizzle's migrations; found next to the package when omitted. */
  migrationsDir?: string;
  /** Used to name the pre-migration backup. */
  now?: () => Date;
  readonly?: boolean;
}

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

export function openDb(options: OpenDbOptions): Db {
  const { file } = options;
  const existed = file !== ':memory:' && existsSync(file);
  let client: Database.Database;
  try {
    client = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new InwError('db-open-failed', `データベース ${file} を開けません: ${(error as Error).message}`);
  }
  try {
    if (!options.readonly) {
      client.pragma('journal_mode = WAL');
      client.pragma('synchronous = NORMAL');
    }
    client.pragma('foreign_keys = ON');
    client.pragma('busy_timeout = 5000');
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
    if (pending.length > 0 && !options.readonly) {
      if (existed && applied.length > 0) backupBeforeMigration(client, file, options.now ?? (() => new Date()));
      const db = drizzle(client, { schema });
      migrate(db, { migrationsFolder: migrationsDir });
    }
    return drizzle(client, { schema }) as Db;
  } catch (error) {
    client.close();
    throw error;
  }
}

function backupBeforeMigration(client: Database.Database, file: string, now: () => Date): void {
  const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = `${file}.before-migration-${stamp}.bak`;
  // VACUUM INTO writes a consistent copy, WAL contents included, without closing the file.
  client.prepare('VACUUM INTO ?').run(target);
}

export function closeDb(db: Db): void {
  const client = db.$client;
  if (client.open) {
    if (!client.readonly) client.pragma('wal_checkpoint(TRUNCATE)');
    client.close();
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
