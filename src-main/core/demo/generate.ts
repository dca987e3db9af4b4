// Seeded synthetic input for `inw demo` and the benchmarks: the processor's payment export
// (CP932 CSV + part of it again as XLSX), the charity's donor list (UTF-8 with BOM), the
// processor's confirmed list for exposure `payment-db`, and expected.json, the spec §5
// summary these files must produce (see model.ts for the rules it relies on).
// Output depends only on (seed, options): no clock, no Math.random. The model is compact
// (typed-array columns) and every file is streamed from it row by row, so memory grows by a few
// dozen bytes a person rather than with objects per person and payment.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from './random.js';
import { SPAN_END, SPAN_START, jstDay, jstStamp } from './calendar.js';
import {
  buildModel, METHOD_LABEL, type MethodKind, type Model, type ModelFacts, type PaymentView, type RejectedRow, type Status,
} from './model.js';
import { brandName } from './model-persons.js';
import { computeExpected, inTokenDb, type ExpectedSummary, type ExtraTally } from './expected.js';
import {
  TextFileWriter, PAYMENT_CSV_HEADERS, amountText, maskedCard, paymentCsvLine, type PaymentCsvRow,
} from './payments-csv.js';
import { paymentsXlsxRows, writePaymentsXlsx } from './payments-xlsx.js';
import { csvLine } from './text-variants.js';

export { generatePaymentsCsv, type PaymentsCsvOptions, type PaymentsCsvResult } from './payments-csv.js';
export type { ExpectedSummary } from './expected.js';

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  /** Donor persons, default 12000. */
  persons?: number;
  /** Persons with ≥1 card payment in the token-db window; default persons × 5283/12000 (5283 at 12000). */
  tokenDbPersons?: number;
  /** Persons on the confirmed list (category payment-db), default 1. */
  paymentDbPersons?: number;
  /** Payments with no donor record, default 1.2% of persons (at least 4). */
  unmatchedPayments?: number;
  /** Extra payments.csv rows for members' further payments (benchmark padding), default 0. */
  extraPayments?: number;
  /** Alternative to extraPayments: pad payments.csv to exactly this many data rows. */
  paymentsCsvRows?: number;
  /** Share of the CSV payments repeated in payments.xlsx (duplicates), default 0.1. */
  xlsxShare?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratedFiles {
  paymentsCsv: string;
  paymentsXlsx: string;
  donorsCsv: string;
  confirmedCsv: string;
  expectedJson: string;
  expected: ExpectedSummary;
  /** What was planted, for tests and the demo's printout (not part of the answer key). */
  facts: GeneratedFacts;
}

export interface GeneratedFacts extends ModelFacts {
  seed: number;
  paymentsCsvRows: number;
  paymentsXlsxRows: number;
  donorRows: number;
  confirmedRows: number;
  extraPayments: number;
}

export const DONOR_CSV_HEADERS = [
  '注文番号', '寄付日', '会員番号', '氏名', 'フリガナ', '郵便番号', '都道府県', '市区町村',
  '住所1', '住所2', '電話番号', 'メールアドレス', '寄付金額', '通信欄',
] as const;

const DEFAULT_PERSONS = 12_000;
const SHOP_ID = 'S0012345';

export async function generateDemoData(options: GenerateOptions): Promise<GeneratedFiles> {
  const seed = options.seed ?? 20220125;
  const persons = options.persons ?? DEFAULT_PERSONS;
  const tokenDbPersons = options.tokenDbPersons ?? Math.round((persons * 5283) / 12000);
  const paymentDbPersons = options.paymentDbPersons ?? 1;
  const unmatchedPayments = options.unmatchedPayments ?? Math.max(4, Math.round(persons * 0.012));
  const xlsxShare = options.xlsxShare ?? 0.1;
  if (!Number.isInteger(persons) || persons < 50) throw new Error(`persons must be an integer ≥ 50: ${persons}`);
  if (!Number.isInteger(tokenDbPersons) || tokenDbPersons < 10) throw new Error(`tokenDbPersons must be an integer ≥ 10: ${tokenDbPersons}`);
  if (!Number.isInteger(paymentDbPersons) || paymentDbPersons < 0) throw new Error(`paymentDbPersons must be a non-negative integer`);
  if (tokenDbPersons + paymentDbPersons > persons - Math.max(20, Math.round(persons * 0.02))) {
    throw new Error('tokenDbPersons + paymentDbPersons leave too few persons outside both exposures');
  }
  if (!(xlsxShare >= 0 && xlsxShare <= 0.9)) throw new Error(`xlsxShare must be within 0 … 0.9: ${xlsxShare}`);
  if (options.extraPayments !== undefined && options.paymentsCsvRows !== undefined) {
    throw new Error('give extraPayments or paymentsCsvRows, not both');
  }

  const model = buildModel({ seed, persons, tokenDbPersons, paymentDbPersons, unmatchedPayments, xlsxShare });
  const { ledger } = model;
  let csvCore = model.rejected.filter((r) => r.file === 'csv').length;
  for (let k = 0; k < ledger.payments.length; k++) if (ledger.placeOf(k) !== 'xlsx') csvCore++;
  const extraPayments = options.paymentsCsvRows !== undefined ? options.paymentsCsvRows - csvCore : options.extraPayments ?? 0;
  if (!Number.isInteger(extraPayments) || extraPayments < 0) {
    throw new Error(`paymentsCsvRows must be at least ${csvCore} for these options`);
  }

  await mkdir(options.outDir, { recursive: true });
  const files = {
    paymentsCsv: join(options.outDir, 'payments.csv'),
    paymentsXlsx: join(options.outDir, 'payments.xlsx'),
    donorsCsv: join(options.outDir, 'donors.csv'),
    confirmedCsv: join(options.outDir, 'confirmed-payment-db.csv'),
    expectedJson: join(options.outDir, 'expected.json'),
  };
  const xlsxRows = paymentsXlsxRows(model);
  const total = csvCore + extraPayments + xlsxRows + ledger.donorRows.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  const extras = await writePaymentsCsv(files.paymentsCsv, model, extraPayments, seed, progress);
  await writePaymentsXlsx(model, files.paymentsXlsx, progress);
  await writeDonorsCsv(files.donorsCsv, model, progress);
  await writeFile(files.confirmedCsv, csvLine(['取引ID']) + model.confirmedIds.map((id) => csvLine([id])).join(''));

  const expected = computeExpected(model, extras);
  await writeFile(files.expectedJson, `${JSON.stringify(expected, null, 2)}\n`);
  return {
    ...files,
    expected,
    facts: {
      ...model.facts,
      seed,
      paymentsCsvRows: csvCore + extraPayments,
      paymentsXlsxRows: xlsxRows,
      donorRows: ledger.donorRows.length,
      confirmedRows: model.confirmedIds.length,
      extraPayments,
    },
  };
}

const ITEM_MONTHLY = 'マンスリーサポーター（毎月の寄付）';
const ITEMS_ONCE = ['今回のみの寄付', '緊急支援募金①', '年末募金'] as const;
/** Rows between progress reports. */
const PROGRESS_ROWS = 10_000;

function csvRowOf(p: PaymentView): PaymentCsvRow {
  const card = p.method === 'card';
  return {
    txnId: p.txnId,
    shopId: SHOP_ID,
    orderId: p.orderId,
    memberId: p.memberId,
    paidAt: jstStamp(p.ms),
    method: p.method === 'card' ? 'クレジットカード' : METHOD_LABEL[p.method],
    brand: card ? p.brand : '',
    card: card ? (p.cardCell ?? maskedCard(p.brand, p.last4)) : '',
    securityCode: p.securityCode,
    amount: amountText(p.amount, p.yen),
    status: p.status,
    item: p.memberId ? ITEM_MONTHLY : ITEMS_ONCE[p.onceItem]!,
    note: p.note,
  };
}

const EXTRA_STATUSES: ReadonlyArray<readonly [Status, number]> = [['決済完了', 94], ['決済失敗', 4], ['取消', 2]];

/**
 * Writes the CSV in date order, merging the model's payments (a rejected row after every
 * payment of its second or earlier) with the padding payments, which are generated on the fly.
 * Padding payments belong to members (linked by member ID, their orders are in no donor row);
 * members outside token-db never get a card payment in its window, so padding changes payment
 * counts but no category.
 */
async function writePaymentsCsv(
  file: string, model: Model, extraCount: number, seed: number, progress: (n: number) => void,
): Promise<ExtraTally> {
  const { ledger, persons } = model;
  const rejected = model.rejected.filter((r) => r.file === 'csv').sort((a, b) => a.payment.ms - b.payment.ms);
  const rejectedLine = (r: RejectedRow): string => {
    const row = csvRowOf(r.payment);
    if (r.reason === 'bad-date') row.paidAt = r.dateText;
    return paymentCsvLine(row);
  };

  const members = persons.members;
  const rng = new Rng(seed ^ 0x5eed);
  const tally: ExtraTally = { total: 0, card: 0, tokenDb: 0 };
  const step = (SPAN_END - SPAN_START) / Math.max(extraCount, 1);
  const nextExtra = (i: number): { ms: number; row: PaymentCsvRow } => {
    const ms = Math.floor((SPAN_START + (i + rng.next()) * step) / 1000) * 1000;
    const m = members[rng.int(members.length)]!;
    let method: MethodKind = rng.chance(0.85) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const);
    if (method === 'card' && persons.roleOf(m) !== 'token' && inTokenDb('card', ms)) method = 'bank';
    tally.total++;
    if (method === 'card') tally.card++;
    if (inTokenDb(method, ms)) tally.tokenDb++;
    const amount = rng.pick([1000, 2000, 3000, 5000, 10000]);
    const brand = brandName(persons.brand[m]!);
    return {
      ms,
      row: {
        txnId: `TX${50_000_001 + i}`, shopId: SHOP_ID, orderId: `DN${60_000_001 + i}`, memberId: persons.memberId(m)!,
        paidAt: jstStamp(ms), method: method === 'card' ? 'クレジットカード' : METHOD_LABEL[method],
        brand: method === 'card' ? brand : '', card: method === 'card' ? maskedCard(brand, persons.last4Text(m)) : '',
        securityCode: '', amount: amountText(amount, rng.chance(0.3)), status: rng.weighted(EXTRA_STATUSES),
        item: ITEM_MONTHLY, note: '',
      },
    };
  };

  const count = ledger.payments.length;
  const nextCsv = (from: number): number => {
    let k = from;
    while (k < count && ledger.placeOf(k) === 'xlsx') k++;
    return k;
  };
  if (extraCount > 0 && members.length === 0) throw new Error('padding needs at least one member');
  function* lines(): Generator<string> {
    yield csvLine(PAYMENT_CSV_HEADERS);
    let k = nextCsv(0);
    let r = 0;
    let ei = 0;
    let pending = extraCount > 0 ? nextExtra(0) : null;
    for (;;) {
      // The model's next row: a rejected row goes before the first payment of a later second.
      const rejectedNext = r < rejected.length && (k >= count || rejected[r]!.payment.ms < ledger.msOf(k));
      const coreMs = rejectedNext ? rejected[r]!.payment.ms : k < count ? ledger.msOf(k) : null;
      if (pending && (coreMs === null || pending.ms < coreMs)) {
        yield paymentCsvLine(pending.row);
        ei++;
        pending = ei < extraCount ? nextExtra(ei) : null;
      } else if (rejectedNext) {
        yield rejectedLine(rejected[r++]!);
      } else if (k < count) {
        yield paymentCsvLine(csvRowOf(ledger.view(k)));
        k = nextCsv(k + 1);
      } else return;
    }
  }
  await writeLines(await TextFileWriter.open(file, 'cp932'), lines(), progress);
  return tally;
}

/** Writes `lines` (a header first, then data rows) and closes the file; progress counts the data rows. */
async function writeLines(writer: TextFileWriter, lines: Iterable<string>, progress: (n: number) => void): Promise<void> {
  let rows = -1;
  let since = 0;
  for (const line of lines) {
    const wait = writer.write(line);
    if (wait) await wait;
    if (++rows > 0 && ++since === PROGRESS_ROWS) {
      progress(since);
      since = 0;
    }
  }
  await writer.close();
  progress(since);
}

/** The charity's list: UTF-8 with BOM, CRLF, one row per donation, in the order of the orders' IDs. */
async function writeDonorsCsv(file: string, model: Model, progress: (n: number) => void): Promise<void> {
  const { ledger, persons } = model;
  const orders = ledger.orders.c;
  const donors = ledger.donorRows.c;
  function* lines(): Generator<string> {
    yield `\ufeff${csvLine(DONOR_CSV_HEADERS)}`;
    for (let o = 0; o < ledger.orders.length; o++) {
      const r = orders.donor[o]! - 1;
      if (r < 0) continue;
      const c = ledger.donorContact(r);
      yield csvLine([
        ledger.orderId(o), jstDay(ledger.orderMs(o)), persons.memberId(donors.person[r]!) ?? '', c.name, c.kana, c.postal,
        c.pref, c.city, c.line1, c.line2, c.phone, c.email, String(donors.amount[r]!), ledger.donorNote(r),
      ]);
    }
  }
  await writeLines(await TextFileWriter.open(file, 'utf8'), lines(), progress);
}
