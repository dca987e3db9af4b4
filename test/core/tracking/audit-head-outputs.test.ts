// Issue 12: the audit chain head (SEQ:HASH) travels with every output, so that an anchor kept
// outside the database exists for each: the contact sheet's 概要, a letter batch's
// manifest.json, the regulator report and a backup's own record (and the copy it describes).
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  auditHead, backupDatabase, defaultFontPaths, exportContactSheet, formatAuditHead, generateLetters, listAudit, regulatorReport, type Db,
} from '../../../src-main/core/index.js';
import { trackingDb } from './fixtures.js';

const head = (db: Db): string => formatAuditHead(auditHead(db));

describe('the audit chain head on every output', async () => {
  const fx = await trackingDb();
  const { db, ctx } = fx;

  it('contact sheet: 概要 names the head it was made at', async () => {
    const before = head(db);
    const file = join(fx.dir, 'contacts.xlsx');
    await exportContactSheet({ db, file, now: ctx.now, actor: 't' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    let anchor: unknown;
    wb.getWorksheet('概要')!.eachRow((row) => {
      if (row.getCell(1).value === '監査ログの最新記録 (アンカー)') anchor = row.getCell(2).value;
    });
    expect(anchor).toBe(before);
    expect(before).toMatch(/^\d+:[0-9a-f]{64}$/);
  });

  it('letters: manifest.json names the head the batch started at', async () => {
    const before = head(db);
    const out = join(fx.dir, 'drafts');
    await generateLetters({ db, outDir: out, draft: true, fontPaths: defaultFontPaths(), letterDate: '2022-03-15', now: ctx.now, actor: 't' });
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).auditHead).toBe(before);
  });

  it('regulator report: carries the head its figures were counted at', () => {
    expect(regulatorReport(db).auditHead).toBe(head(db));
  });

  it('backup: the copy\'s head is in the result and in the backup\'s own audit entry, and is the copy\'s newest entry', async () => {
    const before = head(db);
    const file = join(fx.dir, 'backup.db');
    const result = await backupDatabase(ctx, { out: file });
    expect(result.auditHead).toBe(before);
    const entry = listAudit(db, { limit: 1 })[0]!;
    expect(entry.action).toBe('backup');
    expect(entry.detail.auditHead).toBe(before);
    const copy = new Database(file, { readonly: true });
    const last = copy.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    copy.close();
    expect(`${last.id}:${last.hash}`).toBe(before);
  });
});
