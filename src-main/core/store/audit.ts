// Append-only audit log. Each entry's hash covers its content and the previous entry's hash,
// so an edited or deleted entry breaks the chain (verifyAudit names the first bad entry).
import { createHash } from 'node:crypto';
import type { Db } from './db.js';

export interface AuditEntryInput {
  at: Date;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, at: string, actor: string, action: string, detail: string): string {
  return createHash('sha256').update(JSON.stringify([prevHash, at, actor, action, detail])).digest('hex');
}

export function appendAudit(db: Db, entry: AuditEntryInput): number {
  const client = db.$client;
  const last = client.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const at = entry.at.toISOString();
  const detail = JSON.stringify(entry.detail);
  const hash = entryHash(prevHash, at, entry.actor, entry.action, detail);
  const info = client
    .prepare('INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)')
    .run(at, entry.actor, entry.action, detail, prevHash, hash);
  return Number(info.lastInsertRowid);
}

export function listAudit(db: Db, options: { limit?: number } = {}): AuditEntry[] {
  const rows = db.$client
    .prepare('SELECT id, at, actor, action, detail, hash FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(options.limit ?? 1000) as Array<{ id: number; at: string; actor: string; action: string; detail: string; hash: string }>;
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose content or link does not match. */
  brokenAt?: { id: number; reason: string };
}

export function verifyAudit(db: Db): AuditVerification {
  const rows = db.$client
    .prepare('SELECT id, at, actor, action, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY id')
    .iterate() as IterableIterator<{ id: number; at: string; actor: string; action: string; detail: string; prevHash: string; hash: string }>;
  let expectedPrev = GENESIS;
  let entries = 0;
  for (const row of rows) {
    entries++;
    if (row.prevHash !== expectedPrev) {
      return { ok: false, entries, brokenAt: { id: row.id, reason: '直前の記録が削除または変更されています' } };
    }
    if (entryHash(row.prevHash, row.at, row.actor, row.action, row.detail) !== row.hash) {
      return { ok: false, entries, brokenAt: { id: row.id, reason: 'この記録の内容が変更されています' } };
    }
    expectedPrev = row.hash;
  }
  return { ok: true, entries };
}
