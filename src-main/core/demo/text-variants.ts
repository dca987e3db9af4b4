// How real people and real exports write the same thing differently, and the spec §4
// matching key the generator uses to prove its own variants still group as one person.
// The key is written here from the spec text on purpose, independent of the import code,
// so the answer key (expected.json) does not inherit a bug from the code it checks.

const FULL_KATA = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォッャュョー・';
const HALF_KATA = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｯｬｭｮｰ･';

/** Full-width katakana → half-width (voiced marks split off, as old systems store them). */
export function toHalfWidthKana(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    if (ch === '\u3099') out += 'ﾞ';
    else if (ch === '\u309a') out += 'ﾟ';
    else if (ch === '\u3000' || ch === ' ') out += ' ';
    else {
      const i = FULL_KATA.indexOf(ch);
      out += i >= 0 ? HALF_KATA[i]! : ch;
    }
  }
  return out;
}

/** ASCII digits → full-width digits. */
export function toFullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** Replaces every ASCII hyphen (the generator only puts them between digits) with `dash`. */
export function replaceHyphens(text: string, dash: string): string {
  return text.replace(/-/g, dash);
}

/** Dashes people type between digits; all of them fold to '-' under spec §4. */
export const DIGIT_DASHES: readonly string[] = ['‐', '−', '－', 'ー', '―'];

// Spec §4: "NFKC, all white space removed, every dash-like character (‐ ‑ ‒ – — ― − － ｰ,
// and ー between digits) turned into -".
const SPEC_DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\uff70]/g;

export function specKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(SPEC_DASHES, '-')
    .replace(/(?<=[0-9])ー+(?=[0-9])/g, '-');
}

/** Spec §2 postal code: 7 digits after removing 〒, hyphens and spaces, else null. */
export function specPostal(text: string): string | null {
  const digits = specKey(text).replace(/[〒-]/g, '');
  return /^[0-9]{7}$/.test(digits) ? digits : null;
}

/** RFC 4180 field: quoted only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += csvField(fields[i]!);
  }
  return line + '\r\n';
}

/** 3000 → "3,000". */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
