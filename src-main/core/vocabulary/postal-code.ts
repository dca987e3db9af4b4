// How a postal code is written for people: 0600001 → 060-0001 (text, so the leading zero stays),
// 〒060-0001 where it stands alone. Letters, sheets, messages and the UI all write it this way.
// This folder imports nothing (the renderer bundles it).

const SEVEN_DIGITS = /^\d{7}$/;

/** 7 digits → 123-4567; anything else as given (null and '' → null). */
export function formatPostalCode(code: string): string;
export function formatPostalCode(code: string | null | undefined): string | null;
export function formatPostalCode(code: string | null | undefined): string | null {
  if (code == null || code === '') return null;
  return SEVEN_DIGITS.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}

/** 7 digits → 〒123-4567; anything else as given. */
export function postalMark(code: string): string {
  return SEVEN_DIGITS.test(code) ? `〒${formatPostalCode(code)}` : code;
}
