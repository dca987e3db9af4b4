// Japan Post's customer barcode (カスタマバーコード), after the 郵便番号・バーコードマニュアル
// (pages p12, p17–p23; notes in shared/spec/customer-barcode.md). Three steps, each a pure function:
//   addressNumberOf(住所B)  the address number (住所表示番号) extracted by the p19 rules,
//   barcodeSymbols(code, n) STC + 20 data symbols (cut at 20, a letter's control code kept, CC4 pad) + check + SPC,
//   barcodeBars(symbols)    the 67 bars, and barRects() their rectangles for a given size in points.
// Splitting a full address into 住所A/住所B needs the postal data: see postal-data.ts.

export type BarcodeSymbol =
  | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '-'
  | 'CC1' | 'CC2' | 'CC3' | 'CC4' | 'CC5' | 'CC6' | 'CC7' | 'CC8' | 'STC' | 'SPC';

/** Long, semi-long reaching up, semi-long reaching down, timing (p10/p11 「4ステイト3バー」). */
export type Bar = 'L' | 'U' | 'D' | 'T';

const DATA_SYMBOLS = 20;
const POSTAL_DIGITS = 7;

// Value of each symbol for the check digit (p21): digits as themselves, '-' 10, CC1…CC8 11…18.
const VALUE_ORDER: BarcodeSymbol[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', 'CC1', 'CC2', 'CC3', 'CC4', 'CC5', 'CC6', 'CC7', 'CC8'];
const VALUE = new Map(VALUE_ORDER.map((symbol, value) => [symbol, value]));

const BARS: Record<BarcodeSymbol, string> = {
  '0': 'LTT', '1': 'LLT', '2': 'LDU', '3': 'DLU', '4': 'LUD', '5': 'LTL', '6': 'DUL', '7': 'ULD', '8': 'UDL', '9': 'TLL',
  '-': 'TLT', CC1: 'DUT', CC2: 'DTU', CC3: 'UDT', CC4: 'TDU', CC5: 'UTD', CC6: 'TUD', CC7: 'TTL', CC8: 'LLL',
  STC: 'LD', SPC: 'DL',
};

// ── address number ────────────────────────────────────────────────────────────────────────────

const KANJI_DIGITS: Record<string, number> = { '〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };
const KANJI_UNITS: Record<string, number> = { '十': 10, '百': 100, '千': 1000 };

/** 十一 → 11, 二十一 → 21, 百一 → 101, 二〇 → 20 (digit by digit when there is no 十/百/千). */
export function kanjiNumber(text: string): number {
  if (![...text].some((c) => c in KANJI_UNITS)) return Number([...text].map((c) => KANJI_DIGITS[c]).join(''));
  let total = 0;
  let current = 0;
  for (const c of text) {
    const unit = KANJI_UNITS[c];
    if (unit === undefined) current = current * 10 + (KANJI_DIGITS[c] ?? 0);
    else {
      total += (current || 1) * unit;
      current = 0;
    }
  }
  return total + current;
}

const KANJI_NUMERAL = '〇零一二三四五六七八九十百千';
/**
 * 補足1: a kanji numeral immediately before one of these is a number. 条 is added for the
 * postal data's town names (北六条東 = 北6条東); in a 住所B it is rare and then read as a number.
 */
const COUNTERS = '丁目|丁|番地|番|号|地割|線|の|ノ|条';
const KANJI_BEFORE_COUNTER = new RegExp(`[${KANJI_NUMERAL}]+(?=${COUNTERS})`, 'g');

/** Kanji numerals standing before 丁目/番地/号/… as arabic digits (one rule for the barcode and the address check). */
export function kanjiCountersToDigits(text: string): string {
  return text.replace(KANJI_BEFORE_COUNTER, (numeral) => String(kanjiNumber(numeral)));
}

type Token = { kind: 'digits' | 'letter'; text: string } | { kind: 'hyphen' } | { kind: 'other' };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /([0-9]+)|(-)|([A-Z]+)|([^0-9A-Z-]+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) out.push({ kind: 'digits', text: m[1] });
    else if (m[2]) out.push({ kind: 'hyphen' });
    else if (m[3]) {
      const previous = out[out.length - 1];
      // 補足2/3: an F right after a digit is a floor; it separates like any other character
      // (1F1号 → 1-1) and, with nothing after it, disappears (10F → 10).
      if (m[3] === 'F' && previous?.kind === 'digits') out.push({ kind: 'other' });
      // Basic rule 3/4: only single letters are data; a run of two or more is a separator.
      else out.push(m[3].length === 1 ? { kind: 'letter', text: m[3] } : { kind: 'other' });
    } else out.push({ kind: 'other' });
  }
  return out;
}

/**
 * The address number (住所表示番号) of the part of an address after its 町域 (住所B), by the
 * manual's p19 rules: upper case; & / ・ . deleted; kanji numerals before 丁目/番地/号/地割/線/の
 * as digits (others are dropped, as the manual says); digits, hyphens and single letters kept,
 * anything between them one hyphen; an F after a digit is a floor; no hyphen next to a letter.
 */
export function addressNumberOf(addressB: string): string {
  const text = kanjiCountersToDigits(
    addressB.normalize('NFKC').toUpperCase().replace(/[&/・.]/g, '').replace(/[\u2010-\u2015\u2212\u2043\u2500\u2501]/g, '-'),
  );
  let out = '';
  let separated = false;
  for (const token of tokens(text)) {
    if (token.kind === 'other' || token.kind === 'hyphen') {
      separated = true;
      continue;
    }
    if (separated && out !== '') out += '-';
    separated = false;
    out += token.text;
  }
  return out.replace(/-*([A-Z])-*/g, '$1');
}

// ── symbols ───────────────────────────────────────────────────────────────────────────────────

function letterSymbols(letter: string): [BarcodeSymbol, BarcodeSymbol] {
  const index = letter.charCodeAt(0) - 65;
  const control = (['CC1', 'CC2', 'CC3'] as const)[Math.floor(index / 10)]!;
  return [control, String(index % 10) as BarcodeSymbol];
}

/** p21: the check symbol makes the sum of the 20 data symbols' values a multiple of 19 (a sum already divisible → '0'). */
export function checkSymbol(data: readonly BarcodeSymbol[]): BarcodeSymbol {
  const sum = data.reduce((total, symbol) => total + VALUE.get(symbol)!, 0);
  return VALUE_ORDER[(19 - (sum % 19)) % 19]!;
}

/**
 * The 23 symbols for a 7-digit postal code and an address number (digits, '-', A–Z): each
 * letter becomes control code + digit, the data is cut after 20 symbols (a control code at
 * position 20 stays without its digit, p20), padded with CC4, then the check symbol.
 */
export function barcodeSymbols(postalCode: string, addressNumber: string): BarcodeSymbol[] {
  if (!/^[0-9]{7}$/.test(postalCode)) throw new RangeError(`postal code must be 7 digits: ${postalCode}`);
  if (!/^[0-9A-Z-]*$/.test(addressNumber)) throw new RangeError(`address number must be digits, '-' and A–Z: ${addressNumber}`);
  const data: BarcodeSymbol[] = [...postalCode].map((d) => d as BarcodeSymbol);
  for (const c of addressNumber) {
    if (/[A-Z]/.test(c)) data.push(...letterSymbols(c));
    else data.push(c as BarcodeSymbol);
  }
  data.length = Math.min(data.length, DATA_SYMBOLS);
  while (data.length < DATA_SYMBOLS) data.push('CC4');
  return ['STC', ...data, checkSymbol(data), 'SPC'];
}

/** The address number as it is encoded: what remains of it after the cut at 20 symbols (for display). */
export function encodedAddressNumber(symbols: readonly BarcodeSymbol[]): string {
  let out = '';
  const data = symbols.slice(1 + POSTAL_DIGITS, 1 + DATA_SYMBOLS);
  for (let i = 0; i < data.length; i++) {
    const s = data[i]!;
    if (s === 'CC4') break;
    if (s === 'CC1' || s === 'CC2' || s === 'CC3') {
      const digit = data[i + 1];
      if (digit === undefined || !/^[0-9]$/.test(digit)) break;
      out += String.fromCharCode(65 + (Number(s[2]) - 1) * 10 + Number(digit));
      i++;
    } else out += s;
  }
  return out;
}

// ── bars ──────────────────────────────────────────────────────────────────────────────────────

/** The 67 bars of a full symbol list (STC … SPC). */
export function barcodeBars(symbols: readonly BarcodeSymbol[]): Bar[] {
  return symbols.flatMap((symbol) => [...BARS[symbol]] as Bar[]);
}

const MM = 72 / 25.4;
/** Size limits of p12: the barcode is printed at 8–11.5 pt. */
export const BARCODE_MIN_PT = 8;
export const BARCODE_MAX_PT = 11.5;
/** p13: at least 2 mm blank on every side. */
export const BARCODE_QUIET_ZONE_PT = 2 * MM;

export interface BarcodeGeometry {
  /** Width of one bar (= one space) in points: 0.6 mm at 10 pt. */
  unit: number;
  /** Pitch between bars' left edges: 2 units. */
  pitch: number;
  /** Height of a long bar: 6 units. */
  height: number;
  /** Length of all bars: 66 pitches + one bar (79.8 mm at 10 pt). */
  width: number;
}

export function barcodeGeometry(sizePt: number): BarcodeGeometry {
  if (!(sizePt >= BARCODE_MIN_PT && sizePt <= BARCODE_MAX_PT)) {
    throw new RangeError(`barcode size must be ${BARCODE_MIN_PT}–${BARCODE_MAX_PT} pt: ${sizePt}`);
  }
  const unit = 0.6 * MM * (sizePt / 10);
  return { unit, pitch: 2 * unit, height: 6 * unit, width: 66 * 2 * unit + unit };
}

export interface BarRect { x: number; y: number; w: number; h: number }

/**
 * Rectangles (points, y downwards from the top of the long bars) for drawing: long 6 units,
 * semi-long 4 units from the top (U) or the bottom (D), timing 2 units in the middle.
 */
export function barRects(symbols: readonly BarcodeSymbol[], x: number, y: number, sizePt: number): BarRect[] {
  const { unit, pitch } = barcodeGeometry(sizePt);
  return barcodeBars(symbols).map((bar, i) => {
    const top = bar === 'L' || bar === 'U' ? 0 : 2 * unit;
    const bottom = bar === 'L' || bar === 'D' ? 6 * unit : 4 * unit;
    return { x: x + i * pitch, y: y + top, w: unit, h: bottom - top };
  });
}
