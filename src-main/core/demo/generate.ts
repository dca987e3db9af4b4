// Seeded synthetic input for `inw demo` and the benchmarks: the processor's payment export
// (CP932 CSV + part of it again as XLSX), the charity's donor list (UTF-8 with BOM), the
// processor's confirmed list for exposure `payment-db`, and expected.json, the spec §5
// summary these files must produce (see model.ts for the rules it relies on).
// Output depends only on (seed, options): no clock, no Math.random.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from './random.js';
import { SPAN_END, SPAN_START, jstDay, jstStamp } from './calendar.js';
import { buildModel, METHOD_LABEL, type Model, type ModelFacts, type Payment, type Person, type Status } from './model.js';
import { computeExpected, inTokenDb, type ExpectedSummary, type ExtraTally } from './expected.js';
import {
  Cp932Writer, PAYMENT_CSV_HEADERS, amountText, maskedCard, paymentCsvLine, type PaymentCsvRow,
} from './payments-csv.js';
import { buildPaymentsXlsx } from './payments-xlsx.js';
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
  const csvCore = model.payments.filter((p) => p.place !== 'xlsx').length
    + model.rejected.filter((r) => r.file === 'csv').length;
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
  const xlsx = await buildPaymentsXlsx(model);
  const total = csvCore + extraPayments + xlsx.rows + model.donorRows.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  const extras = await writePaymentsCsv(files.paymentsCsv, model, extraPayments, seed, progress);
  await writeFile(files.paymentsXlsx, xlsx.buffer);
  progress(xlsx.rows);
  await writeFile(files.donorsCsv, donorsCsv(model));
  progress(model.donorRows.length);
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
      paymentsXlsxRows: xlsx.rows,
      donorRows: model.donorRows.length,
      confirmedRows: model.confirmedIds.length,
      extraPayments,
    },
  };
}

const ITEM_MONTHLY = 'マンスリーサポーター（毎月の寄付）';
const ITEMS_ONCE = ['今回のみの寄付', '緊急支援募金①', '年末募金'] as const;

function csvRowOf(p: Payment): PaymentCsvRow {
  const card = p.method === 'card';
  return {
    txnId: p.txnId,
    shopId: SHOP_ID,
    orderId: p.order.id,
    memberId: p.memberId,
    paidAt: jstStamp(p.ms),
    method: p.method === 'card' ? 'クレジットカード' : METHOD_LABEL[p.method],
    brand: card ? p.brand : '',
    card: card ? (p.cardCell ?? maskedCard(p.brand, p.last4)) : '',
    securityCode: p.securityCode,
    amount: amountText(p.amount, p.yen),
    status: p.status,
    item: p.memberId ? ITEM_MONTHLY : ITEMS_ONCE[Math.abs(p.order.seq) % ITEMS_ONCE.length]!,
    note: p.note,
  };
}

const EXTRA_STATUSES: ReadonlyArray<readonly [Status, number]> = [['決済完了', 94], ['決済失敗', 4], ['取消', 2]];

/**
 * Writes the CSV in date order, merging the model's payments with the padding payments,
 * which are generated on the fly (never held in memory). Padding payments belong to members
 * (linked by member ID, their orders are in no donor row); members outside token-db never
 * get a card payment in its window, so padding changes payment counts but no category.
 */
async function writePaymentsCsv(
  file: string, model: Model, extraCount: number, seed: number, progress: (n: number) => void,
): Promise<ExtraTally> {
  // Model payments are already in date order; the rejected rows are slotted in by date.
  // Lines are formatted only when written, so padding to 460k rows holds no row objects.
  const rows: Array<{ ms: number; line: () => string }> = [];
  for (const p of model.payments) if (p.place !== 'xlsx') rows.push({ ms: p.ms, line: () => paymentCsvLine(csvRowOf(p)) });
  for (const r of model.rejected) {
    if (r.file !== 'csv') continue;
    const row = csvRowOf(r.payment);
    if (r.reason === 'bad-date') row.paidAt = r.dateText;
    const at = rows.findIndex((x) => x.ms > r.payment.ms);
    rows.splice(at < 0 ? rows.length : at, 0, { ms: r.payment.ms, line: () => paymentCsvLine(row) });
  }

  const members = model.persons.filter((p): p is Person & { memberId: string } => p.memberId !== null);
  const rng = new Rng(seed ^ 0x5eed);
  const tally: ExtraTally = { total: 0, card: 0, tokenDb: 0 };
  const step = (SPAN_END - SPAN_START) / Math.max(extraCount, 1);
  const nextExtra = (i: number): { ms: number; row: PaymentCsvRow } => {
    const ms = Math.floor((SPAN_START + (i + rng.next()) * step) / 1000) * 1000;
    const m = members[rng.int(members.length)]!;
    let method: Payment['method'] = rng.chance(0.85) ? 'card' : rng.pick(['konbini', 'bank', 'payeasy'] as const);
    if (method === 'card' && m.role !== 'token' && inTokenDb('card', ms)) method = 'bank';
    tally.total++;
    if (method === 'card') tally.card++;
    if (inTokenDb(method, ms)) tally.tokenDb++;
    const amount = rng.pick([1000, 2000, 3000, 5000, 10000]);
    return {
      ms,
      row: {
        txnId: `TX${50_000_001 + i}`, shopId: SHOP_ID, orderId: `DN${60_000_001 + i}`, memberId: m.memberId,
        paidAt: jstStamp(ms), method: method === 'card' ? 'クレジットカード' : METHOD_LABEL[method],
        brand: method === 'card' ? m.brand : '', card: method === 'card' ? maskedCard(m.brand, m.last4) : '',
        securityCode: '', amount: amountText(amount, rng.chance(0.3)), status: rng.weighted(EXTRA_STATUSES),
        item: ITEM_MONTHLY, note: '',
      },
    };
  };

  const writer = await Cp932Writer.open(file);
  await writer.write(csvLine(PAYMENT_CSV_HEADERS));
  let ci = 0;
  let ei = 0;
  let pending = extraCount > 0 && members.length > 0 ? nextExtra(0) : null;
  if (extraCount > 0 && members.length === 0) throw new Error('padding needs at least one member');
  let sinceProgress = 0;
  while (ci < rows.length || pending) {
    let line: string;
    const core = rows[ci];
    if (pending && (!core || pending.ms < core.ms)) {
      line = paymentCsvLine(pending.row);
      ei++;
      pending = ei < extraCount ? nextExtra(ei) : null;
    } else {
      line = core!.line();
      ci++;
    }
    const wait = writer.write(line);
    if (wait) await wait;
    if (++sinceProgress === 10_000) {
      progress(sinceProgress);
      sinceProgress = 0;
    }
  }
  await writer.close();
  progress(sinceProgress);
  return tally;
}

/** The charity's list: UTF-8 with BOM, CRLF, one row per donation. */
function donorsCsv(model: Model): string {
  const lines = [csvLine(DONOR_CSV_HEADERS)];
  for (const r of model.donorRows) {
    const c = r.contact;
    lines.push(csvLine([
      r.order.id, jstDay(r.order.ms), r.memberId, c.name, c.kana, c.postal, c.pref, c.city,
      c.line1, c.line2, c.phone, c.email, String(r.amount), r.note,
    ]));
  }
  return `\ufeff${lines.join('')}`;
}
