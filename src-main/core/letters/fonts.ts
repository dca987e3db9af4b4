// Font loading for letters. The font path always comes in as an argument; only
// defaultFontPaths() knows where the npm package keeps Noto Serif JP (licence: SIL OFL
// 1.1, copied to assets/fonts/OFL.txt). A font file is parsed once per process and the
// parsed font is handed to every PDF document, so a batch never re-reads the 7 MB file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import { fontkit as loadFontkit } from '../heavy-modules.js';
import type { LetterFontPaths } from './types.js';
import { InwError } from '../errors.js';

export interface LoadedFont {
  path: string;
  font: fontkit.Font;
  /** The same font with decoded glyph outlines kept, for subsetting (see subsettableFont). */
  pdfFont: fontkit.Font;
  /** The file's bytes (fontkit reads from the same buffer): TrueType subsets are cut from them. */
  bytes: Uint8Array;
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
  const created = loadFontkit().create(bytes);
  if ('fonts' in created) throw new InwError('font-collection', `${path}: フォントコレクション (TTC) は使えません。TTF か OTF のフォントを1つ指定してください。`);
  const loaded: LoadedFont = { path, font: created, pdfFont: subsettableFont(created), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  cache.set(path, loaded);
  return loaded;
}

/**
 * The font as the PDF writer subsets it, with each glyph's decoded outline kept: every
 * per-person file encodes a subset, and fontkit would otherwise decode the same outlines
 * again for each one. Output bytes are unchanged.
 */
function subsettableFont(font: fontkit.Font): fontkit.Font {
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
