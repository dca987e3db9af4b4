// Append-only audit log. Each entry's hash covers its content and the previous entry's hash,
// so an edited or deleted entry breaks the chain (verifyAudit names the first bad entry).
// The app only ever inserts; nothing in the database blocks an edit (anyone with the sqlite3
// shell could remove such a guard): the chain makes every edit or deletion visible instead.
// A chain inside the same file cannot prove its own completeness (delete the tail, or all of
// it, and what is left is a valid chain). Two things anchor it: the chain head (sequence number
// + hash) printed on every sheet, manifest, report and backup, which `verifyAudit(db,
// { anchors })` checks is still there with everything before it unchanged; and the rows of
// other tables (imports, runs, letter batches, mailings, purges), each of which must find the
// entry that recorded it.
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import { InwError } from '../errors.js';

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

export interface AuditHead {
  /** Sequence number (the entry's id) and hash of the newest entry. */
  seq: number;
  hash: string;
}

/** The newest entry: written on every output so that a later deletion of the tail is visible. */
export function auditHead(db: Db): AuditHead | null {
  const row = db.$client.prepare('SELECT id AS seq, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as AuditHead | undefined;
  return row ?? null;
}

/** "SEQ:HASH", as printed. */
export function formatAuditHead(head: AuditHead | null): string {
  return head === null ? '(記録なし)' : `${head.seq}:${head.hash}`;
}

export function parseAuditAnchor(text: string): AuditHead {
  const m = /^#?(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  if (!m) throw new InwError('bad-anchor', `アンカー「${text}」は 番号:ハッシュ (例: 42:3fa9…64桁) の形で指定してください。`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

/** Rows of other tables that an audit entry recorded (action, detail key naming the row's id). */
const RECORDED_ROWS: Array<{ table: string; action: string; key: string; label: string }> = [
  { table: 'imports', action: 'import', key: 'importId', label: '取込' },
  { table: 'classification_runs', action: 'classify', key: 'runId', label: '分類' },
  { table: 'letter_batches', action: 'letters', key: 'batchId', label: '通知書の作成' },
  { table: 'mailing_batches', action: 'mailing-batch', key: 'batchId', label: '発送' },
  { table: 'purges', action: 'purge', key: 'purgeId', label: '個人情報の削除' },
];

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: AuditHead | null;
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
export function verifyAudit(db: Db, options: { anchors?: AuditHead[]; checkRows?: boolean } = {}): AuditVerification {
  const client = db.$client;
  const head = auditHead(db);
  const anchors = new Map((options.anchors ?? []).map((a) => [a.seq, a.hash]));
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
      return { ok: false, entries, head, brokenAt: { id: row.id, reason }, ...(missing.length > 0 ? { missing } : {}) };
    }
    if (entryHash(row.prevHash, row.at, row.actor, row.action, row.detail) !== row.hash) {
      return { ok: false, entries, head, brokenAt: { id: row.id, reason: 'この記録の内容が変更されています' } };
    }
    const anchored = anchors.get(row.id);
    if (anchored !== undefined && anchored !== row.hash) {
      return { ok: false, entries, head, brokenAt: { id: row.id, reason: `アンカー ${row.id}:${anchored.slice(0, 12)}… と一致しません (この記録か、それより前の記録が書き換えられています)` } };
    }
    anchors.delete(row.id);
    expectedPrev = row.hash;
    lastId = row.id;
  }
  const seq = client.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
  if (seq && seq.seq > lastId) {
    const missing = range(lastId + 1, seq.seq + 1);
    return {
      ok: false,
      entries,
      head,
      brokenAt: { id: seq.seq, reason: `最後の記録 ${missing.map((id) => `#${id}`).join('、')} が削除されています` },
      missing,
    };
  }
  for (const [seqNo] of anchors) {
    return { ok: false, entries, head, brokenAt: { id: seqNo, reason: `アンカーの記録 #${seqNo} がありません (ログの末尾または全体が削除されています)` } };
  }
  const unrecorded = options.checkRows === false ? null : unrecordedRows(db);
  if (unrecorded !== null) return { ok: false, entries, head, brokenAt: unrecorded };
  return { ok: true, entries, head };
}

/** The first row of another table that no audit entry recorded: its entry was deleted. */
function unrecordedRows(db: Db): { id: number; reason: string } | null {
  const client = db.$client;
  for (const { table, action, key, label } of RECORDED_ROWS) {
    const exists = client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (!exists) continue;
    const row = client
      .prepare(
        `SELECT t.id FROM "${table}" t WHERE NOT EXISTS (
           SELECT 1 FROM audit_log a WHERE a.action = ? AND json_valid(a.detail) AND json_extract(a.detail, '$.${key}') = t.id)
         ORDER BY t.id LIMIT 1`,
      )
      .get(action) as { id: number } | undefined;
    if (row) {
      return { id: 0, reason: `${label} #${row.id} (${table}) を記録した監査ログがありません (ログの一部または全体が削除されています)` };
    }
  }
  return null;
}

function range(from: number, toExclusive: number): number[] {
  const out: number[] = [];
  for (let i = from; i < toExclusive; i++) out.push(i);
  return out;
}

