// The 外字 check: every character a letter prints must have a glyph in the font, or the
// letter would carry blank boxes (tofu) in a person's name or address. Run before any
// rendering; such persons go to the review list instead of the printer.
import type { Font } from 'fontkit';
import { codePointLabel } from './fonts.js';
import type { GlyphReviewItem, LetterInput } from './types.js';

/** Characters that are laid out as space, not drawn. */
const NOT_DRAWN = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3000, 0xa0]);

/** Per font, whether it has each code point seen so far: letters repeat the same wording. */
const known = new WeakMap<Font, Map<number, boolean>>();

export function missingCodePoints(text: string, font: Font): number[] {
  let has = known.get(font);
  if (!has) known.set(font, (has = new Map()));
  const missing: number[] = [];
  // By index, not `for…of`: every letter's whole wording passes here, and iterating a string
  // makes a string per character (the largest share of the main thread's garbage in a batch).
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (NOT_DRAWN.has(cp)) continue;
    let present = has.get(cp);
    if (present === undefined) has.set(cp, (present = font.hasGlyphForCodePoint(cp)));
    if (!present && !missing.includes(cp)) missing.push(cp);
  }
  return missing;
}

/**
 * Missing glyphs of one letter: the person's fields first (so the review list names the
 * field), then every other printed string (wording, sender, contact desk) as `template`.
 */
export function checkLetterGlyphs(input: LetterInput, printed: readonly string[], fonts: readonly Font[]): GlyphReviewItem[] {
  const items: GlyphReviewItem[] = [];
  const seen = new Set<number>();
  const add = (field: string, text: string | null): void => {
    if (!text) return;
    for (const font of fonts) {
      for (const cp of missingCodePoints(text, font)) {
        if (seen.has(cp)) continue;
        seen.add(cp);
        items.push({ personId: input.personId, field, char: String.fromCodePoint(cp), codePoint: codePointLabel(cp) });
      }
    }
  };
  add('name', input.name);
  add('postalCode', input.postalCode);
  add('address1', input.address1);
  add('address2', input.address2);
  for (const p of input.payments) {
    add('payments', p.method);
    add('payments', p.cardLast4);
  }
  for (const text of printed) add('template', text);
  return items;
}
