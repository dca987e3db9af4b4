// The shapes of the demo generator's model (model.ts): persons, their orders, donor rows and
// payments, and the rows planted to be rejected or to conflict.
export type Role = 'token' | 'pdb' | 'none';
export type MethodKind = 'card' | 'konbini' | 'bank' | 'payeasy';
export type Status = '決済完了' | '決済失敗' | '取消';
export type Defect = 'no-postal' | 'bad-postal' | 'no-address';
export type Plant = 'edge-start' | 'edge-end' | 'edge-before' | 'edge-after' | 'declined-only' | 'cancelled-only';

export const METHOD_LABEL: Record<Exclude<MethodKind, 'card'>, string> = {
  konbini: 'コンビニ', bank: '銀行振込', payeasy: 'ペイジー',
};

export interface Contact {
  name: string; kana: string; postal: string;
  pref: string; city: string; line1: string; line2: string;
  phone: string; email: string;
}

export interface Person {
  index: number;
  role: Role;
  memberId: string | null;
  contact: Contact;
  defect: Defect | null;
  plant: Plant | null;
  brand: string;
  last4: string;
}

export interface Order { id: string; ms: number; seq: number }

export interface DonorRow { order: Order; person: number; memberId: string; contact: Contact; amount: number; note: string }

export interface Payment {
  txnId: string;
  order: Order;
  memberId: string;
  ms: number;
  method: MethodKind;
  status: Status;
  amount: number;
  brand: string;
  last4: string;
  /** Index of the person it belongs to by construction, −1 when unmatched. */
  person: number;
  place: 'csv' | 'both' | 'xlsx';
  /** Kept out of XLSX copies, conflicts and card oddities (edges, confirmed). */
  pinned: boolean;
  cardCell: string | null;
  securityCode: string;
  note: string;
  yen: boolean;
  seq: number;
}

export interface ConflictRow { payment: Payment; amount: number }
export interface RejectedRow { file: 'csv' | 'xlsx'; reason: 'no-transaction-id' | 'bad-date'; payment: Payment; dateText: string }

export interface ModelOptions {
  seed: number;
  persons: number;
  tokenDbPersons: number;
  paymentDbPersons: number;
  unmatchedPayments: number;
  xlsxShare: number;
}

export interface Model {
  persons: Person[];
  donorRows: DonorRow[];
  /** Core payments in date order (extras are streamed separately). */
  payments: Payment[];
  conflicts: ConflictRow[];
  rejected: RejectedRow[];
  /** Transaction IDs on the confirmed list, in file order (includes one unknown ID). */
  confirmedIds: string[];
  confirmedOutsideWindow: number;
  facts: ModelFacts;
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

