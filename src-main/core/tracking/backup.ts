// `inw backup`: a consistent copy of the database while it may be in use, made with one
// `VACUUM INTO` (a read transaction: it works on a read-only file, waits for a writer only as
// long as the connection's busy timeout, and cannot loop; the online backup API restarts
// without end when it keeps meeting a busy source). The copy is written under a .partial name,
// made self-contained (rollback journal, no -wal beside it), verified by opening it
// (integrity_check, the audit chain, row counts) and only then given its real name; on any
// failure (full disk, kill) the partial file is removed or, after a kill, by the next run.
// Recorded in the audit log, unless the database is opened read-only (then the result says so).
import { renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { appendAudit, formatAuditHead, verifyAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { guardOutput } from '../store/output-guard.js';
import { fileSha256, recordOutputs } from '../store/outputs.js';
import { InwError } from '../errors.js';
import type { TrackingContext } from '../store/context.js';

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  integrity: 'ok';
  auditEntries: number;
  /** Rows per table in the copy. */
  tables: Record<string, number>;
  /** False when the database is read-only here, so the backup could not be written to its audit log. */
  audited: boolean;
  /** The copy's audit chain head ("SEQ:HASH"), also in the backup's own audit entry: the copy proves the log up to there. */
  auditHead: string;
}

export async function backupDatabase(ctx: TrackingContext, options: { out: string; overwrite?: boolean }): Promise<BackupResult> {
  const { db } = ctx;
  const out = resolve(options.out);
  const source = db.$client.name;
  if (source !== ':memory:' && resolve(source) === out) throw new InwError('backup-same-file', 'バックアップ先がデータベースそのものです。別のファイル名を指定してください。');
  guardOutput(out, { db, force: options.overwrite });
  const partial = `${out}.partial`;
  removeCopy(partial);
  try {
    db.$client.prepare('VACUUM INTO ?').run(partial);
    const verified = verifyCopy(partial);
    renameSync(partial, out);
    const bytes = statSync(out).size;
    const sha256 = fileSha256(out);
    const audited = !db.$client.readonly;
    if (audited) {
      const persons = verified.tables.persons ?? 0;
      db.$client.transaction(() => {
        const auditSeq = appendAudit(db, {
          at: ctx.now(), actor: ctx.actor, action: 'backup',
          detail: { file: out, bytes, sha256, auditEntries: verified.auditEntries, auditHead: verified.auditHead, persons, payments: verified.tables.payments ?? 0 },
        });
        recordOutputs(db, { at: ctx.now(), auditSeq }, [{ path: out, kind: 'backup', sha256, persons }]);
      }).immediate();
    }
    return { file: out, bytes, sha256, integrity: 'ok', audited, ...verified };
  } catch (error) {
    removeCopy(partial);
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EFBIG') {
      throw new InwError('backup-write-failed', `バックアップ ${out} を書き込めませんでした (ディスクの空き不足か、ファイルの大きさの制限)。書きかけのファイルは消しました。データベースは変わっていません。`);
    }
    throw error;
  }
}

function removeCopy(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function verifyCopy(file: string): { auditEntries: number; auditHead: string; tables: Record<string, number> } {
  const copy = new Database(file);
  try {
    // A backup should be one file: switch the copy from WAL to a rollback journal.
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new InwError('backup-corrupt', `バックアップの検査で異常が見つかりました: ${String(integrity)}`);
    // The chain only: a copy is worth keeping even when rows lack their entries (audit verify says so).
    const audit = verifyAudit({ $client: copy } as unknown as Db, { checkRows: false });
    if (!audit.ok) throw new InwError('backup-audit-broken', `バックアップの監査ログが一致しません (#${audit.brokenAt?.id})。`);
    const tables: Record<string, number> = {};
    for (const { name } of copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>) {
      tables[name] = (copy.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return { auditEntries: audit.entries, auditHead: formatAuditHead(audit.head), tables };
  } finally {
    copy.close();
  }
}

