// Persons that spec §4's grouping keeps apart but a human should look at: never merged
// silently, only listed for review. Staff decisions on a pair (別人 / 同一人物) live in
// review_decisions under the pair's group keys (see review.ts); the count here tells the
// decided pairs apart so the summary can show what is still to do.
import type { Db } from '../store/db.js';
import { isCurrentPerson } from '../store/current-persons.js';

export interface NearDuplicate {
  kind: 'same-name-postal-other-address' | 'same-name-address-other-member' | 'same-phone-other-name' | 'same-email-other-name';
  personIds: [number, number];
  reason: string;
}

const PAIRS: Array<{ kind: NearDuplicate['kind']; sql: string; reason: string }> = [
  {
    kind: 'same-name-postal-other-address',
    sql: `SELECT a.id AS a, b.id AS b, a.group_key AS ga, b.group_key AS gb FROM persons a JOIN persons b
            ON b.name_key = a.name_key AND b.postal_code = a.postal_code AND b.id > a.id
          WHERE a.name_key <> '' AND a.address_key <> b.address_key`,
    reason: '氏名と郵便番号が同じで住所が異なります (転居・表記ゆれの可能性)',
  },
  {
    kind: 'same-name-address-other-member',
    sql: `SELECT a.id AS a, b.id AS b, a.group_key AS ga, b.group_key AS gb FROM persons a JOIN persons b
            ON b.name_key = a.name_key AND b.postal_code = a.postal_code AND b.id > a.id
          WHERE a.name_key <> '' AND a.address_key = b.address_key`,
    reason: '氏名・郵便番号・住所が同じですが別の人として登録されています (会員番号の違いなど)',
  },
  {
    kind: 'same-phone-other-name',
    sql: `SELECT a.id AS a, b.id AS b, a.group_key AS ga, b.group_key AS gb FROM persons a JOIN persons b ON b.phone_key = a.phone_key AND b.id > a.id
          WHERE a.phone_key <> '' AND a.name_key <> b.name_key`,
    reason: '電話番号が同じで氏名が異なります (家族・表記ゆれの可能性)',
  },
  {
    kind: 'same-email-other-name',
    sql: `SELECT a.id AS a, b.id AS b, a.group_key AS ga, b.group_key AS gb FROM persons a JOIN persons b ON b.email_key = a.email_key AND b.id > a.id
          WHERE a.email_key <> '' AND a.name_key <> b.name_key`,
    reason: 'メールアドレスが同じで氏名が異なります (家族・表記ゆれの可能性)',
  },
];

/** Only current persons pair up: one kept for its letters after a correction emptied it is no duplicate. */
const CHECKS = PAIRS.map((check) => ({ ...check, sql: `${check.sql} AND ${isCurrentPerson('a')} AND ${isCurrentPerson('b')}` }));

export function findNearDuplicates(db: Db): NearDuplicate[] {
  const out: NearDuplicate[] = [];
  for (const check of CHECKS) {
    for (const row of db.$client.prepare(check.sql).iterate() as IterableIterator<{ a: number; b: number }>) {
      out.push({ kind: check.kind, personIds: [row.a, row.b], reason: check.reason });
    }
  }
  return out;
}

/**
 * Pairs found (one per check that finds them, as the review queue lists them) and, of those,
 * pairs with a live decision. MIN/MAX order the keys as SQLite compares text (bytes of UTF-8),
 * the order review.ts stores them in.
 */
export function countNearDuplicates(db: Db): { total: number; decided: number } {
  let total = 0;
  let decided = 0;
  for (const check of CHECKS) {
    const row = db.$client.prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(EXISTS (
         SELECT 1 FROM review_decisions d WHERE d.kind = 'near-duplicate' AND d.undone_at IS NULL
           AND d.key_a = MIN(x.ga, x.gb) AND d.key_b = MAX(x.ga, x.gb))), 0) AS decided
       FROM (${check.sql}) x`,
    ).get() as { n: number; decided: number };
    total += row.n;
    decided += row.decided;
  }
  return { total, decided };
}

/** Whether two persons are a near-duplicate pair (either order): a decision needs a listed pair. */
export function isNearDuplicatePair(db: Db, first: number, second: number): boolean {
  const [a, b] = first < second ? [first, second] : [second, first];
  return CHECKS.some((check) => db.$client.prepare(`SELECT 1 FROM (${check.sql}) WHERE a = ? AND b = ?`).get(a, b) !== undefined);
}
