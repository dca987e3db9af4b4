// The batch figures `inw letters` prints: letters per page count, with and without a barcode.
import { describe, expect, it } from 'vitest';
import { letterPrintStats } from '../../../src-main/core/index.js';

describe('letterPrintStats', () => {
  it('counts letters per page count of text in ascending order (a double-sided letter\'s blank back not counted), and barcoded letters', () => {
    const barcode = { addressNumber: '1', symbols: [] };
    expect(letterPrintStats([
      { pages: 2, barcode }, { pages: 2, blankPages: 1, barcode }, { pages: 4, blankPages: 1, barcode: { none: '代表の郵便番号' } }, { pages: 2 }, { pages: 2, barcode },
    ])).toEqual({ byPages: [{ pages: 1, letters: 1 }, { pages: 2, letters: 3 }, { pages: 3, letters: 1 }], blankPages: 2, barcoded: 3, withoutBarcode: 2 });
  });
});
