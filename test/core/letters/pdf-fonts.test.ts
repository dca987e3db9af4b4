// What a letter file carries besides its text: the shared font subsets hold exactly the glyphs
// every letter draws (no outline a letter does not print), widths are listed only where they
// differ from the default, and the text still reads back (pdfjs-dist, npm only).
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { renderLetterPreview } from '../../../src-main/core/letters/render.js';
import type { LetterInput } from '../../../src-main/core/letters/types.js';
import { LETTER_DATE, fontPaths, incident, personBoth, personPayment, personToken } from './fixtures.js';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/** The objects of one of our PDFs (pdfkit writes no object streams), streams inflated. */
function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  for (const m of s.matchAll(/(\d+) 0 obj\n(<<[^]*?>>)\n(?:stream\n([^]*?)\nendstream\n)?endobj/g)) {
    const raw = m[3] === undefined ? null : Buffer.from(m[3], 'latin1');
    out.set(Number(m[1]), { dict: m[2]!, stream: raw && m[2]!.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return out;
}

function ref(dict: string, key: string): number {
  return Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)![1]);
}

/** CIDs drawn per font resource name (Rs, Rd, Bs, Bd) over all content streams. */
function drawnCids(objs: Map<number, PdfObject>): Map<string, Set<number>> {
  const drawn = new Map<string, Set<number>>();
  for (const { stream } of objs.values()) {
    if (!stream) continue;
    const text = stream.toString('latin1');
    if (!text.includes(' Tf')) continue;
    let font = '';
    for (const m of text.matchAll(/\/(\w+) [\d.]+ Tf|<([0-9a-f]+)>/g)) {
      if (m[1] !== undefined) font = m[1];
      else for (let i = 0; i < m[2]!.length; i += 4) (drawn.get(font) ?? drawn.set(font, new Set()).get(font)!).add(parseInt(m[2]!.slice(i, i + 4), 16));
    }
  }
  return drawn;
}

/** Each CID's text from a ToUnicode map written as `<first> <last> [<utf16> …]` ranges. */
function unicodeOf(cmap: string): string[] {
  const out: string[] = [];
  for (const m of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/g)) {
    [...m[2]!.matchAll(/<([0-9a-f]*)>/g)].forEach((u, i) => {
      out[parseInt(m[1]!, 16) + i] = String.fromCharCode(...(u[1]!.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
    });
  }
  return out;
}

/** The Type0 font behind a page resource name: its descendant's W array, glyph count and each CID's text. */
function embedded(objs: Map<number, PdfObject>, name: string): { baseFont: string; widths: string; glyphs: number; unicode: string[] } {
  const resources = [...objs.values()].find((o) => o.dict.includes(`/${name} `) && o.dict.includes('/Font <<'))!;
  const type0 = objs.get(ref(resources.dict, name))!;
  const descendant = objs.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(type0.dict)![1]))!;
  const descriptor = objs.get(ref(descendant.dict, 'FontDescriptor'))!;
  const program = objs.get(ref(descriptor.dict, 'FontFile2'))!.stream!;
  const font = fontkit.create(program) as fontkit.Font;
  return {
    baseFont: /\/BaseFont \/(\S+)/.exec(type0.dict)![1]!,
    widths: /\/W (\[[^\]]*\])/.exec(descendant.dict)![1]!,
    glyphs: font.numGlyphs,
    unicode: unicodeOf(objs.get(ref(type0.dict, 'ToUnicode'))!.stream!.toString('latin1')),
  };
}

async function letter(person: LetterInput): Promise<Map<number, PdfObject>> {
  return objects(await renderLetterPreview(person, { incident, fontPaths, letterDate: LETTER_DATE }));
}

describe('letter fonts', () => {
  it('the shared subsets hold only glyphs that every letter draws, whatever its exposures', async () => {
    const tags = new Set<string>();
    for (const person of [personToken, personPayment, personBoth]) {
      const objs = await letter(person);
      const drawn = drawnCids(objs);
      for (const name of ['Rs', 'Bs']) {
        const font = embedded(objs, name);
        tags.add(font.baseFont);
        // CID 0 is .notdef; every other glyph of the shared subset is on the page, but for
        // digits, kept shared on purpose though a short letter may lack one.
        const unused = Array.from({ length: font.glyphs - 1 }, (_, i) => i + 1).filter((cid) => !drawn.get(name)!.has(cid));
        expect(unused.map((cid) => font.unicode[cid]).join(''), `${person.personId} ${name}`).toMatch(/^[0-9]*$/);
      }
      // The rest (name, address, one exposure's wording) is in the letter's own small subset.
      expect(drawn.get('Rd')!.size).toBeLessThan(drawn.get('Rs')!.size / 4);
    }
    // One shared subset per face for all three letters.
    expect(tags.size).toBe(2);
  });

  it('lists widths only where they differ from the default 1000', async () => {
    const objs = await letter(personToken);
    const { widths } = embedded(objs, 'Rs');
    // Runs `first last width`: full-width kana and kanji (1000) are left out.
    expect(widths).toMatch(/^\[(\d+ \d+ [\d.]+ ?)+\]$/);
    expect(widths).not.toMatch(/ 1000(?= |\])/);
    expect(widths.split(' ').length / 3).toBeLessThan(embedded(objs, 'Rs').glyphs / 3);
  });

  it('reads back as text, shared and own glyphs alike', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const bytes = await renderLetterPreview(personBoth, { incident, fontPaths, letterDate: LETTER_DATE });
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise;
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
    }
    const squashed = text.replace(/[\s\u3000]+/g, '');
    expect(squashed).toContain(personBoth.name.replace(/[\s\u3000]+/g, ''));
    expect(squashed).toContain(personBoth.address1.replace(/[\s\u3000]+/g, ''));
    expect(squashed).toContain('クレジットカード情報流出に関するお詫びとお知らせ');
    expect(squashed).toContain('セキュリティコード');
  });
});
