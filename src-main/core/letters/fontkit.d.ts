// The small part of fontkit 2 that the letters use (the package ships no types).
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>;
    advanceWidth: number;
    /** The OpenType script tag it was shaped with (detected from the text unless given). */
    script: string;
  }
  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    numGlyphs: number;
    ascent: number;
    descent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string, features?: string[] | Record<string, boolean>, script?: string): GlyphRun;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | { fonts: Font[] };
  export function openSync(path: string, postscriptName?: string): Font | { fonts: Font[] };
}
