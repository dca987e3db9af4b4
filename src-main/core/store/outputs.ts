// The register of files inw writes that may hold personal data (letters, print files,
// manifests, previews, contact sheets, CSV exports, backups): absolute path, kind, SHA-256 and
// size as written, when, and the audit entry or letter batch they belong to. Every writer calls
// recordOutputs once it has written its files; purge reads the register to delete what it may
// and to list what it may not, flagging files changed or missing since we wrote them.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Db } from './db.js';

export const OUTPUT_KINDS = ['letter', 'draft-letter', 'print', 'manifest', 'preview', 'contact-sheet', 'csv', 'backup'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export interface OutputFile {
  path: string;
  kind: OutputKind;
  /** Computed from the file when the writer does not know it. */
  sha256?: string;
  /** The one person a letter or preview is for (persons.id). */
  personId?: number | null;
  /** How many persons' data the file holds. */
  persons?: number | null;
}

export interface OutputRecord {
  id: number;
  path: string;
  kind: OutputKind;
  sha256: string;
  bytes: number | null;
  writtenAt: string;
  auditSeq: number | null;
  batchId: number | null;
  personId: number | null;
  persons: number | null;
  deletedAt: string | null;
}

/** SHA-256 of a file, read in 1 MB chunks (backups and sheets can be large). */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Records files just written. Paths are stored absolute; a path written again replaces its
 * row (the newest write is what is on disk). Runs inside the caller's transaction when there is one.
 */
export function recordOutputs(
  db: Db,
  common: { at: Date; auditSeq?: number | null; batchId?: number | null },
  files: Iterable<OutputFile>,
): void {
  const client = db.$client;
  const upsert = client.prepare(
    `INSERT INTO outputs (path, kind, sha256, bytes, written_at, audit_seq, batch_id, person_id, persons, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes,
       written_at = excluded.written_at, audit_seq = excluded.audit_seq, batch_id = excluded.batch_id,
       person_id = excluded.person_id, persons = excluded.persons, deleted_at = NULL`,
  );
  const at = common.at.toISOString();
  const write = () => {
    for (const f of files) {
      const path = resolve(f.path);
      upsert.run(
        path, f.kind, f.sha256 ?? fileSha256(path), statSync(path).size, at, common.auditSeq ?? null, common.batchId ?? null,
        f.personId ?? null, f.persons ?? null,
      );
    }
  };
  if (client.inTransaction) write();
  else client.transaction(write)();
}

/** Every recorded output still believed on disk (not deleted by purge), oldest first. */
export function listOutputs(db: Db): OutputRecord[] {
  return db.$client.prepare(
    `SELECT id, path, kind, sha256, bytes, written_at AS writtenAt, audit_seq AS auditSeq, batch_id AS batchId,
       person_id AS personId, persons, deleted_at AS deletedAt
     FROM outputs WHERE deleted_at IS NULL ORDER BY id`,
  ).all() as OutputRecord[];
}

/** Marks files purge deleted (the row stays: what was written, and that it is gone). */
export function markOutputsDeleted(db: Db, paths: string[], at: Date): void {
  const mark = db.$client.prepare('UPDATE outputs SET deleted_at = ? WHERE path = ?');
  for (const p of paths) mark.run(at.toISOString(), p);
}
