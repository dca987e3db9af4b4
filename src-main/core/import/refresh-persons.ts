// A person's contact data is derived from their donor records, never edited in place: after
// an import adds records, the persons it touched are brought up to date from them. A corrected
// record that changes its group key moves to the person of the new key; the person it left is
// settled here (settleLeftPersons), so that persons always match the records.
import type Database from 'better-sqlite3';
import type { RowIssue } from './rows.js';
import { isCurrentPerson, personHasHistory } from '../store/current-persons.js';
import { formatPersonId } from '../store/ids.js';

/**
 * Contact fields of a person: name, postal code and address from the newest record (by
 * donation date, then import order); kana, phone and e-mail from the newest record that has one.
 */
export function refreshPersons(client: Database.Database, personIdsSql: string, params: unknown[]): void {
  const newest = (column: string) =>
    `(SELECT d.${column} FROM donor_records d WHERE d.person_id = persons.id AND d.${column} IS NOT NULL AND d.${column} <> ''
       ORDER BY d.donated_at DESC NULLS LAST, d.id DESC LIMIT 1)`;
  client.prepare(
    `UPDATE persons SET
       name = r.name, postal_code = r.postal_code, address1 = r.address1, address2 = r.address2,
       name_key = r.name_key, address_key = r.address_key,
       kana = ${newest('kana')}, phone = ${newest('phone')}, email = ${newest('email')},
       phone_key = COALESCE(${newest('phone_key')}, ''), email_key = COALESCE(${newest('email_key')}, ''),
       mailable = (r.postal_code IS NOT NULL AND COALESCE(r.address1, '') <> '')
     FROM (
       SELECT * FROM (
         SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.person_id ORDER BY d.donated_at DESC NULLS LAST, d.id DESC) AS rn
         FROM donor_records d WHERE d.person_id IN (${personIdsSql})
       ) WHERE rn = 1
     ) AS r
     WHERE persons.id = r.person_id`,
  ).run(...params);
}

/** A person that corrected records moved away from in one import. */
export interface LeftPerson {
  /** The persons its records moved to. */
  targets: Set<number>;
  /** The file line and the order number of the last record that moved, for the notice. */
  line: number;
  orderId: string | null;
}

export const PERSON_WITHOUT_RECORDS = 'person-without-records';

/**
 * After an import's records are written. A person left with no record is not left stale:
 * - all its records went to one person this import created (a corrected member ID, or a
 *   guest's corrected name or address): it takes that person's place and key, so its ID, and
 *   the letters and tracking under it, stay with the same donor;
 * - its records joined a person that already existed: it is removed, or, with history (see
 *   store/current-persons.ts), kept but no longer current, and a row warning names it.
 * A person that keeps some records only has its contact data read again.
 */
export function settleLeftPersons(client: Database.Database, left: ReadonlyMap<number, LeftPerson>, created: ReadonlySet<number>): RowIssue[] {
  const current = client.prepare(`SELECT ${isCurrentPerson('p')} FROM persons p WHERE p.id = ?`).pluck();
  const keyOf = client.prepare('SELECT group_key FROM persons WHERE id = ?').pluck();
  const moveRecords = client.prepare('UPDATE donor_records SET person_id = ? WHERE person_id = ?');
  const remove = client.prepare('DELETE FROM persons WHERE id = ?');
  const rekey = client.prepare('UPDATE persons SET group_key = ? WHERE id = ?');
  /** Persons this step replaced by the one that took their place. */
  const replacedBy = new Map<number, number>();
  const notices: RowIssue[] = [];
  const refresh: number[] = [];
  for (const [id, move] of [...left].sort(([a], [b]) => a - b)) {
    if (current.get(id) === 1) {
      refresh.push(id);
      continue;
    }
    const targets = [...new Set([...move.targets].map((t) => replacedBy.get(t) ?? t))];
    const only = targets.length === 1 ? targets[0]! : null;
    if (only !== null && only !== id && created.has(only) && !replacedBy.has(only)) {
      const key = keyOf.get(only) as string;
      moveRecords.run(id, only);
      remove.run(only);
      rekey.run(key, id);
      replacedBy.set(only, id);
      refresh.push(id);
      continue;
    }
    if (!personHasHistory(client, id)) {
      remove.run(id);
      continue;
    }
    const order = move.orderId === null ? 'この行' : `注文番号 ${move.orderId}`;
    notices.push({
      line: move.line,
      column: null,
      code: PERSON_WITHOUT_RECORDS,
      message: `${order} の訂正で、対象者 ${formatPersonId(id)} の寄付者データの記録がなくなりました (記録は ${targets.map(formatPersonId).join('、')} に移りました)。`
        + `${formatPersonId(id)} には通知書などの記録があるため、その記録とともに残します。今後の分類と通知書の対象にはなりません。`,
    });
  }
  if (refresh.length > 0) refreshPersons(client, 'SELECT value FROM json_each(?)', [JSON.stringify(refresh)]);
  return notices;
}
