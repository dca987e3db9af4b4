// Geometry checks on the laid-out pages: margins, justified right edges and the window zone.
import { describe, expect, it } from 'vitest';
import { loadLetterFonts } from '../../../src-main/core/letters/fonts.js';
import { MM, PAGE_HEIGHT, PAGE_WIDTH, boxToPt } from '../../../src-main/core/letters/layout.js';
import { LetterRenderer } from '../../../src-main/core/letters/render.js';
import { LETTER_DATE, fontPaths, incident, personBoth, personLong, personPayment, personToken } from './fixtures.js';

const fonts = loadLetterFonts(fontPaths);
const renderer = new LetterRenderer(incident, fonts, LETTER_DATE);

/** Width as pdfkit will draw it: fontkit's shaped advance plus the character spacing. */
function drawnWidth(text: string, face: 'regular' | 'bold', size: number, cs: number): number {
  const font = face === 'bold' && fonts.bold ? fonts.bold.font : fonts.regular.font;
  const n = Array.from(text).length;
  return (font.layout(text).advanceWidth * size) / font.unitsPerEm + cs * (n - 1);
}

describe('letter layout', () => {
  for (const person of [personToken, personPayment, personBoth, personLong]) {
    it(`keeps ${person.personId} inside the margins, justified, and clear of the window`, () => {
      const { layout } = renderer.layout(person);
      const block = boxToPt(incident.letter.layout.addressBlock);
      const window = boxToPt(incident.letter.layout.window);
      const left = 20 * MM;
      const right = PAGE_WIDTH - 20 * MM;
      const justifiedEdges: number[] = [];
      layout.pages.forEach((page, p) => {
        for (const op of page.ops) {
          if (op.t !== 'text') continue;
          const w = drawnWidth(op.text, op.face, op.size, op.cs);
          expect(op.x).toBeGreaterThanOrEqual(left - 0.01);
          expect(op.x + w).toBeLessThanOrEqual(right + 0.5);
          expect(op.y).toBeLessThanOrEqual(PAGE_HEIGHT - 10 * MM);
          if (op.cs > 0) justifiedEdges.push(op.x + w);
          if (p === 0) {
            const inBlock = op.x >= block.x - 0.01 && op.x + w <= block.x + block.w + 0.01 && op.y <= block.y + block.h + 0.01 && op.y - op.size >= block.y - 0.01;
            // Everything that could show through the window (with 5 mm of play) is the address.
            const nearWindow = op.x < window.x + window.w + 5 * MM && op.y - op.size < window.y + window.h + 5 * MM;
            if (nearWindow) expect(inBlock, op.text).toBe(true);
          }
        }
      });
      // Justified lines end on the same right edge, to a tenth of a point.
      expect(justifiedEdges.length).toBeGreaterThan(5);
      const edge = Math.max(...justifiedEdges);
      for (const e of justifiedEdges) expect(edge - e).toBeLessThan(0.1);
    });
  }

  it('wraps a long address inside the block and shrinks it rather than cutting', () => {
    const long = {
      ...personToken,
      address1: '鹿児島県鹿児島市城山町一丁目二番三号　城山ヒルズレジデンス　イーストウィング',
      address2: 'ガーデンテラス棟　１２３４号室　株式会社サンプルホールディングス気付',
      name: '長谷川 麻衣子',
    };
    const { layout } = renderer.layout(long);
    const block = boxToPt(incident.letter.layout.addressBlock);
    const texts = layout.pages[0]!.ops.filter((o) => o.t === 'text' && o.x < block.x + block.w && o.y < block.y + block.h + 5);
    const joined = texts.map((o) => (o.t === 'text' ? o.text : '')).join('');
    expect(joined.replace(/[\s\u3000]/g, '')).toContain((long.address1 + long.address2).replace(/[\s\u3000]/g, ''));
    expect(layout.warnings).toEqual([]);
  });
});
