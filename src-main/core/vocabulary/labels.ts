// The one table from the codes the core stores (history sources, file formats, output kinds,
// audit actions and their details, return reasons, …) to the Japanese words staff read. The app,
// the CLI's human output and the reports all show codes through it; only `--json` output keeps
// the codes. The words for one concept are chosen once (TERMS) and their variants are banned
// (test/core/vocabulary/terms.test.ts). This folder imports nothing (the renderer bundles it).
import { ENCODING_LABELS } from './encodings.js';
import { categoryTitle, type ExposureInfo } from './exposures.js';
import { jstDateSlashed, jstDateTime } from './japan-time.js';
import { INQUIRY_TOPICS, RETURN_REASONS } from './tracking.js';

/**
 * One term per concept, in the app, the CLI, the sheets and the letters' non-legal text. The
 * legal wording of a letter is the incident preset's and may differ.
 */
export const TERMS = {
  /** Card data that left the processor's systems (not 漏えい / 漏洩 / 露出). */
  exposure: '流出',
  /** The processor's list of transactions known to have leaked (not 確認済みリスト). */
  confirmedList: '流出確認リスト',
  /** Two values for one thing that disagree: a re-imported row, a sheet edit against a newer record (not 競合 / 食い違い). */
  conflict: '矛盾',
  /** The workbook of persons to contact that staff export, edit in Excel and apply back (not 連絡先一覧 / 連絡先シート). */
  contactSheet: '連絡表',
} as const;

/** Variants of TERMS that must not reach staff, each with the term to use instead. */
export const BANNED_TERMS: Record<string, string> = {
  漏えい: TERMS.exposure,
  漏洩: TERMS.exposure,
  露出: TERMS.exposure,
  確認済みリスト: TERMS.confirmedList,
  競合: TERMS.conflict,
  食い違い: TERMS.conflict,
  連絡先一覧: TERMS.contactSheet,
  連絡先シート: TERMS.contactSheet,
};

/** Where a change to a letter or a person's follow-up came from. */
export const HISTORY_SOURCE_LABELS: Record<string, string> = {
  generate: '作成',
  mailing: '発送記録',
  'mailing-undo': '発送記録の取り消し',
  return: '返送',
  sheet: '連絡表',
  manual: '手入力',
  inquiry: '問い合わせ',
};

/** Why a person to notify has not been reached (the public-announcement list). */
export const UNREACHABLE_KIND_LABELS = {
  'no-address': '住所なし',
  'no-postal-code': '郵便番号なし',
  returned: '返送',
} as const;

/** An imported file's format. */
export const FILE_FORMAT_LABELS: Record<string, string> = { csv: 'CSV', xlsx: 'Excel (.xlsx)' };

/**
 * A file's encoding as stored or reported (cp932, utf8, …), or `xlsx` for a workbook, which has
 * no text encoding of its own: Shift_JIS (CP932), UTF-8, …, Excel (.xlsx).
 */
export function encodingLabel(code: string): string {
  return (ENCODING_LABELS as Record<string, string>)[code] ?? codeLabel(FILE_FORMAT_LABELS, code);
}

/** Payment methods as classes (every card spelling is `card`); other methods are stored in Japanese already. */
export const METHOD_CLASS_LABELS: Record<string, string> = { card: 'クレジットカード' };

/** Files inw wrote (the outputs register). */
export const OUTPUT_KIND_LABELS: Record<string, string> = {
  letter: '通知書',
  'draft-letter': '通知書の見本',
  print: '印刷用の通知書',
  manifest: '通知書の一覧 (manifest.json)',
  preview: '通知書のプレビュー',
  'contact-sheet': TERMS.contactSheet,
  csv: '対象者の CSV',
  backup: 'データベースのバックアップ',
  'migration-copy': '移行前のデータベースのコピー',
};

/** Why a letter came back (Japan Post's wording), by code. */
export const RETURN_REASON_LABELS: Record<string, string> = {
  ...Object.fromEntries(RETURN_REASONS.map((r) => [r.code, r.label])),
  other: 'その他',
};

/** What an inquiry was about, by code. */
export const INQUIRY_TOPIC_LABELS: Record<string, string> = Object.fromEntries(INQUIRY_TOPICS.map((t) => [t.code, t.label]));

/** Items of the review queue (要確認). */
export const REVIEW_KIND_LABELS = {
  undeliverable: '郵送不可',
  'near-duplicate': '重複の疑い',
  'import-conflict': `取込の${TERMS.conflict}`,
  'missing-glyph': '外字',
  'postal-mismatch': '〒と住所の不一致',
} as const;

/** What staff decided on a review item. */
export const REVIEW_DECISION_LABELS: Record<string, string> = { different: '別人', same: '同一人物 (確認済み)', handled: '確認済み' };

/** What an import was (the same words as vocabulary/import-kinds.ts, for the audit log). */
const IMPORT_KIND_WORDS: Record<string, string> = { payments: '決済データ', donors: '寄付者データ', confirmed: TERMS.confirmedList };

/** Every action the audit log records. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  import: '取込',
  classify: '分類',
  'incident-save': '事案の保存',
  'incident-activate': '作業中の事案の変更',
  'incident-delete': '事案の削除',
  letters: '通知書の作成',
  'letters-draft': '通知書の見本の作成',
  preview: 'プレビューの保存',
  'export-sheet': '連絡表の出力',
  'export-csv': 'CSV の出力',
  'mailing-batch': '発送の記録',
  'mailing-undo': '発送記録の取り消し',
  'status-change': '状態の変更',
  'returned-mail': '返送の記録',
  'returned-mail-import': '返送一覧の取込',
  'address-correction': '住所の訂正',
  inquiry: '問い合わせ',
  'inquiry-edit': '問い合わせの修正',
  'inquiry-delete': '問い合わせの削除',
  'sheet-apply': '連絡表の反映',
  backup: 'バックアップ',
  purge: '個人情報の削除',
  'review-decision': '要確認の対応',
  'review-undo': '要確認の対応の取り消し',
  'review-bulk-decision': '要確認の一括対応',
  'review-bulk-undo': '要確認の一括対応の取り消し',
  'mail-rates-load': '郵便料金表の読み込み',
  'postal-data-load': '郵便番号データの読み込み',
};

/** The keys of audit details. */
const AUDIT_DETAIL_KEYS: Record<string, string> = {
  file: 'ファイル', kind: '種類', exposure: '流出区分', size: 'サイズ (バイト)', sha256: 'SHA-256', runId: '分類', incident: '事案',
  notify: '通知対象', rows: '行数', code: '事案', rowsAccepted: '取込行', rowsRejected: '除外行', importId: '取込',
  incidentSha256: '定義のハッシュ', letters: '通知書', outDir: '出力先', letterDate: '発行日', rendered: '新規作成', skipped: '変更なしで省略',
  review: '外字で要確認', notMailable: '郵送できない人', batchId: '発送記録', mailedDate: '発送日', postageMethod: '差出方法', pieces: '通数',
  byArea: '郵便番号上3桁ごと', manifestSha256: '明細のハッシュ', printFile: '印刷ファイル', letterIds: '通知書', letterId: '通知書', personId: '対象者',
  status: '状態', steps: '変更', returnedMailId: '返送', returnedDate: '返送日', reasonCode: '理由', returnImportId: '返送取込',
  rowsRead: '読込行', accepted: '記録', rejected: '除外', duplicates: '重複', conflicts: TERMS.conflict, conflictsResolved: `${TERMS.conflict}の解消`, byReason: '理由別',
  correctionId: '住所訂正', previous: '訂正前', inquiryId: '問い合わせ', channel: '受付方法', topic: '問い合わせの種類', receivedDate: '受付日',
  changed: '変更した項目', applyId: '連絡表の反映', applied: '反映した変更', issues: '反映できない行', sheetCreatedAt: '連絡表の出力日時', bytes: 'サイズ (バイト)',
  auditEntries: '監査ログ件数', auditHead: 'アンカー', persons: '対象者数', payments: '取引数', donorRecords: '寄付記録', files: 'ファイル数',
  purgeId: '削除', scope: '範囲', before: '基準日', decisionId: '対応記録', decisionIds: '対応記録', count: '件数', personIds: '対象者', decision: '対応', withNote: 'メモ',
  mailRatesId: '料金表', effectiveFrom: '適用開始日', title: '名称', postalDataId: '郵便番号データ', source: '出典', date: '時点', codes: '件数',
  body: '内容', resolution: '対応', staff: '担当', receivedAt: '受付日時',
};

/** Keys whose meaning depends on the action (a letter batch is not a mailing record). */
const AUDIT_DETAIL_KEYS_BY_ACTION: Record<string, Record<string, string>> = {
  letters: { batchId: '通知書の作成' },
  'letters-draft': { batchId: '通知書の作成' },
  'mailing-batch': { batchId: '発送記録' },
  'mailing-undo': { batchId: '発送記録' },
  'export-sheet': { rows: '行数' },
  'export-csv': { rows: '人数' },
  purge: { persons: '削除した人', files: '削除したファイル' },
  'sheet-apply': { persons: '対象者' },
};

/** Stored codes inside details, per key. */
const AUDIT_DETAIL_VALUES: Record<string, Record<string, string>> = {
  kind: { ...REVIEW_KIND_LABELS, ...IMPORT_KIND_WORDS },
  decision: REVIEW_DECISION_LABELS,
  reasonCode: RETURN_REASON_LABELS,
  byReason: RETURN_REASON_LABELS,
  topic: INQUIRY_TOPIC_LABELS,
  changed: AUDIT_DETAIL_KEYS,
};

/** A stored code in words; a code the table does not know is shown as stored. */
export function codeLabel(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return table[code] ?? code;
}

export function auditActionLabel(action: string): string {
  return codeLabel(AUDIT_ACTION_LABELS, action);
}

export function auditDetailKey(action: string, key: string): string {
  return AUDIT_DETAIL_KEYS_BY_ACTION[action]?.[key] ?? AUDIT_DETAIL_KEYS[key] ?? key;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID_KEYS = new Set(['runId', 'importId', 'batchId', 'returnedMailId', 'returnImportId', 'correctionId', 'inquiryId', 'applyId', 'purgeId', 'decisionId', 'mailRatesId', 'postalDataId']);

/**
 * One detail value in words: null as —, yes/no, dates and instants in Japan time, codes through
 * the tables, an exposure by the incident's label, objects as 「key: value」.
 */
export function auditDetailValue(action: string, key: string, value: unknown, exposures: readonly ExposureInfo[] = []): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return key === 'withNote' ? (value ? 'あり' : 'なし') : value ? 'はい' : 'いいえ';
  if (typeof value === 'number') return ID_KEYS.has(key) ? `#${value}` : value.toLocaleString('ja-JP');
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) return jstDateTime(value);
    if (ISO_DATE.test(value)) return jstDateSlashed(value);
    if (key === 'exposure') return categoryTitle(value, exposures);
    return codeLabel(AUDIT_DETAIL_VALUES[key] ?? {}, value);
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => auditDetailValue(action, key, v, exposures)).join('・');
  const codes = AUDIT_DETAIL_VALUES[key];
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${codes ? codeLabel(codes, k) : auditDetailKey(action, k)}: ${auditDetailValue(action, k, v, exposures)}`)
    .join('、');
}

/**
 * Keys an action records for some of its entries only (an import's exposure is a confirmed
 * list's): left out where empty, since 「流出区分 —」 on a donor file reads as a missing value.
 */
const AUDIT_DETAIL_KEYS_WHERE_SET: Readonly<Record<string, readonly string[]>> = { import: ['exposure'] };

/** An audit entry's detail as [label, text] pairs, in the order it was recorded. */
export function auditDetailEntries(action: string, detail: Readonly<Record<string, unknown>>, exposures: readonly ExposureInfo[] = []): Array<[string, string]> {
  const whereSet = AUDIT_DETAIL_KEYS_WHERE_SET[action] ?? [];
  return Object.entries(detail)
    .filter(([key, value]) => !(whereSet.includes(key) && (value === null || value === undefined || value === '')))
    .map(([key, value]) => [auditDetailKey(action, key), auditDetailValue(action, key, value, exposures)]);
}
