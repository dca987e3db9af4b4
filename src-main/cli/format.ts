// Printing for the terminal: the summary table, import reports, a progress line.
// Codes are shown in the core's words (vocabulary/), times in Japan time; --json keeps the codes.
import type { ImportReport, Summary } from '../core/index.js';
import { categoryTitle } from '../core/vocabulary/exposures.js';
import { jstDateTime } from '../core/vocabulary/japan-time.js';
import { FILE_FORMAT_LABELS, TERMS, codeLabel } from '../core/vocabulary/labels.js';

/** A count as the terminal shows it: 5,252, as the app does. */
export const n = (value: number): string => value.toLocaleString('ja-JP');

export function formatSummary(summary: Summary, labels: Record<string, string>): string {
  const lines: string[] = [];
  const exposures = Object.entries(labels).map(([code, label]) => ({ code, label }));
  lines.push(`事案: ${summary.incident}${summary.classifiedAt ? `  (分類 ${jstDateTime(summary.classifiedAt)} 日本時間、実行 #${summary.runId})` : ''}`);
  lines.push('');
  lines.push(`取引            ${n(summary.payments.total).padStart(9)} 件   うちカード ${n(summary.payments.card)} 件`);
  for (const [code, count] of Object.entries(summary.payments.exposed)) {
    const unmatched = summary.unmatchedPayments.exposed[code] ?? 0;
    lines.push(`  ${categoryTitle(code, exposures)}: ${n(count)} 件 (寄付者不明 ${n(unmatched)} 件)`);
  }
  lines.push(`寄付者不明の取引 ${n(summary.unmatchedPayments.total).padStart(8)} 件`);
  lines.push('');
  lines.push(`対象者 (人)     ${n(summary.persons.total).padStart(9)} 人   通知対象 ${n(summary.persons.notify)} 人   宛先不備 ${n(summary.undeliverable)} 人`);
  for (const [category, count] of Object.entries(summary.persons.byCategory)) {
    lines.push(`  ${categoryTitle(category, exposures)}: ${n(count)} 人`);
  }
  lines.push('');
  lines.push(`取込            除外 ${n(summary.imports.rejectedRows)} 行   重複 ${n(summary.imports.duplicateRows)} 行   ${TERMS.conflict} ${n(summary.imports.conflicts)} 行`);
  if (summary.reviewItems) {
    const r = summary.reviewItems;
    const parts = [`重複の疑い ${n(r.nearDuplicates)} 組`, `郵送不可 ${n(r.undeliverable)} 人`];
    if (r.missingGlyphs !== undefined) parts.push(`外字 ${n(r.missingGlyphs)} 人`);
    if (r.postalMismatches !== undefined) parts.push(`〒と住所の不一致 ${n(r.postalMismatches)} 人`);
    parts.push(`取込の${TERMS.conflict} ${n(r.conflicts)} 件`);
    lines.push(`要確認 (未対応) ${parts.join('   ')}${r.decided ? `   (対応済み ${n(r.decided)} 件: inw review list --all)` : ''}`);
  }
  const notices = summary.notices ?? [];
  for (const notice of notices) lines.push(`注意: ${notice.message ?? notice.code}`);
  if (summary.stale) lines.push('注意: 分類の後にファイルが取り込まれています。inw classify をもう一度実行してください。');
  return lines.join('\n');
}

export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(`${report.file}: ${codeLabel(FILE_FORMAT_LABELS, report.format)} / ${report.encoding}${report.sheet ? ` / シート「${report.sheet}」` : ''} / 見出し ${report.headerLine}行目`);
  lines.push(`  読込 ${n(report.rowsRead)} 行: 取込 ${n(report.rowsAccepted)}、除外 ${n(report.rowsRejected)}、重複 ${n(report.rowsDuplicate)}、${TERMS.conflict} ${n(report.rowsConflict)}${report.conflictsResolved > 0 ? `、取込の${TERMS.conflict}の解消 ${n(report.conflictsResolved)}` : ''}`);
  lines.push(`  列: ${Object.entries(report.mapping).map(([f, h]) => `${h}→${f}`).join('、')}`);
  if (report.cardNumbersMasked > 0) lines.push(`  カード番号: ${n(report.cardNumbersMasked)} 件を下4桁だけにして保存しました (完全な番号は保存していません)`);
  if (report.securityCodeColumns.length > 0) lines.push(`  セキュリティコードの列 (読み込まず): ${report.securityCodeColumns.join('、')}`);
  for (const warning of report.warnings) lines.push(`  注意: ${warning.message}`);
  for (const reject of report.rejects.slice(0, 20)) lines.push(`  除外 ${reject.line}行目${reject.column ? ` 「${reject.column}」` : ''}: ${reject.message}`);
  if (report.rowsRejected > 20) lines.push(`  … ほか ${n(report.rowsRejected - 20)} 行`);
  for (const conflict of report.conflicts.slice(0, 10)) lines.push(`  ${TERMS.conflict} ${conflict.line}行目: ${conflict.message}`);
  for (const warning of report.rowWarnings.slice(0, 20)) lines.push(`  確認 ${warning.line}行目: ${warning.message}`);
  return lines.join('\n');
}

/** A one-line progress display on a terminal; silent when stderr is not a TTY. */
export function progressLine(label: string): { update(done: number, total?: number, unit?: string): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total, unit = '') {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      let bar = '';
      if (total && total > 0) {
        const ratio = Math.min(1, done / total);
        const width = 24;
        const filled = Math.round(ratio * width);
        bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% `;
      }
      process.stderr.write(`\r${label} ${bar}${n(done)}${unit}   `);
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
