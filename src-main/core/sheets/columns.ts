// Column definitions shared by the category sheets and the persons CSV, so both exports
// show the same fields under the same Japanese headers.
import type { SheetPersonRow, SheetReviewRow, SheetUnmatchedRow } from './types.js';
import { cardEndingsText, last4, safeText } from './cells.js';
import { formatPostalCode } from '../vocabulary/postal-code.js';
import { jstDateOf } from '../text/dates.js';
import { parsePersonId } from '../store/ids.js';
import { referenceNumberOf } from '../store/reference-number.js';

/**
 * text: written as a string cell (postal codes and phone numbers too, so zeros stay);
 * date: a Japan-local YYYY-MM-DD, written as a real Excel date; int/amount: numbers.
 */
export type ColumnKind = 'text' | 'int' | 'amount' | 'date';

export interface Column<R> {
  header: string;
  kind: ColumnKind;
  value: (row: R) => string | number | null;
  /** Width bounds in Excel character units. */
  minWidth?: number;
  maxWidth?: number;
}

export const LETTER_STATUSES = ['未発送', '発送済', '返送', '電話済', '対応完了'] as const;

/** Index (0-based) of 通知書状態 in personColumns(), for the drop-down. */
export const STATUS_COLUMN_INDEX = 13;

export function personColumns(categoryLabel: (code: string) => string): Column<SheetPersonRow>[] {
  return [
    { header: '通知ID', kind: 'text', value: (r) => safeText(r.personId, true) },
    { header: 'お問い合わせ番号', kind: 'text', value: (r) => referenceNumberOf(parsePersonId(r.personId)), minWidth: 12 },
    { header: '区分', kind: 'text', value: (r) => categoryLabel(r.category) },
    { header: '氏名', kind: 'text', value: (r) => safeText(r.name), maxWidth: 30 },
    { header: 'フリガナ', kind: 'text', value: (r) => safeText(r.kana), maxWidth: 30 },
    { header: '〒', kind: 'text', value: (r) => formatPostalCode(r.postalCode), minWidth: 10 },
    { header: '住所', kind: 'text', value: (r) => safeText(r.address), maxWidth: 60 },
    { header: '電話番号', kind: 'text', value: (r) => safeText(r.phone), minWidth: 14 },
    { header: 'メール', kind: 'text', value: (r) => safeText(r.email), maxWidth: 40 },
    { header: '対象取引数', kind: 'int', value: (r) => r.affectedPayments },
    { header: '最初の対象日', kind: 'date', value: (r) => r.firstAffectedDate },
    { header: '最後の対象日', kind: 'date', value: (r) => r.lastAffectedDate },
    { header: 'カード下4桁', kind: 'text', value: (r) => cardEndingsText(r.cardEndings) },
    { header: '通知書状態', kind: 'text', value: (r) => r.letterStatus, minWidth: 12 },
    { header: '発送日', kind: 'date', value: (r) => r.mailedDate },
    { header: '対応メモ', kind: 'text', value: (r) => safeText(r.notes), minWidth: 20, maxWidth: 60 },
  ];
}

export function unmatchedColumns(exposureText: (codes: string[]) => string): Column<SheetUnmatchedRow>[] {
  return [
    { header: '取引ID', kind: 'text', value: (r) => safeText(r.transactionId, true) },
    { header: '注文ID', kind: 'text', value: (r) => safeText(r.orderId, true) },
    { header: '会員ID', kind: 'text', value: (r) => safeText(r.memberId, true) },
    { header: '取引日', kind: 'date', value: (r) => r.jstDate },
    { header: '決済方法', kind: 'text', value: (r) => safeText(r.method) },
    { header: 'カード下4桁', kind: 'text', value: (r) => last4(r.cardLast4) },
    { header: '金額', kind: 'amount', value: (r) => r.amount },
    { header: '該当する流出区分', kind: 'text', value: (r) => exposureText(r.exposures), maxWidth: 50 },
  ];
}

const REVIEW_KINDS: Record<string, string> = {
  undeliverable: '郵送不可',
  'missing-glyph': '表示できない文字',
  'near-duplicate': '重複の可能性',
  'import-conflict': '取込時の不一致',
};

export function reviewKindLabel(kind: string): string {
  return REVIEW_KINDS[kind] ?? kind;
}

export function reviewColumns(): Column<SheetReviewRow>[] {
  return [
    { header: '種別', kind: 'text', value: (r) => reviewKindLabel(r.kind) },
    { header: '通知ID', kind: 'text', value: (r) => safeText(r.personIds.join('、'), true), maxWidth: 40 },
    { header: '氏名', kind: 'text', value: (r) => safeText(r.names.join('、')), maxWidth: 40 },
    { header: '理由', kind: 'text', value: (r) => safeText(r.reason), maxWidth: 60 },
    { header: '詳細', kind: 'text', value: (r) => safeText(r.detail ?? null), maxWidth: 80 },
    { header: '対応', kind: 'text', value: (r) => r.decision?.label ?? '未対応', minWidth: 10 },
    { header: '対応日', kind: 'date', value: (r) => (r.decision ? jstDateOf(Date.parse(r.decision.decidedAt)) : null) },
    { header: '対応者', kind: 'text', value: (r) => safeText(r.decision?.actor ?? null) },
    { header: '対応メモ', kind: 'text', value: (r) => safeText(r.decision?.note ?? null), minWidth: 20, maxWidth: 60 },
  ];
}
