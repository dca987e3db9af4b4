// Japanese sheet names for categories and the rules Excel puts on sheet names: at most 31
// characters, none of []:*?/\, not blank, not starting or ending with an apostrophe, and
// unique without regard to case.

/** ① … ⑳ for the first twenty exposures, then (21), (22), … */
export function exposureMark(index: number): string {
  return index >= 0 && index < 20 ? String.fromCodePoint(0x2460 + index) : `(${index + 1})`;
}

type ExposureRef = string | { code: string };

const codeOf = (e: ExposureRef): string => (typeof e === 'string' ? e : e.code);

/**
 * The sheet name of a category, numbered by the exposures' order in the incident:
 * `token-db` → ①のみ, `payment-db` → ②のみ, `token-db+payment-db` → ①②両方; three or more
 * exposures that are all present → ①②③すべて; a partial set → ①③のみ; `none` → 対象外.
 * A code that is not an exposure of the incident keeps its own text (made safe).
 */
export function categorySheetName(category: string, exposures: readonly ExposureRef[]): string {
  if (category === 'none') return '対象外';
  const codes = exposures.map(codeOf);
  const parts = category.split('+');
  const indexes = parts.map((p) => codes.indexOf(p));
  if (parts.length === 0 || indexes.some((i) => i < 0)) return safeSheetName(category);
  const marks = [...new Set(indexes)].sort((a, b) => a - b).map(exposureMark).join('');
  let suffix = 'のみ';
  if (indexes.length > 1 && new Set(indexes).size === codes.length) suffix = codes.length === 2 ? '両方' : 'すべて';
  return safeSheetName(marks + suffix);
}

/** The exposures of a category as marks with labels: "①トークンDB、②決済DB". */
export function exposureLabels(codes: readonly string[], exposures: ReadonlyArray<{ code: string; label: string }>): string {
  return codes
    .map((code) => {
      const i = exposures.findIndex((e) => e.code === code);
      const exposure = exposures[i];
      return exposure ? `${exposureMark(i)}${exposure.label}` : code;
    })
    .join('、');
}

const FORBIDDEN = /[[\]:*?/\\]/g;

/** A name Excel accepts: forbidden characters → '_', trimmed to 31 UTF-16 units. */
export function safeSheetName(name: string): string {
  let safe = name.replace(FORBIDDEN, '_').replace(/^'+|'+$/g, '').trim();
  if (safe === '') safe = 'Sheet';
  // Excel counts UTF-16 units; do not cut a surrogate pair in half.
  if (safe.length > 31) {
    safe = safe.slice(0, 31);
    if (/[\ud800-\udbff]$/.test(safe)) safe = safe.slice(0, 30);
  }
  return safe;
}

/** Returns a safe name not yet in `taken` (compared case-insensitively) and records it. */
export function uniqueSheetName(name: string, taken: Set<string>): string {
  const base = safeSheetName(name);
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const tail = `(${n})`;
    candidate = safeSheetName(base.slice(0, 31 - tail.length) + tail);
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}
