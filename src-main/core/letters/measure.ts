// Text widths from the font itself, cached per character and per Latin word. Widths are
// in font units per em (1000 for Noto), scaled to points by the caller's size, so one
// cache serves every size. Single characters use the glyph's advance (CJK has no kerning
// in horizontal text); words with Latin letters go through fontkit's shaper for kerning.
import type { Font } from 'fontkit';
import type { LetterFonts } from './fonts.js';

export type Face = 'regular' | 'bold';

export class Measurer {
  private readonly caches = new Map<Face, Map<string, number>>();

  constructor(private readonly fonts: LetterFonts) {}

  private font(face: Face): Font {
    return (face === 'bold' ? this.fonts.bold?.font : undefined) ?? this.fonts.regular.font;
  }

  /** Width in points of `text` at `size` in `face`. */
  width(text: string, face: Face, size: number): number {
    let cache = this.caches.get(face);
    if (!cache) this.caches.set(face, (cache = new Map()));
    let units = cache.get(text);
    if (units === undefined) {
      const font = this.font(face);
      const scale = 1000 / font.unitsPerEm;
      const cps = Array.from(text);
      if (cps.length === 1) {
        units = font.glyphForCodePoint(text.codePointAt(0)!).advanceWidth * scale;
      } else if (/^[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]*$/.test(text)) {
        units = 0;
        for (const ch of cps) units += this.width(ch, face, 1000);
      } else {
        units = font.layout(text).advanceWidth * scale;
      }
      cache.set(text, units);
    }
    return (units * size) / 1000;
  }

  /**
   * Width exactly as pdfkit will draw the string: shaped by fontkit (CJK punctuation pairs
   * are kerned) in runs that end at each space, as pdfkit's EmbeddedFont.layout splits
   * them. Used for justification, where the unit sums of the line breaker are a little wide.
   */
  shapedWidth(text: string, face: Face, size: number): number {
    const loaded = (face === 'bold' ? this.fonts.bold : undefined) ?? this.fonts.regular;
    let units = 0;
    let last = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length ? last < i : text[i] === ' ' || text[i] === '\t') {
        units += loaded.pdfFont.layout(text.slice(last, i + 1)).advanceWidth;
        last = i + 1;
      }
    }
    return (units * size) / loaded.font.unitsPerEm;
  }

  /** A measure function for the line breaker. */
  measureFor(face: Face, size: number): (text: string) => number {
    return (text) => this.width(text, face, size);
  }
}
