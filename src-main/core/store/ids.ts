// How persons and letters are named to people: P000123 and L000012, read back with or without the
// letter and the zeros. One parser for "a letter or a person" serves the CLI, the app and the
// returns list. Below persons/, tracking/ and mail/, so each can name IDs without the others.
// Wherever a person ID is taken, the person's お問い合わせ番号 is taken too (reference-number.ts).
import { InwError } from '../errors.js';
import { looksLikeReferenceNumber, parseReferenceNumber } from './reference-number.js';

export function formatPersonId(id: number): string {
  return `P${String(id).padStart(6, '0')}`;
}

export function formatLetterId(id: number): string {
  return `L${String(id).padStart(6, '0')}`;
}

/**
 * Accepts P000123, 123 or the person's お問い合わせ番号 (0001-2340, full-width too): staff
 * type whichever is in front of them. A bare number of 8 or more digits is a reference
 * number (person IDs are written with 6), so its check digit is verified.
 */
export function parsePersonId(text: string): number {
  const trimmed = text.trim();
  if (!/^P/i.test(trimmed) && looksLikeReferenceNumber(trimmed)) return parseReferenceNumber(trimmed);
  const m = /^P?0*(\d+)$/i.exec(trimmed);
  if (m) return Number(m[1]);
  throw new InwError('bad-person-id', `対象者ID「${text}」の形が正しくありません (例: P000123、またはお問い合わせ番号 0001-2340)。`);
}

/** Accepts L000012 or 12. */
export function parseLetterId(text: string): number {
  const m = /^L?0*(\d+)$/i.exec(text.trim());
  if (!m) throw new InwError('bad-letter-id', `通知書ID「${text}」の形が正しくありません (例: L000012)。`);
  return Number(m[1]);
}

export type LetterOrPerson = { letter: number; person?: undefined } | { person: number; letter?: undefined };

/** L000012 → that letter; P000123, a bare number or an お問い合わせ番号 → a person (whose newest letter the caller takes). */
export function parseLetterOrPerson(text: string): LetterOrPerson {
  if (!text.trim()) throw new InwError('letter-required', '通知書ID (L…)、対象者ID (P…) またはお問い合わせ番号を指定してください。');
  return /^L/i.test(text.trim()) ? { letter: parseLetterId(text) } : { person: parsePersonId(text) };
}
