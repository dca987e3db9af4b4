// The demo's orders, donor rows and payments: each person's donations by role (members monthly,
// guests once or twice, planted edges), the payments no donor row matches, IDs in date order,
// the card oddities of the processor file, what goes into the XLSX, and the rows planted to be
// rejected. Rules R3, R4, R5 and R7 of model.ts.
//
// The Ledger holds them as columns of typed arrays: 8 bytes an order, 13 a donor row and 24 a
// payment, no object per row; times are whole seconds. A guest's variant spelling is kept as
// the stream's position before it was drawn (16 bytes) and drawn again when its row is written.
import { Rng } from './random.js';
import {
  DAY_MS, MONTHS, SPAN_END, SPAN_START, TOKEN_END, TOKEN_START,
  jst, jstSecondOfDay, monthYear,
} from './calendar.js';
import { CARD_BRANDS, STAFF_NOTES, TEST_PANS } from './japanese-data.js';
import {
  METHODS, PLACES, STATUSES,
  type ConflictRow, type Contact, type MethodKind, type ModelFacts, type PaymentView, type Place, type Plant, type RejectedRow, type Status,
} from './model-types.js';
import { BRAND_CODES, brandName, variantOf, type Persons } from './model-persons.js';

const SECOND = 1000;

const DONOR_MESSAGES = [
  '応援しています', '少額ですが、お役立てください。', 'いつも活動報告を\n楽しみにしています', '子どもたちのために使ってください',
];

const CARD_NUMBER_NOTE = 'お客様申告のカード番号 4242 4242 4242 4242 で再決済';
const FIXED_NOTES = ['領収書要, 宛名は「髙橋商店」', '電話にて受付\n担当: 﨑山', '"至急" 返金確認'];
/** A payment's 備考 is stored as its index here ('' = 0). */
const PAYMENT_NOTES: readonly string[] = ['', ...STAFF_NOTES, CARD_NUMBER_NOTE, ...FIXED_NOTES];

const CARD = METHODS.indexOf('card');
const CSV = PLACES.indexOf('csv');
const BOTH = PLACES.indexOf('both');
const XLSX = PLACES.indexOf('xlsx');
const PINNED = 1;
const YEN = 2;
/** Flags bits 2–3: the payment's order's creation number mod 3, which picks a guest payment's 商品名. */
const ONCE_ITEM_SHIFT = 2;

type ColumnArray = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** Typed-array columns that grow together; a row is one index into each. */
class Columns<C extends Record<string, ColumnArray>> {
  length = 0;
  private capacity: number;

  constructor(readonly c: C) {
    this.capacity = Object.values(c)[0]!.length;
  }

  /** A new row, zero in every column. Columns are replaced as they grow: read them through `c`. */
  add(): number {
    if (this.length === this.capacity) {
      this.capacity = Math.ceil(this.capacity * 1.5);
      const columns = this.c as Record<string, ColumnArray>;
      for (const [name, column] of Object.entries(columns)) columns[name] = grown(column, this.capacity);
    }
    return this.length++;
  }

  /** Puts the rows in the order `order` lists them (row r becomes order[r]). */
  reorder(order: Int32Array): void {
    const columns = this.c as Record<string, ColumnArray>;
    for (const [name, column] of Object.entries(columns)) {
      const next = new (column.constructor as new (n: number) => ColumnArray)(this.length);
      for (let r = 0; r < this.length; r++) next[r] = column[order[r]!]!;
      columns[name] = next;
    }
    this.capacity = this.length;
  }
}

/** A longer copy of `column` (same type, zeros after). */
function grown<A extends ColumnArray>(column: A, length: number): A {
  const next = new (column.constructor as new (n: number) => A)(length);
  next.set(column);
  return next;
}

/**
 * Rows a person makes with the default options (about 5.2 payments and orders, 2.3 donor rows):
 * the columns are sized for that once and grow by half when more come.
 */
const PAYMENTS_PER_PERSON = 5.5;
const DONOR_ROWS_PER_PERSON = 2.5;

/** Orders, donor rows and payments as they are made (IDs are given later, in date order). */
export class Ledger {
  /**
   * By creation number (an order's seq) until numberInDateOrder, then in date order: an
   * order's index is then its number in the order ID. `donor` is its donor row + 1, 0 when none.
   */
  readonly orders: Columns<{ second: Uint32Array; donor: Int32Array }>;
  /** `note` is the index in DONOR_MESSAGES + 1; `variant` the variant spelling's number + 1, 0 for the person's own. */
  readonly donorRows: Columns<{ person: Int32Array; amount: Int32Array; note: Uint8Array; variant: Int32Array }>;
  /**
   * By creation number until numberInDateOrder, then in date order: a payment's index is then
   * its transaction number. Codes of METHODS, STATUSES, PLACES; `brand` indexes CARD_BRANDS;
   * `note` indexes PAYMENT_NOTES; `person` is −1 when unmatched.
   */
  readonly payments: Columns<{
    second: Uint32Array; order: Int32Array; person: Int32Array; amount: Int32Array; last4: Uint16Array;
    brand: Uint8Array; method: Uint8Array; status: Uint8Array; place: Uint8Array; flags: Uint8Array; note: Uint8Array;
  }>;
  /** The few planted full card numbers and security codes, by payment. */
  readonly cardCells = new Map<number, string>();
  readonly securityCodes = new Map<number, string>();
  /** Member IDs no donor row has, on unmatched payments, by order (whose index numberInDateOrder changes). */
  unmatchedMembers = new Map<number, string>();
  /** The payment-db persons' payments on the confirmed list, and one of theirs outside its window (−1: none). */
  confirmed: number[] = [];
  confirmedOutside = -1;
  private variantStarts = new Uint32Array(4 * 256);
  private variants = 0;

  constructor(private readonly rng: Rng, readonly persons: Persons) {
    const rows = Math.ceil(persons.count * PAYMENTS_PER_PERSON) + 256;
    this.orders = new Columns({ second: new Uint32Array(rows), donor: new Int32Array(rows) });
    const donors = Math.ceil(persons.count * DONOR_ROWS_PER_PERSON) + 256;
    this.donorRows = new Columns({
      person: new Int32Array(donors), amount: new Int32Array(donors), note: new Uint8Array(donors), variant: new Int32Array(donors),
    });
    this.payments = new Columns({
      second: new Uint32Array(rows), order: new Int32Array(rows), person: new Int32Array(rows), amount: new Int32Array(rows),
      last4: new Uint16Array(rows), brand: new Uint8Array(rows), method: new Uint8Array(rows), status: new Uint8Array(rows),
      place: new Uint8Array(rows), flags: new Uint8Array(rows), note: new Uint8Array(rows),
    });
  }

  newOrder(ms: number): number {
    const o = this.orders.add();
    this.orders.c.second[o] = wholeSeconds(ms);
    return o;
  }

  orderMs(o: number): number {
    return this.orders.c.second[o]! * SECOND;
  }

  /** Payment k's instant (UTC ms). */
  msOf(k: number): number {
    return this.payments.c.second[k]! * SECOND;
  }

  /** `person` −1: a payment no donor matches. Returns the payment's creation number. */
  addPayment(person: number, o: number, ms: number, method: MethodKind, status: Status, amount: number, pinned = false): number {
    const rng = this.rng;
    const k = this.payments.add();
    const c = this.payments.c;
    c.second[k] = wholeSeconds(ms);
    c.order[k] = o;
    c.person[k] = person;
    c.amount[k] = amount;
    c.method[k] = METHODS.indexOf(method);
    c.status[k] = STATUSES.indexOf(status);
    if (method === 'card') {
      c.brand[k] = person >= 0 ? this.persons.brand[person]! : rng.weighted(BRAND_CODES);
      c.last4[k] = person >= 0 ? this.persons.last4[person]! : rng.int(10000);
    }
    c.flags[k] = (pinned ? PINNED : 0) | (rng.chance(0.3) ? YEN : 0) | ((o % 3) << ONCE_ITEM_SHIFT);
    return k;
  }

  /** `variant`: the number saveVariant gave, or −1 for the person's own spelling. */
  addDonor(person: number, o: number, amount: number, variant: number): void {
    const rng = this.rng;
    if (this.orders.c.donor[o] !== 0) throw new Error(`model: order ${o} on two donor rows`);
    const r = this.donorRows.add();
    const c = this.donorRows.c;
    c.person[r] = person;
    c.amount[r] = amount;
    c.variant[r] = variant + 1;
    c.note[r] = rng.chance(0.04) ? 1 + rng.int(DONOR_MESSAGES.length) : 0;
    this.orders.c.donor[o] = r + 1;
  }

  /** Remembers where the stream stands before a variant spelling is drawn; returns its number. */
  saveVariant(): number {
    if (4 * (this.variants + 1) > this.variantStarts.length) this.variantStarts = grown(this.variantStarts, this.variantStarts.length * 2);
    this.rng.save(this.variantStarts, 4 * this.variants);
    return this.variants++;
  }

  /** The contact a donor row shows: the person's own or their variant spelling, drawn again. */
  donorContact(r: number): Contact {
    const c = this.donorRows.c;
    const own = this.persons.contact(c.person[r]!);
    const variant = c.variant[r]! - 1;
    return variant < 0 ? own : variantOf(own, Rng.resume(this.variantStarts, 4 * variant));
  }

  donorNote(r: number): string {
    const note = this.donorRows.c.note[r]!;
    return note === 0 ? '' : DONOR_MESSAGES[note - 1]!;
  }

  orderId(o: number): string {
    return `DN${String(20_000_001 + o)}`;
  }

  /** Payment k (in date order) as the files show it. */
  view(k: number): PaymentView {
    const c = this.payments.c;
    const o = c.order[k]!;
    const person = c.person[k]!;
    return {
      txnId: txnIdOf(k),
      orderId: this.orderId(o),
      onceItem: (c.flags[k]! >> ONCE_ITEM_SHIFT) & 3,
      memberId: person >= 0 ? (this.persons.memberId(person) ?? '') : (this.unmatchedMembers.get(o) ?? ''),
      ms: this.msOf(k),
      method: this.methodOf(k),
      status: STATUSES[c.status[k]!]!,
      amount: c.amount[k]!,
      yen: (c.flags[k]! & YEN) !== 0,
      brand: brandName(c.brand[k]!),
      last4: String(c.last4[k]!).padStart(4, '0'),
      cardCell: this.cardCells.get(k) ?? null,
      securityCode: this.securityCodes.get(k) ?? '',
      note: PAYMENT_NOTES[c.note[k]!]!,
    };
  }

  methodOf(k: number): MethodKind {
    return METHODS[this.payments.c.method[k]!]!;
  }

  placeOf(k: number): Place {
    return PLACES[this.payments.c.place[k]!]!;
  }
}

/** Transaction IDs are given in date order: payment k (after numberInDateOrder) has this one. */
export function txnIdOf(k: number): string {
  return `TX${String(30_000_001 + k)}`;
}

/** A member's monthly donations over a span that their role decides. */
export function memberDonations(ledger: Ledger, rng: Rng, p: number): void {
  const role = ledger.persons.roleOf(p);
  const amount = rng.pick([1000, 1000, 2000, 3000, 3000, 5000, 10000]);
  const day = rng.range(1, 28);
  let from: number;
  let to: number;
  let method: MethodKind = 'card';
  if (role === 'pdb') {
    from = 2; to = 8;
  } else if (role === 'token') {
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
    const o = ledger.newOrder(ms);
    if (first || rng.chance(0.35)) ledger.addDonor(p, o, amount, -1);
    first = false;
    if (role === 'pdb') {
      const pay = ledger.addPayment(p, o, ms, 'card', '決済完了', amount, true);
      if (k === 6) ledger.confirmed.push(pay);
      if (k === 3 && ledger.confirmedOutside < 0) ledger.confirmedOutside = pay;
      continue;
    }
    const r = rng.next();
    if (r < 0.05 && day <= 25) {
      ledger.addPayment(p, o, ms, method, '決済失敗', amount);
      ledger.addPayment(p, o, ms + 3 * DAY_MS + rng.range(60, 3600) * SECOND, method, '決済完了', amount);
    } else {
      ledger.addPayment(p, o, ms, method, r < 0.07 ? '取消' : '決済完了', amount);
    }
  }
}

/** A guest's one or two donations (a planted edge case is one exact payment). */
export function guestDonations(ledger: Ledger, rng: Rng, p: number, facts: ModelFacts): void {
  const persons = ledger.persons;
  const role = persons.roleOf(p);
  const plant = persons.plantOf(p);
  if (plant) {
    const plantMs: Record<Plant, number> = {
      'edge-start': jst(2021, 10, 14, 0, 0, 0),
      'edge-end': jst(2022, 1, 25, 23, 59, 59),
      'edge-before': jst(2021, 10, 13, 23, 59, 59),
      'edge-after': jst(2022, 1, 26, 0, 0, 0),
      'declined-only': randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS),
      'cancelled-only': randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS),
    };
    const status: Status = plant === 'declined-only' ? '決済失敗' : plant === 'cancelled-only' ? '取消' : '決済完了';
    const o = ledger.newOrder(plantMs[plant]);
    ledger.addDonor(p, o, 3000, -1);
    ledger.addPayment(p, o, plantMs[plant], 'card', status, 3000, true);
    return;
  }
  const donations = persons.defect[p] === 0 && rng.chance(0.35) ? 2 : 1;
  const noPayments = role === 'none' && rng.chance(0.03);
  if (noPayments) facts.personsWithoutPayments++;
  let variantWritten = false;
  for (let j = 0; j < donations; j++) {
    let ms: number;
    let method: MethodKind;
    if (role === 'token' && j === 0) {
      ms = randomIn(rng, TOKEN_START + DAY_MS, TOKEN_END - DAY_MS);
      method = 'card';
    } else if (role === 'token' || rng.chance(0.4)) {
      // Anything goes for a token person; for others, non-card anywhere.
      ms = randomIn(rng, SPAN_START, SPAN_END);
      method = role === 'token' && rng.chance(0.7) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const);
    } else {
      // Card, but well away from the token-db window.
      ms = rng.chance(0.6) ? randomIn(rng, SPAN_START + DAY_MS, TOKEN_START - DAY_MS) : randomIn(rng, TOKEN_END + DAY_MS, SPAN_END - DAY_MS);
      method = 'card';
    }
    const amount = rng.pick([1000, 2000, 3000, 5000, 5000, 10000, 30000, 50000, 100000]);
    const o = ledger.newOrder(ms);
    let variant = -1;
    if (j > 0 && rng.chance(0.85)) {
      // Drawn now to move the stream on as it always did; the row draws it again when written.
      variant = ledger.saveVariant();
      variantOf(persons.contact(p), rng);
      variantWritten = true;
    }
    ledger.addDonor(p, o, amount, variant);
    if (noPayments) continue;
    const r = rng.next();
    if (method === 'card' && r < 0.07) {
      // Declined first, paid a few minutes later on the same order (same day: times are 06:00+).
      ledger.addPayment(p, o, ms - rng.range(60, 600) * SECOND, 'card', '決済失敗', amount);
      ledger.addPayment(p, o, ms, 'card', '決済完了', amount);
    } else {
      ledger.addPayment(p, o, ms, method, r < 0.09 ? '取消' : '決済完了', amount);
    }
  }
  if (variantWritten) facts.guestsWithVariantRows++;
}

/** Payments whose order is in no donor row, with no member ID or one no donor row has. */
export function unmatchedPayments(ledger: Ledger, rng: Rng, count: number): void {
  for (let k = 0; k < count; k++) {
    const ms = randomIn(rng, SPAN_START, SPAN_END);
    const o = ledger.newOrder(ms);
    ledger.addPayment(-1, o, ms, rng.chance(0.8) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const),
      rng.chance(0.9) ? '決済完了' : '決済失敗', rng.pick([1000, 3000, 5000, 10000]));
    if (rng.chance(0.3)) ledger.unmatchedMembers.set(o, `M0${String(rng.int(100000)).padStart(5, '0')}`);
  }
}

function wholeSeconds(ms: number): number {
  if (ms % SECOND !== 0) throw new Error(`model: ${ms} is not a whole second`);
  return ms / SECOND;
}

/** Indices 0 … n−1 sorted by time, then by creation number. */
function byTime(second: Uint32Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => second[a]! - second[b]! || a - b);
  return order;
}

/** Order and transaction IDs in date order, as real systems number them; donor rows are written in that order too. */
export function numberInDateOrder(ledger: Ledger): void {
  const orders = ledger.orders;
  const ordersByDate = byTime(orders.c.second, orders.length);
  orders.reorder(ordersByDate);
  const orderRank = new Int32Array(orders.length);
  ordersByDate.forEach((o, rank) => { orderRank[o] = rank; });
  ledger.unmatchedMembers = new Map([...ledger.unmatchedMembers].map(([o, id]) => [orderRank[o]!, id]));
  const payments = ledger.payments;
  const paymentOrder = payments.c.order;
  for (let k = 0; k < payments.length; k++) paymentOrder[k] = orderRank[paymentOrder[k]!]!;
  const byDate = byTime(payments.c.second, payments.length);
  payments.reorder(byDate);
  const rank = new Int32Array(payments.length);
  byDate.forEach((seq, r) => { rank[seq] = r; });
  ledger.confirmed = ledger.confirmed.map((seq) => rank[seq]!);
  if (ledger.confirmedOutside >= 0) ledger.confirmedOutside = rank[ledger.confirmedOutside]!;
}

/** Nothing planted on payment k yet (pinned: an edge, confirmed or already chosen payment). */
function isFree(ledger: Ledger, k: number): boolean {
  const c = ledger.payments.c;
  return (c.flags[k]! & PINNED) === 0 && c.place[k] === CSV && !ledger.cardCells.has(k) && c.note[k] === 0;
}

/** A payment nothing was planted on yet, pinned so that nothing else is (drawn as a pick from the list of all such). */
function pickFree(rng: Rng, ledger: Ledger, pred: (k: number) => boolean): number {
  const n = ledger.payments.length;
  let pool = 0;
  for (let k = 0; k < n; k++) if (isFree(ledger, k) && pred(k)) pool++;
  if (pool === 0) throw new Error('pick from an empty list');
  let left = rng.int(pool);
  for (let k = 0; k < n; k++) {
    if (!isFree(ledger, k) || !pred(k) || left-- > 0) continue;
    const flags = ledger.payments.c.flags;
    flags[k] = flags[k]! | PINNED;
    return k;
  }
  throw new Error('unreachable');
}

/** Full card numbers, security codes and staff notes in the processor's file, which the scan must find. */
export function plantCardOddities(rng: Rng, ledger: Ledger, facts: ModelFacts): void {
  const c = ledger.payments.c;
  const isCard = (k: number) => c.method[k] === CARD;
  for (const [pan, brand] of TEST_PANS) {
    const pay = pickFree(rng, ledger, isCard);
    ledger.cardCells.set(pay, pan);
    c.brand[pay] = CARD_BRANDS.findIndex(([b]) => b === brand);
    c.last4[pay] = Number(pan.slice(-4));
    ledger.securityCodes.set(pay, String(rng.range(100, 999)));
    facts.fullCardNumbers++; facts.securityCodes++;
  }
  c.note[pickFree(rng, ledger, isCard)] = PAYMENT_NOTES.indexOf(CARD_NUMBER_NOTE);
  facts.fullCardNumbers++;
  for (let k = 0; k < 3; k++) { ledger.securityCodes.set(pickFree(rng, ledger, isCard), String(rng.range(100, 999))); facts.securityCodes++; }
  for (const note of FIXED_NOTES) c.note[pickFree(rng, ledger, () => true)] = PAYMENT_NOTES.indexOf(note);
  for (let k = 0; k < ledger.payments.length; k++) {
    if (isFree(ledger, k) && rng.chance(0.004)) c.note[k] = 1 + rng.int(STAFF_NOTES.length);
  }
}

/** The XLSX: some payments only there, a share repeated, and three whose amount conflicts. */
export function placeInXlsx(rng: Rng, ledger: Ledger, xlsxShare: number): ConflictRow[] {
  const c = ledger.payments.c;
  const n = ledger.payments.length;
  const xlsxEligible = (k: number) => (c.flags[k]! & PINNED) === 0 && jstSecondOfDay(ledger.msOf(k)) !== 0;
  for (let k = 0; k < n; k++) if (xlsxEligible(k) && rng.chance(0.015)) c.place[k] = XLSX;
  for (let k = 0; k < n; k++) if (xlsxEligible(k) && c.place[k] === CSV && rng.chance(xlsxShare)) c.place[k] = BOTH;
  const conflicts: ConflictRow[] = [];
  for (let k = 0; k < 3; k++) {
    const pay = pickFree(rng, ledger, xlsxEligible);
    conflicts.push({ payment: pay, amount: c.amount[pay]! + (k + 1) * 1000 });
  }
  return conflicts;
}

/** Rows the import must reject: fresh transaction IDs that exist nowhere else. */
export function rejectedRows(rng: Rng): RejectedRow[] {
  const rejected: RejectedRow[] = [];
  const ghost = (ms: number, id: string): PaymentView => ({
    txnId: id, orderId: `DN${String(29_000_001 + rejected.length)}`, onceItem: 1, memberId: '', ms,
    method: 'card', status: '決済完了', amount: 3000, yen: false, brand: 'VISA', last4: String(rng.int(10000)).padStart(4, '0'),
    cardCell: null, securityCode: '', note: '',
  });
  rejected.push({ file: 'csv', reason: 'no-transaction-id', payment: ghost(jst(2021, 11, 3, 10, 21, 7), ''), dateText: '' });
  rejected.push({ file: 'csv', reason: 'bad-date', payment: ghost(jst(2021, 3, 1, 9, 15, 0), 'TX39000001'), dateText: '2021/02/30 09:15:00' });
  rejected.push({ file: 'xlsx', reason: 'bad-date', payment: ghost(jst(2021, 12, 1, 14, 5, 0), 'TX39000002'), dateText: '2021/11/31 14:05' });
  return rejected;
}

function randomIn(rng: Rng, from: number, to: number): number {
  // Whole seconds, Japan wall clock between 06:00 and 23:00 so nothing lands on midnight.
  const day = Math.floor((from - SPAN_START) / DAY_MS) + rng.int(Math.max(1, Math.floor((to - from) / DAY_MS)));
  const base = SPAN_START + day * DAY_MS;
  return base + (6 * 3600 + rng.int(17 * 3600)) * SECOND;
}
