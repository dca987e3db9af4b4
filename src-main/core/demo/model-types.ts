// The shapes of the demo generator's model (model.ts). Persons, orders, donor rows and payments
// are held as columns of typed arrays (model-persons.ts, model-payments.ts): a few bytes each,
// never an object per row, so the generator's memory stays small whatever the number of
// persons. A row becomes an object (Contact, PaymentView) only while it is written.
export type Role = 'token' | 'pdb' | 'none';
export type MethodKind = 'card' | 'konbini' | 'bank' | 'payeasy';
export type Status = '決済完了' | '決済失敗' | '取消';
export type Defect = 'no-postal' | 'bad-postal' | 'no-address';
export type Plant = 'edge-start' | 'edge-end' | 'edge-before' | 'edge-after' | 'declined-only' | 'cancelled-only';
export type Place = 'csv' | 'both' | 'xlsx';

// The codes the columns store: a value's index in its list (0 is "none" where there can be none).
export const ROLES: readonly Role[] = ['none', 'token', 'pdb'];
export const PLANTS: ReadonlyArray<Plant | null> = [null, 'edge-start', 'edge-end', 'edge-before', 'edge-after', 'declined-only', 'cancelled-only'];
export const DEFECTS: ReadonlyArray<Defect | null> = [null, 'no-postal', 'bad-postal', 'no-address'];
export const METHODS: readonly MethodKind[] = ['card', 'konbini', 'bank', 'payeasy'];
export const STATUSES: readonly Status[] = ['決済完了', '決済失敗', '取消'];
export const PLACES: readonly Place[] = ['csv', 'both', 'xlsx'];

export const METHOD_LABEL: Record<Exclude<MethodKind, 'card'>, string> = {
  konbini: 'コンビニ', bank: '銀行振込', payeasy: 'ペイジー',
};

export interface Contact {
  name: string; kana: string; postal: string;
  pref: string; city: string; line1: string; line2: string;
  phone: string; email: string;
}

/** One payment as the files show it, made from the columns when its row is written. */
export interface PaymentView {
  txnId: string;
  orderId: string;
  /** Which one-off 商品名 a guest's payment shows: its order's creation number mod 3 (1 for a rejected row). */
  onceItem: number;
  memberId: string;
  ms: number;
  method: MethodKind;
  status: Status;
  amount: number;
  yen: boolean;
  brand: string;
  last4: string;
  cardCell: string | null;
  securityCode: string;
  note: string;
}

/** A payment (by its index in date order) repeated in the XLSX with another amount. */
export interface ConflictRow { payment: number; amount: number }
export interface RejectedRow { file: 'csv' | 'xlsx'; reason: 'no-transaction-id' | 'bad-date'; payment: PaymentView; dateText: string }

export interface ModelOptions {
  seed: number;
  persons: number;
  tokenDbPersons: number;
  paymentDbPersons: number;
  unmatchedPayments: number;
  xlsxShare: number;
}

export interface ModelFacts {
  members: number;
  guests: number;
  guestsWithVariantRows: number;
  nearDuplicateSameNamePostal: number;
  nearDuplicateSamePhone: number;
  personsWithoutPayments: number;
  unmailable: number;
  /** Persons to notify given a real postal code of another town, and a code that does not exist. */
  postalWrong: number;
  postalUnknown: number;
  fullCardNumbers: number;
  securityCodes: number;
}
