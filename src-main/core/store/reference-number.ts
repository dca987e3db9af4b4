// お問い合わせ番号: the number printed on every letter that a person quotes on the phone or
// that staff scan from a returned envelope. It is the person ID (persons.id, stable once
// linked) padded to 7 digits, followed by one Damm check digit, read in groups of four from
// the right: person 1234 → 0001-2340. The Damm check catches every single wrong digit and
// every swap of two adjacent digits, so a mistyped number is refused instead of finding
// someone else. Digits only, so it can be read aloud, typed on a phone keypad and scanned.
import { InwError } from '../errors.js';
import { nfkc } from '../text/normalize.js';

/** Digits before the check digit; IDs beyond 9,999,999 simply get longer numbers. */
const BODY_DIGITS = 7;
const GROUP = 4;

// The Damm quasigroup of order 10 (weakly totally anti-symmetric, zeros on the diagonal).
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of a string of ASCII digits; 0 for digits that end in their own check digit. */
export function dammCheckDigit(digits: string): number {
  let interim = 0;
  for (const c of digits) interim = DAMM[interim]![c.charCodeAt(0) - 48]!;
  return interim;
}

function group(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= GROUP) groups.unshift(digits.slice(Math.max(0, end - GROUP), end));
  return groups.join('-');
}

/** Person 1234 → "0001-2340". */
export function referenceNumberOf(personId: number): string {
  if (!Number.isSafeInteger(personId) || personId < 1) {
    throw new InwError('bad-person-id', `対象者ID ${personId} からお問い合わせ番号は作れません。`);
  }
  const body = String(personId).padStart(BODY_DIGITS, '0');
  return group(`${body}${dammCheckDigit(body)}`);
}

// Separators people type or scanners send between the groups: hyphens of every width and
// dash-like marks (NFKC has already folded － and ｰ), and white space of every width.
const SEPARATORS = /[\s\u3000\-\u2010-\u2015\u2212\u30fc]+/g;

/** The digits of what was typed or scanned (full-width folded, separators removed). */
function referenceDigits(text: string): string {
  return nfkc(text).replace(SEPARATORS, '');
}

/** True when the text is shaped like a reference number (8 or more digits, separators allowed), check digit not yet verified. */
export function looksLikeReferenceNumber(text: string): boolean {
  const digits = referenceDigits(text.trim());
  return digits.length > BODY_DIGITS && /^[0-9]+$/.test(digits);
}

/**
 * The person ID of a typed or scanned reference number: accepts ０００１－２３４０, 0001 2340,
 * 00012340. A wrong check digit is refused with its own code and message, so a caller can
 * tell a mistyped number from one that belongs to nobody.
 */
export function parseReferenceNumber(text: string): number {
  const shown = text.trim();
  const digits = referenceDigits(shown);
  if (digits === '') throw new InwError('bad-reference-number', 'お問い合わせ番号を入力してください (例: 0001-2340)。');
  const stray = /[^0-9]/.exec(digits);
  if (stray) {
    throw new InwError('bad-reference-number', `お問い合わせ番号「${shown}」に数字以外の文字「${stray[0]}」があります。お問い合わせ番号は数字だけです (例: 0001-2340)。`);
  }
  if (digits.length <= BODY_DIGITS) {
    throw new InwError('bad-reference-number', `お問い合わせ番号「${shown}」は${digits.length}桁です。手紙に印字された${BODY_DIGITS + 1}桁の番号をすべて入力してください (例: 0001-2340)。`);
  }
  if (dammCheckDigit(digits) !== 0) {
    throw new InwError('reference-check-failed', `お問い合わせ番号「${shown}」は確認数字が合いません。数字の読み違い・打ち間違い (1桁の誤りや隣り合う数字の入れ替え) がないか、手紙に印字された番号をもう一度確かめてください。`);
  }
  const id = Number(digits.slice(0, -1));
  if (!Number.isSafeInteger(id) || id < 1) throw new InwError('bad-reference-number', `お問い合わせ番号「${shown}」に当たる対象者はいません。`);
  return id;
}
