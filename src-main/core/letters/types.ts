// The data a notice letter is rendered from. Dates are Japan-local calendar dates
// (YYYY-MM-DD); amounts are yen; card numbers never appear beyond their last 4 digits.

export interface LetterPayment {
  transactionId: string;
  /** YYYY-MM-DD, Japan-local. */
  jstDate: string;
  cardLast4: string | null;
  amount: number | null;
  /** Display form, e.g. クレジットカード. */
  method: string;
  /** Exposure codes that hit this payment. */
  exposures: string[];
}

export interface LetterExposure {
  code: string;
  label: string;
  certainty: 'possible' | 'confirmed';
  /** Leaked items for this person's payment methods, e.g. ['カード番号','有効期限','セキュリティコード']. */
  items: string[];
  window?: { from: string; to: string };
}

import type { BarcodeSymbol } from '../mail/barcode.js';

export interface LetterInput {
  personId: string;
  /** お問い合わせ番号 (store/reference-number.ts), printed on every page for the phone. */
  referenceNumber: string;
  /** e.g. 'token-db', 'payment-db', 'token-db+payment-db'. */
  category: string;
  name: string;
  kana: string | null;
  /** 7 digits. */
  postalCode: string;
  address1: string;
  address2: string | null;
  /**
   * The customer barcode printed under the name (カスタマバーコード), or why there is none
   * (a representative code, a postal code that does not fit the address). Absent: not asked for.
   */
  barcode?: LetterBarcode;
  /** In definition order. */
  exposures: LetterExposure[];
  /** Affected payments, date order. */
  payments: LetterPayment[];
}

/** Paths of the TTF files; core never resolves them itself. */
export interface LetterFontPaths {
  regular: string;
  /** Optional bold face for the title and headings; the regular face is used without it. */
  bold?: string;
}

/** A character the font cannot print, found before rendering (外字). */
export interface GlyphReviewItem {
  personId: string;
  /** The input field that holds it: name, kana, address1, address2, postalCode, payments, or template. */
  field: string;
  char: string;
  /** U+XXXX (or U+XXXXX outside the BMP). */
  codePoint: string;
}

export type LetterBarcode =
  | { addressNumber: string; symbols: BarcodeSymbol[] }
  | { none: string };
