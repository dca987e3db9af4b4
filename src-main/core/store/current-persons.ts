// Which persons are current. A person is derived from donor records (import/writers.ts groups
// them by member ID, else by name + postal code + address), and a corrected donor list can move
// every record of a person to another. Such a person is removed, unless something was already
// done for them (a letter, its mailing or return, an address correction, an inquiry, a
// follow-up, a file written for them): then the row stays, so that this history keeps its
// owner and stays visible, but the person is no longer current: not counted, not paired as a
// near-duplicate, not notified. A later record with the person's group key makes them current again.
import type Database from 'better-sqlite3';

/** SQL that is true while a donor record belongs to the person `alias`.id. */
export function isCurrentPerson(alias: string): string {
  return `EXISTS (SELECT 1 FROM donor_records cur WHERE cur.person_id = ${alias}.id)`;
}

/** The tables whose rows record something done for a person. */
const HISTORY_TABLES = [
  'letters', 'letter_status_history', 'returned_mail', 'address_corrections', 'inquiries', 'person_followups', 'glyph_reviews', 'outputs',
] as const;

export function personHasHistory(client: Database.Database, personId: number): boolean {
  const sql = HISTORY_TABLES.map((table) => `SELECT 1 FROM ${table} WHERE person_id = ?`).join(' UNION ALL ');
  return client.prepare(`SELECT EXISTS (${sql})`).pluck().get(...HISTORY_TABLES.map(() => personId)) === 1;
}
