// Card data never enters the database in full: only the last 4 digits (and the brand) are
// kept, and any run of 13–19 digits that passes the Luhn check is masked in every value.
import { nfkc } from './normalize.js';

// Digits with optional single space or hyphen separators ("4111 1111 1111 1111").
const DIGIT_RUN = /\d(?:[ \-]?\d){12,}/g;
const HAS_LONG_DIGITS = /\d(?:[ \-]?\d){12}/;

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
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
}

export const MASK_PREFIX = '****';

/** A card number with a real brand's prefix: the test for identifier columns, where a long
 * numeric ID passes the Luhn check one time in ten by chance. */
export function looksLikeBrandedCardNumber(digits: string): boolean {
  return isCardNumber(digits) && BRANDS.some(([re]) => re.test(digits));
}

/**
 * Masks every full card number in a value; returns the value unchanged when there is none.
 * `identifier`: only numbers with a card brand's prefix count (see looksLikeBrandedCardNumber).
 */
export function maskCardNumbers(value: string, identifier = false): { value: string; masked: number } {
  const text = nfkc(value);
  if (!HAS_LONG_DIGITS.test(text)) return { value, masked: 0 };
  let masked = 0;
  const isCard = identifier ? looksLikeBrandedCardNumber : isCardNumber;
  const out = text.replace(DIGIT_RUN, (run) => {
    // A run may glue card numbers to neighbouring digits through separators ("T1 4111 …",
    // two numbers in a row): mask every span of whole separator-delimited groups that is one.
    const tokens = run.split(/([ \-])/);
    const parts = tokens.filter((_, i) => i % 2 === 0);
    let result = '';
    let start = 0;
    while (start < parts.length) {
      let found = 0;
      for (let length = parts.length - start; length >= 1 && found === 0; length--) {
        const digits = parts.slice(start, start + length).join('');
        if (digits.length >= 13 && digits.length <= 19 && isCard(digits)) found = length;
      }
      if (start > 0) result += tokens[start * 2 - 1];
      if (found > 0) {
        masked++;
        result += MASK_PREFIX + parts.slice(start, start + found).join('').slice(-4);
        start += found;
      } else {
        result += parts[start];
        start++;
      }
    }
    return result;
  });
  return masked > 0 ? { value: out, masked } : { value, masked: 0 };
}

export interface CardReduction {
  last4: string | null;
  brand: string | null;
  /** True when the value held a full card number. */
  hadFullNumber: boolean;
}

const BRANDS: Array<[RegExp, string]> = [
  [/^4/, 'VISA'],
  [/^(5[1-5]|2(2[2-9][1-9]|2[3-9]|[3-6]|7[01]|720))/, 'Mastercard'],
  [/^3[47]/, 'AMEX'],
  [/^35(2[89]|[3-8])/, 'JCB'],
  [/^3(0[0-5]|[689])/, 'Diners'],
];

const BRAND_WORDS: Array<[RegExp, string]> = [
  [/visa/i, 'VISA'],
  [/master/i, 'Mastercard'],
  [/amex|american\s*express|アメックス|アメリカン/i, 'AMEX'],
  [/jcb/i, 'JCB'],
  [/diners|ダイナース/i, 'Diners'],
];

/**
 * Reduces a card-number cell to its last 4 digits. Accepts full numbers, masked forms
 * ("************1234", "4111-XXXX-XXXX-1111", "下4桁1234") and a brand word.
 */
const MASKED_FORM = /^[*xX•●＊]{4,15}(\d{4})$/;

export function reduceCardNumber(raw: string): CardReduction {
  // The processors' usual masked form, e.g. ************1234: nothing to detect.
  const masked = MASKED_FORM.exec(raw);
  if (masked) return { last4: masked[1]!, brand: null, hadFullNumber: false };
  const text = nfkc(raw).trim();
  if (text === '') return { last4: null, brand: null, hadFullNumber: false };
  const digitsOnly = text.replace(/[ \-]/g, '');
  let brand: string | null = null;
  for (const [re, name] of BRAND_WORDS) if (re.test(text)) brand = name;
  if (/^\d+$/.test(digitsOnly) && isCardNumber(digitsOnly)) {
    if (!brand) for (const [re, name] of BRANDS) if (re.test(digitsOnly)) { brand = name; break; }
    return { last4: digitsOnly.slice(-4), brand, hadFullNumber: true };
  }
  const lastDigits = /(\d{4})\D*$/.exec(text);
  const hadFullNumber = maskCardNumbers(text).masked > 0;
  return { last4: lastDigits ? lastDigits[1]! : null, brand, hadFullNumber };
}
