// What every recorded action shares (tracking, review decisions, address corrections): the
// caller's clock and name, ID formats, Japan-local date arguments, one transaction, and free
// text cleaned of card numbers before it is stored. Below persons/, tracking/ and mail/, so
// each of them can use it without importing the others.
// Instants are ISO-8601 UTC (Date#toISOString, always with milliseconds, so stored instants
// compare as text); calendar dates are Japan-local YYYY-MM-DD.
import { userInfo } from 'node:os';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { jstDateOf, parseDate } from '../text/dates.js';
import { maskCardNumbers } from '../text/card.js';
import { cleanDisplay } from '../text/normalize.js';

export interface TrackingContext {
  db: Db;
  now: () => Date;
  /** Who did it, as typed or as the app knows the user; stored in history and the audit log. */
  actor: string;
}

/** A Japan-local date given by the user (2022/03/05, 令和4年3月5日, …) as YYYY-MM-DD. */
export function parseJstDate(text: string, what: string): string {
  const parsed = parseDate(text);
  if (!parsed) throw new InwError('bad-date', `${what}「${text}」を日付として読めません (例: 2022-03-05)。`);
  return parsed.jstDate;
}

export function todayJst(now: Date): string {
  return jstDateOf(now.getTime());
}

/**
 * The actor when nobody typed one: the operating system's user name, as the shells give it to
 * the core (the core itself never asks). 'unknown' where the system has none (a container's UID).
 */
export function systemActor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Free text typed by staff: trimmed, empty → null, any full card number masked to its last 4. */
export function cleanNote(value: string | null | undefined): string | null {
  const text = cleanDisplay(value);
  return text === null ? null : maskCardNumbers(text, 'text').value;
}

/** Runs fn in one transaction (nested calls join the outer one). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  const client = db.$client;
  if (client.inTransaction) return fn();
  return client.transaction(fn)();
}

class DryRunRollback extends Error {}

/**
 * Runs fn in one transaction (a savepoint inside an outer one). With dryRun the transaction is
 * rolled back once fn has finished, so a preview checks and counts exactly what the real run
 * would, and leaves nothing behind; fn sees dryRun itself to skip what only a real run records
 * (the audit entry). Returns whether the work was committed.
 */
export function dryRunTransaction(db: Db, dryRun: boolean, fn: () => void): boolean {
  try {
    db.$client.transaction(() => {
      fn();
      if (dryRun) throw new DryRunRollback();
    })();
    return true;
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    return false;
  }
}

export function personExists(db: Db, personId: number): boolean {
  return db.$client.prepare('SELECT 1 FROM persons WHERE id = ?').get(personId) !== undefined;
}
