// Figures of a letter batch for the people who put letters in envelopes: how many letters have
// 1, 2, 3… pages (an inserting machine takes uniform sets) and how many carry a customer barcode.
import type { LetterManifestEntry } from './batch.js';

export interface LetterPrintStats {
  /** Pages per letter → letters, in ascending page order. */
  byPages: Array<{ pages: number; letters: number }>;
  barcoded: number;
  withoutBarcode: number;
}

export function letterPrintStats(entries: readonly Pick<LetterManifestEntry, 'pages' | 'barcode'>[]): LetterPrintStats {
  const byPages = new Map<number, number>();
  let barcoded = 0;
  let withoutBarcode = 0;
  for (const e of entries) {
    byPages.set(e.pages, (byPages.get(e.pages) ?? 0) + 1);
    if (e.barcode && 'symbols' in e.barcode) barcoded++;
    else withoutBarcode++;
  }
  return {
    byPages: [...byPages].sort((a, b) => a[0] - b[0]).map(([pages, letters]) => ({ pages, letters })),
    barcoded, withoutBarcode,
  };
}
