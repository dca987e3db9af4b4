// Figures of a letter batch for the people who put letters in envelopes: how many letters have
// 1, 2, 3… pages of text (the blank back of a double-sided letter not counted; an inserting
// machine takes uniform sets), how many got that blank page, and how many carry a customer barcode.
import type { LetterManifestEntry } from './manifest.js';

export interface LetterPrintStats {
  /** Pages of text per letter → letters, in ascending page order. */
  byPages: Array<{ pages: number; letters: number }>;
  /** Letters padded with a blank page for double-sided printing. */
  blankPages: number;
  barcoded: number;
  withoutBarcode: number;
}

export function letterPrintStats(entries: Iterable<Pick<LetterManifestEntry, 'pages' | 'barcode'> & { blankPages?: number }>): LetterPrintStats {
  const byPages = new Map<number, number>();
  let barcoded = 0;
  let withoutBarcode = 0;
  let blankPages = 0;
  for (const e of entries) {
    const text = e.pages - (e.blankPages ?? 0);
    if ((e.blankPages ?? 0) > 0) blankPages++;
    byPages.set(text, (byPages.get(text) ?? 0) + 1);
    if (e.barcode && 'symbols' in e.barcode) barcoded++;
    else withoutBarcode++;
  }
  return {
    byPages: [...byPages].sort((a, b) => a[0] - b[0]).map(([pages, letters]) => ({ pages, letters })),
    blankPages, barcoded, withoutBarcode,
  };
}
