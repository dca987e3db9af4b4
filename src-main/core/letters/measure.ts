// Text widths from the font itself, cached per character and per Latin word. Widths are
// in font units per em (1000 for Noto), scaled to points by the caller's size, so one
// cache serves every size. A run of only kana, kanji and full-width forms is measured as the
// sum of its glyphs' advances, without the shaper: the font's kerning tightens some CJK
// punctuation pairs (」「), so such a line is drawn a little narrower than measured, and
// justification measures the glyphs as drawn (shapedWidth). Text with Latin letters goes
// through fontkit's shaper for its kerning (in pieces, see shaping.ts).
import type { Font } from 'fontkit';
import type { LetterFonts } from './fonts.js';
import { BoundedCache } from '../bounded-cache.js';
import { PieceShaper } from './shaping.js';

export type Face = 'regular' | 'bold';

/** One glyph as drawn: advances and offsets in 1/1000 em. */
export interface ShapedGlyph {
  id: number;
  codePoints: number[];
  /** The glyph's own advance width (what the PDF font's width array says). */
  advance: number;
  /** The advance after shaping (kerning of CJK punctuation pairs and Latin). */
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** Entries per cache generation (see BoundedCache): a few letters' worth of names and figures. */
const CACHE_LIMIT = 2_000;

export class Measurer {
  private readonly caches = new Map<Face, BoundedCache<string, number>>();
  /** Per face, then per text (the lines drawn are the very strings the layout cached: their hashes are kept). */
  private readonly shapes = new Map<Face, BoundedCache<string, ShapedGlyph[]>>();
  private readonly shapers = new Map<Face, PieceShaper>();

  constructor(private readonly fonts: LetterFonts) {}

  private font(face: Face): Font {
    return (face === 'bold' ? this.fonts.bold?.font : undefined) ?? this.fonts.regular.font;
  }

  private shaper(face: Face): PieceShaper {
    let shaper = this.shapers.get(face);
    if (!shaper) this.shapers.set(face, (shaper = new PieceShaper(this.font(face))));
    return shaper;
  }

  /** Width in points of `text` at `size` in `face`. */
  width(text: string, face: Face, size: number): number {
    let cache = this.caches.get(face);
    if (!cache) this.caches.set(face, (cache = new BoundedCache(CACHE_LIMIT)));
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
        units = 0;
        for (const glyph of this.shaper(face).shape(text)) units += glyph.xAdvance;
        units *= scale;
      }
      cache.set(text, units);
    }
    return (units * size) / 1000;
  }

  /**
   * The glyphs that draw `text`, shaped by fontkit (OpenType kerning and substitutions) in
   * runs that end at each space, as pdfkit shapes text. Cached: a batch draws the same
   * template lines for every letter, and a line with a person's name in it is put together
   * from remembered pieces (shaping.ts).
   */
  shape(text: string, face: Face): readonly ShapedGlyph[] {
    let shapes = this.shapes.get(face);
    if (!shapes) this.shapes.set(face, (shapes = new BoundedCache(CACHE_LIMIT)));
    let glyphs = shapes.get(text);
    if (glyphs) return glyphs;
    const font = this.font(face);
    const shaper = this.shaper(face);
    const scale = 1000 / font.unitsPerEm;
    glyphs = [];
    let last = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length ? last < i : text[i] === ' ' || text[i] === '\t') {
        for (const glyph of shaper.shape(text.slice(last, i + 1))) {
          glyphs.push({
            id: glyph.id,
            codePoints: glyph.codePoints,
            advance: glyph.advanceWidth * scale,
            xAdvance: glyph.xAdvance * scale,
            xOffset: glyph.xOffset * scale,
            yOffset: glyph.yOffset * scale,
          });
        }
        last = i + 1;
      }
    }
    shapes.set(text, glyphs);
    return glyphs;
  }

  /** Width exactly as the text will be drawn (used for justification, where the unit sums of the line breaker are a little wide). */
  shapedWidth(text: string, face: Face, size: number): number {
    let units = 0;
    for (const glyph of this.shape(text, face)) units += glyph.xAdvance;
    return (units * size) / 1000;
  }

  /** A measure function for the line breaker. */
  measureFor(face: Face, size: number): (text: string) => number {
    return (text) => this.width(text, face, size);
  }
}
