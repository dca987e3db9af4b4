// Input shapes of the contact-sheet and CSV writers. The caller (store queries) gives rows
// already sorted; the writers only format them. Calendar dates are Japan-local YYYY-MM-DD
// strings; instants are ISO 8601 in UTC. Card data arrives as last-4 digits only.
import type { Summary } from '../classify/summary-types.js';
import type { UnmatchedPayment } from '../persons/affected.js';
import type { Certainty } from '../vocabulary/exposures.js';

export interface SheetPersonRow {
  personId: string;
  category: string;
  name: string;
  kana: string | null;
  /** 7 digits, or null when the person has no mailable postal code. */
  postalCode: string | null;
  /** Address line 1 + line 2. */
  address: string;
  phone: string | null;
  email: string | null;
  affectedPayments: number;
  /** Japan-local calendar date, YYYY-MM-DD. */
  firstAffectedDate: string | null;
  lastAffectedDate: string | null;
  /** Last 4 digits only. */
  cardEndings: string[];
  /** 未発送, 発送済, 返送, 電話済, 対応完了. */
  letterStatus: string;
  mailedDate: string | null;
  notes: string | null;
}

/** A payment no donor record matches, as persons/affected.ts reads it. */
export type SheetUnmatchedRow = UnmatchedPayment;

export interface SheetReviewRow {
  kind: 'undeliverable' | 'missing-glyph' | 'near-duplicate' | 'import-conflict' | string;
  personIds: string[];
  names: string[];
  /** Japanese, for the person who resolves it. */
  reason: string;
  detail?: string;
  /** Staff's decision on the item (別人, 確認済み, …); null or absent while it is open. */
  decision?: { label: string; note: string | null; decidedAt: string; actor: string } | null;
}

export interface ReconciliationRow {
  exposure: string;
  label: string;
  stated: number | null;
  statedKind: 'max' | 'exact' | null;
  /** Persons or payments, in the unit the statement uses. */
  ours: number;
  unit: '人' | '件';
  note?: string;
}

export type RowSource<T> = Iterable<T> | AsyncIterable<T>;

export interface IncidentExposure {
  code: string;
  label: string;
  certainty: Certainty;
}

/** A line of a sheet laid out by its caller (郵送計画): cells left to right, with a role for its style. */
export interface SheetLine {
  cells: Array<string | number | null>;
  style?: 'title' | 'header' | 'label' | 'warning';
}

export interface ContactSheetInput {
  incident: { code: string; title: string; exposures: IncidentExposure[] };
  /** ISO instant of the classification run. */
  runDate: string;
  /** Passed in (never read from the clock here) so outputs are reproducible. */
  generatedAt: Date;
  /** The audit chain head when the sheet was made ("SEQ:HASH"): kept with the sheet, it later proves the log still holds that entry. */
  auditHead?: string;
  summary: Summary;
  reconciliation: ReconciliationRow[];
  categories: Array<{ code: string; sheetName: string; rows: RowSource<SheetPersonRow> }>;
  unmatched: RowSource<SheetUnmatchedRow>;
  review: RowSource<SheetReviewRow>;
  /** The 郵送計画 sheet, last; absent = no such sheet. */
  mailPlan?: SheetLine[];
}

export interface WriteOptions {
  signal?: AbortSignal;
  /** Throttled to about 10 calls a second, plus one final call. */
  onProgress?: (done: number, total?: number) => void;
}

export interface ContactSheetResult {
  /** Sheet names in workbook order. */
  sheets: string[];
  /** Data rows (header excluded) per sheet name. */
  rows: Record<string, number>;
}
