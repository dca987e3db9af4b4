// Staff follow-up per person: 電話済 (reached by phone) or 対応完了 (nothing more to do), and a
// memo. Append-only: each change adds a row holding the whole state, newest last.
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { cleanNote, personExists } from '../store/context.js';
import { formatPersonId } from '../store/ids.js';

import { FOLLOWUP_STATUSES, type FollowupStatus } from '../vocabulary/tracking.js';

export { FOLLOWUP_STATUSES, type FollowupStatus };

export interface Followup {
  status: FollowupStatus | null;
  notes: string | null;
  at: string | null;
}

export function currentFollowup(db: Db, personId: number): Followup {
  const row = db.$client
    .prepare('SELECT status, notes, at FROM person_followups WHERE person_id = ? ORDER BY id DESC LIMIT 1')
    .get(personId) as Followup | undefined;
  return row ?? { status: null, notes: null, at: null };
}

export interface FollowupChange {
  status?: FollowupStatus | null;
  notes?: string | null;
  source: 'sheet' | 'manual' | 'inquiry';
  ref?: number | null;
  at: Date;
  actor: string;
}

/** Records a change; returns false (and writes nothing) when nothing would change. */
export function setFollowup(db: Db, personId: number, change: FollowupChange): boolean {
  if (!personExists(db, personId)) throw new InwError('person-not-found', `対象者 ${formatPersonId(personId)} はいません。`);
  if (change.status != null && !(FOLLOWUP_STATUSES as readonly string[]).includes(change.status)) {
    throw new InwError('bad-status', `対応状態「${change.status}」は使えません (${FOLLOWUP_STATUSES.join('・')})。`);
  }
  const current = currentFollowup(db, personId);
  const status = change.status === undefined ? current.status : change.status;
  const notes = change.notes === undefined ? current.notes : cleanNote(change.notes);
  if (status === current.status && notes === current.notes) return false;
  db.$client.prepare(
    'INSERT INTO person_followups (person_id, status, notes, at, actor, source, ref) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(personId, status, notes, change.at.toISOString(), change.actor, change.source, change.ref ?? null);
  return true;
}

export function followupHistory(db: Db, personId: number): Array<Followup & { actor: string; source: string }> {
  return db.$client
    .prepare('SELECT status, notes, at, actor, source FROM person_followups WHERE person_id = ? ORDER BY id')
    .all(personId) as Array<Followup & { actor: string; source: string }>;
}
