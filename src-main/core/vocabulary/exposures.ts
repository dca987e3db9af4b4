// The words for an incident's exposures (流出区分) and the categories they make, as users see
// them everywhere: the UI, the CLI, the contact sheet and the letters' lists.
// This folder imports nothing (the renderer bundles it).

export const CERTAINTIES = ['possible', 'confirmed'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

export const CERTAINTY_LABELS: Record<Certainty, string> = { possible: '流出のおそれ', confirmed: '流出確認' };

/** The category of a person none of whose payments is exposed. */
export const NO_CATEGORY = 'none';
