// The demo's orders, donor rows and payments: each person's donations by role (members monthly,
// guests once or twice, planted edges), the payments no donor row matches, IDs in date order,
// the card oddities of the processor file, what goes into the XLSX, and the rows planted to be
// rejected. Rules R3, R4, R5 and R7 of model.ts.
import { Rng } from './random.js';
import {
  DAY_MS, MONTHS, SPAN_END, SPAN_START, TOKEN_END, TOKEN_START,
  jst, jstSecondOfDay, monthYear,
} from './calendar.js';
import { CARD_BRANDS, STAFF_NOTES, TEST_PANS } from './japanese-data.js';
import type {
  ConflictRow, Contact, DonorRow, MethodKind, ModelFacts, Order, Payment, Person, Plant, RejectedRow, Status,
} from './model-types.js';
import { variantOf } from './model-persons.js';

const SECOND = 1000;

const DONOR_MESSAGES = [
  '応援しています', '少額ですが、お役立てください。', 'いつも活動報告を\n楽しみにしています', '子どもたちのために使ってください',
];

/** Orders, donor rows and payments as they are made (IDs are given later, in date order). */
export class Ledger {
  readonly orders: Order[] = [];
  readonly payments: Payment[] = [];
  readonly donorRows: DonorRow[] = [];
  /** The payment-db person's payments on the confirmed list, and one of theirs outside its window. */
  readonly confirmed: Payment[] = [];
  confirmedOutside: Payment | null = null;
  private orderSeq = 0;
  private paySeq = 0;

  constructor(private readonly rng: Rng) {}

  newOrder(ms: number): Order {
    const o = { id: '', ms, seq: this.orderSeq++ };
    this.orders.push(o);
    return o;
  }

  addPayment(p: Person | null, o: Order, ms: number, method: MethodKind, status: Status, amount: number, pinned = false): Payment {
    const rng = this.rng;
    const pay: Payment = {
      txnId: '', order: o, memberId: p?.memberId ?? '', ms, method, status, amount,
      brand: method === 'card' ? (p?.brand ?? rng.weighted(CARD_BRANDS)) : '',
      last4: method === 'card' ? (p?.last4 ?? String(rng.int(10000)).padStart(4, '0')) : '',
      person: p ? p.index : -1, place: 'csv', pinned, cardCell: null, securityCode: '', note: '',
      yen: rng.chance(0.3), seq: this.paySeq++,
    };
    this.payments.push(pay);
    return pay;
  }

  addDonor(p: Person, o: Order, amount: number, contact: Contact): void {
    const rng = this.rng;
    this.donorRows.push({ order: o, person: p.index, memberId: p.memberId ?? '', contact, amount, note: rng.chance(0.04) ? rng.pick(DONOR_MESSAGES) : '' });
  }
}

/** A member's monthly donations over a span that their role decides. */
export function memberDonations(ledger: Ledger, rng: Rng, p: Person): void {
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
    const o = ledger.newOrder(ms);
    if (first || rng.chance(0.35)) ledger.addDonor(p, o, amount, p.contact);
    first = false;
    if (p.role === 'pdb') {
      const pay = ledger.addPayment(p, o, ms, 'card', '決済完了', amount, true);
      if (k === 6) ledger.confirmed.push(pay);
      if (k === 3 && ledger.confirmedOutside === null) ledger.confirmedOutside = pay;
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
export function guestDonations(ledger: Ledger, rng: Rng, p: Person, facts: ModelFacts): void {
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
    const o = ledger.newOrder(plantMs[p.plant]);
    ledger.addDonor(p, o, 3000, p.contact);
    ledger.addPayment(p, o, plantMs[p.plant], 'card', status, 3000, true);
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
    const o = ledger.newOrder(ms);
    const contact = j > 0 && rng.chance(0.85) ? variantOf(p.contact, rng) : p.contact;
    if (contact !== p.contact) variantWritten = true;
    ledger.addDonor(p, o, amount, contact);
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
    const pay = ledger.addPayment(null, o, ms, rng.chance(0.8) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const),
      rng.chance(0.9) ? '決済完了' : '決済失敗', rng.pick([1000, 3000, 5000, 10000]));
    if (rng.chance(0.3)) pay.memberId = `M0${String(rng.int(100000)).padStart(5, '0')}`;
  }
}

/** Order and transaction IDs in date order, as real systems number them; donor rows in that order too. */
export function numberInDateOrder(ledger: Ledger): void {
  const { orders, payments, donorRows } = ledger;
  orders.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  orders.forEach((o, k) => { o.id = `DN${String(20_000_001 + k)}`; });
  payments.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  payments.forEach((p, k) => { p.txnId = `TX${String(30_000_001 + k)}`; });
  donorRows.sort((a, b) => a.order.ms - b.order.ms || a.order.seq - b.order.seq);
}

const free = (p: Payment) => !p.pinned && p.place === 'csv' && p.cardCell === null && p.note === '';

/** A payment nothing was planted on yet, pinned so that nothing else is. */
function pickFree(rng: Rng, payments: readonly Payment[], pred: (p: Payment) => boolean): Payment {
  const pool = payments.filter((p) => free(p) && pred(p));
  const pay = rng.pick(pool);
  pay.pinned = true;
  return pay;
}

/** Full card numbers, security codes and staff notes in the processor's file, which the scan must find. */
export function plantCardOddities(rng: Rng, payments: readonly Payment[], facts: ModelFacts): void {
  const isCard = (p: Payment) => p.method === 'card';
  for (const [pan, brand] of TEST_PANS) {
    const pay = pickFree(rng, payments, isCard);
    pay.cardCell = pan; pay.brand = brand; pay.last4 = pan.slice(-4);
    pay.securityCode = String(rng.range(100, 999));
    facts.fullCardNumbers++; facts.securityCodes++;
  }
  {
    const pay = pickFree(rng, payments, isCard);
    pay.note = 'お客様申告のカード番号 4242 4242 4242 4242 で再決済';
    facts.fullCardNumbers++;
  }
  for (let k = 0; k < 3; k++) { pickFree(rng, payments, isCard).securityCode = String(rng.range(100, 999)); facts.securityCodes++; }
  pickFree(rng, payments, () => true).note = '領収書要, 宛名は「髙橋商店」';
  pickFree(rng, payments, () => true).note = '電話にて受付\n担当: 﨑山';
  pickFree(rng, payments, () => true).note = '"至急" 返金確認';
  for (const p of payments) if (free(p) && rng.chance(0.004)) p.note = rng.pick(STAFF_NOTES);
}

/** The XLSX: some payments only there, a share repeated, and three whose amount conflicts. */
export function placeInXlsx(rng: Rng, payments: readonly Payment[], xlsxShare: number): ConflictRow[] {
  const xlsxEligible = (p: Payment) => !p.pinned && jstSecondOfDay(p.ms) !== 0;
  for (const p of payments) if (xlsxEligible(p) && rng.chance(0.015)) p.place = 'xlsx';
  for (const p of payments) if (xlsxEligible(p) && p.place === 'csv' && rng.chance(xlsxShare)) p.place = 'both';
  const conflicts: ConflictRow[] = [];
  for (let k = 0; k < 3; k++) {
    const pay = pickFree(rng, payments, (p) => xlsxEligible(p));
    conflicts.push({ payment: pay, amount: pay.amount + (k + 1) * 1000 });
  }
  return conflicts;
}

/** Rows the import must reject: fresh transaction IDs that exist nowhere else. */
export function rejectedRows(rng: Rng): RejectedRow[] {
  const rejected: RejectedRow[] = [];
  const ghost = (ms: number, id: string): Payment => ({
    txnId: id, order: { id: `DN${String(29_000_001 + rejected.length)}`, ms, seq: -1 }, memberId: '', ms,
    method: 'card', status: '決済完了', amount: 3000, brand: 'VISA', last4: String(rng.int(10000)).padStart(4, '0'),
    person: -1, place: 'csv', pinned: true, cardCell: null, securityCode: '', note: '', yen: false, seq: -1,
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
