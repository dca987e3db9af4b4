// How persons and letters are named to people: P000123 and L000012, read back with or without the
// letter and the zeros. One parser for "a letter or a person" serves the CLI, the app and the
// returns list. Below persons/, tracking/ and mail/, so each can name IDs without the others.
import { InwError } from '../errors.js';

export function formatPersonId(id: number): string {
  return `P${String(id).padStart(6, '0')}`;
}

export function formatLetterId(id: number): string {
  return `L${String(id).padStart(6, '0')}`;
}

/** Accepts P000123 or 123. */
export function parsePersonId(text: string): number {
  const m = /^P?0*(\d+)$/i.exec(text.trim());
  if (!m) throw new InwError('bad-person-id', `対象者ID「${text}」の形が正しくありません (例: P000123)。`);
  return Number(m[1]);
}

/** Accepts L000012 or 12. */
export function parseLetterId(text: string): number {
  const m = /^L?0*(\d+)$/i.exec(text.trim());
  if (!m) throw new InwError('bad-letter-id', `通知書ID「${text}」の形が正しくありません (例: L000012)。`);
  return Number(m[1]);
}

export type LetterOrPerson = { letter: number; person?: undefined } | { person: number; letter?: undefined };

/** L000012 → that letter; P000123 or a bare number → a person (whose newest letter the caller takes). */
export function parseLetterOrPerson(text: string): LetterOrPerson {
  if (!text.trim()) throw new InwError('letter-required', '通知書ID (L…) か対象者ID (P…) を指定してください。');
  return /^L/i.test(text.trim()) ? { letter: parseLetterId(text) } : { person: parsePersonId(text) };
}
