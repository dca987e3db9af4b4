// The words for an incident's exposures (流出区分) and the categories they make, as users see
// them everywhere: the UI, the CLI, the contact sheet and the letters' lists.
// This folder imports nothing (the renderer bundles it).

export const CERTAINTIES = ['possible', 'confirmed'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

export const CERTAINTY_LABELS: Record<Certainty, string> = { possible: '流出のおそれ', confirmed: '流出確認' };

/** The category of a person none of whose payments is exposed. */
export const NO_CATEGORY = 'none';

const MARKS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧'];

/** What a category mark or title needs of an exposure: its code and the label the incident gives it. */
export interface ExposureInfo {
  code: string;
  label: string;
}

/** token-db+payment-db → ①+② (marks in the incident's definition order); none → 対象外. */
export function categoryMark(category: string, exposures: readonly ExposureInfo[]): string {
  if (category === NO_CATEGORY) return '対象外';
  return category
    .split('+')
    .map((code) => {
      const i = exposures.findIndex((e) => e.code === code);
      return i >= 0 ? (MARKS[i] ?? code) : code;
    })
    .join('+');
}

/**
 * A category as staff read it: its mark and the exposures' labels, never the codes
 * (token-db+payment-db → ①+② トークン方式の…データベース・決済情報データベース). A code the incident
 * does not define is shown as it is (an old run's category after the incident changed).
 */
export function categoryTitle(category: string, exposures: readonly ExposureInfo[]): string {
  if (category === NO_CATEGORY) return '対象外 (該当なし)';
  const known = category.split('+').map((code) => exposures.find((e) => e.code === code));
  if (known.every((e) => e === undefined)) return category;
  return `${categoryMark(category, exposures)} ${known.map((e, i) => e?.label ?? category.split('+')[i]).join('・')}`;
}
