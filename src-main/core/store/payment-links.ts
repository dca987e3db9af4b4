// The link from a payment to a donor (spec §4): the donor record with the payment's order ID,
// failing that one with its member ID. Classification, the unmatched count, the 未照合 sheet and
// a person's payments all read it from here.
import type Database from 'better-sqlite3';

/** SQL: the donor record's person that the payment `p` links to by its order ID (NULL if none). */
export function personByOrder(p: string): string {
  return `(SELECT d.person_id FROM donor_records d WHERE d.order_id = ${p}.order_id LIMIT 1)`;
}

/** SQL: the donor record's person that the payment `p` links to by its member ID (NULL if none). */
export function personByMember(p: string): string {
  return `(SELECT d.person_id FROM donor_records d WHERE d.member_id = ${p}.member_id LIMIT 1)`;
}

/**
 * SQL: the person a payment `p` belongs to. No ORDER BY needed: an order ID is one record (its
 * duplicate key) and every record of a member ID belongs to the same person.
 */
export function personOfPayment(p: string): string {
  return `COALESCE(${personByOrder(p)}, ${personByMember(p)})`;
}

/** SQL: 1 when a donor record has the payment `p`'s order ID or member ID (what donor_linked stores). */
export function linksToDonor(p: string): string {
  return linksToDonorBy(`${p}.order_id`, `${p}.member_id`);
}

/**
 * SQL: donor_linked of a payment as it is inserted, from its order ID and member ID bound (in
 * this order) as two more parameters: the row is stored linked, so no pass over it follows.
 */
export const LINK_OF_NEW_PAYMENT = linksToDonorBy('?', '?');

function linksToDonorBy(orderId: string, memberId: string): string {
  return `(EXISTS (SELECT 1 FROM donor_records d WHERE d.order_id = ${orderId})
    OR EXISTS (SELECT 1 FROM donor_records d WHERE d.member_id = ${memberId}))`;
}

/** SQL condition: the payment `p` links to no donor record (its stored flag, see refreshPaymentLinks). */
export function unmatched(p: string): string {
  return `${p}.donor_linked = 0`;
}

/**
 * Brings payments.donor_linked up to date inside an import's transaction, so that the flag
 * always agrees with personOfPayment. A payments import links the rows it inserts as it inserts
 * them (LINK_OF_NEW_PAYMENT) and, when it corrected stored rows, its own rows (they carry its import ID). A donors import can link any payment (a new order or
 * member ID) or unlink one (a corrected member ID), so every payment is checked; only those
 * whose link changed are written.
 */
export function refreshPaymentLinks(client: Database.Database, scope: { importId: number } | 'every-payment'): void {
  const changed = `payments.donor_linked <> ${linksToDonor('payments')}`;
  if (scope === 'every-payment') {
    client.prepare(`UPDATE payments SET donor_linked = NOT donor_linked WHERE ${changed}`).run();
  } else {
    client.prepare(`UPDATE payments SET donor_linked = NOT donor_linked WHERE import_id = ? AND ${changed}`).run(scope.importId);
  }
}
