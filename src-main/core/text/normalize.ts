// The one normaliser for Japanese text. Display values keep what the person wrote (only
// trimmed); keys used for matching are NFKC-folded, white space removed, dashes unified.

const NON_ASCII = /[^\x00-\x7f]/;
const WHITE_SPACE = /[\s\u3000\u200b\ufeff]+/g;
const ANY_WHITE_SPACE = /[\s\u3000\u200b\ufeff]/;
// Dash-like characters left after NFKC (which already folds － ｰ ﹣ and U+2011).
const DASHES = /[\u2010\u2012\u2013\u2014\u2015\u2212\u2043\u2500\u2501]/g;
const CHOON_BETWEEN_DIGITS = /(?<=[0-9])ー+(?=[0-9])/g;

/** NFKC only when needed: most exported values are ASCII, and normalize() is costly at 460k rows. */
export function nfkc(value: string): string {
  return NON_ASCII.test(value) ? value.normalize('NFKC') : value;
}

/**
 * A display value as the person wrote it: trimmed, each inner run of white space kept as its
 * first character (a full-width space in 山田　太郎 stays full-width), empty → null.
 */
export function cleanDisplay(value: string | null | undefined): string | null {
  if (value == null) return null;
  // Most values hold no white space at all: three replaces each would be a tenth of a large import's parse.
  if (!ANY_WHITE_SPACE.test(value)) return value === '' ? null : value;
  const cleaned = value
    .replace(/^[\s\u3000\u200b\ufeff]+|[\s\u3000\u200b\ufeff]+$/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(WHITE_SPACE, (run) => run[0]!);
  return cleaned === '' ? null : cleaned;
}

const JAPANESE = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}々〆ヵヶ';
const SPACE_BETWEEN_JAPANESE = new RegExp(`(?<=[${JAPANESE}])[\\s\\u3000]+(?=[${JAPANESE}])`, 'gu');

/** A Japanese name as it reads in running text: 木村 涼子 → 木村涼子 (Latin names keep their spaces). */
export function runningTextName(name: string): string {
  return name.replace(SPACE_BETWEEN_JAPANESE, '');
}

/** An identifier (transaction, order, member): NFKC, no white space, empty → null. */
export function normalizeId(value: string | null | undefined): string | null {
  if (value == null) return null;
  const id = nfkc(value).replace(WHITE_SPACE, '');
  return id === '' ? null : id;
}

/**
 * Matching key for names and addresses (spec §4): NFKC, white space removed, every dash-like
 * character → '-', and ー between digits → '-'. NFKC runs first so that half-width ｰ in
 * katakana (ｺｰﾎﾟ) still equals ー (コーポ), while 1ｰ2 becomes 1-2.
 */
export function matchKey(value: string | null | undefined): string {
  if (value == null) return '';
  return nfkc(value).replace(WHITE_SPACE, '').replace(DASHES, '-').replace(CHOON_BETWEEN_DIGITS, '-');
}

/** Header matching (spec §2): NFKC, white space removed, lower case. */
export function headerKey(value: string): string {
  return nfkc(value).replace(WHITE_SPACE, '').toLowerCase();
}

/** Postal code as 7 digits, or null when it is not a mailable Japanese postal code. */
export function normalizePostalCode(value: string | null | undefined): string | null {
  if (value == null) return null;
  const digits = matchKey(value).replace(/[〒-]/g, '');
  return /^[0-9]{7}$/.test(digits) ? digits : null;
}

/** Phone number key: digits only (for near-duplicate detection). */
export function phoneKey(value: string | null | undefined): string {
  if (value == null) return '';
  return nfkc(value).replace(/[^0-9]/g, '');
}

export function emailKey(value: string | null | undefined): string {
  if (value == null) return '';
  return nfkc(value).replace(WHITE_SPACE, '').toLowerCase();
}

/**
 * Variant kanji of names and place names that people and systems write interchangeably (異体字),
 * each folded to the common form for search keys only: 髙橋 and 高橋 are the same search, but
 * the letter still prints what the person wrote. Not used for linking records into persons.
 * Compatibility ideographs (U+F900…) need no entry: NFKC in matchKey already folds them.
 */
export const KANJI_VARIANTS: ReadonlyArray<readonly [variant: string, common: string]> = [
  ['髙', '高'], ['﨑', '崎'], ['嵜', '崎'], ['碕', '崎'], ['邊', '辺'], ['邉', '辺'], ['齋', '斎'], ['齊', '斎'], ['斉', '斎'],
  ['濵', '浜'], ['濱', '浜'], ['德', '徳'], ['櫻', '桜'], ['澤', '沢'], ['淵', '渕'], ['嶋', '島'], ['嶌', '島'], ['冨', '富'],
  ['廣', '広'], ['國', '国'], ['榮', '栄'], ['惠', '恵'], ['瀨', '瀬'], ['眞', '真'], ['藏', '蔵'], ['實', '実'], ['龍', '竜'],
  ['峯', '峰'], ['槇', '槙'], ['曻', '昇'], ['彌', '弥'], ['萬', '万'],
];

const VARIANT_FOLD = new Map<string, string>(KANJI_VARIANTS);
const VARIANT_CHARS = new RegExp(`[${KANJI_VARIANTS.map(([v]) => v).join('')}]`, 'gu');

/** Search key of a name or an address: matchKey with variant kanji folded (髙橋 → 高橋). */
export function searchKey(value: string | null | undefined): string {
  return matchKey(value).replace(VARIANT_CHARS, (c) => VARIANT_FOLD.get(c) ?? c);
}
