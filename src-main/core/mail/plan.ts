// The mailing plan (郵送計画): from the pieces a mailing will hold (one per letter, in the print
// files' order) and the rate table in use, the counts the post office asks for and the postage
// before and after Japan Post's bulk discounts. Pure computation: the rates are data
// (rates.ts), the pieces come from the caller (pipeline/mail-plan.ts reads them from a run).
import type { MailRates, MailRatesInfo } from './rates.js';

export interface MailPiece {
  category: string;
  /** 7 digits. */
  postalCode: string;
  /** Pages of the letter as printed; null when no letter was made yet (estimated). */
  pages: number | null;
  /** Whether the letter carries a customer barcode. */
  barcoded: boolean;
}

export interface MailPlanOptions {
  rates: MailRatesInfo;
  /** Printed double-sided: a sheet carries two pages. */
  duplex: boolean;
  /** Print files are split by letter length: a bundle belongs to a category and a page count. */
  splitByPages: boolean;
  /** Pages assumed for a letter not made yet. */
  assumedPages?: number;
}

export interface MailPlanBundle {
  category: string;
  /** The print set's page count when print files are split by length, else null. */
  pages: number | null;
  /** 郵便区番号: the postal code's first 3 digits. */
  area: string;
  pieces: number;
  barcoded: number;
}

export interface MailPlanDiscount {
  code: 'sorted' | 'barcode';
  name: string;
  applies: boolean;
  /** The percentage that applies (0 when it does not). */
  percent: number;
  /** The smallest number of pieces the discount needs, and how many count towards it. */
  minPieces: number;
  eligiblePieces: number;
  /** Yen off (rounded down). */
  amount: number;
  /** Why it does or does not apply, in one line for staff. */
  reason: string;
  conditions: string[];
}

export interface MailPlan {
  pieces: number;
  barcoded: number;
  withoutBarcode: number;
  duplex: boolean;
  splitByPages: boolean;
  /** Letters whose page count is an estimate (no letter made yet), and the pages assumed. */
  estimatedPieces: number;
  assumedPages: number;
  byCategory: Array<{ category: string; pieces: number; barcoded: number; byPages: Record<string, number>; postage: number }>;
  /** In the print files' order: category (then page count), then 郵便区番号. */
  bundles: MailPlanBundle[];
  /** The whole mailing per 郵便区番号, for the post office's form. */
  areas: Array<{ area: string; pieces: number }>;
  bands: Array<{ name: string; yen: number; maxGrams: number; standard: boolean; pieces: number; barcoded: number }>;
  /** Pieces heavier than the last weight band (priced at it; staff must check them). */
  overweight: number;
  discounts: MailPlanDiscount[];
  postage: { before: number; discount: number; after: number };
  rates: { title: string; effectiveFrom: string; sources: MailRates['sources']; loaded: boolean; loadedAt: string | null; file: string | null; weightNote: string | null };
}

const DEFAULT_ASSUMED_PAGES = 2;
const piecesText = (n: number) => `${n.toLocaleString('ja-JP')}通`;

export function mailPlan(pieces: readonly MailPiece[], options: MailPlanOptions): MailPlan {
  const { rates } = options.rates;
  const assumedPages = options.assumedPages ?? DEFAULT_ASSUMED_PAGES;
  const bands = rates.postage.map((b) => ({ name: b.name, yen: b.yen, maxGrams: b.maxGrams, standard: b.standard, pieces: 0, barcoded: 0 }));
  const byCategory = new Map<string, MailPlan['byCategory'][number]>();
  const bundles = new Map<string, MailPlanBundle>();
  const areas = new Map<string, number>();
  let barcoded = 0;
  let estimated = 0;
  let overweight = 0;
  let barcodedStandard = 0;
  let barcodedStandardYen = 0;
  let before = 0;
  for (const piece of pieces) {
    const pages = piece.pages ?? assumedPages;
    if (piece.pages === null) estimated++;
    const sheets = options.duplex ? Math.ceil(pages / 2) : pages;
    const grams = sheets * rates.weight.sheetGrams + rates.weight.envelopeGrams;
    let band = bands.find((b) => grams <= b.maxGrams);
    if (!band) {
      overweight++;
      band = bands.at(-1)!;
    }
    band.pieces++;
    before += band.yen;
    if (piece.barcoded) {
      barcoded++;
      band.barcoded++;
      if (band.standard) {
        barcodedStandard++;
        barcodedStandardYen += band.yen;
      }
    }
    let category = byCategory.get(piece.category);
    if (!category) byCategory.set(piece.category, (category = { category: piece.category, pieces: 0, barcoded: 0, byPages: {}, postage: 0 }));
    category.pieces++;
    if (piece.barcoded) category.barcoded++;
    category.postage += band.yen;
    const pagesKey = piece.pages === null ? '未作成' : String(piece.pages);
    category.byPages[pagesKey] = (category.byPages[pagesKey] ?? 0) + 1;
    const area = piece.postalCode.slice(0, 3);
    const setPages = options.splitByPages ? pages : null;
    const key = `${piece.category}\t${setPages ?? ''}\t${area}`;
    let bundle = bundles.get(key);
    if (!bundle) bundles.set(key, (bundle = { category: piece.category, pages: setPages, area, pieces: 0, barcoded: 0 }));
    bundle.pieces++;
    if (piece.barcoded) bundle.barcoded++;
    areas.set(area, (areas.get(area) ?? 0) + 1);
  }

  const sorted = rates.discounts.sorted;
  const tier = [...sorted.tiers].reverse().find((t) => pieces.length >= t.minPieces);
  const sortedPercent = tier?.percent ?? 0;
  const sortedAmount = Math.floor((before * sortedPercent) / 100);
  const barcode = rates.discounts.barcode;
  const barcodeApplies = barcodedStandard >= barcode.minPieces;
  const barcodePercent = barcodeApplies ? barcode.percent : 0;
  const barcodeAmount = Math.floor((barcodedStandardYen * barcodePercent) / 100);
  const discounts: MailPlanDiscount[] = [
    {
      code: 'sorted', name: sorted.name, applies: tier !== undefined, percent: sortedPercent, minPieces: sorted.tiers[0]!.minPieces,
      eligiblePieces: pieces.length, amount: sortedAmount, conditions: sorted.conditions,
      reason: tier
        ? `${piecesText(pieces.length)}で ${tier.minPieces.toLocaleString('ja-JP')}通以上: ${tier.percent}% 割引 (郵便区番号ごとに区分して差し出す場合)`
        : `${piecesText(pieces.length)}: ${sorted.tiers[0]!.minPieces.toLocaleString('ja-JP')}通に ${piecesText(sorted.tiers[0]!.minPieces - pieces.length)}足りません`,
    },
    {
      code: 'barcode', name: barcode.name, applies: barcodeApplies, percent: barcodePercent, minPieces: barcode.minPieces,
      eligiblePieces: barcodedStandard, amount: barcodeAmount, conditions: barcode.conditions,
      reason: barcodeApplies
        ? `カスタマバーコード付きの定形郵便物 ${piecesText(barcodedStandard)}: ${barcode.percent}% 割引${tier ? ' (区分郵便物の割引に加算)' : ''}。バーコードのない ${piecesText(pieces.length - barcodedStandard)}は対象外`
        : `カスタマバーコード付きの定形郵便物 ${piecesText(barcodedStandard)}: ${barcode.minPieces.toLocaleString('ja-JP')}通に ${piecesText(barcode.minPieces - barcodedStandard)}足りません`,
    },
  ];
  const discount = sortedAmount + barcodeAmount;
  const info = options.rates;
  return {
    pieces: pieces.length,
    barcoded,
    withoutBarcode: pieces.length - barcoded,
    duplex: options.duplex,
    splitByPages: options.splitByPages,
    estimatedPieces: estimated,
    assumedPages,
    byCategory: [...byCategory.values()],
    bundles: [...bundles.values()],
    areas: [...areas].map(([area, n]) => ({ area, pieces: n })).sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0)),
    bands,
    overweight,
    discounts,
    postage: { before, discount, after: before - discount },
    rates: {
      title: rates.title, effectiveFrom: rates.effectiveFrom, sources: rates.sources, loaded: info.loaded, loadedAt: info.loadedAt, file: info.file,
      weightNote: rates.weight.note ?? null,
    },
  };
}
