// Persons that spec §4's grouping keeps apart but a human should look at: never merged
// silently, only listed for review.
import type { Db } from '../store/db.js';

export interface NearDuplicate {
  kind: 'same-name-postal-other-address' | 'same-name-address-other-member' | 'same-phone-other-name' | 'same-email-other-name';
  personIds: [number, number];
  reason: string;
}

const CHECKS: Array<{ kind: NearDuplicate['kind']; sql: string; reason: string }> = [
  {
    kind: 'same-name-postal-other-address',
    sql: `SELECT a.id AS a, b.id AS b FROM persons a JOIN persons b
            ON b.name_key = a.name_key AND b.postal_code = a.postal_code AND b.id > a.id
          WHERE a.name_key <> '' AND a.address_key <> b.address_key`,
    reason: '氏名と郵便番号が同じで住所が異なります (転居・表記ゆれの可能性)',
  },
  {
    kind: 'same-name-address-other-member',
    sql: `SELECT a.id AS a, b.id AS b FROM persons a JOIN persons b
            ON b.name_key = a.name_key AND b.postal_code = a.postal_code AND b.id > a.id
          WHERE a.name_key <> '' AND a.address_key = b.address_key`,
    reason: '氏名・郵便番号・住所が同じですが別の人として登録されています (会員番号の違いなど)',
  },
  {
    kind: 'same-phone-other-name',
    sql: `SELECT a.id AS a, b.id AS b FROM persons a JOIN persons b ON b.phone_key = a.phone_key AND b.id > a.id
          WHERE a.phone_key <> '' AND a.name_key <> b.name_key`,
    reason: '電話番号が同じで氏名が異なります (家族・表記ゆれの可能性)',
  },
  {
    kind: 'same-email-other-name',
    sql: `SELECT a.id AS a, b.id AS b FROM persons a JOIN persons b ON b.email_key = a.email_key AND b.id > a.id
          WHERE a.email_key <> '' AND a.name_key <> b.name_key`,
    reason: 'メールアドレスが同じで氏名が異なります (家族・表記ゆれの可能性)',
  },
];

export function findNearDuplicates(db: Db): NearDuplicate[] {
  const out: NearDuplicate[] = [];
  for (const check of CHECKS) {
    for (const row of db.$client.prepare(check.sql).iterate() as IterableIterator<{ a: number; b: number }>) {
      out.push({ kind: check.kind, personIds: [row.a, row.b], reason: check.reason });
    }
  }
  return out;
}

export function countNearDuplicates(db: Db): number {
  let count = 0;
  for (const check of CHECKS) {
    count += (db.$client.prepare(`SELECT COUNT(*) AS n FROM (${check.sql})`).get() as { n: number }).n;
  }
  return count;
}
