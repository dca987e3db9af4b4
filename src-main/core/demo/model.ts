// The generator's model of the truth: persons, their donations (donor rows) and payments,
// built so that every figure of the answer key follows from construction and is then
// re-derived from the model's own links (computeExpected) as a cross-check.
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
import { bundledPostalIndex } from '../mail/postal-data.js';
import { Rng } from './random.js';
import {
  DAY_MS, MONTHS, PDB_END, PDB_START, SPAN_END, SPAN_START, TOKEN_END, TOKEN_START,
  jst, jstSecondOfDay, monthYear,
} from './calendar.js';
import { BUILDINGS, CARD_BRANDS, CITIES, FAMILY_NAMES, GIVEN_NAMES, STAFF_NOTES, TEST_PANS } from './japanese-data.js';
import {
  DIGIT_DASHES, replaceHyphens, specKey, specPostal, toFullWidthDigits, toHalfWidthKana,
} from './text-variants.js';

export type Role = 'token' | 'pdb' | 'none';
export type MethodKind = 'card' | 'konbini' | 'bank' | 'payeasy';
export type Status = '決済完了' | '決済失敗' | '取消';
export type Defect = 'no-postal' | 'bad-postal' | 'no-address';
export type Plant = 'edge-start' | 'edge-end' | 'edge-before' | 'edge-after' | 'declined-only' | 'cancelled-only';

export const METHOD_LABEL: Record<Exclude<MethodKind, 'card'>, string> = {
  konbini: 'コンビニ', bank: '銀行振込', payeasy: 'ペイジー',
};

export interface Contact {
  name: string; kana: string; postal: string;
  pref: string; city: string; line1: string; line2: string;
  phone: string; email: string;
}

export interface Person {
  index: number;
  role: Role;
  memberId: string | null;
  contact: Contact;
  defect: Defect | null;
  plant: Plant | null;
  brand: string;
  last4: string;
}

export interface Order { id: string; ms: number; seq: number }

export interface DonorRow { order: Order; person: number; memberId: string; contact: Contact; amount: number; note: string }

export interface Payment {
  txnId: string;
  order: Order;
  memberId: string;
  ms: number;
  method: MethodKind;
  status: Status;
  amount: number;
  brand: string;
  last4: string;
  /** Index of the person it belongs to by construction, −1 when unmatched. */
  person: number;
  place: 'csv' | 'both' | 'xlsx';
  /** Kept out of XLSX copies, conflicts and card oddities (edges, confirmed). */
  pinned: boolean;
  cardCell: string | null;
  securityCode: string;
  note: string;
  yen: boolean;
  seq: number;
}

export interface ConflictRow { payment: Payment; amount: number }
export interface RejectedRow { file: 'csv' | 'xlsx'; reason: 'no-transaction-id' | 'bad-date'; payment: Payment; dateText: string }

export interface ModelOptions {
  seed: number;
  persons: number;
  tokenDbPersons: number;
  paymentDbPersons: number;
  unmatchedPayments: number;
  xlsxShare: number;
}

export interface Model {
  persons: Person[];
  donorRows: DonorRow[];
  /** Core payments in date order (extras are streamed separately). */
  payments: Payment[];
  conflicts: ConflictRow[];
  rejected: RejectedRow[];
  /** Transaction IDs on the confirmed list, in file order (includes one unknown ID). */
  confirmedIds: string[];
  confirmedOutsideWindow: number;
  facts: ModelFacts;
}

export interface ModelFacts {
  members: number;
  guests: number;
  guestsWithVariantRows: number;
  nearDuplicateSameNamePostal: number;
  nearDuplicateSamePhone: number;
  personsWithoutPayments: number;
  unmailable: number;
  /** Persons to notify given a real postal code of another town, and a code that does not exist. */
  postalWrong: number;
  postalUnknown: number;
  fullCardNumbers: number;
  securityCodes: number;
}

const SECOND = 1000;

export function buildModel(opts: ModelOptions): Model {
  const rng = new Rng(opts.seed);
  const n = opts.persons;
  const orders: Order[] = [];
  let seq = 0;
  const newOrder = (ms: number): Order => {
    const o = { id: '', ms, seq: seq++ };
    orders.push(o);
    return o;
  };
  const payments: Payment[] = [];
  const donorRows: DonorRow[] = [];
  const facts: ModelFacts = {
    members: 0, guests: 0, guestsWithVariantRows: 0, nearDuplicateSameNamePostal: 0,
    nearDuplicateSamePhone: 0, personsWithoutPayments: 0, unmailable: 0, postalWrong: 0, postalUnknown: 0, fullCardNumbers: 0, securityCodes: 0,
  };

  // --- roles, kinds, plants, defects ------------------------------------------------
  const order = rng.shuffle([...Array(n).keys()]);
  const roleOf: Role[] = new Array(n).fill('none');
  const tokenIdx = order.slice(0, opts.tokenDbPersons);
  const pdbIdx = order.slice(opts.tokenDbPersons, opts.tokenDbPersons + opts.paymentDbPersons);
  const noneIdx = order.slice(opts.tokenDbPersons + opts.paymentDbPersons);
  for (const i of tokenIdx) roleOf[i] = 'token';
  for (const i of pdbIdx) roleOf[i] = 'pdb';
  const plantOf: Array<Plant | null> = new Array(n).fill(null);
  const tokenPlants: Plant[] = ['edge-start', 'edge-end', 'declined-only', 'cancelled-only'];
  const nonePlants: Plant[] = ['edge-before', 'edge-after'];
  tokenPlants.forEach((p, k) => { plantOf[tokenIdx[k]!] = p; });
  nonePlants.forEach((p, k) => { plantOf[noneIdx[k]!] = p; });
  const defectOf: Array<Defect | null> = new Array(n).fill(null);
  const unmailable = Math.max(6, Math.round(n * 0.006));
  const defects: Defect[] = ['no-postal', 'bad-postal', 'no-address'];
  const tokenUnmailable = Math.min(Math.max(3, Math.round(unmailable * 0.45)), tokenIdx.length - tokenPlants.length);
  for (let k = 0; k < tokenUnmailable; k++) defectOf[tokenIdx[tokenPlants.length + k]!] = defects[k % 3]!;
  for (let k = 0; k < unmailable - tokenUnmailable && nonePlants.length + k < noneIdx.length; k++) {
    defectOf[noneIdx[nonePlants.length + k]!] = defects[(k + 1) % 3]!;
  }
  const isMember: boolean[] = [];
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    const member = roleOf[i] === 'pdb' || (plantOf[i] === null && rng.chance(0.6));
    isMember.push(member);
    if (member) memberCount++;
  }
  if (memberCount === 0) isMember[order[order.length - 1]!] = true;

  // --- contacts -----------------------------------------------------------------------
  const usedKeys = new Set<string>();
  const keyOf = (c: Contact) => `${specKey(c.name)}|${specKey(c.pref + c.city + c.line1 + c.line2)}`;
  const persons: Person[] = [];
  const guestPool: number[] = [];
  let memberSeq = 0;
  for (let i = 0; i < n; i++) {
    let contact: Contact;
    let tries = 0;
    for (;;) {
      contact = makeContact(rng);
      const prev = persons.length > 0 ? persons[rng.int(persons.length)]! : null;
      const roll = rng.next();
      if (tries === 0 && prev && prev.defect === null && defectOf[i] === null && roll < 0.006 && !isMember[i] && guestPool.length > 0) {
        // Near-duplicate: same name and postal code as another guest, another address.
        const other = persons[guestPool[rng.int(guestPool.length)]!]!;
        const city = CITIES.find((c) => c.city === other.contact.city && c.pref === other.contact.pref);
        // The other's own town, so that the shared postal code still fits (the pick keeps the seeded stream).
        if (city) rng.pick(city.towns);
        const town = city?.towns.find((t) => other.contact.line1.startsWith(t)) ?? '';
        contact = {
          ...contact, name: other.contact.name, kana: other.contact.kana, postal: other.contact.postal,
          pref: other.contact.pref, city: other.contact.city, line1: `${town}${rng.range(1, 999)}-${rng.range(1, 30)}`,
        };
        if (!usedKeys.has(keyOf(contact))) { facts.nearDuplicateSameNamePostal++; break; }
      } else if (tries === 0 && prev && prev.defect === null && defectOf[i] === null && roll < 0.012) {
        // Near-duplicate: a family member at the same address with the same phone.
        const family = prev.contact.name.split(' ')[0]!;
        const familyKana = prev.contact.kana.split(' ')[0]!;
        const given = rng.pick(GIVEN_NAMES);
        contact = { ...prev.contact, name: `${family} ${given[0]}`, kana: `${familyKana} ${given[1]}`, email: '' };
        if (!usedKeys.has(keyOf(contact))) { facts.nearDuplicateSamePhone++; break; }
      }
      applyDefect(contact, defectOf[i] ?? null, rng);
      if (!usedKeys.has(keyOf(contact))) break;
      if (++tries > 50) throw new Error('could not make a unique contact');
    }
    usedKeys.add(keyOf(contact));
    const brand = rng.weighted(CARD_BRANDS);
    const person: Person = {
      index: i, role: roleOf[i]!, memberId: isMember[i] ? `M${100001 + memberSeq++}` : null,
      contact, defect: defectOf[i] ?? null, plant: plantOf[i] ?? null, brand,
      last4: String(rng.int(10000)).padStart(4, '0'),
    };
    persons.push(person);
    if (!person.memberId && person.defect === null) guestPool.push(i);
  }

  plantPostalErrors(persons, opts.seed, facts);

  // --- donations and payments ----------------------------------------------------------
  let paySeq = 0;
  const addPayment = (p: Person | null, o: Order, ms: number, method: MethodKind, status: Status, amount: number, pinned = false): Payment => {
    const pay: Payment = {
      txnId: '', order: o, memberId: p?.memberId ?? '', ms, method, status, amount,
      brand: method === 'card' ? (p?.brand ?? rng.weighted(CARD_BRANDS)) : '',
      last4: method === 'card' ? (p?.last4 ?? String(rng.int(10000)).padStart(4, '0')) : '',
      person: p ? p.index : -1, place: 'csv', pinned, cardCell: null, securityCode: '', note: '',
      yen: rng.chance(0.3), seq: paySeq++,
    };
    payments.push(pay);
    return pay;
  };
  const addDonor = (p: Person, o: Order, amount: number, contact: Contact) => {
    donorRows.push({ order: o, person: p.index, memberId: p.memberId ?? '', contact, amount, note: rng.chance(0.04) ? rng.pick(DONOR_MESSAGES) : '' });
  };

  let confirmedOutside: Payment | null = null;
  const confirmed: Payment[] = [];
  for (const p of persons) {
    if (p.memberId) {
      facts.members++;
      memberPlan(p);
    } else {
      facts.guests++;
      guestPlan(p);
    }
  }

  function memberPlan(p: Person): void {
    const amount = rng.pick([1000, 1000, 2000, 3000, 3000, 5000, 10000]);
    const day = rng.range(1, 28);
    let from: number;
    let to: number;
    let method: MethodKind = 'card';
    if (p.role === 'pdb') {
      from = 2; to = 8;
    } else if (p.role === 'token') {
      // Any span that includes a Nov or Dec 2021 charge is inside the token-db window.
      from = rng.range(0, 10); to = rng.range(11, MONTHS - 1);
    } else {
      const kind = rng.int(3);
      if (kind === 0) { from = rng.range(0, 6); to = rng.range(from, 8); }           // stopped by 2021-09
      else if (kind === 1) { from = rng.range(13, MONTHS - 1); to = rng.range(from, MONTHS - 1); } // joined 2022-02+
      else { from = rng.range(0, 12); to = rng.range(from, MONTHS - 1); method = rng.pick(['bank', 'konbini', 'payeasy'] as const); }
    }
    let first = true;
    for (let k = from; k <= to; k++) {
      const [y, m] = monthYear(k);
      const ms = jst(y, m, day, rng.range(2, 5), rng.range(0, 59), rng.range(0, 59));
      const o = newOrder(ms);
      if (first || rng.chance(0.35)) addDonor(p, o, amount, p.contact);
      first = false;
      if (p.role === 'pdb') {
        const pay = addPayment(p, o, ms, 'card', '決済完了', amount, true);
        if (k === 6) confirmed.push(pay);
        if (k === 3 && confirmedOutside === null) confirmedOutside = pay;
        continue;
      }
      const r = rng.next();
      if (r < 0.05 && day <= 25) {
        addPayment(p, o, ms, method, '決済失敗', amount);
        addPayment(p, o, ms + 3 * DAY_MS + rng.range(60, 3600) * SECOND, method, '決済完了', amount);
      } else {
        addPayment(p, o, ms, method, r < 0.07 ? '取消' : '決済完了', amount);
      }
    }
  }

  function guestPlan(p: Person): void {
    if (p.plant) {
      const plantMs: Record<Plant, number> = {
        'edge-start': jst(2021, 10, 14, 0, 0, 0),
        'edge-end': jst(2022, 1, 25, 23, 59, 59),
        'edge-before': jst(2021, 10, 13, 23, 59, 59),
        'edge-after': jst(2022, 1, 26, 0, 0, 0),
        'declined-only': randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS),
        'cancelled-only': randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS),
      };
      const status: Status = p.plant === 'declined-only' ? '決済失敗' : p.plant === 'cancelled-only' ? '取消' : '決済完了';
      const o = newOrder(plantMs[p.plant]);
      addDonor(p, o, 3000, p.contact);
      addPayment(p, o, plantMs[p.plant], 'card', status, 3000, true);
      return;
    }
    const donations = p.defect === null && rng.chance(0.35) ? 2 : 1;
    const noPayments = p.role === 'none' && rng.chance(0.03);
    if (noPayments) facts.personsWithoutPayments++;
    let variantWritten = false;
    for (let j = 0; j < donations; j++) {
      let ms: number;
      let method: MethodKind;
      if (p.role === 'token' && j === 0) {
        ms = randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS);
        method = 'card';
      } else if (p.role === 'token' || rng.chance(0.4)) {
        // Anything goes for a token person; for others, non-card anywhere.
        ms = randomIn(rng, SPAN_START, SPAN_END);
        method = p.role === 'token' && rng.chance(0.7) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const);
      } else {
        // Card, but well away from the token-db window.
        ms = rng.chance(0.6) ? randomIn(rng, SPAN_START + DAY_MS, TOKEN_START - DAY_MS) : randomIn(rng, TOKEN_END + DAY_MS, SPAN_END - DAY_MS);
        method = 'card';
      }
      const amount = rng.pick([1000, 2000, 3000, 5000, 5000, 10000, 30000, 50000, 100000]);
      const o = newOrder(ms);
      const contact = j > 0 && rng.chance(0.85) ? variantOf(p.contact, rng) : p.contact;
      if (contact !== p.contact) variantWritten = true;
      addDonor(p, o, amount, contact);
      if (noPayments) continue;
      const r = rng.next();
      if (method === 'card' && r < 0.07) {
        // Declined first, paid a few minutes later on the same order (same day: times are 06:00+).
        addPayment(p, o, ms - rng.range(60, 600) * SECOND, 'card', '決済失敗', amount);
        addPayment(p, o, ms, 'card', '決済完了', amount);
      } else {
        addPayment(p, o, ms, method, r < 0.09 ? '取消' : '決済完了', amount);
      }
    }
    if (variantWritten) facts.guestsWithVariantRows++;
  }

  // --- unmatched payments: orders in no donor row, no or unknown member IDs -------------
  for (let k = 0; k < opts.unmatchedPayments; k++) {
    const ms = randomIn(rng, SPAN_START, SPAN_END);
    const o = newOrder(ms);
    const pay = addPayment(null, o, ms, rng.chance(0.8) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const),
      rng.chance(0.9) ? '決済完了' : '決済失敗', rng.pick([1000, 3000, 5000, 10000]));
    if (rng.chance(0.3)) pay.memberId = `M0${String(rng.int(100000)).padStart(5, '0')}`;
  }

  // --- IDs in date order, as real systems number them ------------------------------------
  orders.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  orders.forEach((o, k) => { o.id = `DN${String(20_000_001 + k)}`; });
  payments.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  payments.forEach((p, k) => { p.txnId = `TX${String(30_000_001 + k)}`; });
  donorRows.sort((a, b) => a.order.ms - b.order.ms || a.order.seq - b.order.seq);

  // --- card oddities in the processor file -------------------------------------------------
  const free = (p: Payment) => !p.pinned && p.place === 'csv' && p.cardCell === null && p.note === '';
  const pickFree = (pred: (p: Payment) => boolean): Payment => {
    const pool = payments.filter((p) => free(p) && pred(p));
    const pay = rng.pick(pool);
    pay.pinned = true;
    return pay;
  };
  const isCard = (p: Payment) => p.method === 'card';
  for (const [pan, brand] of TEST_PANS) {
    const pay = pickFree(isCard);
    pay.cardCell = pan; pay.brand = brand; pay.last4 = pan.slice(-4);
    pay.securityCode = String(rng.range(100, 999));
    facts.fullCardNumbers++; facts.securityCodes++;
  }
  {
    const pay = pickFree(isCard);
    pay.note = 'お客様申告のカード番号 4242 4242 4242 4242 で再決済';
    facts.fullCardNumbers++;
  }
  for (let k = 0; k < 3; k++) { pickFree(isCard).securityCode = String(rng.range(100, 999)); facts.securityCodes++; }
  pickFree(() => true).note = '領収書要, 宛名は「髙橋商店」';
  pickFree(() => true).note = '電話にて受付\n担当: 﨑山';
  pickFree(() => true).note = '"至急" 返金確認';
  for (const p of payments) if (free(p) && rng.chance(0.004)) p.note = rng.pick(STAFF_NOTES);

  // --- the XLSX: some payments only there, a share repeated, a few conflicting -------------
  const xlsxEligible = (p: Payment) => !p.pinned && jstSecondOfDay(p.ms) !== 0;
  for (const p of payments) if (xlsxEligible(p) && rng.chance(0.015)) p.place = 'xlsx';
  for (const p of payments) if (xlsxEligible(p) && p.place === 'csv' && rng.chance(opts.xlsxShare)) p.place = 'both';
  const conflicts: ConflictRow[] = [];
  for (let k = 0; k < 3; k++) {
    const pay = pickFree((p) => xlsxEligible(p));
    conflicts.push({ payment: pay, amount: pay.amount + (k + 1) * 1000 });
  }

  // --- rejected rows: fresh transaction IDs that exist nowhere else -------------------------
  const rejected: RejectedRow[] = [];
  const ghost = (ms: number, id: string): Payment => ({
    txnId: id, order: { id: `DN${String(29_000_001 + rejected.length)}`, ms, seq: -1 }, memberId: '', ms,
    method: 'card', status: '決済完了', amount: 3000, brand: 'VISA', last4: String(rng.int(10000)).padStart(4, '0'),
    person: -1, place: 'csv', pinned: true, cardCell: null, securityCode: '', note: '', yen: false, seq: -1,
  });
  rejected.push({ file: 'csv', reason: 'no-transaction-id', payment: ghost(jst(2021, 11, 3, 10, 21, 7), ''), dateText: '' });
  rejected.push({ file: 'csv', reason: 'bad-date', payment: ghost(jst(2021, 3, 1, 9, 15, 0), 'TX39000001'), dateText: '2021/02/30 09:15:00' });
  rejected.push({ file: 'xlsx', reason: 'bad-date', payment: ghost(jst(2021, 12, 1, 14, 5, 0), 'TX39000002'), dateText: '2021/11/31 14:05' });

  // --- confirmed list ------------------------------------------------------------------------
  const outside = confirmedOutside as Payment | null;
  // The processor's list: its own entries, the out-of-window one, and one ID we never issued.
  const confirmedIds = confirmed.map((p) => p.txnId);
  let outsideCount = 0;
  if (outside) {
    confirmedIds.push(outside.txnId);
    if (outside.ms >= PDB_START && outside.ms < PDB_END) throw new Error('model: outside-window payment is inside');
    outsideCount = 1;
  }
  confirmedIds.push('TX99999999');
  facts.unmailable = persons.filter((p) => p.defect !== null).length;
  return {
    persons, donorRows, payments, conflicts, rejected, confirmedIds,
    confirmedOutsideWindow: outsideCount, facts,
  };
}

const DONOR_MESSAGES = [
  '応援しています', '少額ですが、お役立てください。', 'いつも活動報告を\n楽しみにしています', '子どもたちのために使ってください',
];

function randomIn(rng: Rng, from: number, to: number): number {
  // Whole seconds, Japan wall clock between 06:00 and 23:00 so nothing lands on midnight.
  const day = Math.floor((from - SPAN_START) / DAY_MS) + rng.int(Math.max(1, Math.floor((to - from) / DAY_MS)));
  const base = SPAN_START + day * DAY_MS;
  return base + (6 * 3600 + rng.int(17 * 3600)) * SECOND;
}

function makeContact(rng: Rng): Contact {
  const fam = rng.weighted(FAMILY_NAMES.map((f) => [f, f[3]] as const));
  const giv = rng.pick(GIVEN_NAMES);
  const city = rng.pick(CITIES);
  const town = rng.pick(city.towns);
  const line1 = rng.chance(0.7)
    ? `${town}${rng.range(1, 5)}丁目${rng.range(1, 30)}-${rng.range(1, 20)}`
    : `${town}${rng.range(1, 999)}-${rng.range(1, 30)}`;
  const line2 = rng.chance(0.45)
    ? `${rng.pick(BUILDINGS)} ${rng.range(1, 12)}0${rng.range(1, 9)}${rng.chance(0.3) ? '号室' : ''}`
    : '';
  const localLen = 10 - city.tel.length - 4;
  const phone = rng.chance(0.55)
    ? `0${rng.pick(['70', '80', '90'])}-${rng.range(1000, 9999)}-${rng.range(1000, 9999)}`
    : `${city.tel}-${String(rng.range(2 * 10 ** (localLen - 1), 10 ** localLen - 1))}-${rng.range(1000, 9999)}`;
  const email = rng.chance(0.85)
    ? `${giv[2]}.${fam[2]}${rng.range(1, 999)}@${rng.pick(['example.jp', 'example.ne.jp', 'example.com'])}`
    : '';
  return {
    name: `${fam[0]} ${giv[0]}`,
    kana: `${fam[1]} ${giv[1]}`,
    postal: realPostalCode(rng, city.pref, city.city, town),
    pref: city.pref, city: city.city, line1, line2, phone, email,
  };
}

/** A real code of the town (one of them, for a town whose 丁目 have several). */
function realPostalCode(rng: Rng, pref: string, city: string, town: string): string {
  const codes = bundledPostalIndex().codesOfTown(pref, city, town);
  // Two draws, as the made-up codes of earlier versions took, so the seeded stream (and with it
  // every count of the demo) stays as it was.
  rng.next();
  const code = codes[rng.int(codes.length)];
  if (!code) throw new Error(`demo town not in the postal data: ${pref}${city}${town}`);
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * A seeded handful of persons to notify get a wrong postal code (a real code of another town)
 * or one that does not exist, which the address check must then report. Their own stream, so
 * nothing else of the demo changes; persons sharing name and code with another are left alone
 * (the near-duplicate pairs stay as planted).
 */
function plantPostalErrors(persons: Person[], seed: number, facts: ModelFacts): void {
  const rng = new Rng(seed ^ 0x7057a1);
  const index = bundledPostalIndex();
  const nameCode = new Map<string, number>();
  for (const p of persons) nameCode.set(`${specKey(p.contact.name)}|${p.contact.postal}`, (nameCode.get(`${specKey(p.contact.name)}|${p.contact.postal}`) ?? 0) + 1);
  const eligible = persons.filter((p) => p.role === 'token' && p.defect === null && p.plant === null
    && nameCode.get(`${specKey(p.contact.name)}|${p.contact.postal}`) === 1);
  const wanted = Math.min(eligible.length, Math.max(2, Math.round(persons.length / 1000)));
  for (let k = 0; k < wanted; k++) {
    const person = eligible.splice(rng.int(eligible.length), 1)[0]!;
    if (k % 2 === 0) {
      const other = CITIES[(CITIES.findIndex((c) => c.city === person.contact.city) + 1 + rng.int(CITIES.length - 1)) % CITIES.length]!;
      person.contact.postal = realPostalCode(rng, other.pref, other.city, rng.pick(other.towns));
      facts.postalWrong++;
    } else {
      let code: string;
      do code = `${person.contact.postal.slice(0, 3)}${String(rng.range(9000, 9999))}`;
      while (index.areasOf(code).length > 0);
      person.contact.postal = `${code.slice(0, 3)}-${code.slice(3)}`;
      facts.postalUnknown++;
    }
  }
}

function applyDefect(c: Contact, defect: Defect | null, rng: Rng): void {
  if (defect === 'no-postal') c.postal = '';
  else if (defect === 'bad-postal') c.postal = `${c.postal.slice(0, 3)}-${String(rng.int(1000)).padStart(3, '0')}`;
  else if (defect === 'no-address') { c.pref = ''; c.city = ''; c.line1 = ''; c.line2 = ''; }
}

/** The same guest writing their details again: other spaces, digits, dashes, postal form. */
export function variantOf(c: Contact, rng: Rng): Contact {
  const dash = rng.pick(DIGIT_DASHES);
  let line1 = replaceHyphens(c.line1, dash);
  if (rng.chance(0.5)) line1 = toFullWidthDigits(line1);
  let line2 = c.line2;
  if (rng.chance(0.6)) line2 = line2.replace(' ', '\u3000');
  if (rng.chance(0.4)) line2 = toFullWidthDigits(line2);
  const postalForms = [
    c.postal.replace('-', ''), `〒${c.postal}`, toFullWidthDigits(replaceHyphens(c.postal, '－')),
    replaceHyphens(c.postal, 'ー'), c.postal.replace('-', ' '),
  ];
  const v: Contact = {
    ...c,
    name: c.name.replace(' ', rng.pick(['\u3000', '', '\u3000\u3000'])),
    kana: rng.chance(0.4) ? toHalfWidthKana(c.kana) : c.kana,
    postal: rng.pick(postalForms),
    line1, line2,
    phone: rng.chance(0.5) ? c.phone.replace(/-/g, '') : c.phone,
    email: c.email.toUpperCase() === c.email ? c.email : rng.chance(0.2) ? c.email.toUpperCase() : c.email,
  };
  // R2: the variant must still be the same person under the spec's normalisation.
  if (specKey(v.name) !== specKey(c.name)
    || specPostal(v.postal) !== specPostal(c.postal)
    || specKey(v.pref + v.city + v.line1 + v.line2) !== specKey(c.pref + c.city + c.line1 + c.line2)) {
    throw new Error(`variant does not normalise to the original: ${JSON.stringify([c, v])}`);
  }
  return v;
}
