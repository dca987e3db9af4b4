// The processor's payment export as it arrives: CP932 (with the NEC/IBM extensions), CRLF,
// RFC 4180 quoting, 13 columns incl. a card-number and a security-code column. Rows are
// encoded and written in chunks with backpressure (TextFileWriter, also used for the donor
// list in UTF-8), so 460k rows stay in bounded memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import iconv from 'iconv-lite';
import { Rng } from './random.js';
import { csvLine, withThousands } from './text-variants.js';
import { jst, jstStamp } from './calendar.js';
import { CARD_BRANDS, STAFF_NOTES, TEST_PANS } from './japanese-data.js';

export const PAYMENT_CSV_HEADERS = [
  '取引ID', '店舗ID', 'オーダーID', '会員ID', '決済日時', '決済方法', 'カードブランド',
  'カード番号', 'セキュリティコード', '金額', 'ステータス', '商品名', '備考',
] as const;

/** One line of the export, every cell already written as the processor writes it. */
export interface PaymentCsvRow {
  txnId: string;
  shopId: string;
  orderId: string;
  memberId: string;
  paidAt: string;
  method: string;
  brand: string;
  card: string;
  securityCode: string;
  amount: string;
  status: string;
  item: string;
  note: string;
}

export function paymentCsvLine(r: PaymentCsvRow): string {
  return csvLine([
    r.txnId, r.shopId, r.orderId, r.memberId, r.paidAt, r.method, r.brand,
    r.card, r.securityCode, r.amount, r.status, r.item, r.note,
  ]);
}

/** `************1234`: how the processor masks card numbers (AMEX has 15 digits). */
export function maskedCard(brand: string, last4: string): string {
  return (brand === 'AMEX' ? '*'.repeat(11) : brand === 'Diners' ? '*'.repeat(10) : '*'.repeat(12)) + last4;
}

/** Amounts are written `1,000` or `￥3,000` (full-width yen, which CP932 can encode). */
export function amountText(amount: number, yen: boolean): string {
  return (yen ? '￥' : '') + withThousands(amount);
}

const CHUNK_CHARS = 256 * 1024;

/** Text lines → bytes on disk (CP932 or UTF-8), encoded in chunks, honouring the stream's backpressure. */
export class TextFileWriter {
  private parts: string[] = [];
  private pending = 0;
  private bytes = 0;
  private readonly stream: WriteStream;

  private constructor(stream: WriteStream, private readonly encoding: 'cp932' | 'utf8') {
    this.stream = stream;
  }

  static async open(file: string, encoding: 'cp932' | 'utf8'): Promise<TextFileWriter> {
    await mkdir(dirname(file), { recursive: true });
    return new TextFileWriter(createWriteStream(file), encoding);
  }

  /** Resolves at once unless the disk is behind; await it in loops. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.pending += text.length;
    return this.pending >= CHUNK_CHARS ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.parts.length === 0) return undefined;
    const text = this.parts.join('');
    const buf = this.encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8');
    this.parts = [];
    this.pending = 0;
    this.bytes += buf.length;
    if (this.stream.write(buf)) return undefined;
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<number> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return this.bytes;
  }
}

export interface PaymentsCsvOptions {
  file: string;
  /** Data rows (the header is extra). The benchmark uses 460,395. */
  rows: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PaymentsCsvResult {
  file: string;
  rows: number;
  bytes: number;
  /** Rows whose method is a card method. */
  cardRows: number;
  /** Card rows dated 2021-10-14 … 2022-01-25 Japan time (the token-db window). */
  cardRowsInTokenWindow: number;
  /** Rows whose card-number or 備考 cell holds a full (Luhn-valid) test card number. */
  fullCardNumbers: number;
}

const NON_CARD = ['コンビニ', '銀行振込', 'ペイジー'] as const;
const STATUSES: ReadonlyArray<readonly [string, number]> = [['決済完了', 94], ['決済失敗', 4], ['取消', 2]];
const AMOUNTS = [500, 1000, 1000, 2000, 3000, 3000, 5000, 10000, 30000];

/**
 * A processor-wide export on its own (no donor list): the import benchmark's input.
 * Rows are in date order across 2021-08-02 … 2022-01-25 (the attack period), every row is
 * valid (so all are accepted), and the same oddities as the demo file appear at fixed
 * places: full test card numbers, security codes, quoted commas and line breaks.
 */
export async function generatePaymentsCsv(options: PaymentsCsvOptions): Promise<PaymentsCsvResult> {
  const { file, rows } = options;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer: ${rows}`);
  const rng = new Rng(options.seed ?? 1);
  const writer = await TextFileWriter.open(file, 'cp932');
  await writer.write(csvLine(PAYMENT_CSV_HEADERS));
  const start = jst(2021, 8, 2);
  const end = jst(2022, 1, 26);
  const tokenStart = jst(2021, 10, 14);
  const step = (end - start) / Math.max(rows, 1);
  const members = Math.max(1, Math.floor(rows / 4));
  let cardRows = 0;
  let inWindow = 0;
  let fullCards = 0;
  const progressEvery = 20_000;
  for (let i = 0; i < rows; i++) {
    // Seconds resolution, monotonic: row i lies in its own slice of the period.
    const ms = Math.floor((start + (i + rng.next()) * step) / 1000) * 1000;
    const isCard = rng.chance(0.9);
    const brand = isCard ? rng.weighted(CARD_BRANDS) : '';
    const last4 = String(rng.int(10000)).padStart(4, '0');
    const member = rng.chance(0.4) ? `M${String(100000 + rng.int(members)).padStart(7, '0')}` : '';
    const row: PaymentCsvRow = {
      txnId: `T${1_000_000_000 + i}`,
      shopId: `S${String(1000 + rng.int(400)).padStart(7, '0')}`,
      orderId: `OD${String(i + 1).padStart(9, '0')}`,
      memberId: member,
      paidAt: jstStamp(ms),
      method: isCard ? 'クレジットカード' : rng.pick(NON_CARD),
      brand,
      card: isCard ? maskedCard(brand, last4) : '',
      securityCode: '',
      amount: amountText(rng.pick(AMOUNTS), rng.chance(0.3)),
      status: rng.weighted(STATUSES),
      item: member ? 'マンスリーサポート（毎月）' : '寄付（今回のみ）',
      note: rng.chance(0.002) ? rng.pick(STAFF_NOTES) : '',
    };
    // Fixed oddities, spaced through the file so a streaming parser meets them mid-chunk.
    const block = Math.floor(rows / 8);
    const slot = rows >= 1000 ? i % block : -1;
    if (slot === 7 && isCard) {
      const [pan, panBrand] = TEST_PANS[Math.floor(i / block) % TEST_PANS.length]!;
      row.card = pan;
      row.brand = panBrand;
      row.securityCode = String(100 + rng.int(900));
      fullCards++;
    } else if (slot === 11) {
      row.note = '領収書要, 宛名は「髙橋商店」';
    } else if (slot === 13) {
      row.note = '電話受付\n担当: 﨑山';
    } else if (slot === 17) {
      row.note = 'お客様申告のカード 4242 4242 4242 4242 を確認';
      fullCards++;
    }
    if (isCard) {
      cardRows++;
      if (ms >= tokenStart) inWindow++;
    }
    const wait = writer.write(paymentCsvLine(row));
    if (wait) await wait;
    if (options.onProgress && (i + 1) % progressEvery === 0) options.onProgress(i + 1, rows);
  }
  const bytes = await writer.close();
  options.onProgress?.(rows, rows);
  return { file, rows, bytes, cardRows, cardRowsInTokenWindow: inWindow, fullCardNumbers: fullCards };
}
