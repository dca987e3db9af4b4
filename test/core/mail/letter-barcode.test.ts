// The customer barcode on the letter: 67 bars under the name at 8 pt (long 3.6 mm × 0.8,
// semi-long and timing in proportion), inside the address block with 2 mm of blank on every
// side and no text in that quiet zone; none for a letter whose barcode was refused; the same
// bars read back from the PDF with pdf.js.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { barcodeBars, barcodeSymbols, bundledPostalIndex, BARCODE_QUIET_ZONE_PT } from '../../../src-main/core/index.js';
import { loadLetterFonts } from '../../../src-main/core/letters/fonts.js';
import { MM, boxToPt } from '../../../src-main/core/letters/layout.js';
import { LetterRenderer, renderLetterPreview } from '../../../src-main/core/letters/render.js';
import { letterBarcodeOf } from '../../../src-main/core/pipeline/letter-inputs.js';
import { LETTER_DATE, fontPaths, incident, personToken } from '../letters/fixtures.js';
import { renderPdfPage } from '../../helpers/pdf.js';
import { tempDir } from '../../helpers/fixtures.js';

const renderer = new LetterRenderer(incident, loadLetterFonts(fontPaths), LETTER_DATE);
const symbols = barcodeSymbols('2630023', '3-30-8-403');
const withBarcode = { ...personToken, postalCode: '2630023', address1: '千葉県千葉市稲毛区緑町3丁目30-8', address2: '郵便ビル403号', barcode: { addressNumber: '3-30-8-403', symbols } };

describe('barcode on the letter', () => {
  it('draws 67 bars at 8 pt inside the address block, 2 mm clear of its edges and of the text', () => {
    const page = renderer.layout(withBarcode).layout.pages[0]!;
    const bars = page.ops.filter((op) => op.t === 'rect' && op.fill === 0) as Array<{ x: number; y: number; w: number; h: number }>;
    expect(bars).toHaveLength(67);
    const mm = (pt: number) => Math.round((pt / MM) * 100) / 100;
    expect([...new Set(bars.map((b) => mm(b.h)))].sort()).toEqual([0.96, 1.92, 2.88]);
    expect(mm(bars[1]!.x - bars[0]!.x)).toBe(0.96); // pitch 1.2 mm × 0.8
    expect(mm(bars[0]!.w)).toBe(0.48);
    // The bar pattern is the symbols' (long bars reach the top, semi-long down start lower).
    const top = Math.min(...bars.map((b) => b.y));
    expect(bars.map((b) => (b.y === top ? (b.h > 2.5 * MM ? 'L' : 'U') : b.h > 1.5 * MM ? 'D' : 'T')).join('')).toBe(barcodeBars(symbols).join(''));
    const block = boxToPt(incident.letter.layout.addressBlock);
    const quiet = BARCODE_QUIET_ZONE_PT;
    const box = { x1: Math.min(...bars.map((b) => b.x)), x2: Math.max(...bars.map((b) => b.x + b.w)), y1: top, y2: Math.max(...bars.map((b) => b.y + b.h)) };
    expect(box.x1 - block.x).toBeGreaterThanOrEqual(quiet - 0.01);
    expect(block.x + block.w - box.x2).toBeGreaterThanOrEqual(quiet - 0.01);
    expect(block.y + block.h - box.y2).toBeGreaterThanOrEqual(quiet - 0.01);
    for (const op of page.ops) {
      if (op.t !== 'text') continue;
      const clear = op.y <= box.y1 - quiet || op.y - op.size >= box.y2 + quiet || op.x >= box.x2 + quiet;
      expect(clear, op.text).toBe(true);
    }
  });

  it('no bars for a letter without a barcode (a mismatch or a representative code)', () => {
    const refused = letterBarcodeOf(bundledPostalIndex(), { postalCode: '1000005', address1: '東京都千代田区霞が関1-3-2', address2: null });
    expect(refused).toEqual({ none: expect.stringContaining('〒100-0005 は 東京都千代田区丸の内') });
    expect(letterBarcodeOf(bundledPostalIndex(), { postalCode: '1000000', address1: '東京都千代田区', address2: null })).toEqual({ none: expect.stringContaining('代表の郵便番号') });
    const page = renderer.layout({ ...withBarcode, barcode: refused }).layout.pages[0]!;
    expect(page.ops.filter((op) => op.t === 'rect' && op.fill === 0)).toHaveLength(0);
  });

  it('the printed page shows the bars where the layout put them (pdf.js render)', async () => {
    const dir = tempDir('inw-barcode-');
    const pdf = join(dir, 'letter.pdf');
    writeFileSync(pdf, await renderLetterPreview(withBarcode, { incident, fontPaths, letterDate: LETTER_DATE }));
    const png = join(dir, 'page.png');
    await renderPdfPage(pdf, 1, png, 300);
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const px = 300 / 72;
    const block = boxToPt(incident.letter.layout.addressBlock);
    // A row through the middle of the bars (where timing bars are too): one dark run per bar.
    const y = Math.round((block.y + block.h - BARCODE_QUIET_ZONE_PT - 1.44 * MM) * px);
    const row = ctx.getImageData(0, y, image.width, 1).data;
    let runs = 0;
    let dark = false;
    for (let x = 0; x < image.width; x++) {
      const d = row[x * 4]! < 128;
      if (d && !dark) runs++;
      dark = d;
    }
    expect(runs).toBe(67);
  }, 60_000);
});
