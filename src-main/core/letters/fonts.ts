// Font loading for letters. The font path always comes in as an argument; only
// defaultFontPaths() knows where the npm package keeps Noto Serif JP (licence: SIL OFL
// 1.1, copied to assets/fonts/OFL.txt). A font file is parsed once per process and the
// parsed font is handed to every PDF document, so a batch never re-reads the 7 MB file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { LetterFontPaths } from './types.js';

export interface LoadedFont {
  path: string;
  font: fontkit.Font;
  /** The same font wrapped for pdfkit with caches shared by every document (see pdfkitFont). */
  pdfFont: fontkit.Font;
  /** SHA-256 of the file: part of every letter's input hash, so a new font re-renders. */
  sha256: string;
}

export interface LetterFonts {
  regular: LoadedFont;
  bold: LoadedFont | null;
}

/** Noto Serif JP Regular and Bold from the installed npm package (for the CLI and the app). */
export function defaultFontPaths(): Required<LetterFontPaths> {
  const require = createRequire(import.meta.url);
  const base = '@expo-google-fonts/noto-serif-jp';
  return {
    regular: require.resolve(`${base}/400Regular/NotoSerifJP_400Regular.ttf`),
    bold: require.resolve(`${base}/700Bold/NotoSerifJP_700Bold.ttf`),
  };
}

const cache = new Map<string, LoadedFont>();

export function loadFont(path: string): LoadedFont {
  const cached = cache.get(path);
  if (cached) return cached;
  const bytes = readFileSync(path);
  const created = fontkit.create(bytes);
  if ('fonts' in created) throw new Error(`${path}: a font collection; pass a single TTF/OTF font`);
  const loaded: LoadedFont = { path, font: created, pdfFont: pdfkitFont(created), sha256: createHash('sha256').update(bytes).digest('hex') };
  cache.set(path, loaded);
  return loaded;
}

const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * The font as pdfkit sees it, with two caches that pdfkit keeps per document and a batch
 * of one-letter files would otherwise rebuild for every file: shaped text runs (OpenType
 * GSUB/GPOS for the same template lines) and decoded glyph outlines (read again by every
 * subset). Output bytes are unchanged; pdfkit gets fresh position objects because it
 * scales them in place.
 */
function pdfkitFont(font: fontkit.Font): fontkit.Font {
  let runs = new Map<string, fontkit.GlyphRun>();
  const layout = (text: string, features?: string[] | Record<string, boolean>): fontkit.GlyphRun => {
    if (features !== undefined) return font.layout(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUT_CACHE_LIMIT) runs = new Map();
      run = font.layout(text);
      runs.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((w, p) => w + p.xAdvance, 0);
      },
    };
  };
  type Decodable = { _decode?: () => unknown; inwMemo?: true };
  const getGlyph = (gid: number, codePoints?: number[]): unknown => {
    const glyph = (font as unknown as { getGlyph(g: number, c?: number[]): Decodable }).getGlyph(gid, codePoints);
    if (glyph._decode && !glyph.inwMemo) {
      const decode = glyph._decode.bind(glyph);
      let decoded: unknown;
      let done = false;
      glyph._decode = () => {
        if (!done) {
          decoded = decode();
          done = true;
        }
        return decoded;
      };
      glyph.inwMemo = true;
    }
    return glyph;
  };
  return new Proxy(font, {
    get(target, key) {
      if (key === 'layout') return layout;
      if (key === 'getGlyph') return getGlyph;
      return Reflect.get(target, key, target);
    },
  });
}

export function loadLetterFonts(paths: LetterFontPaths): LetterFonts {
  return { regular: loadFont(paths.regular), bold: paths.bold ? loadFont(paths.bold) : null };
}

/** Formats a code point as U+XXXX. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
