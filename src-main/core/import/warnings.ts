// The warnings of an import report: one line per kind of problem, with its count; the rows
// themselves are in import_issues. Japanese, for staff.
import type { ColumnMapping } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import type { RowCounters } from './rows.js';
import { CONFLICT_RESOLVED } from '../store/import-conflicts.js';
import { PERSON_WITHOUT_RECORDS } from './refresh-persons.js';

export interface ImportWarning {
  code: string;
  message: string;
  count?: number;
}

/** What the rows of a finished import added up to, for its warnings. */
export interface ImportTotals {
  counters: RowCounters;
  rowWarningCounts: ReadonlyMap<string, number>;
  rejected: number;
  conflicts: number;
}

/** Column problems first, then the values, then the rows, in the order staff should read them. */
export function importWarnings(kind: ImportKind, mapping: ColumnMapping, totals: ImportTotals): ImportWarning[] {
  const warnings = [
    ...columnWarnings(kind, mapping),
    ...counterWarnings(kind, totals.counters),
    ...[...totals.rowWarningCounts].map(([code, count]) => rowWarningSummary(code, count)),
  ];
  if (totals.rejected > 0) {
    warnings.push({ code: 'rejected-rows', count: totals.rejected, message: `${totals.rejected} 行を取り込めませんでした (行番号と理由は取込結果を参照)。` });
  }
  if (totals.conflicts > 0) {
    warnings.push({
      code: 'conflicts',
      count: totals.conflicts,
      message: `${totals.conflicts} 行が取込済みの内容と食い違っています (先の内容を残しました。正しい内容のファイルを取り込み直すと、その内容で置き換えます)。`,
    });
  }
  return warnings;
}

function counterWarnings(kind: ImportKind, counters: RowCounters): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (counters.fullCardNumbers > 0) {
    warnings.push({
      code: 'full-card-number',
      count: counters.fullCardNumbers,
      message: `カード番号の列に完全なカード番号が ${counters.fullCardNumbers} 件ありました。下4桁だけを保存しています。`,
    });
  }
  if (counters.maskedCardNumbers > 0) {
    warnings.push({
      code: 'card-number-masked',
      count: counters.maskedCardNumbers,
      message: `カード番号と思われる数字列 ${counters.maskedCardNumbers} 件を伏せて保存しました (下4桁のみ)。`,
    });
  }
  if (counters.badAmounts > 0) {
    warnings.push({ code: 'invalid-amount', count: counters.badAmounts, message: `金額を読めない行が ${counters.badAmounts} 行あります (金額なしとして保存)。` });
  }
  if (kind === 'donors' && counters.badPostalCodes > 0) {
    warnings.push({
      code: 'invalid-postal-code',
      count: counters.badPostalCodes,
      message: `郵便番号が7桁でない行が ${counters.badPostalCodes} 行あります (郵送できない宛先として扱います)。`,
    });
  }
  return warnings;
}

/** One line of the report per kind of row warning; each row is in import_issues. */
function rowWarningSummary(code: string, count: number): ImportWarning {
  const message =
    code === 'phone-leading-zero'
      ? `電話番号の先頭の 0 が欠けているように見える行が ${count} 行あります (そのまま取り込みました。行番号は取込結果を参照)。`
      : code === CONFLICT_RESOLVED
        ? `取込の矛盾 ${count} 件を、このファイルの内容で解消しました (行番号と内容は取込結果を参照)。`
        : code === PERSON_WITHOUT_RECORDS
          ? `訂正で寄付者データの記録がなくなった対象者 ${count} 人を、通知書などの記録があるため残しました (今後の分類と通知書の対象外。対象者IDは取込結果を参照)。`
          : `確認が必要な行が ${count} 行あります (行番号は取込結果を参照)。`;
  return { code, count, message };
}

function columnWarnings(kind: ImportKind, mapping: ColumnMapping): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (mapping.securityCodeColumns.length > 0) {
    warnings.push({
      code: 'security-code-column',
      message: `セキュリティコードの列 (${mapping.securityCodeColumns.join('、')}) がありました。この列は読み込まず、保存していません。元のファイルの取り扱いにご注意ください。`,
    });
  }
  if (mapping.unknownColumns.length > 0) {
    warnings.push({ code: 'unknown-columns', message: `使わない列を無視しました: ${mapping.unknownColumns.join('、')}` });
  }
  if (mapping.duplicateColumns.length > 0) {
    warnings.push({ code: 'duplicate-columns', message: `同じ項目の列が複数あり、最初の列を使いました: ${mapping.duplicateColumns.join('、')}` });
  }
  if (kind === 'payments' && mapping.columns.method === undefined) {
    warnings.push({ code: 'no-method-column', message: '決済方法の列がありません。すべての取引をカード以外として扱います (--map method=見出し で指定できます)。' });
  }
  if (kind === 'payments' && mapping.columns.orderId === undefined && mapping.columns.memberId === undefined) {
    warnings.push({ code: 'no-link-columns', message: 'オーダーIDと会員番号の列がありません。取引を寄付者に結び付けられません。' });
  }
  if (kind === 'donors' && mapping.columns.orderId === undefined && mapping.columns.memberId === undefined) {
    warnings.push({ code: 'no-link-columns', message: '注文番号と会員番号の列がありません。取引を寄付者に結び付けられません。' });
  }
  return warnings;
}
