// A person's state as managers see it on the contact sheet (通知書状態 / 発送日 / 対応メモ):
// the newest letter version's status mapped onto the sheet's drop-down (未発送, 発送済, 返送,
// 電話済, 対応完了), overridden by the staff's follow-up (電話済 / 対応完了), and their memo.
// The same state can be rebuilt as of a past instant from the history tables, which is how
// `inw sheet apply` tells an edit in Excel from a change made in the app since the export.
import type { Db } from '../store/db.js';

export interface LetterState {
  status: string;
  mailedDate: string | null;
  notes: string | null;
}

const SHEET_STATUS: Record<string, string> = {
  生成: '未発送',
  印刷: '未発送',
  発送: '発送済',
  返送: '返送',
  電話済: '電話済',
  対応完了: '対応完了',
};

export function sheetStatusOf(letterStatus: string): string {
  return SHEET_STATUS[letterStatus] ?? '未発送';
}

/** The sheet status: 対応完了 wins, then a follow-up 電話済, then the letter's own status. */
export function combinedStatus(letterStatus: string | null, followupStatus: string | null): string {
  const fromLetter = letterStatus === null ? '未発送' : sheetStatusOf(letterStatus);
  if (followupStatus === '対応完了' || fromLetter === '対応完了') return '対応完了';
  if (followupStatus === '電話済') return '電話済';
  return fromLetter;
}

const EMPTY: LetterState = { status: '未発送', mailedDate: null, notes: null };

export function emptyLetterState(): LetterState {
  return { ...EMPTY };
}

/**
 * Per person with a letter or a follow-up: the current state, or with `asOf` (an instant) the
 * state just before it. Persons absent from the map are 未発送 with no date and no memo.
 */
export function letterStates(db: Db, asOf?: Date): Map<number, LetterState> {
  const client = db.$client;
  const hasFollowups = client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_followups'").get() !== undefined;
  const out = new Map<number, LetterState>();
  const state = (personId: number): LetterState => {
    let s = out.get(personId);
    if (!s) out.set(personId, (s = emptyLetterState()));
    return s;
  };
  const followStatus = new Map<number, string | null>();
  if (asOf === undefined) {
    const letters = client.prepare(
      `SELECT l.person_id AS personId, l.status, l.mailed_date AS mailedDate
       FROM letters l JOIN (SELECT person_id, MAX(version) AS v FROM letters GROUP BY person_id) m
         ON m.person_id = l.person_id AND m.v = l.version`,
    ).all() as Array<{ personId: number; status: string; mailedDate: string | null }>;
    for (const l of letters) Object.assign(state(l.personId), { status: l.status, mailedDate: l.mailedDate });
    if (hasFollowups) {
      const rows = client.prepare(
        `SELECT f.person_id AS personId, f.status, f.notes FROM person_followups f
         WHERE f.id = (SELECT MAX(id) FROM person_followups x WHERE x.person_id = f.person_id)`,
      ).all() as Array<{ personId: number; status: string | null; notes: string | null }>;
      for (const f of rows) {
        state(f.personId).notes = f.notes;
        followStatus.set(f.personId, f.status);
      }
    }
  } else {
    const limit = asOf.getTime();
    const before = (iso: string) => Date.parse(iso) < limit;
    // Newest version made before the instant, per person.
    const newest = new Map<number, { id: number; version: number }>();
    for (const l of client.prepare('SELECT id, person_id AS personId, version, created_at AS createdAt FROM letters').iterate() as IterableIterator<{
      id: number; personId: number; version: number; createdAt: string;
    }>) {
      if (!before(l.createdAt)) continue;
      const seen = newest.get(l.personId);
      if (!seen || seen.version < l.version) newest.set(l.personId, { id: l.id, version: l.version });
    }
    const letterOf = new Map<number, number>();
    for (const [personId, l] of newest) {
      letterOf.set(l.id, personId);
      Object.assign(state(personId), { status: '生成', mailedDate: null });
    }
    if (hasFollowups) {
      for (const h of client.prepare('SELECT letter_id AS letterId, to_status AS toStatus, mailed_date AS mailedDate, at FROM letter_status_history ORDER BY id').iterate() as IterableIterator<{
        letterId: number; toStatus: string; mailedDate: string | null; at: string;
      }>) {
        const personId = letterOf.get(h.letterId);
        if (personId === undefined || !before(h.at)) continue;
        Object.assign(state(personId), { status: h.toStatus, mailedDate: h.mailedDate });
      }
      for (const f of client.prepare('SELECT person_id AS personId, status, notes, at FROM person_followups ORDER BY id').iterate() as IterableIterator<{
        personId: number; status: string | null; notes: string | null; at: string;
      }>) {
        if (!before(f.at)) continue;
        state(f.personId).notes = f.notes;
        followStatus.set(f.personId, f.status);
      }
    }
  }
  for (const [personId, s] of out) {
    const hasLetter = s.status !== '未発送';
    s.status = combinedStatus(hasLetter ? s.status : null, followStatus.get(personId) ?? null);
  }
  return out;
}
