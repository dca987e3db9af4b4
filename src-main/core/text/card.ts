// Card data never enters the database in full: only the last 4 digits (and the brand) are
// kept, and any run of 13–19 digits that passes the Luhn check is masked in every value we
// keep or print. The digits are looked for after NFKC and across every separator people (or
// their IME) put between groups: white space of any kind (tabs, newlines, U+3000), every
// dash-like mark (U+2010–2015, U+2212, the long-vowel mark ー and half-width ｰ, ﹣ －), dots,
// slashes, underscores, commas, middle dots and invisible characters. A card number never
// starts with 0 (ISO/IEC 7812), which keeps Japanese phone numbers and dates from matching.
import { nfkc } from './normalize.js';

export const MASK_PREFIX = '****';

/**
 * Where a value comes from decides how eager the search is (README: 「カード番号の検出」):
 * - 'text': free text (names, addresses, notes, messages). A number may be glued to other
 *   digits ("T-0014111 1111 …"): windows may also cut into a digit group of 5 or more.
 *   Over-masking free text is the safe mistake.
 * - 'identifier': ID columns (取引ID, 会員番号 …), where a long numeric ID passes the Luhn check
 *   one time in ten by chance: only whole digit groups that start with a card network's
 *   prefix (any brand: Visa, Mastercard, Amex, JCB, Diners, Discover, UnionPay, Maestro, Mir,
 *   RuPay, Troy, UATP…) count.
 * - 'phone': a phone column. A value that is a Japanese phone number (0 or +81, 10–11 digits
 *   with the area code) with an optional extension of up to 6 digits is kept as written even
 *   when its digits pass the Luhn check; anything else is searched as free text.
 */
export type CardContext = 'text' | 'identifier' | 'phone';

// After NFKC: － ﹣ → '-', ｰ → ー, ． → '.', ／ → '/', ＿ → '_', ， → ',', ･ → ・, （ → (. Brackets,
// quotes and the ASCII marks * | # = ; + are rare between card groups but cost nothing to accept.
// Left out on purpose: wave dashes (〜 ~), which join the two dates of a period
// (2021/10/14〜2022/01/25), and the colon of a time (2021/11/01 10:00:00): with them a date
// would read as 14–16 digits, and one in ten passes the Luhn check.
const SEPARATORS = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x22, 0x23, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x3b, 0x3d, 0x5b, 0x5c,
  0x5d, 0x5f, 0x7b, 0x7c, 0x7d, 0x85, 0xa0, 0xad, 0xb7, 0x1680, 0x180e, 0x3008, 0x3009, 0x300a, 0x300b, 0x300c, 0x300d,
  0x300e, 0x300f, 0x3010, 0x3011, 0x3014, 0x3015,
  0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2024, 0x2027, 0x2043, 0x2044, 0x2212, 0x2215, 0x2219, 0x22c5, 0x2500, 0x2501,
  0x2796, 0x2e3a, 0x2e3b, 0x3000, 0x3001, 0x3002, 0x30fb, 0x30fc, 0xfeff,
  ...range(0x2000, 0x200f), 0x2028, 0x2029, 0x202f, 0x205f, 0x2060,
]);

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c++) out.push(c);
  return out;
}

// The zero of every Unicode decimal-digit block (\p{Nd}: Arabic-Indic, Devanagari, Thai,
// mathematical …): each is a run of 0–9 in order. NFKC already folds full-width digits.
const ND_ZEROS = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040,
  0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0,
  0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0,
  0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50, 0x11d50, 0x11da0, 0x11de0, 0x11f50,
  0x16130, 0x16a60, 0x16ac0, 0x16b50, 0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
  0x1e4f0, 0x1e5f1, 0x1e950, 0x1fbf0,
];
const DIGIT_VALUE = new Int8Array(0x20000).fill(-1);
for (const zero of [0x30, ...ND_ZEROS]) for (let d = 0; d < 10; d++) DIGIT_VALUE[zero + d] = d;
// Digits that NFKC folds to one ASCII digit (superscripts ⁴, subscripts ₄, circled ④ ❹ ➃,
// parenthesised ⑷, with a full stop ⒋ …): the values are NFKC-folded before the search, but
// the cheap pre-check reads the raw value and must count them too.
for (const [from, to] of [[0xb2, 0xb9], [0x2070, 0x2089], [0x2460, 0x24ff], [0x2776, 0x2793], [0x1f100, 0x1f10a]] as const) {
  for (let cp = from; cp <= to; cp++) {
    const folded = String.fromCodePoint(cp).normalize('NFKC').replace(/[().,\s]/g, '');
    if (/^[0-9]$/.test(folded)) DIGIT_VALUE[cp] = folded.charCodeAt(0) - 48;
  }
}

// Marks that are invisible or attach to the character before them (combining accents,
// variation selectors, tags, format characters) and blank fillers (Hangul filler, braille
// blank): between digits they only hide a number from a plain search, so they join groups.
const INVISIBLE = /^[\p{Mn}\p{Me}\p{Cf}\u115f\u1160\u2800\u3164\uffa0]$/u;

function isSeparator(cp: number): boolean {
  return SEPARATORS.has(cp) || (cp > 0x7f && INVISIBLE.test(String.fromCodePoint(cp)));
}

/** Digit value of any decimal digit, else -1. */
function digitValue(cp: number): number {
  return cp < 0x20000 ? DIGIT_VALUE[cp]! : -1;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && digits[0] !== '0' && luhnValid(digits);
}

// First match names the brand; the prefixes of every network we know, so that an ID column
// masks a Discover or Mir number as surely as a Visa one.
const BRANDS: Array<[RegExp, string]> = [
  [/^220[0-4]/, 'Mir'],
  [/^(5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/, 'Mastercard'],
  [/^4/, 'VISA'],
  [/^3[47]/, 'AMEX'],
  [/^35(2[89]|[3-8])/, 'JCB'],
  [/^3(0[0-5]|095|[689])/, 'Diners'],
  [/^(6011|64[4-9]|65|622(12[6-9]|1[3-9]\d|[2-8]\d\d|9[01]\d|92[0-5]))/, 'Discover'],
  [/^(62|81)/, 'UnionPay'],
  [/^(60|82|508|353|356)/, 'RuPay'],
  [/^(50|5[6-8]|6)/, 'Maestro'],
  [/^9792/, 'Troy'],
  [/^1\d{14}$/, 'UATP'],
];

export function cardBrandOf(digits: string): string | null {
  for (const [re, name] of BRANDS) if (re.test(digits)) return name;
  return null;
}

/** A card number with a card network's prefix: the test for identifier columns. */
export function looksLikeBrandedCardNumber(digits: string): boolean {
  return isCardNumber(digits) && cardBrandOf(digits) !== null;
}

interface DigitRun {
  digits: string;
  /** Index in the text of each digit's first and past-last code unit. */
  from: number[];
  to: number[];
  /** groupStart[k]: digit k begins a group; groupLen[k]: length of the group digit k is in. */
  groupStart: boolean[];
  groupLen: number[];
}

/** Runs of digits joined by separators, with at least 13 digits. */
function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let run: DigitRun | null = null;
  let groupFirst = 0;
  let afterSeparator = false;
  const close = () => {
    if (run !== null) {
      for (let k = groupFirst; k < run.digits.length; k++) run.groupLen[k] = run.digits.length - groupFirst;
      if (run.digits.length >= 13) runs.push(run);
    }
    run = null;
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const d = digitValue(cp);
    if (d >= 0) {
      if (run === null) {
        run = { digits: '', from: [], to: [], groupStart: [], groupLen: [] };
        groupFirst = 0;
        afterSeparator = true;
      }
      const r: DigitRun = run;
      if (afterSeparator) {
        for (let k = groupFirst; k < r.digits.length; k++) r.groupLen[k] = r.digits.length - groupFirst;
        groupFirst = r.digits.length;
      }
      r.groupStart.push(afterSeparator);
      r.digits += String.fromCharCode(48 + d);
      r.from.push(i);
      r.to.push(i + width);
      afterSeparator = false;
    } else if (run !== null && isSeparator(cp)) {
      afterSeparator = true;
    } else {
      close();
    }
    i += width;
  }
  close();
  return runs;
}

/** Digit ranges [start, end) of a run that hold a card number, merged where they overlap. */
function cardSpans(run: DigitRun, context: CardContext): Array<[number, number]> {
  const { digits, groupStart, groupLen } = run;
  const n = digits.length;
  const glued = context !== 'identifier';
  // A window may start where a group starts, or (free text) anywhere inside a long group.
  const canStart = (k: number) => groupStart[k]! || (glued && groupLen[k]! >= 5);
  const canEnd = (k: number) => k === n || groupStart[k]! || (glued && groupLen[k - 1]! >= 5);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i + 13 <= n; i++) {
    if (!canStart(i) || digits[i] === '0') continue;
    for (let j = Math.min(n, i + 19); j >= i + 13; j--) {
      if (!canEnd(j)) continue;
      const candidate = digits.slice(i, j);
      if (!luhnValid(candidate)) continue;
      if (context === 'identifier' && cardBrandOf(candidate) === null) continue;
      const last = spans[spans.length - 1];
      if (last && i <= last[1]) last[1] = Math.max(last[1], j);
      else spans.push([i, j]);
      break;
    }
  }
  return spans;
}

const JAPANESE_PHONE = /^(?:0|\+81)(?:[5789]0\d{8}|800\d{7}|[1-9]\d{8})(?:(?:内線|ext\.?|x|#)?\d{1,6})?$/i;

/** A Japanese phone number with an optional extension, written with any separators. */
export function isJapanesePhoneNumber(value: string): boolean {
  let compact = '';
  for (const ch of nfkc(value)) {
    const cp = ch.codePointAt(0)!;
    if (SEPARATORS.has(cp) || ch === '(' || ch === ')') continue;
    const d = digitValue(cp);
    compact += d >= 0 ? String(d) : ch;
  }
  return JAPANESE_PHONE.test(compact.replace(/^\+81(?=0)/, '+81'));
}

/**
 * Masks every full card number in a value; returns the value unchanged when there is none.
 * A masked value comes back NFKC-normalised, each number as ****1234 (its last 4 digits).
 * `context` (or `true` for 'identifier'): see CardContext.
 */
export function maskCardNumbers(value: string, context: CardContext | boolean = 'text'): { value: string; masked: number } {
  const ctx: CardContext = context === true ? 'identifier' : context === false ? 'text' : context;
  if (!hasThirteenDigits(value)) return { value, masked: 0 };
  if (ctx === 'phone' && isJapanesePhoneNumber(value)) return { value, masked: 0 };
  const text = nfkc(value);
  let out = '';
  let copied = 0;
  let masked = 0;
  for (const run of digitRuns(text)) {
    for (const [start, end] of cardSpans(run, ctx)) {
      out += text.slice(copied, run.from[start]) + MASK_PREFIX + run.digits.slice(end - 4, end);
      copied = run.to[end - 1]!;
      masked++;
    }
  }
  return masked > 0 ? { value: out + text.slice(copied), masked } : { value, masked: 0 };
}

/** The digits of every card number in a value (for `inw scan`, which compares findings). */
export function cardNumbersIn(value: string, context: CardContext = 'text'): string[] {
  if (!hasThirteenDigits(value)) return [];
  const out: string[] = [];
  for (const run of digitRuns(nfkc(value))) for (const [start, end] of cardSpans(run, context)) out.push(run.digits.slice(start, end));
  return out;
}

/** Cheap pre-check: fewer than 13 digits of any script cannot hold a card number. */
function hasThirteenDigits(value: string): boolean {
  if (value.length < 13) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair may be a mathematical or other astral digit: counted, to be safe.
    if (DIGIT_VALUE[c]! >= 0 || (c >= 0xd800 && c < 0xdc00)) {
      if (++digits >= 13) return true;
    }
  }
  return false;
}

export interface CardReduction {
  last4: string | null;
  brand: string | null;
  /** True when the value held a full card number. */
  hadFullNumber: boolean;
}

const BRAND_WORDS: Array<[RegExp, string]> = [
  [/visa/i, 'VISA'],
  [/master/i, 'Mastercard'],
  [/amex|american\s*express|アメックス|アメリカン/i, 'AMEX'],
  [/jcb/i, 'JCB'],
  [/diners|ダイナース/i, 'Diners'],
  [/discover|ディスカバー/i, 'Discover'],
  [/union\s*pay|銀聯|銀联|ユニオンペイ/i, 'UnionPay'],
  [/maestro|マエストロ/i, 'Maestro'],
  [/\bmir\b|ミール/i, 'Mir'],
];

/** The processors' usual masked form, e.g. ************1234: nothing to detect. */
const MASKED_FORM = /^[*xX•●＊]{4,15}(\d{4})$/;

/**
 * Reduces a card-number cell to its last 4 digits. Accepts full numbers (with any separators),
 * masked forms ("************1234", "4111-XXXX-XXXX-1111", "下4桁1234") and a brand word.
 */
export function reduceCardNumber(raw: string): CardReduction {
  const masked = MASKED_FORM.exec(raw);
  if (masked) return { last4: masked[1]!, brand: null, hadFullNumber: false };
  const text = nfkc(raw).trim();
  if (text === '') return { last4: null, brand: null, hadFullNumber: false };
  let brand: string | null = null;
  for (const [re, name] of BRAND_WORDS) if (re.test(text)) brand = name;
  const whole = digitRuns(text).find((r) => r.digits.length === countDigits(text) && isCardNumber(r.digits));
  if (whole) return { last4: whole.digits.slice(-4), brand: brand ?? cardBrandOf(whole.digits), hadFullNumber: true };
  const found = maskCardNumbers(text, 'text');
  const lastDigits = /(\d{4})\D*$/.exec(found.value);
  return { last4: lastDigits ? lastDigits[1]! : null, brand, hadFullNumber: found.masked > 0 };
}

function countDigits(text: string): number {
  let n = 0;
  for (const ch of text) if (digitValue(ch.codePointAt(0)!) >= 0) n++;
  return n;
}
