// The generator's model of the truth: persons, their donations (donor rows) and payments,
// built so that every figure of the answer key follows from construction and is then
// re-derived from the model's own links (computeExpected) as a cross-check. The model is held
// in typed-array columns (a few dozen bytes a person and a payment, see model-persons.ts and
// model-payments.ts); the files are written from it row by row (generate.ts).
//
// Rules this model relies on (spec sections in brackets):
//  R1 [§4] Records WITH a member ID group by member ID only; every member's rows carry one
//     member ID that no other person uses.
//  R2 [§4] Records WITHOUT a member ID group by NFKC/whitespace/dash-normalised name +
//     7-digit postal + address. Each guest's rows are written with variants (full-width
//     digits, ‐ − － ― and ー between digits, full-width or no spaces) that normalise to the
//     same key (checked with specKey while generating), and the normalised name + address
//     (pref+city+line1+line2) of every person is unique across ALL persons, members
//     included, so nothing merges whatever the postal code normalises to.
//  R3 [§4] A payment links by order ID first, then member ID. Every order ID belongs to at
//     most one donor row; member payments whose order is not in the donor list carry the
//     member ID of a person who has ≥1 donor row. Unmatched payments carry order IDs that
//     are in no donor row and either no member ID or one (M0…, members are M100001+) that no donor row has.
//  R4 [§3] token-db = card method and Japan-local date 2021-10-14 … 2022-01-25, any status.
//     Random dates keep ≥1 day (and ≥ the retry gap) away from the window edges; only the
//     planted edge payments sit on 00:00:00 / 23:59:59.
//  R5 [§3] payment-db = transaction on the confirmed list. Payment-db persons pay by card
//     only in 2021-03 … 2021-09, so they never reach token-db: their category is exactly
//     `payment-db`. One listed payment (2021-04) is outside 2021-05-06 … 2022-01-25
//     (one confirmed-outside-window warning); one listed ID matches no payment
//     (one confirmed-unknown-id warning).
//  R6 [§4] Mailable = 7-digit postal code and non-empty address line 1. An unmailable
//     person has the same defect on every one of their rows (members) or has a single row
//     (guests), so "which row's address" can never matter. A missing address empties
//     都道府県, 市区町村, 住所1 and 住所2 alike.
//  R7 [§2] Rejected rows (no transaction ID; an impossible date) carry transaction IDs used
//     nowhere else and are never stored. XLSX rows repeating a CSV payment repeat every
//     shared field's value (クレジット for クレジットカード, 3000 for "￥3,000", a date cell
//     for the same second) and are duplicates; such rows are never at 00:00:00, where an
//     Excel cell could not show that a time was given. Conflict rows change only the
//     amount of a CSV payment that has no other XLSX row; the CSV row is kept.
//  R8 [§5] payments.total counts distinct stored transaction IDs; persons.total counts the
//     persons formed from donor rows, including those whose donations have no payment
//     in the export (category none).
import { PDB_END, PDB_START } from './calendar.js';
import { Rng } from './random.js';
import type { ConflictRow, ModelFacts, ModelOptions, RejectedRow } from './model-types.js';
import { makePersons, planPersons, plantPostalErrors, type Persons } from './model-persons.js';
import {
  Ledger, guestDonations, memberDonations, numberInDateOrder, placeInXlsx, plantCardOddities, rejectedRows, txnIdOf, unmatchedPayments,
} from './model-payments.js';

export * from './model-types.js';
export { Persons, variantOf } from './model-persons.js';
export { Ledger, txnIdOf } from './model-payments.js';

export interface Model {
  persons: Persons;
  /** Orders, donor rows and payments; payments in date order (extras are streamed separately). */
  ledger: Ledger;
  conflicts: ConflictRow[];
  rejected: RejectedRow[];
  /** Transaction IDs on the confirmed list, in file order (includes one unknown ID). */
  confirmedIds: string[];
  confirmedOutsideWindow: number;
  facts: ModelFacts;
}

/** The model for (seed, options): one seeded stream, drawn phase by phase in this order. */
export function buildModel(opts: ModelOptions): Model {
  const rng = new Rng(opts.seed);
  const facts: ModelFacts = {
    members: 0, guests: 0, guestsWithVariantRows: 0, nearDuplicateSameNamePostal: 0,
    nearDuplicateSamePhone: 0, personsWithoutPayments: 0, unmailable: 0, postalWrong: 0, postalUnknown: 0, fullCardNumbers: 0, securityCodes: 0,
  };

  // Persons: roles, kinds, plants, defects, then contacts.
  const persons = makePersons(rng, planPersons(rng, opts), facts);
  plantPostalErrors(persons, opts.seed, facts);

  // Donations and payments, then the payments no donor row matches.
  const ledger = new Ledger(rng, persons);
  for (let p = 0; p < persons.count; p++) {
    if (persons.memberSeq[p]! >= 0) {
      facts.members++;
      memberDonations(ledger, rng, p);
    } else {
      facts.guests++;
      guestDonations(ledger, rng, p, facts);
    }
  }
  unmatchedPayments(ledger, rng, opts.unmatchedPayments);
  numberInDateOrder(ledger);

  // The processor's files: card oddities, the XLSX share and conflicts, rejected rows.
  plantCardOddities(rng, ledger, facts);
  const conflicts = placeInXlsx(rng, ledger, opts.xlsxShare);
  const rejected = rejectedRows(rng);

  // The processor's confirmed list: its own entries, the out-of-window one, and one ID we never issued.
  const outside = ledger.confirmedOutside;
  const confirmedIds = ledger.confirmed.map(txnIdOf);
  let outsideCount = 0;
  if (outside >= 0) {
    confirmedIds.push(txnIdOf(outside));
    const ms = ledger.msOf(outside);
    if (ms >= PDB_START && ms < PDB_END) throw new Error('model: outside-window payment is inside');
    outsideCount = 1;
  }
  confirmedIds.push('TX99999999');
  for (let p = 0; p < persons.count; p++) if (persons.defect[p] !== 0) facts.unmailable++;
  return { persons, ledger, conflicts, rejected, confirmedIds, confirmedOutsideWindow: outsideCount, facts };
}
