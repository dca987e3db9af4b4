// Our count against the figure the processor published (spec: reconciliation): a `max` figure is
// an upper bound, an `exact` one must be met. One verdict, read by the contact sheet's 概要 and
// the app's overview. This folder imports nothing (the renderer bundles it).

export type ReconciliationVerdict = 'ok' | 'mismatch' | null;

export interface StatedFigure {
  stated: number | null;
  statedKind: 'max' | 'exact' | null;
  ours: number;
}

/** null: nothing was published to compare with. */
export function reconciliationVerdict(row: StatedFigure): ReconciliationVerdict {
  if (row.stated === null) return null;
  const fits = row.statedKind === 'max' ? row.ours <= row.stated : row.ours === row.stated;
  return fits ? 'ok' : 'mismatch';
}

/** The verdict in the contact sheet's words (上限以内 / 上限を超過 for a maximum, 一致 / 不一致 for an exact figure). */
export function reconciliationVerdictText(row: StatedFigure): string {
  const verdict = reconciliationVerdict(row);
  if (verdict === null) return '公表値なし';
  if (row.statedKind === 'max') return verdict === 'ok' ? '上限以内' : '上限を超過';
  return verdict === 'ok' ? '一致' : '不一致';
}
