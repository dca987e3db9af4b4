// Excel number formats, as far as an import needs them: is a cell a date, and what text does
// Excel show for a number (a postal code kept as 600001 with format 000-0000 shows 060-0001;
// a phone number with 00000000000 shows its leading 0). Fractions, scientific notation and
// text sections are shown as the plain number: no identifier is written that way.

/** Built-in formats (ECMA-376 §18.8.30 and the Japanese locale's 27–36, 50–58) that are dates. */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Built-in number formats whose code is fixed (ids missing here show as General). */
const BUILTIN_CODES: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 49: '@',
};

/** The format code with quoted text, escapes and bracketed parts removed: what is left decides. */
function bare(code: string): string {
  return code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
}

export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILTIN_DATE_IDS.has(id);
  // Fractions of a second (ss.000) are the only digit placeholders a date format has.
  const plain = bare(code.split(';')[0]!).replace(/General/gi, '').replace(/(s)\.0+/gi, '$1');
  if (/[0#?]/.test(plain)) return false;
  return /[ymdhsge]/i.test(plain);
}

export function formatCode(id: number, custom: string | undefined): string | undefined {
  return custom ?? BUILTIN_CODES[id];
}

const CONDITION = /^\[(<=|>=|<>|<|>|=)(-?[\d.]+)\]/;

function meets(value: number, op: string, limit: number): boolean {
  switch (op) {
    case '<': return value < limit;
    case '<=': return value <= limit;
    case '>': return value > limit;
    case '>=': return value >= limit;
    case '=': return value === limit;
    default: return value !== limit;
  }
}

/** Chooses the section Excel uses for the value; `negate` when the section shows a negative without its sign. */
function section(code: string, value: number): { part: string; negate: boolean } {
  const parts = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (parts.some((p) => CONDITION.test(p))) {
    for (const [i, p] of parts.entries()) {
      const m = CONDITION.exec(p);
      if (m ? meets(value, m[1]!, Number(m[2])) : i === parts.length - 1 || i === 2) return { part: p, negate: false };
    }
    return { part: parts.at(-1)!, negate: false };
  }
  if (value < 0 && parts.length >= 2) return { part: parts[1]!, negate: true };
  if (value === 0 && parts.length >= 3) return { part: parts[2]!, negate: false };
  return { part: parts[0]!, negate: false };
}

/**
 * The text Excel shows for a number under a (non-date) format, or null when the format is one
 * this reader does not draw (the caller then uses the plain number).
 */
export function formatNumber(value: number, code: string): string | null {
  if (!Number.isFinite(value)) return null;
  const chosen = section(code, value);
  let part = chosen.part.replace(/^(\[[^\]]*\])+/, '');
  if (part === 'General' || part === '@' || part === '') return null;
  const plain = bare(part);
  if (/[eE/?]/.test(plain) || !/[0#]/.test(plain)) return null;
  let v = chosen.negate ? Math.abs(value) : value;
  if (plain.includes('%')) v *= 100;
  // Commas right after the last digit placeholder scale by 1,000 each.
  const scale = /[0#](,+)(?:[^0#,]|$)/.exec(plain);
  if (scale) v /= 1000 ** scale[1]!.length;
  const point = plain.indexOf('.');
  const decimals = point < 0 ? 0 : (plain.slice(point + 1).match(/[0#]/g) ?? []).length;
  const grouped = /[0#],[0#]/.test(plain);
  const [intDigits, fracDigits = ''] = Math.abs(v).toFixed(decimals).split('.');
  const negative = v < 0 && Number(intDigits) + Number(fracDigits || 0) > 0;
  // Walk the format: literals stay, digit placeholders take the digits from the right.
  const tokens: Array<{ literal: string } | { digit: '0' | '#'; frac: boolean }> = [];
  let inFrac = false;
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '"') {
      const end = part.indexOf('"', i + 1);
      tokens.push({ literal: part.slice(i + 1, end < 0 ? part.length : end) });
      i = end < 0 ? part.length : end;
    } else if (c === '\\') {
      tokens.push({ literal: part[i + 1] ?? '' });
      i++;
    } else if (c === '[') {
      i = Math.max(i, part.indexOf(']', i));
    } else if (c === '_') {
      tokens.push({ literal: ' ' });
      i++;
    } else if (c === '*') {
      i++;
    } else if (c === '0' || c === '#') {
      tokens.push({ digit: c, frac: inFrac });
    } else if (c === '.') {
      inFrac = true;
      if (decimals > 0) tokens.push({ literal: '.' });
    } else if (c === ',') {
      // grouping or scaling: drawn below
    } else {
      tokens.push({ literal: c });
    }
  }
  const slots = tokens.filter((t): t is { digit: '0' | '#'; frac: boolean } => 'digit' in t && !t.frac);
  const intText = intDigits === '0' && slots.every((t) => t.digit === '#') ? '' : intDigits!;
  // Integer digits fill the placeholders from the right; the leftmost one takes all that is left.
  const filled = new Map<object, string>();
  slots.forEach((slot, s) => {
    const fromRight = slots.length - 1 - s;
    const at = intText.length - 1 - fromRight;
    const own = at >= 0 ? intText[at]! : slot.digit === '0' ? '0' : '';
    filled.set(slot, s === 0 && at > 0 ? intText.slice(0, at + 1) : own);
  });
  let fracIndex = 0;
  let out = '';
  for (const t of tokens) {
    if ('literal' in t) out += t.literal;
    else if (!t.frac) out += filled.get(t) ?? '';
    else {
      // A trailing # shows nothing for trailing zeros.
      const d = fracDigits[fracIndex++] ?? '';
      out += t.digit === '#' && /^0*$/.test(fracDigits.slice(fracIndex - 1)) ? '' : d;
    }
  }
  if (grouped) out = out.replace(/\d+/, (run) => run.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  return negative && !chosen.negate ? `-${out}` : out;
}
