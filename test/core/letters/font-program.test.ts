// The embedded TrueType programs on a coarser em: every outline point stays within half a unit
// of the new em of where the font draws it (a third of a 600 dpi printer dot at 9.8 pt), advances
// scale with it, hinting is gone, and the file is a well-formed sfnt (table checksums and the
// whole-font checksum). LiberationSans (pdfjs-dist's, npm only) stands in for a hinted font of
// another em with composite glyphs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_UNITS_PER_EM, TrueTypeSubsetter } from '../../../src-main/core/letters/font-program.js';
import { renderLetterPreview } from '../../../src-main/core/letters/render.js';
import { LETTER_DATE, fontPaths, incident, personBoth } from './fixtures.js';

interface PathCommand {
  command: string;
  args: number[];
}
interface FullFont extends fontkit.Font {
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
  getGlyph(id: number): { path: { commands: PathCommand[] }; advanceWidth: number; _decode(): { numberOfContours: number; instructions?: unknown[] } | null };
  directory: { tables: Record<string, { offset: number; length: number; checkSum: number }> };
}

function open(bytes: Uint8Array): FullFont {
  return fontkit.create(bytes) as FullFont;
}

/** The glyphs of these characters in order of first use, .notdef first, as a letter's subset numbers them. */
function glyphIds(font: fontkit.Font, text: string): number[] {
  const ids = [0];
  for (const ch of text) {
    const id = font.glyphForCodePoint(ch.codePointAt(0)!).id;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A subset of these characters' glyphs as the letters embed one, and as fontkit subsets it (the reference). */
function subsetOf(file: string, text: string, subsetter = new TrueTypeSubsetter(readFileSync(file))): { original: FullFont; compact: FullFont; bytes: Uint8Array } {
  const font = open(readFileSync(file));
  const reference = font.createSubset();
  const ids = glyphIds(font, text);
  for (const id of ids) reference.includeGlyph(id);
  const bytes = subsetter.program(ids);
  return { original: open(reference.encode()), compact: open(bytes), bytes };
}

/** The largest distance, in units of the compact em, between each glyph's outline before and after. */
function worstShift(original: FullFont, compact: FullFont): number {
  expect(compact.numGlyphs).toBe(original.numGlyphs);
  const factor = original.unitsPerEm / compact.unitsPerEm;
  let worst = 0;
  for (let g = 0; g < original.numGlyphs; g++) {
    const a = original.getGlyph(g).path.commands;
    const b = compact.getGlyph(g).path.commands;
    expect(b.map((c) => c.command)).toEqual(a.map((c) => c.command));
    a.forEach((c, i) => c.args.forEach((v, j) => (worst = Math.max(worst, Math.abs(v / factor - b[i]!.args[j]!)))));
    expect(Math.abs(compact.getGlyph(g).advanceWidth - original.getGlyph(g).advanceWidth / factor)).toBeLessThanOrEqual(0.5);
  }
  return worst;
}

function sfntChecksum(bytes: Uint8Array, offset = 0, length = bytes.length): number {
  const padded = new Uint8Array(Math.ceil(length / 4) * 4);
  padded.set(bytes.subarray(offset, offset + length));
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

const JAPANESE = 'クレジットカード情報流出に関するお詫びとお知らせ拝啓髙橋〒0123456789-ABCxyz（）「」、。';

describe('embedded font programs', () => {
  it('moves no outline point of Noto Serif JP by more than half a unit of the new em', () => {
    for (const file of [fontPaths.regular, fontPaths.bold]) {
      const { original, compact } = subsetOf(file, JAPANESE);
      expect(original.unitsPerEm).toBe(1000);
      expect(compact.unitsPerEm).toBe(EMBEDDED_UNITS_PER_EM);
      expect(worstShift(original, compact)).toBeLessThanOrEqual(0.5);
    }
  });

  it('scales a hinted font of another em with composite glyphs, and drops its hinting', () => {
    const liberation = createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
    // Å, é, ñ are composites (base letter + accent), ffi none: both kinds are in the subset.
    const { original, compact, bytes } = subsetOf(liberation, 'AÅéñxyz019 ');
    expect(original.unitsPerEm).toBe(2048);
    expect(Object.keys(original.directory.tables)).toEqual(expect.arrayContaining(['fpgm', 'prep', 'cvt ']));
    const composites = Array.from({ length: original.numGlyphs }, (_, g) => g).filter((g) => (original.getGlyph(g)._decode()?.numberOfContours ?? 0) < 0);
    expect(composites.length).toBeGreaterThan(0);
    // A composite's offset is rounded apart from its component's points: up to one unit.
    expect(worstShift(original, compact)).toBeLessThanOrEqual(1);
    expect(Object.keys(compact.directory.tables).sort()).toEqual(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']);
    for (let g = 0; g < compact.numGlyphs; g++) expect(compact.getGlyph(g)._decode()?.instructions ?? []).toEqual([]);
    for (const table of Object.values(compact.directory.tables)) {
      const head = table === compact.directory.tables.head;
      const stored = sfntChecksum(bytes, table.offset, table.length);
      // head's checksum is taken with its checkSumAdjustment (bytes 8–11) as zero.
      const adjustment = new DataView(bytes.buffer, bytes.byteOffset).getUint32(table.offset + 8);
      expect(head ? (stored - adjustment) >>> 0 : stored).toBe(table.checkSum);
    }
    expect(sfntChecksum(bytes)).toBe(0xb1b0afba);
  });

  it('gives the same bytes for the same subset', () => {
    expect(Buffer.from(subsetOf(fontPaths.regular, JAPANESE).bytes)).toEqual(Buffer.from(subsetOf(fontPaths.regular, JAPANESE).bytes));
  });

  it('gives a subset the same bytes whatever subsets the same font made before it (glyphs are reused, composites renumbered)', () => {
    const liberation = createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
    for (const [file, text, earlier] of [
      [fontPaths.regular, JAPANESE, '髙橋様お知らせ0123'],
      [liberation, 'xÅé', 'éAÅñ'],
    ] as const) {
      const used = new TrueTypeSubsetter(readFileSync(file));
      subsetOf(file, earlier, used);
      const again = subsetOf(file, text, used);
      expect(Buffer.from(again.bytes)).toEqual(Buffer.from(subsetOf(file, text).bytes));
      expect(worstShift(again.original, again.compact)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps a two-page letter under 80 KB', async () => {
    const bytes = await renderLetterPreview(personBoth, { incident, fontPaths, letterDate: LETTER_DATE });
    expect(bytes.length).toBeLessThan(80_000);
  });
});
