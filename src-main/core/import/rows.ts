// Turns one row of cells into a normalised record of its kind, or a reason to reject it.
// Bad input is data: each issue names the line, the column and what was expected.
import { createHash } from 'node:crypto';
import { maskCardNumbers, reduceCardNumber } from '../text/card.js';
import { fromExcelWallClock, isoUtc, parseDate, type ParsedDate } from '../text/dates.js';
import {
  cleanDisplay, emailKey, matchKey, nfkc, normalizeId, normalizePostalCode, phoneKey,
} from '../text/normalize.js';
import { XlsxNumber, XlsxProblem, type XlsxCell } from './xlsx.js';
import type { ColumnMapping, FieldId } from './fields.js';
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

export function parseAmount(text: string): number | null | 'invalid' {
  const cleaned = nfkc(text).replace(AMOUNT_NOISE, '');
  if (cleaned === '') return null;
  if (!/^-?\d+(\.0+)?$/.test(cleaned)) return 'invalid';
  if (cleaned.replace(/^-/, '').replace(/\.0+$/, '').length > MAX_AMOUNT_DIGITS) return 'invalid';
  return Number.parseInt(cleaned, 10);
}

const EXCEL_EPOCH_DAYS = 25569;

export class RowReader {
  constructor(
    readonly mapping: ColumnMapping,
    readonly counters: RowCounters,
  ) {}

  private cell(cells: Cell[], field: FieldId): Cell {
    const index = this.mapping.columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  }

  /** A text value with full card numbers masked (ID and phone columns by their own rule); Dates and numbers as text. */
  text(cells: Cell[], field: FieldId, identifier = false): string | null {
    const raw = this.cell(cells, field);
    if (raw === null) return null;
    let value = typeof raw === 'string' ? raw : raw instanceof Date ? isoUtc(raw.getTime()) : String(raw);
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
    for (const [field, index] of Object.entries(this.mapping.columns) as Array<[FieldId, number]>) {
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

  /** undefined: no value; null: a value that is not a date. */
  date(cells: Cell[], field: FieldId): ParsedDate | null | undefined {
    const raw = this.valueOf(cells, field);
    if (raw === null) return undefined;
    if (raw instanceof Date) return fromExcelWallClock(raw);
    if (typeof raw === 'number') {
      // A date cell without a date format still holds Excel's serial day number.
      if (raw < 1 || raw > 2958465) return null;
      return fromExcelWallClock(new Date(Math.round((raw - EXCEL_EPOCH_DAYS) * 86400_000)));
    }
    if (typeof raw !== 'string') return null;
    if (raw.trim() === '') return undefined;
    return parseDate(raw);
  }

  amount(cells: Cell[], field: FieldId): number | null {
    const raw = this.valueOf(cells, field);
    if (raw === null) return null;
    if (typeof raw === 'number') {
      if (Math.abs(raw) >= 10 ** MAX_AMOUNT_DIGITS) {
        this.counters.badAmounts++;
        return null;
      }
      return Math.round(raw);
    }
    const parsed = parseAmount(typeof raw === 'string' ? raw : '');
    if (parsed === 'invalid') {
      this.counters.badAmounts++;
      return null;
    }
    return parsed;
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
  const problem = reader.problem(cells, line);
  if (problem) return problem;
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
    amount: reader.amount(cells, 'amount'),
    status: reader.display(cells, 'status'),
  };
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
  const problem = reader.problem(cells, line);
  if (problem) return problem;
  const donated = reader.date(cells, 'paidAt');
  if (donated === null) return dateIssue(reader, line, 'paidAt', reader.text(cells, 'paidAt') ?? '', false);
  const name = reader.joined(cells, 'name', ['familyName', 'givenName'], ' ');
  const kanaRaw = reader.joined(cells, 'kana', ['familyKana', 'givenKana'], ' ');
  const kana = kanaRaw === null ? null : cleanDisplay(nfkc(kanaRaw));
  const postalRaw = reader.display(cells, 'postalCode');
  const postalCode = normalizePostalCode(postalRaw);
  if (postalRaw !== null && postalCode === null) reader.counters.badPostalCodes++;
  const address1 = joinAddress([
    reader.display(cells, 'prefecture'), reader.display(cells, 'city'), reader.display(cells, 'address'), reader.display(cells, 'street'),
  ]);
  const address2 = reader.display(cells, 'building');
  const orderId = reader.id(cells, 'orderId');
  const memberId = reader.id(cells, 'memberId');
  const phone = reader.display(cells, 'phone');
  const email = reader.display(cells, 'email');
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
    amount: reader.amount(cells, 'amount'),
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
  const problem = reader.problem(cells, line);
  if (problem) return problem;
  const transactionId = reader.id(cells, 'transactionId');
  if (transactionId === null) {
    const column = reader.header('transactionId');
    return { line, column, code: 'missing-transaction-id', message: `「${column}」が空です。` };
  }
  return { transactionId };
}

export function isIssue(value: object): value is RowIssue {
  return 'code' in value && 'message' in value;
}
