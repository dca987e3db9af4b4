// Japanese line breaking for horizontal text. A line may break between any two CJK
// characters; Latin words, numbers, e-mail addresses and URLs stay whole; kinsoku shori
// keeps closing punctuation, small kana and the prolonged sound mark off the start of a
// line and opening brackets off its end, by pushing characters to the next line (oidashi).
// Widths are in points; the caller supplies a measure so this module stays font-free.

/** Characters that must not start a line (行頭禁則). */
export const NO_LINE_START = new Set(Array.from('、。，．,.）)」』】〕〉》］｝!！?？ー々ゃゅょっぁぃぅぇぉゎャュョッァィゥェォヮヵヶ・：；:;‐゠〜～…‥ゝゞヽヾ'));
/** Characters that must not end a line (行末禁則). */
export const NO_LINE_END = new Set(Array.from('（(「『【〔〈《［｛'));

/**
 * Characters that join with their neighbours into one unbreakable unit: Latin letters,
 * digits and the punctuation found inside words, numbers, amounts, e-mail addresses and
 * URLs (a.b@c-d.jp, 1,234, ••••1234, 03-1234-5678).
 */
const WORD_CHAR = /[A-Za-z0-9@._\-+/:%#&=~'’•,¥$*]/;
/** A unit suffix that stays with the number before it (1,000円, 20%). */
const NUMBER_SUFFIX = new Set(['円', '%', '％', '件', '回']);

export interface Unit {
  text: string;
  width: number;
  /** A space: a break opportunity that disappears at a line edge. */
  space: boolean;
}

export interface BrokenLine {
  text: string;
  /** Natural width of the text (points). */
  width: number;
  /** True for the last line of the paragraph (not justified). */
  last: boolean;
}

export type Measure = (text: string) => number;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u00a0';
}

/** Splits a paragraph into unbreakable units (code points, so 𠮷 is one character). */
export function tokenize(text: string, measure: Measure): Unit[] {
  const units: Unit[] = [];
  const chars = Array.from(text);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (isSpace(ch)) {
      let j = i;
      while (j < chars.length && isSpace(chars[j]!)) j++;
      units.push({ text: ' ', width: measure(' '), space: true });
      i = j;
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let j = i;
      while (j < chars.length && WORD_CHAR.test(chars[j]!)) j++;
      // Trailing sentence punctuation (a full stop after an address) is not part of the word.
      while (j - 1 > i && /[.,:]/.test(chars[j - 1]!)) j--;
      let word = chars.slice(i, j).join('');
      if (/[0-9]$/.test(word) && j < chars.length && NUMBER_SUFFIX.has(chars[j]!)) word += chars[j++]!;
      units.push({ text: word, width: measure(word), space: false });
      i = j;
      continue;
    }
    units.push({ text: ch, width: measure(ch), space: false });
    i++;
  }
  return units;
}

function firstChar(s: string): string {
  return String.fromCodePoint(s.codePointAt(0) ?? 32);
}

function lastChar(s: string): string {
  const chars = Array.from(s);
  return chars[chars.length - 1] ?? '';
}

/** May a line break between units a and b? */
export function canBreakBetween(a: Unit, b: Unit): boolean {
  if (a.space || b.space) return true;
  if (NO_LINE_START.has(firstChar(b.text))) return false;
  if (NO_LINE_END.has(lastChar(a.text))) return false;
  // Runs of the same dash or leader (——, ……) stay together.
  if (a.text === b.text && /^[—―…‥]$/.test(a.text)) return false;
  return true;
}

function joinUnits(units: Unit[]): { text: string; width: number } {
  let start = 0;
  let end = units.length;
  while (start < end && units[start]!.space) start++;
  while (end > start && units[end - 1]!.space) end--;
  let text = '';
  let width = 0;
  for (let k = start; k < end; k++) {
    text += units[k]!.text;
    width += units[k]!.width;
  }
  return { text, width };
}

/**
 * Breaks a paragraph into lines. `firstWidth` applies to the first line (after an indent),
 * `width` to the rest. A unit wider than a whole line (a very long address) is split by
 * characters as a last resort rather than overflowing the margin.
 */
export function breakLines(text: string, measure: Measure, width: number, firstWidth = width): BrokenLine[] {
  const units = tokenize(text, measure);
  const lines: BrokenLine[] = [];
  let start = 0;
  while (start < units.length) {
    while (start < units.length && units[start]!.space) start++;
    if (start >= units.length) break;
    const avail = lines.length === 0 ? firstWidth : width;
    let used = 0;
    let end = start;
    while (end < units.length) {
      const u = units[end]!;
      if (!u.space && used + u.width > avail + 1e-6) break;
      used += u.width;
      end++;
    }
    if (end >= units.length) {
      const { text: t, width: w } = joinUnits(units.slice(start));
      lines.push({ text: t, width: w, last: true });
      break;
    }
    // Back up to the last allowed break at or before `end` (oidashi).
    let brk = end;
    while (brk > start && !canBreakBetween(units[brk - 1]!, units[brk]!)) brk--;
    if (brk === start) {
      // No allowed break fits: split the first unit by characters (never cut text off).
      const unit = units[start]!;
      if (end === start) {
        const chars = Array.from(unit.text);
        let head = '';
        let k = 0;
        while (k < chars.length - 1 && measure(head + chars[k]!) <= avail) head += chars[k++]!;
        if (head === '') head = chars[k++] ?? '';
        const rest = chars.slice(k).join('');
        units.splice(start, 1, { text: head, width: measure(head), space: false }, { text: rest, width: measure(rest), space: false });
        brk = start + 1;
      } else {
        // The run cannot be broken legally inside the line: break at the overflow point.
        brk = end;
      }
    }
    const { text: t, width: w } = joinUnits(units.slice(start, brk));
    lines.push({ text: t, width: w, last: false });
    start = brk;
  }
  if (lines.length === 0) lines.push({ text: '', width: 0, last: true });
  return lines;
}
