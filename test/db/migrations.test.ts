// Every migration in db/migrations, in the style of Signal-Desktop's migration tests: build the
// database as the previous version left it, put rows in, migrate, and assert the rows are still
// there (every column they had before, unchanged); and the schema all the migrations build is
// the one db/schema.ts declares, table by table, column by column, index by index. Both tests
// read the journal, so a new migration is covered without touching this file. Migrations that
// move data have their own tests beside the code that reads it (0001 in tracking/store, 0003 in
// persons/review, 0005 in incident/store, 0007 in store/outputs-migration).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.js';
import { appendAudit, closeDb, findMigrationsDir, openDb, type Db } from '../../src-main/core/index.js';
import { all, fillOlderDb, migrationsBefore, now, runImport, tempDir, writeCsv, PAYMENT_HEADER } from '../helpers/fixtures.js';

const tags = (JSON.parse(readFileSync(join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> })
  .entries.map((e) => e.tag);
const dir = tempDir('inw-migrations-test-');
let n = 0;
const fresh = (name: string) => join(dir, `${++n}-${name}`);

/** The migrations up to and including `tag`: the schema of the version that added it. */
const migrationsThrough = (tag: string): string => {
  const next = tags[tags.indexOf(tag) + 1];
  return next === undefined ? findMigrationsDir() : migrationsBefore(next, dir);
};

/** Rows the core has written since the first version: payments, donor records, persons, an audit entry. */
async function seed(db: Db): Promise<void> {
  await runImport(db, {
    file: writeCsv(fresh('p.csv'), [PAYMENT_HEADER, ['T1', 'O-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1234', '1000', '成功'],
      ['T2', 'O-2', 'M-2', '2021/12/24 18:30', 'クレジットカード', '************5678', '3000', '成功']]),
    kind: 'payments',
  });
  await runImport(db, {
    file: writeCsv(fresh('d.csv'), [['注文番号', '会員番号', '氏名', '郵便番号', '住所'], ['O-1', 'M-1', '山田 花子', '1000001', '東京都千代田区千代田1-1'],
      ['O-2', 'M-2', '鈴木 一郎', '0600001', '北海道札幌市中央区北一条西1']]),
    kind: 'donors',
  });
  appendAudit(db, { at: now(), actor: 'test', action: 'seed', detail: { rows: 2 } });
}

function tablesOf(db: Db): string[] {
  return all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((t) => t.name);
}

function columnsOf(db: Db, table: string): string[] {
  return all<{ name: string }>(db, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).map((c) => c.name);
}

describe('each migration keeps the rows of the version before it', () => {
  for (const tag of tags.slice(1)) {
    it(`${tag}: rows written before it are all there after it, every old column unchanged`, async () => {
      const file = fresh('case.db');
      const old = openDb({ file, now, migrationsDir: migrationsBefore(tag, dir) });
      await fillOlderDb(old, seed);
      const before = new Map(tablesOf(old).filter((t) => t !== '__drizzle_migrations').map((t) => [t, { columns: columnsOf(old, t), rows: all(old, `SELECT * FROM "${t}" ORDER BY rowid`) }]));
      const applied = all(old, 'SELECT * FROM __drizzle_migrations').length;
      closeDb(old);
      expect(before.get('payments')?.rows).toHaveLength(2);

      const db = openDb({ file, now, migrationsDir: migrationsThrough(tag) });
      try {
        expect(all(db, 'SELECT * FROM __drizzle_migrations')).toHaveLength(applied + 1);
        for (const [table, { columns, rows }] of before) {
          const kept = all(db, `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`);
          expect([table, kept]).toEqual([table, rows]);
        }
        expect(all(db, 'PRAGMA foreign_key_check')).toEqual([]);
        expect(all<{ integrity_check: string }>(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        closeDb(db);
      }
    });
  }
});

describe('db/schema.ts and the migrations agree', () => {
  it('all migrations applied to an empty database give the tables, columns and indexes schema.ts declares', () => {
    const db = openDb({ file: ':memory:', now });
    try {
      const declared = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => v instanceof SQLiteTable).map((t) => getTableConfig(t));
      expect(tablesOf(db).filter((t) => t !== '__drizzle_migrations')).toEqual(declared.map((t) => t.name).sort());
      for (const table of declared) {
        const actual = all<{ name: string; type: string; notnull: number; pk: number }>(db, `SELECT name, type, "notnull", pk FROM pragma_table_info('${table.name}') ORDER BY name`);
        const primaryKeys = new Set([...table.columns.filter((c) => c.primary).map((c) => c.name), ...table.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))]);
        const expected = table.columns.map((c) => ({
          name: c.name,
          type: c.getSQLType().toLowerCase(),
          // SQLite reports an INTEGER PRIMARY KEY as nullable; drizzle declares it not null.
          notnull: c.notNull && !(c.primary && c.getSQLType() === 'integer') ? 1 : 0,
          pk: primaryKeys.has(c.name),
        })).sort((a, b) => a.name.localeCompare(b.name));
        const rowidAlias = actual.filter((c) => c.pk > 0).length === 1 ? actual.find((c) => c.pk > 0 && c.type.toLowerCase() === 'integer')?.name : undefined;
        const found = actual.map((c) => ({ name: c.name, type: c.type.toLowerCase(), notnull: c.name === rowidAlias ? 0 : c.notnull, pk: c.pk > 0 }))
          .sort((a, b) => a.name.localeCompare(b.name));
        expect([table.name, found]).toEqual([table.name, expected]);

        const indexes = all<{ name: string; unique: number }>(db, `SELECT name, "unique" FROM pragma_index_list('${table.name}') WHERE origin = 'c'`)
          .sort((a, b) => a.name.localeCompare(b.name));
        const declaredIndexes = table.indexes.map((i) => ({ name: i.config.name, unique: i.config.unique ? 1 : 0 })).sort((a, b) => a.name.localeCompare(b.name));
        expect([table.name, indexes]).toEqual([table.name, declaredIndexes]);
        for (const index of table.indexes) {
          const cols = all<{ name: string | null }>(db, `SELECT name FROM pragma_index_info('${index.config.name}') ORDER BY seqno`).map((c) => c.name);
          const declaredCols = index.config.columns.map((c) => ('name' in c ? (c as { name: string }).name : null));
          expect([index.config.name, cols]).toEqual([index.config.name, declaredCols]);
        }
      }
    } finally {
      closeDb(db);
    }
  });
});
