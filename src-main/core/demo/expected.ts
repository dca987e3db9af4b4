// The answer key: the spec §5 summary for the generated files, derived from the model's own
// links (not from the import code). The rules it relies on are listed in model.ts (R1–R8).
import type { Summary } from '../classify/summary-types.js';
import { PDB_END, PDB_START, TOKEN_END, TOKEN_START } from './calendar.js';
import type { Model, Payment, Person } from './model.js';
import { specKey, specPostal } from './text-variants.js';

export const CATEGORIES = ['token-db', 'payment-db', 'token-db+payment-db', 'none'] as const;

export interface ExpectedSummary extends Summary {
  incident: 'metaps-2022';
  payments: { total: number; card: number; exposed: { 'token-db': number; 'payment-db': number } };
  persons: {
    total: number;
    notify: number;
    byCategory: { 'token-db': number; 'payment-db': number; 'token-db+payment-db': number; none: number };
  };
  unmatchedPayments: { total: number; exposed: { 'token-db': number; 'payment-db': number } };
  undeliverable: number;
  imports: { rejectedRows: number; duplicateRows: number; conflicts: number };
  warnings: [{ code: 'confirmed-outside-window'; count: number }, { code: 'confirmed-unknown-id'; count: number }];
}

/** Payments streamed beside the model (padding), tallied as they are written. */
export interface ExtraTally {
  total: number;
  card: number;
  tokenDb: number;
}

/** R4: card method, Japan-local date 2021-10-14 … 2022-01-25, whatever the status. */
export function inTokenDb(method: string, ms: number): boolean {
  return method === 'card' && ms >= TOKEN_START && ms < TOKEN_END;
}

/** R6, checked with the spec's own wording rather than trusted from the defect flag. */
export function isMailable(p: Person): boolean {
  const c = p.contact;
  return specPostal(c.postal) !== null && specKey(c.pref + c.city + c.line1) !== '';
}

export function computeExpected(model: Model, extras: ExtraTally): ExpectedSummary {
  // R3: order ID first, then member ID, over the donor rows actually written.
  const byOrder = new Map<string, number>();
  const byMember = new Map<string, number>();
  for (const row of model.donorRows) {
    if (byOrder.has(row.order.id)) throw new Error(`model: order ${row.order.id} on two donor rows`);
    byOrder.set(row.order.id, row.person);
    if (row.memberId) {
      const other = byMember.get(row.memberId);
      if (other !== undefined && other !== row.person) throw new Error(`model: member ${row.memberId} on two persons`);
      byMember.set(row.memberId, row.person);
    }
  }
  const confirmed = new Set(model.confirmedIds);
  const personsWithRows = new Set(model.donorRows.map((r) => r.person));
  const token = new Set<number>();
  const pdb = new Set<number>();
  let card = 0;
  let exposedToken = 0;
  let exposedPdb = 0;
  let unmatched = 0;
  let unmatchedToken = 0;
  let unmatchedPdb = 0;
  const ids = new Set<string>();
  const link = (p: Payment): number => byOrder.get(p.order.id) ?? (p.memberId ? byMember.get(p.memberId) : undefined) ?? -1;
  for (const p of model.payments) {
    if (ids.has(p.txnId)) throw new Error(`model: transaction ${p.txnId} twice`);
    ids.add(p.txnId);
    const person = link(p);
    if (person !== p.person) throw new Error(`model: ${p.txnId} links to ${person}, built for ${p.person}`);
    const isToken = inTokenDb(p.method, p.ms);
    const isPdb = confirmed.has(p.txnId);
    if (p.method === 'card') card++;
    if (isToken) exposedToken++;
    if (isPdb) exposedPdb++;
    if (person < 0) {
      unmatched++;
      if (isToken) unmatchedToken++;
      if (isPdb) unmatchedPdb++;
    } else {
      if (isToken) token.add(person);
      if (isPdb) pdb.add(person);
    }
  }
  const byCategory = { 'token-db': 0, 'payment-db': 0, 'token-db+payment-db': 0, none: 0 };
  let undeliverable = 0;
  for (const person of model.persons) {
    if (!personsWithRows.has(person.index)) throw new Error(`model: person ${person.index} has no donor row`);
    const t = token.has(person.index);
    const d = pdb.has(person.index);
    const category = t && d ? 'token-db+payment-db' : t ? 'token-db' : d ? 'payment-db' : 'none';
    const built = person.role === 'token' ? 'token-db' : person.role === 'pdb' ? 'payment-db' : 'none';
    if (category !== built) throw new Error(`model: person ${person.index} is ${category}, built as ${built}`);
    if ((person.defect === null) !== isMailable(person)) throw new Error(`model: person ${person.index} mailability`);
    byCategory[category]++;
    if (category !== 'none' && !isMailable(person)) undeliverable++;
  }
  const unknown = model.confirmedIds.filter((id) => !ids.has(id)).length;
  const outside = model.payments.filter((p) => confirmed.has(p.txnId) && !(p.ms >= PDB_START && p.ms < PDB_END)).length;
  return {
    incident: 'metaps-2022',
    payments: {
      total: model.payments.length + extras.total,
      card: card + extras.card,
      exposed: { 'token-db': exposedToken + extras.tokenDb, 'payment-db': exposedPdb },
    },
    persons: {
      total: model.persons.length,
      notify: model.persons.length - byCategory.none,
      byCategory,
    },
    unmatchedPayments: { total: unmatched, exposed: { 'token-db': unmatchedToken, 'payment-db': unmatchedPdb } },
    undeliverable,
    imports: {
      rejectedRows: model.rejected.length,
      duplicateRows: model.payments.filter((p) => p.place === 'both').length,
      conflicts: model.conflicts.length,
    },
    warnings: [
      { code: 'confirmed-outside-window', count: outside },
      { code: 'confirmed-unknown-id', count: unknown },
    ],
  };
}
