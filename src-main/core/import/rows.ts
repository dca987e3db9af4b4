// Turns one row of cells into a normalised record of its kind, or a reason to reject it.
// Bad input is data: each issue names the line, the column and what was expected.
import { createHash } from 'node:crypto';
import { maskCardNumbers, reduceCardNumber } from '../text/card.js';
import { fromExcelWallClock, isoUtc, parseDate, type ParsedDate } from '../text/dates.js';
import {
  cleanDisplay, emailKey, matchKey, nfkc, normalizeId, normalizePostalCode, phoneKey,
} from '../text/normalize.js';
import { serialToDate, XlsxNumber, XlsxProblem, type XlsxCell } from './xlsx.js';
import type { ColumnMapping, FieldId } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import { FIELDS } from './fields.js';
import { methodClassOf } from '../text/payment-methods.js';

export type Cell = XlsxCell;

export interface RowIssue {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

export interface PaymentRecord {
  transactionId: string;
  orderId: string | null;
  memberId: string | null;
  paidAt: string;
  paidDate: string;
  paidHasTime: number;
  method: string | null;
  methodClass: string | null;
  cardLast4: string | null;
  cardBrand: string | null;
  amount: number | null;
  status: string | null;
}

export interface DonorRecord {
  recordKey: string;
  groupKey: string;
  orderId: string | null;
  memberId: string | null;
  name: string | null;
  kana: string | null;
  postalCode: string | null;
  postalRaw: string | null;
  address1: string | null;
  address2: string | null;
  phone: string | null;
  email: string | null;
  donatedAt: string | null;
  amount: number | null;
  method: string | null;
  nameKey: string;
  addressKey: string;
  phoneKey: string;
  emailKey: string;
}

export interface ConfirmedRecord {
  transactionId: string;
}

/** Counts of per-row observations that become the import's warnings. */
export interface RowCounters {
  maskedCardNumbers: number;
  fullCardNumbers: number;
  badAmounts: number;
  badPostalCodes: number;
}

export function newCounters(): RowCounters {
  return { maskedCardNumbers: 0, fullCardNumbers: 0, badAmounts: 0, badPostalCodes: 0 };
}

const AMOUNT_NOISE = /[,，円¥￥\\\s\u3000]/g;

/** No payment is a trillion yen: a longer digit run is something else (possibly a card number). */
const MAX_AMOUNT_DIGITS = 12;

/** 'fraction' for an amount below the yen (1000.5): there is no such payment, so no rounding. */
export function parseAmount(text: string): number | null | 'invalid' | 'fraction' {
  const cleaned = nfkc(text).replace(AMOUNT_NOISE, '');
  if (cleaned === '') return null;
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return 'invalid';
  if (m[1]!.replace(/^-/, '').length > MAX_AMOUNT_DIGITS) return 'invalid';
  if (m[2] !== undefined && /[1-9]/.test(m[2])) return 'fraction';
  return Number.parseInt(m[1]!, 10);
}


export class RowReader {
  /** Warnings about the row read last: kept rows that the user should look at. */
  readonly rowWarnings: RowIssue[] = [];

  /** The mapped columns, listed once: every row is checked against each of them. */
  private readonly mapped: Array<[FieldId, number]>;

  constructor(
    readonly mapping: ColumnMapping,
    readonly counters: RowCounters,
  ) {
    this.mapped = Object.entries(mapping.columns) as Array<[FieldId, number]>;
  }

  private cell(cells: Cell[], field: FieldId): Cell {
    const index = this.mapping.columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  }

  /** A text value with full card numbers masked (ID and phone columns by their own rule); Dates and numbers as text. */
  text(cells: Cell[], field: FieldId, identifier = false): string | null {
    const raw = this.cell(cells, field);
    if (raw === null) return null;
    let value =
      typeof raw === 'string' ? raw : raw instanceof Date ? isoUtc(raw.getTime()) : String(raw);
    if (value.length >= 13) {
      const masked = maskCardNumbers(value, identifier ? 'identifier' : field === 'phone' ? 'phone' : 'text');
      if (masked.masked > 0) {
        this.counters.maskedCardNumbers += masked.masked;
        value = masked.value;
      }
    }
    return value;
  }

  id(cells: Cell[], field: FieldId): string | null {
    return normalizeId(this.text(cells, field, true));
  }

  display(cells: Cell[], field: FieldId): string | null {
    return cleanDisplay(this.text(cells, field));
  }

  /** A number cell's value (amounts, dates); text fields use what Excel shows (text()). */
  private valueOf(cells: Cell[], field: FieldId): Cell {
    const raw = this.cell(cells, field);
    return raw instanceof XlsxNumber ? raw.value : raw;
  }

  /** A cell of a mapped column that holds no usable value (XLSX formula never calculated, #N/A): the row is rejected. */
  problem(cells: Cell[], line: number): RowIssue | null {
    if (!cells.some((c) => c instanceof XlsxProblem)) return null;
    for (const [field, index] of this.mapped) {
      const cell = cells[index];
      if (!(cell instanceof XlsxProblem)) continue;
      const column = this.header(field);
      return cell.kind === 'formula-without-value'
        ? {
            line, column, code: 'formula-without-value',
            message: `「${column}」は数式ですが、計算結果が保存されていません。Excel で開いて保存し直すか、値として貼り付けてください。`,
          }
        : { line, column, code: 'error-value', message: `「${column}」がエラー値 ${cell.shown} です。` };
    }
    return null;
  }

  /** True when the field holds a number cell (XLSX), not text. */
  isNumber(cells: Cell[], field: FieldId): boolean {
    const raw = this.cell(cells, field);
    return typeof raw === 'number' || raw instanceof XlsxNumber;
  }

  /** undefined: no value; null: a value that is not a date. */
  date(cells: Cell[], field: FieldId): ParsedDate | null | undefined {
    const cell = this.cell(cells, field);
    const raw = this.valueOf(cells, field);
    if (raw === null) return undefined;
    if (raw instanceof Date) return fromExcelWallClock(raw);
    if (typeof raw === 'number') {
      // A date cell without a date format still holds Excel's serial day number, on the
      // workbook's calendar.
      const wallClock = raw < 1 ? null : serialToDate(raw, cell instanceof XlsxNumber && cell.date1904);
      return wallClock === null ? null : fromExcelWallClock(wallClock);
    }
    if (typeof raw !== 'string') return null;
    if (raw.trim() === '') return undefined;
    return parseDate(raw);
  }

  /** Whole yen; an unreadable amount is kept as none (counted), a fraction of a yen rejects the row. */
  amount(cells: Cell[], field: FieldId, line: number): number | null | RowIssue {
    const cell = this.cell(cells, field);
    if (cell instanceof XlsxNumber) {
      // What Excel shows is what the person checked, and what its own CSV export holds:
      // 1078.92 formatted #,##0 is 1,079 yen. Text that is no amount (1.08E+03) falls through.
      const shown = parseAmount(cell.shown);
      if (shown === 'fraction') return this.fractionIssue(line, field, cell.shown);
      if (typeof shown === 'number') return shown;
    }
    const raw = this.valueOf(cells, field);
    if (raw === null) return null;
    if (typeof raw === 'number') {
      if (Math.abs(raw) >= 10 ** MAX_AMOUNT_DIGITS) {
        this.counters.badAmounts++;
        return null;
      }
      // Judged on the 15 digits Excel shows, so 1100 × 1.1 = 1210.0000000000002 is 1210 yen.
      const shown = Number(raw.toPrecision(15));
      return Number.isInteger(shown) ? shown : this.fractionIssue(line, field, String(shown));
    }
    const parsed = parseAmount(typeof raw === 'string' ? raw : '');
    if (parsed === 'invalid') {
      this.counters.badAmounts++;
      return null;
    }
    if (parsed === 'fraction') return this.fractionIssue(line, field, this.text(cells, field) ?? '');
    return parsed;
  }

  private fractionIssue(line: number, field: FieldId, shown: string): RowIssue {
    const column = this.header(field);
    return {
      line,
      column,
      code: 'fractional-amount',
      message: `「${column}」の「${shown.trim().slice(0, 20)}」に1円未満の端数があります (円の金額は整数です)。四捨五入はせず、この行を取り込みませんでした。`,
    };
  }

  /**
   * A value holding U+FFFD lost characters before it reached us (a broken export, a wrong
   * decoding, a damaged XLSX): the row is refused rather than stored with the hole in it.
   */
  undecodable(cells: Cell[], line: number): RowIssue | null {
    for (const [field, index] of this.mapped) {
      const value = cells[index];
      if (typeof value === 'string' && value.includes('\ufffd')) {
        const column = this.header(field);
        return {
          line,
          column,
          code: 'replacement-character',
          message: `「${column}」に読めない文字 (U+FFFD) があります。元のファイルを作ったときに文字が失われています。元のデータから正しく書き出し直してください。`,
        };
      }
    }
    return null;
  }

  /** A phone number that reads like one whose leading 0 was dropped (stored as a number). */
  checkPhone(phone: string | null, line: number): void {
    if (phone === null || phone.includes('+') || !/^[1-9]\d{8,9}$/.test(phoneKey(phone))) return;
    const column = this.header('phone');
    this.rowWarnings.push({
      line,
      column,
      code: 'phone-leading-zero',
      message: `「${column}」が 0 以外で始まる${phoneKey(phone).length}桁です。先頭の 0 が欠けている可能性があります (数値として保存すると落ちます)。そのまま取り込みました。`,
    });
  }

  header(field: FieldId): string {
    return this.mapping.headers[field] ?? FIELDS[field].label;
  }

  joined(cells: Cell[], whole: FieldId, parts: FieldId[], separator: string): string | null {
    const value = this.display(cells, whole);
    if (value !== null) return value;
    const pieces = parts.map((p) => this.display(cells, p)).filter((p): p is string => p !== null);
    return pieces.length > 0 ? pieces.join(separator) : null;
  }
}

function dateIssue(reader: RowReader, line: number, field: FieldId, raw: string, empty: boolean): RowIssue {
  const column = reader.header(field);
  return empty
    ? { line, column, code: 'missing-date', message: `「${column}」が空です (日付が必要です)。` }
    : {
        line,
        column,
        code: 'invalid-date',
        message: `「${column}」の「${raw.slice(0, 40)}」を日付として読めません (例: 2021/10/14 10:30、令和3年10月14日、2021-10-14T01:30:00Z)。`,
      };
}

export function readPayment(reader: RowReader, cells: Cell[], line: number): PaymentRecord | RowIssue {
  const transactionId = reader.id(cells, 'transactionId');
  if (transactionId === null) {
    const column = reader.header('transactionId');
    return { line, column, code: 'missing-transaction-id', message: `「${column}」が空です (取引IDのない行は取り込めません)。` };
  }
  const paid = reader.date(cells, 'paidAt');
  if (!paid) return dateIssue(reader, line, 'paidAt', reader.text(cells, 'paidAt') ?? '', paid === undefined);
  const method = reader.display(cells, 'method');
  let cardLast4: string | null = null;
  let cardBrand = reader.display(cells, 'cardBrand');
  const cardIndex = reader.mapping.columns.cardNumber;
  const cardRaw = cardIndex === undefined ? null : cells[cardIndex];
  if (cardRaw !== null && cardRaw !== undefined) {
    const reduced = reduceCardNumber(typeof cardRaw === 'string' ? cardRaw : String(cardRaw));
    cardLast4 = reduced.last4;
    cardBrand ??= reduced.brand;
    if (reduced.hadFullNumber) reader.counters.fullCardNumbers++;
  }
  const amount = reader.amount(cells, 'amount', line);
  if (amount !== null && typeof amount === 'object') return amount;
  return {
    transactionId,
    orderId: reader.id(cells, 'orderId'),
    memberId: reader.id(cells, 'memberId'),
    paidAt: isoUtc(paid.instantMs),
    paidDate: paid.jstDate,
    paidHasTime: paid.hasTime ? 1 : 0,
    method,
    methodClass: methodClassOf(method),
    cardLast4,
    cardBrand,
    amount,
    status: reader.display(cells, 'status'),
  };
}

/**
 * A postal code given as a bare number has lost its leading zeros (060-0001 stored as
 * 600001): no postal code is shorter than 7 digits, so 5 or 6 digits of a number cell are
 * padded back, as the 郵便番号 number format shows them. Text stays as typed.
 */
function postalCodeDigits(reader: RowReader, cells: Cell[], text: string | null): string | null {
  if (text === null || !reader.isNumber(cells, 'postalCode') || !/^\d{5,6}$/.test(text)) return text;
  return text.padStart(7, '0');
}

function joinAddress(parts: Array<string | null>): string | null {
  let joined = '';
  for (const part of parts) {
    if (part === null) continue;
    // 都道府県 + 住所 where 住所 repeats the prefecture: take the longer form once.
    joined = joined !== '' && part.startsWith(joined) ? part : joined + part;
  }
  return joined === '' ? null : joined;
}

export function readDonor(reader: RowReader, cells: Cell[], line: number): DonorRecord | RowIssue {
  const donated = reader.date(cells, 'paidAt');
  if (donated === null) return dateIssue(reader, line, 'paidAt', reader.text(cells, 'paidAt') ?? '', false);
  const name = reader.joined(cells, 'name', ['familyName', 'givenName'], ' ');
  const kanaRaw = reader.joined(cells, 'kana', ['familyKana', 'givenKana'], ' ');
  const kana = kanaRaw === null ? null : cleanDisplay(nfkc(kanaRaw));
  const postalRaw = reader.display(cells, 'postalCode');
  const postalCode = normalizePostalCode(postalCodeDigits(reader, cells, postalRaw));
  if (postalRaw !== null && postalCode === null) reader.counters.badPostalCodes++;
  const address1 = joinAddress([
    reader.display(cells, 'prefecture'), reader.display(cells, 'city'), reader.display(cells, 'address'), reader.display(cells, 'street'),
  ]);
  const address2 = reader.display(cells, 'building');
  const orderId = reader.id(cells, 'orderId');
  const memberId = reader.id(cells, 'memberId');
  const phone = reader.display(cells, 'phone');
  const email = reader.display(cells, 'email');
  const amount = reader.amount(cells, 'amount', line);
  if (amount !== null && typeof amount === 'object') return amount;
  reader.checkPhone(phone, line);
  const record: DonorRecord = {
    recordKey: '',
    groupKey: '',
    orderId,
    memberId,
    name,
    kana,
    postalCode,
    postalRaw,
    address1,
    address2,
    phone,
    email,
    donatedAt: donated ? isoUtc(donated.instantMs) : null,
    amount,
    method: reader.display(cells, 'method'),
    nameKey: matchKey(name),
    addressKey: matchKey(`${address1 ?? ''}${address2 ?? ''}`),
    phoneKey: phoneKey(phone),
    emailKey: emailKey(email),
  };
  record.recordKey = orderId !== null ? `o:${orderId}` : `h:${contentHash(record)}`;
  record.groupKey = groupKeyOf(record);
  return record;
}

/** spec §4: member ID, else normalised name + postal code + address; a nameless record stands alone. */
function groupKeyOf(record: DonorRecord): string {
  if (record.memberId !== null) return `m:${record.memberId}`;
  if (record.nameKey === '') return `r:${record.recordKey}`;
  return `k:${record.nameKey}|${record.postalCode ?? ''}|${record.addressKey}`;
}

function contentHash(record: DonorRecord): string {
  const content = [record.memberId, record.nameKey, record.kana, record.postalCode, record.addressKey, record.phoneKey, record.emailKey, record.donatedAt, record.amount, record.method];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}

export function readConfirmed(reader: RowReader, cells: Cell[], line: number): ConfirmedRecord | RowIssue {
  const transactionId = reader.id(cells, 'transactionId');
  if (transactionId === null) {
    const column = reader.header('transactionId');
    return { line, column, code: 'missing-transaction-id', message: `「${column}」が空です。` };
  }
  return { transactionId };
}

const READERS: Record<ImportKind, (reader: RowReader, cells: Cell[], line: number) => object> = {
  payments: readPayment,
  donors: readDonor,
  confirmed: readConfirmed,
};

/**
 * Every source's rows (CSV, XLSX) pass here: the record of `kind`, or the reason the row is
 * rejected. `reader.rowWarnings` then holds the warnings of a kept row.
 */
export function readRow(kind: ImportKind, reader: RowReader, cells: Cell[], line: number): object {
  reader.rowWarnings.length = 0;
  const result = reader.problem(cells, line) ?? reader.undecodable(cells, line) ?? READERS[kind](reader, cells, line);
  if (isIssue(result)) reader.rowWarnings.length = 0;
  return result;
}

export function isIssue(value: object): value is RowIssue {
  return 'code' in value && 'message' in value;
}
