// A letter's life after it is made: 生成 → 印刷 → 発送 → (返送 | 対応完了). The letters row holds
// the current status and mailed date; every change is also a row of letter_status_history, so
// the history is never lost and the state at any past instant can be rebuilt. A re-send after
// an address correction is a new letters row with the next version (recordLetterVersion).
import type { Db } from '../store/db.js';
import { statement } from '../store/db.js';
import { InwError } from '../errors.js';
import { inTransaction } from '../store/context.js';
import { formatPersonId, formatLetterId } from '../store/ids.js';

import { LETTER_STATUSES, type LetterStatus } from '../vocabulary/tracking.js';

export { LETTER_STATUSES, type LetterStatus };

/** Allowed moves. 生成 → 発送 is allowed and recorded as two steps (印刷, then 発送). */
const NEXT: Record<LetterStatus, LetterStatus[]> = {
  生成: ['印刷', '発送'],
  印刷: ['発送'],
  発送: ['返送', '対応完了'],
  返送: ['対応完了'],
  対応完了: [],
};

export type HistorySource = 'generate' | 'mailing' | 'mailing-undo' | 'return' | 'sheet' | 'manual' | 'inquiry';

export function isLetterStatus(value: string): value is LetterStatus {
  return (LETTER_STATUSES as readonly string[]).includes(value);
}

export function canMove(from: string, to: LetterStatus): boolean {
  return isLetterStatus(from) && NEXT[from].includes(to);
}

export interface LetterRow {
  id: number;
  letterId: string;
  personId: number;
  version: number;
  category: string;
  file: string;
  sha256: string;
  status: string;
  statusAt: string;
  mailedDate: string | null;
  createdAt: string;
}

const LETTER_COLUMNS = `id, person_id AS personId, version, category, file, sha256, status, status_at AS statusAt,
  mailed_date AS mailedDate, created_at AS createdAt`;

function withId(row: Omit<LetterRow, 'letterId'>): LetterRow {
  return { ...row, letterId: formatLetterId(row.id) };
}

export function getLetter(db: Db, id: number): LetterRow {
  const row = statement(db, `SELECT ${LETTER_COLUMNS} FROM letters WHERE id = ?`).get(id) as Omit<LetterRow, 'letterId'> | undefined;
  if (!row) throw new InwError('letter-not-found', `通知書 ${formatLetterId(id)} はありません。`);
  return withId(row);
}

/** The newest version of a person's letter, or null when none was made. */
export function latestLetter(db: Db, personId: number): LetterRow | null {
  const row = statement(db, `SELECT ${LETTER_COLUMNS} FROM letters WHERE person_id = ? ORDER BY version DESC LIMIT 1`)
    .get(personId) as Omit<LetterRow, 'letterId'> | undefined;
  return row ? withId(row) : null;
}

export function lettersOfPerson(db: Db, personId: number): LetterRow[] {
  return (statement(db, `SELECT ${LETTER_COLUMNS} FROM letters WHERE person_id = ? ORDER BY version`).all(personId) as Array<
    Omit<LetterRow, 'letterId'>
  >).map(withId);
}

export interface StatusChange {
  to: LetterStatus;
  /** Required when moving to 発送; may correct the date of a mailed letter without a move. */
  mailedDate?: string | null;
  source: HistorySource;
  ref?: number | null;
  note?: string | null;
  at: Date;
  actor: string;
}

/**
 * Moves a letter to a new status (recording each step) and returns the steps written.
 * Throws `bad-transition` for a move the flow does not allow.
 */
export function moveLetter(db: Db, letterId: number, change: StatusChange): Array<{ from: string; to: LetterStatus }> {
  return inTransaction(db, () => {
    const letter = getLetter(db, letterId);
    const from = letter.status;
    if (!canMove(from, change.to)) {
      throw new InwError(
        'bad-transition',
        `通知書 ${letter.letterId} (${formatPersonId(letter.personId)}) は「${from}」なので「${change.to}」にできません。`,
      );
    }
    if (change.to === '発送' && !change.mailedDate) {
      throw new InwError('mailed-date-required', `発送日を指定してください (${letter.letterId})。`);
    }
    const steps: Array<{ from: string; to: LetterStatus }> = from === '生成' && change.to === '発送'
      ? [{ from: '生成', to: '印刷' }, { from: '印刷', to: '発送' }]
      : [{ from, to: change.to }];
    const at = change.at.toISOString();
    const mailedDate = change.to === '発送' ? change.mailedDate! : letter.mailedDate;
    const history = statement(db, 
      `INSERT INTO letter_status_history (letter_id, person_id, from_status, to_status, mailed_date, at, actor, source, ref, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const step of steps) {
      history.run(letterId, letter.personId, step.from, step.to, step.to === '印刷' ? null : mailedDate, at, change.actor, change.source, change.ref ?? null, change.note ?? null);
    }
    statement(db, 'UPDATE letters SET status = ?, status_at = ?, mailed_date = ? WHERE id = ?').run(change.to, at, mailedDate, letterId);
    return steps;
  });
}

/** Corrects the mailed date of a letter that went out (history kept). */
export function correctMailedDate(db: Db, letterId: number, mailedDate: string, info: { at: Date; actor: string; source: HistorySource; ref?: number | null }): void {
  inTransaction(db, () => {
    const letter = getLetter(db, letterId);
    if (letter.mailedDate === null) {
      throw new InwError('not-mailed', `通知書 ${letter.letterId} はまだ発送されていないため、発送日を直せません。`);
    }
    if (letter.mailedDate === mailedDate) return;
    const at = info.at.toISOString();
    statement(db, 
      `INSERT INTO letter_status_history (letter_id, person_id, from_status, to_status, mailed_date, at, actor, source, ref, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(letterId, letter.personId, letter.status, letter.status, mailedDate, at, info.actor, info.source, info.ref ?? null, `発送日訂正 ${letter.mailedDate} → ${mailedDate}`);
    statement(db, 'UPDATE letters SET mailed_date = ?, status_at = ? WHERE id = ?').run(mailedDate, at, letterId);
  });
}

export interface LetterVersionInput {
  personId: number;
  batchId: number;
  runId: number;
  category: string;
  file: string;
  sha256: string;
  pages: number;
  inputHash: string;
  at: Date;
  actor: string;
}

/**
 * Records a made letter for a person: version 1 for the first, the next version for a re-send.
 * For generateLetters (first letters and re-sends alike). When the newest version is the same
 * file (same SHA-256) and has not gone out yet, nothing new is recorded and its ID is returned.
 */
export function recordLetterVersion(db: Db, input: LetterVersionInput): { id: number; version: number; created: boolean } {
  return inTransaction(db, () => {
    const latest = latestLetter(db, input.personId);
    if (latest && latest.sha256 === input.sha256 && (latest.status === '生成' || latest.status === '印刷')) {
      return { id: latest.id, version: latest.version, created: false };
    }
    const version = (latest?.version ?? 0) + 1;
    const at = input.at.toISOString();
    const info = statement(db, 
      `INSERT INTO letters (person_id, version, batch_id, run_id, category, file, sha256, pages, input_hash, created_at, status, status_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '生成', ?)`,
    ).run(input.personId, version, input.batchId, input.runId, input.category, input.file, input.sha256, input.pages, input.inputHash, at, at);
    const id = Number(info.lastInsertRowid);
    statement(db, 
      `INSERT INTO letter_status_history (letter_id, person_id, from_status, to_status, mailed_date, at, actor, source, ref, note)
       VALUES (?, ?, NULL, '生成', NULL, ?, ?, 'generate', ?, ?)`,
    ).run(id, input.personId, at, input.actor, input.batchId, version > 1 ? `再送 (第${version}版)` : null);
    return { id, version, created: true };
  });
}

export interface HistoryEntry {
  letterId: string;
  version: number;
  from: string | null;
  to: string;
  mailedDate: string | null;
  /**
   * The Japan-local day the change happened, as staff gave it: the return date entered for a
   * return, the mailed date for a mailing. Null when they gave none (the record's day is the day).
   */
  eventDate: string | null;
  /** When it was recorded (UTC instant). */
  at: string;
  actor: string;
  source: string;
  note: string | null;
}

/**
 * Every status change of every version of a person's letter, oldest first. A letter recorded
 * without a creation row (by a writer that does not use recordLetterVersion) gets one from its
 * created_at, so the history always starts at 生成.
 */
export function letterHistory(db: Db, personId: number): HistoryEntry[] {
  const rows = statement(db, 
    `SELECT h.letter_id AS id, l.version, h.from_status AS "from", h.to_status AS "to", h.mailed_date AS mailedDate,
       CASE WHEN h.source = 'return' THEN rm.returned_date WHEN h.to_status = '発送' THEN h.mailed_date END AS eventDate, h.at, h.actor,
       h.source, h.note, h.id AS seq
     FROM letter_status_history h JOIN letters l ON l.id = h.letter_id
       LEFT JOIN returned_mail rm ON h.source = 'return' AND rm.id = h.ref
     WHERE h.person_id = ?
     UNION ALL
     SELECT l.id, l.version, NULL, '生成', NULL, NULL, l.created_at, '', 'generate', CASE WHEN l.version > 1 THEN '再送 (第' || l.version || '版)' END, 0
     FROM letters l WHERE l.person_id = ?
       AND NOT EXISTS (SELECT 1 FROM letter_status_history h WHERE h.letter_id = l.id AND h.from_status IS NULL)`,
  ).all(personId, personId) as Array<Omit<HistoryEntry, 'letterId'> & { id: number; seq: number }>;
  // In the order recorded: each change starts from the state the one before left (a mailed
  // date typed in ahead must not put 発送 after what followed it). eventDate says the day.
  rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq || a.id - b.id);
  return rows.map(({ id, seq: _seq, ...r }) => ({ letterId: formatLetterId(id), ...r }));
}
