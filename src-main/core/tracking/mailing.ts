// Mailing batches: a set of letters printed and handed to the post office on one day, with
// the postage method and the piece count per postal-code area (first 3 digits, the unit the
// post office sorts bulk mail by). Each letter moves to 発送 with that date, history kept.
import { createHash } from 'node:crypto';
import { appendAudit } from '../store/audit.js';
import { InwError } from '../errors.js';
import { inTransaction, type TrackingContext, cleanNote } from '../store/context.js';
import { canMove, getLetter, moveLetter, type LetterStatus } from './letters.js';
import { formatPersonId, formatLetterId } from '../store/ids.js';

export const POSTAGE_METHODS = ['料金別納', '料金後納', '料金計器別納', '切手'] as const;

export interface MailingOptions {
  /** Japan-local YYYY-MM-DD. */
  mailedDate: string;
  postageMethod: string;
  /** Letters to mail; default: every newest-version letter that is still 生成 or 印刷. */
  letterIds?: number[];
  note?: string | null;
}

export interface MailingBatch {
  id: number;
  mailedDate: string;
  postageMethod: string;
  pieces: number;
  byArea: Record<string, number>;
  manifestSha256: string;
  letterIds: string[];
  createdAt: string;
}

/** Letters waiting to be mailed: the newest version of each person, still 生成 or 印刷. */
export function lettersToMail(ctx: Pick<TrackingContext, 'db'>): number[] {
  return (ctx.db.$client.prepare(
    `SELECT l.id FROM letters l
     WHERE l.status IN ('生成', '印刷') AND l.version = (SELECT MAX(version) FROM letters x WHERE x.person_id = l.person_id)
     ORDER BY l.id`,
  ).all() as Array<{ id: number }>).map((r) => r.id);
}

export function createMailingBatch(ctx: TrackingContext, options: MailingOptions): MailingBatch {
  const { db } = ctx;
  const postage = options.postageMethod.trim();
  if (postage === '') throw new InwError('postage-required', '差出方法 (料金別納など) を指定してください。');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.mailedDate)) throw new InwError('bad-date', `発送日「${options.mailedDate}」は YYYY-MM-DD で指定してください。`);
  return inTransaction(db, () => {
    const ids = [...new Set(options.letterIds ?? lettersToMail(ctx))].sort((a, b) => a - b);
    if (ids.length === 0) throw new InwError('nothing-to-mail', '発送する通知書がありません (生成・印刷済みの通知書がありません)。');
    const letters = ids.map((id) => getLetter(db, id));
    const already = db.$client.prepare('SELECT batch_id AS b FROM mailing_batch_letters WHERE letter_id = ?');
    for (const l of letters) {
      const previous = already.get(l.id) as { b: number } | undefined;
      if (previous) throw new InwError('already-mailed', `通知書 ${l.letterId} は発送記録 #${previous.b} で発送済みです。`);
      if (!canMove(l.status, '発送' as LetterStatus)) {
        throw new InwError('bad-transition', `通知書 ${l.letterId} (${formatPersonId(l.personId)}) は「${l.status}」なので発送できません。`);
      }
    }
    const postal = db.$client.prepare('SELECT postal_code AS p FROM persons WHERE id = ?');
    const byArea: Record<string, number> = {};
    for (const l of letters) {
      const code = (postal.get(l.personId) as { p: string | null } | undefined)?.p;
      const area = code ? code.slice(0, 3) : '不明';
      byArea[area] = (byArea[area] ?? 0) + 1;
    }
    const sortedAreas = Object.fromEntries(Object.entries(byArea).sort(([a], [b]) => a.localeCompare(b)));
    const manifestSha256 = createHash('sha256').update(letters.map((l) => `${formatLetterId(l.id)}\t${l.sha256}`).join('\n')).digest('hex');
    const now = ctx.now();
    const createdAt = now.toISOString();
    const info = db.$client.prepare(
      `INSERT INTO mailing_batches (mailed_date, postage_method, pieces, by_area, manifest_sha256, note, created_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(options.mailedDate, postage, letters.length, JSON.stringify(sortedAreas), manifestSha256, cleanNote(options.note), createdAt, ctx.actor);
    const batchId = Number(info.lastInsertRowid);
    const link = db.$client.prepare('INSERT INTO mailing_batch_letters (batch_id, letter_id) VALUES (?, ?)');
    for (const l of letters) {
      link.run(batchId, l.id);
      moveLetter(db, l.id, { to: '発送', mailedDate: options.mailedDate, source: 'mailing', ref: batchId, at: now, actor: ctx.actor });
    }
    appendAudit(db, {
      at: now,
      actor: ctx.actor,
      action: 'mailing-batch',
      detail: { batchId, mailedDate: options.mailedDate, postageMethod: postage, pieces: letters.length, byArea: sortedAreas, manifestSha256 },
    });
    return {
      id: batchId, mailedDate: options.mailedDate, postageMethod: postage, pieces: letters.length, byArea: sortedAreas, manifestSha256,
      letterIds: letters.map((l) => l.letterId), createdAt,
    };
  });
}

export function listMailingBatches(ctx: Pick<TrackingContext, 'db'>): MailingBatch[] {
  const rows = ctx.db.$client.prepare(
    `SELECT id, mailed_date AS mailedDate, postage_method AS postageMethod, pieces, by_area AS byArea, manifest_sha256 AS manifestSha256,
       created_at AS createdAt FROM mailing_batches ORDER BY id`,
  ).all() as Array<Omit<MailingBatch, 'byArea' | 'letterIds'> & { byArea: string }>;
  const letters = ctx.db.$client.prepare('SELECT letter_id AS id FROM mailing_batch_letters WHERE batch_id = ? ORDER BY letter_id');
  return rows.map((r) => ({
    ...r,
    byArea: JSON.parse(r.byArea) as Record<string, number>,
    letterIds: (letters.all(r.id) as Array<{ id: number }>).map((l) => formatLetterId(l.id)),
  }));
}
