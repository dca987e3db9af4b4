// Read models over a classification run: the persons to notify with their affected payments
// (for letters, the contact sheet and the UI) and unmatched payments. The review queue is in
// review.ts.
import type { Db } from '../store/db.js';
import { categoryOf, exposuresIn, itemsFor, maskOfCategory } from '../incident/categories.js';
import type { Incident } from '../incident/schema.js';
import { InwError } from '../errors.js';
import { formatPersonId } from '../store/ids.js';
import { isCurrentPerson } from '../store/current-persons.js';
import { unmatched } from '../store/payment-links.js';

/** What keeps a person from being mailed, e.g. 「7桁の郵便番号と住所」 (persons.mailable = 0). */
export function missingForMail(person: { postalCode: string | null; address1: string | null }): string {
  return [person.postalCode === null ? '7桁の郵便番号' : null, !person.address1 ? '住所' : null].filter(Boolean).join('と');
}

export interface AffectedPayment {
  paymentId: number;
  transactionId: string;
  orderId: string | null;
  jstDate: string;
  paidAt: string;
  method: string | null;
  methodClass: string | null;
  cardLast4: string | null;
  amount: number | null;
  status: string | null;
  exposureMask: number;
  exposures: string[];
}

/** The fields that name, locate and reach a person, as stored (null when the source had none). */
export interface PersonContact {
  name: string | null;
  kana: string | null;
  postalCode: string | null;
  address1: string | null;
  address2: string | null;
  phone: string | null;
  email: string | null;
}

export interface AffectedPerson extends PersonContact {
  id: number;
  personId: string;
  category: string;
  categoryMask: number;
  mailable: boolean;
  payments: AffectedPayment[];
}

export interface PersonFilter {
  categories?: string[];
  personIds?: number[];
  /** Only persons that can receive a letter (7-digit postal code and address line 1). */
  mailableOnly?: boolean;
}

interface PersonRow {
  id: number; mask: number; name: string | null; kana: string | null; postalCode: string | null; address1: string | null;
  address2: string | null; phone: string | null; email: string | null; mailable: number;
}

function masksOf(incident: Incident, categories: string[] | undefined): number[] | null {
  if (!categories || categories.length === 0) return null;
  return categories.map((c) => {
    const mask = maskOfCategory(incident, c);
    if (mask === null || mask === 0) {
      throw new InwError('bad-category', `区分「${c}」はこの事案にありません (例: ${incident.exposures.map((e) => e.code).join(', ')})。`);
    }
    return mask;
  });
}

/** Persons read from the database at a time by affectedPersons. */
const PERSON_PAGE = 500;

const FROM_RUN_PERSONS = 'FROM run_persons r JOIN persons p ON p.id = r.person_id';

/** The IDs of the persons to notify in a run, in bulk-mail order (postal code, then name). */
export function affectedPersonIds(db: Db, runId: number, incident: Incident, filter: PersonFilter = {}): number[] {
  // A run classified before a correction emptied a person may still list them: no letter for them.
  const where: string[] = ['r.run_id = ?', isCurrentPerson('p')];
  const params: unknown[] = [runId];
  const masks = masksOf(incident, filter.categories);
  if (masks) {
    where.push(`r.category_mask IN (${masks.map(() => '?').join(',')})`);
    params.push(...masks);
  }
  if (filter.personIds && filter.personIds.length > 0) {
    where.push(`r.person_id IN (${filter.personIds.map(() => '?').join(',')})`);
    params.push(...filter.personIds);
  }
  if (filter.mailableOnly) where.push('p.mailable = 1');
  return db.$client
    .prepare(`SELECT p.id ${FROM_RUN_PERSONS} WHERE ${where.join(' AND ')} ORDER BY p.postal_code IS NULL, p.postal_code, p.kana, p.name, p.id`)
    .pluck()
    .all(...params) as number[];
}

/** Persons to notify in a run, ordered by postal code then name (bulk-mail order). */
export function* affectedPersons(db: Db, runId: number, incident: Incident, filter: PersonFilter = {}): Generator<AffectedPerson> {
  const client = db.$client;
  const paymentsOf = client.prepare(
    `SELECT y.id AS paymentId, y.transaction_id AS transactionId, y.order_id AS orderId, y.paid_date AS jstDate, y.paid_at AS paidAt,
       y.method, y.method_class AS methodClass, y.card_last4 AS cardLast4, y.amount, y.status, rp.exposure_mask AS exposureMask
     FROM run_payments rp JOIN payments y ON y.id = rp.payment_id
     WHERE rp.run_id = ? AND rp.person_id = ? ORDER BY y.paid_at, y.id`,
  );
  // The IDs in order first (the statement cannot stay open while the caller writes), then the
  // persons a page at a time, so that a run of 100,000 persons is never held whole.
  const ids = affectedPersonIds(db, runId, incident, filter);
  for (let start = 0; start < ids.length; start += PERSON_PAGE) {
    const page = ids.slice(start, start + PERSON_PAGE);
    const rows = client.prepare(
      `SELECT p.id, r.category_mask AS mask, p.name, p.kana, p.postal_code AS postalCode, p.address1, p.address2, p.phone, p.email, p.mailable
       ${FROM_RUN_PERSONS} WHERE r.run_id = ? AND p.id IN (${page.map(() => '?').join(',')})`,
    ).all(runId, ...page) as PersonRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of page) yield affectedPerson(byId.get(id)!);
  }

  function affectedPerson(row: PersonRow): AffectedPerson {
    const payments = (paymentsOf.all(runId, row.id) as Array<Omit<AffectedPayment, 'exposures'>>).map((p) => ({
      ...p,
      exposures: exposuresIn(incident, p.exposureMask).map((e) => e.code),
    }));
    return {
      id: row.id,
      personId: formatPersonId(row.id),
      category: categoryOf(incident, row.mask),
      categoryMask: row.mask,
      name: row.name,
      kana: row.kana,
      postalCode: row.postalCode,
      address1: row.address1,
      address2: row.address2,
      phone: row.phone,
      email: row.email,
      mailable: row.mailable === 1,
      payments,
    };
  }
}

/** The leaked items of one exposure for this person's payment methods, in first-seen order. */
export function exposureItemsFor(incident: Incident, exposureIndex: number, payments: AffectedPayment[]): string[] {
  const exposure = incident.exposures[exposureIndex]!;
  const items: string[] = [];
  for (const p of payments) {
    if ((p.exposureMask & (1 << exposureIndex)) === 0) continue;
    for (const item of itemsFor(exposure, p.methodClass)) if (!items.includes(item)) items.push(item);
  }
  return items;
}

/** What staff see of any payment, wherever it is listed. */
export interface PaymentFacts {
  transactionId: string;
  orderId: string | null;
  memberId: string | null;
  /** Japan-local calendar date, YYYY-MM-DD. */
  jstDate: string;
  method: string | null;
  cardLast4: string | null;
  amount: number | null;
}

/** A payment no donor record matches: exactly the contact sheet's 未照合 row. */
export interface UnmatchedPayment extends PaymentFacts {
  /** Exposure codes, in definition order. */
  exposures: string[];
}

/** Payments that link to no donor record (streamed: there can be hundreds of thousands). */
export function* unmatchedPayments(db: Db, runId: number, incident: Incident): Generator<UnmatchedPayment> {
  const rows = db.$client.prepare(
    `SELECT p.transaction_id AS transactionId, p.order_id AS orderId, p.member_id AS memberId, p.paid_date AS jstDate,
       p.method, p.card_last4 AS cardLast4, p.amount, COALESCE(rp.exposure_mask, 0) AS mask
     FROM payments p LEFT JOIN run_payments rp ON rp.run_id = ? AND rp.payment_id = p.id
     WHERE ${unmatched('p')}
     ORDER BY mask = 0, p.paid_at, p.id`,
  );
  for (const row of rows.iterate(runId) as IterableIterator<Omit<UnmatchedPayment, 'exposures'> & { mask: number }>) {
    const { mask, ...rest } = row;
    yield { ...rest, exposures: exposuresIn(incident, mask).map((e) => e.code) };
  }
}
