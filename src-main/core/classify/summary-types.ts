// The shape of `inw summary --json` (spec §5). Extra keys are allowed; these must be present.

/** `warnings` holds exactly the spec's codes with counts; details with messages are `notices`. */
export interface SummaryWarning {
  code: 'confirmed-outside-window' | 'confirmed-unknown-id' | string;
  count: number;
  /** Human-readable Japanese message (notices only). */
  message?: string;
  exposure?: string;
}

export interface Summary {
  incident: string;
  runId?: number;
  classifiedAt?: string;
  payments: { total: number; card: number; exposed: Record<string, number> };
  persons: {
    total: number;
    notify: number;
    byCategory: Record<string, number>;
    /** Persons to notify who can be mailed (notify − undeliverable); absent in runs stored before it was kept. */
    mailable?: number;
  };
  unmatchedPayments: { total: number; exposed: Record<string, number> };
  undeliverable: number;
  imports: { rejectedRows: number; duplicateRows: number; conflicts: number; files?: number; acceptedRows?: number };
  warnings: SummaryWarning[];
  notices?: SummaryWarning[];
  /**
   * The review queue's to-do: open items per kind (a staff decision takes an item off), and
   * `decided`, the items with a decision (still listed on the sheet's 要確認 with it).
   */
  reviewItems?: { nearDuplicates: number; undeliverable: number; conflicts: number; missingGlyphs?: number; postalMismatches?: number; decided?: number };
  /** True when files were imported after this classification run. */
  stale?: boolean;
}
