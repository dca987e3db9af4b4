// The answer key: the spec §5 summary for the generated files, derived from the model's own
// links (not from the import code). The rules it relies on are listed in model.ts (R1–R8).
// Running tallies over the model's columns and a byte of flags a person, no object per row.
import type { Summary } from '../classify/summary-types.js';
import { PDB_END, PDB_START, TOKEN_END, TOKEN_START } from './calendar.js';
import { txnIdOf, type Contact, type Model } from './model.js';
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
export function isMailable(c: Contact): boolean {
  return specPostal(c.postal) !== null && specKey(c.pref + c.city + c.line1) !== '';
}

const HAS_ROW = 1;
const TOKEN_HIT = 2;
const PDB_HIT = 4;

export function computeExpected(model: Model, extras: ExtraTally): ExpectedSummary {
  const { persons, ledger } = model;
  const pay = ledger.payments.c;
  const count = ledger.payments.length;
  const donors = ledger.donorRows;
  const flags = new Uint8Array(persons.count);
  for (let r = 0; r < donors.length; r++) flags[donors.c.person[r]!] = flags[donors.c.person[r]!]! | HAS_ROW;
  // R3: order ID first (the order's donor row), then member ID (a member's number is theirs alone).
  const link = (k: number): number => {
    const row = ledger.orders.c.donor[pay.order[k]!]!;
    if (row > 0) return donors.c.person[row - 1]!;
    const person = pay.person[k]!;
    const member = person >= 0 ? persons.memberSeq[person]! : -1;
    return member >= 0 && (flags[persons.members[member]!]! & HAS_ROW) !== 0 ? persons.members[member]! : -1;
  };
  // Stored transaction IDs are TX30000001 … in date order; any other listed ID is unknown.
  const stored = (id: string): number => {
    const k = /^TX\d+$/.test(id) ? Number(id.slice(2)) - 30_000_001 : -1;
    return k >= 0 && k < count && txnIdOf(k) === id ? k : -1;
  };
  const confirmed = new Set(model.confirmedIds.map(stored).filter((k) => k >= 0));
  const unknown = model.confirmedIds.filter((id) => stored(id) < 0).length;
  let card = 0;
  let exposedToken = 0;
  let exposedPdb = 0;
  let unmatched = 0;
  let unmatchedToken = 0;
  let unmatchedPdb = 0;
  let duplicateRows = 0;
  let outside = 0;
  for (let k = 0; k < count; k++) {
    const person = link(k);
    if (person !== pay.person[k]) throw new Error(`model: ${txnIdOf(k)} links to ${person}, built for ${pay.person[k]}`);
    const method = ledger.methodOf(k);
    const ms = ledger.msOf(k);
    const isToken = inTokenDb(method, ms);
    const isPdb = confirmed.has(k);
    if (method === 'card') card++;
    if (isToken) exposedToken++;
    if (isPdb) {
      exposedPdb++;
      if (!(ms >= PDB_START && ms < PDB_END)) outside++;
    }
    if (ledger.placeOf(k) === 'both') duplicateRows++;
    if (person < 0) {
      unmatched++;
      if (isToken) unmatchedToken++;
      if (isPdb) unmatchedPdb++;
    } else {
      flags[person] = flags[person]! | (isToken ? TOKEN_HIT : 0) | (isPdb ? PDB_HIT : 0);
    }
  }
  const byCategory = { 'token-db': 0, 'payment-db': 0, 'token-db+payment-db': 0, none: 0 };
  let undeliverable = 0;
  for (let p = 0; p < persons.count; p++) {
    const f = flags[p]!;
    if ((f & HAS_ROW) === 0) throw new Error(`model: person ${p} has no donor row`);
    const t = (f & TOKEN_HIT) !== 0;
    const d = (f & PDB_HIT) !== 0;
    const category = t && d ? 'token-db+payment-db' : t ? 'token-db' : d ? 'payment-db' : 'none';
    const role = persons.roleOf(p);
    const built = role === 'token' ? 'token-db' : role === 'pdb' ? 'payment-db' : 'none';
    if (category !== built) throw new Error(`model: person ${p} is ${category}, built as ${built}`);
    const mailable = isMailable(persons.contact(p));
    if ((persons.defect[p] === 0) !== mailable) throw new Error(`model: person ${p} mailability`);
    byCategory[category]++;
    if (category !== 'none' && !mailable) undeliverable++;
  }
  return {
    incident: 'metaps-2022',
    payments: {
      total: count + extras.total,
      card: card + extras.card,
      exposed: { 'token-db': exposedToken + extras.tokenDb, 'payment-db': exposedPdb },
    },
    persons: {
      total: persons.count,
      notify: persons.count - byCategory.none,
      byCategory,
    },
    unmatchedPayments: { total: unmatched, exposed: { 'token-db': unmatchedToken, 'payment-db': unmatchedPdb } },
    undeliverable,
    imports: {
      rejectedRows: model.rejected.length,
      duplicateRows,
      conflicts: model.conflicts.length,
    },
    warnings: [
      { code: 'confirmed-outside-window', count: outside },
      { code: 'confirmed-unknown-id', count: unknown },
    ],
  };
}
