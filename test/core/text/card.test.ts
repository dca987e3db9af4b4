// The card-number detector: every spelling of a Luhn-valid 13–19-digit number is masked to its
// last 4 whatever the brand, and the false-positive rules (phone numbers, IDs, dates) hold.
import { describe, expect, it } from 'vitest';
import { isJapanesePhoneNumber, maskCardNumbers, reduceCardNumber } from '../../../src-main/core/index.js';

const VISA = '4111111111111111';
const MASTER = '5555555555554444';

/** Groups of 4 joined by `sep`, optionally in full-width digits. */
function spelled(number: string, sep: string, fullWidth = false): string {
  const digits = fullWidth ? [...number].map((d) => String.fromCharCode(0xff10 + Number(d))).join('') : number;
  return digits.match(/.{1,4}/g)!.join(sep);
}

export const SEPARATORS: Array<[string, string]> = [
  ['IME long-vowel mark ー', 'ー'], ['half-width ｰ', 'ｰ'], ['U+2010', '\u2010'], ['U+2011', '\u2011'], ['U+2012', '\u2012'],
  ['U+2013', '\u2013'], ['U+2014', '\u2014'], ['U+2015', '\u2015'], ['U+2212', '\u2212'], ['U+FE63', '\ufe63'], ['U+FF0D', '\uff0d'],
  ['dot', '.'], ['full-width dot', '．'], ['slash', '/'], ['full-width slash', '／'], ['underscore', '_'], ['full-width underscore', '＿'],
  ['double space', '  '], ['tab', '\t'], ['newline', '\n'], ['CRLF', '\r\n'], ['ideographic space', '\u3000'], ['no-break space', '\u00a0'],
  ['zero-width space', '\u200b'], ['middle dot', '・'], ['comma', ','], ['space-dash-space', ' - '],
  ['combining accent', '\u0301'], ['variation selector', '\ufe0f'], ['tag space', '\u{e0020}'], ['Hangul filler', '\u3164'],
  ['braille blank', '\u2800'], ['dakuten', '゛'], ['asterisk', '*'], ['pipe', '|'], ['hash', '#'], ['equals', '='], ['semicolon', ';'],
  ['plus', '+'], ['quote', '"'], ['parentheses', ')('], ['full-width parentheses', '）（'], ['lenticular brackets', '】【'],
];

describe('maskCardNumbers', () => {
  it.each(SEPARATORS)('finds a number written with %s between its groups', (_name, sep) => {
    for (const fullWidth of [false, true]) {
      const text = `カード ${spelled(VISA, sep, fullWidth)} で決済`;
      const { value, masked } = maskCardNumbers(text);
      expect(masked, JSON.stringify(text)).toBe(1);
      expect(value).toContain('****1111');
      expect(value.normalize('NFKC').replace(/\D/g, '')).not.toContain('41111111');
    }
  });

  it.each([
    ['Discover', '6011111111111117'], ['UnionPay', '6200000000000005'], ['Maestro', '5018000000000009'], ['Mir', '2200000000000004'],
    ['RuPay', '6070000000000002'], ['Troy', '9792000000000003'], ['UATP', '122000000000003'], ['JCB', '3530111333300000'],
  ])('masks a %s number in an ID column as surely as a Visa one', (_brand, number) => {
    expect(reduceCardNumber(number).hadFullNumber).toBe(true);
    expect(maskCardNumbers(number, 'identifier')).toEqual({ value: `****${number.slice(-4)}`, masked: 1 });
    expect(maskCardNumbers(spelled(number, 'ー', true), 'identifier').masked).toBe(1);
  });

  it('reduces a card column written with any separator to its last 4 and brand', () => {
    expect(reduceCardNumber(spelled(VISA, 'ー', true))).toEqual({ last4: '1111', brand: 'VISA', hadFullNumber: true });
    expect(reduceCardNumber(spelled(MASTER, '.'))).toEqual({ last4: '4444', brand: 'Mastercard', hadFullNumber: true });
    expect(reduceCardNumber('************1234')).toEqual({ last4: '1234', brand: null, hadFullNumber: false });
  });

  it('masks a number glued to other digits in free text, and digits of other scripts', () => {
    expect(maskCardNumbers(`T-001${VISA.slice(0, 4)} 1111 1111 1111`).value).toBe('T-001****1111');
    expect(maskCardNumbers('٤١١١١١١١١١١١١١١١').masked).toBe(1);
  });

  it('masks digits that NFKC folds: circled, superscript, parenthesised', () => {
    const circled = [...VISA].map((d) => String.fromCodePoint(0x2460 + Number(d) - 1)).join('');
    const superscript = [...VISA].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');
    const parenthesised = [...VISA].map((d) => String.fromCodePoint(0x2474 + Number(d) - 1)).join('');
    for (const text of [circled, superscript, parenthesised, `番号 ${circled} です`]) {
      expect(maskCardNumbers(text).masked, text).toBe(1);
      expect(reduceCardNumber(text).last4, text).toBe('1111');
    }
  });

  it('a date range or a date with its time is not read as a card number', () => {
    // 20211014 + 20220125 and 20211101 + 100000 would be 16 and 14 digits starting with 2.
    for (const text of ['2021/10/14〜2022/01/25', '2021/10/14~2022/01/25', '2021/11/01 10:00:00', '2021-11-01T10:00:00+09:00']) {
      expect(maskCardNumbers(text).masked, text).toBe(0);
    }
  });

  it('false positives: phone numbers (with an extension) and dates are kept', () => {
    // 13 digits that pass the Luhn check: a Tokyo number with a 3-digit extension.
    const phone = '03-1234-5678-105';
    expect(luhn(phone.replace(/\D/g, ''))).toBe(true);
    expect(isJapanesePhoneNumber(phone)).toBe(true);
    expect(maskCardNumbers(phone, 'phone')).toEqual({ value: phone, masked: 0 });
    expect(maskCardNumbers('+81 3 1234 5678 内線 105', 'phone').masked).toBe(0);
    // A card number in the phone column is not a phone number.
    expect(maskCardNumbers(spelled(VISA, '-'), 'phone').masked).toBe(1);
    expect(maskCardNumbers('2021/10/14 03-1234-5678').masked).toBe(0);
    // A long ID without a card network's prefix stays whole in an ID column.
    expect(maskCardNumbers('9000000000001', 'identifier').masked).toBe(0);
  });
});

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
