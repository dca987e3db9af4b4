// Append-only audit log. Each entry's hash covers its content and the previous entry's hash,
// so an edited or deleted entry breaks the chain (verifyAudit names the first bad entry).
// The app only ever inserts; nothing in the database blocks an edit (anyone with the sqlite3
// shell could remove such a guard): the chain makes every edit or deletion visible instead.
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
  const at = entry.at.toISOString();
  const detail = JSON.stringify(entry.detail);
  const write = (): number => {
    const last = client.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS;
    const hash = entryHash(prevHash, at, entry.actor, entry.action, detail);
    const info = client
      .prepare('INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.action, detail, prevHash, hash);
    return Number(info.lastInsertRowid);
  };
  // Read the last hash and insert under one write lock: another process (the app and the CLI
  // on the same file) appending in between would otherwise fork the chain.
  return client.inTransaction ? write() : client.transaction(write).immediate();
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
  /** The first entry whose content or link does not match (for a deleted entry: the one after it, or the missing last one). */
  brokenAt?: { id: number; reason: string };
  /** IDs missing from the sequence (deleted entries), when they can be named. */
  missing?: number[];
}

/**
 * Walks the chain from the first entry. An edited entry fails its own hash; a deleted entry
 * breaks the link of the next one (and leaves a gap in the IDs, which AUTOINCREMENT never
 * reuses); a deleted last entry leaves the highest ID ever issued (sqlite_sequence) unmatched.
 */
export function verifyAudit(db: Db): AuditVerification {
  const client = db.$client;
  const rows = client
    .prepare('SELECT id, at, actor, action, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY id')
    .iterate() as IterableIterator<{ id: number; at: string; actor: string; action: string; detail: string; prevHash: string; hash: string }>;
  let expectedPrev = GENESIS;
  let entries = 0;
  let lastId = 0;
  for (const row of rows) {
    entries++;
    const missing = range(lastId + 1, row.id);
    if (row.prevHash !== expectedPrev || missing.length > 0) {
      const reason = missing.length > 0
        ? `直前の記録 ${missing.map((id) => `#${id}`).join('、')} が削除されています`
        : '直前の記録が削除または変更されています';
      return { ok: false, entries, brokenAt: { id: row.id, reason }, ...(missing.length > 0 ? { missing } : {}) };
    }
    if (entryHash(row.prevHash, row.at, row.actor, row.action, row.detail) !== row.hash) {
      return { ok: false, entries, brokenAt: { id: row.id, reason: 'この記録の内容が変更されています' } };
    }
    expectedPrev = row.hash;
    lastId = row.id;
  }
  const seq = client.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
  if (seq && seq.seq > lastId) {
    const missing = range(lastId + 1, seq.seq + 1);
    return {
      ok: false,
      entries,
      brokenAt: { id: seq.seq, reason: `最後の記録 ${missing.map((id) => `#${id}`).join('、')} が削除されています` },
      missing,
    };
  }
  return { ok: true, entries };
}

function range(from: number, toExclusive: number): number[] {
  const out: number[] = [];
  for (let i = from; i < toExclusive; i++) out.push(i);
  return out;
}

