// Deterministic inputs for the sheet writer tests: persons spread over the three categories
// of the metaps-2022-like incident, unmatched payments, review items and a Summary whose
// figures agree with them.
import type { Summary } from '../../../src-main/core/classify/summary-types.js';
import type {
  ContactSheetInput,
  SheetPersonRow,
  SheetReviewRow,
  SheetUnmatchedRow,
} from '../../../src-main/core/sheets/types.js';
import { categorySheetName } from '../../../src-main/core/sheets/sheet-names.js';

export const EXPOSURES = [
  { code: 'token-db', label: 'トークンDB', certainty: 'possible' as const },
  { code: 'payment-db', label: '決済DB', certainty: 'confirmed' as const },
];
export const CATEGORY_CODES = ['token-db', 'payment-db', 'token-db+payment-db'];

const SURNAMES = ['髙橋', '山﨑', '𠮷田', '渡邊', '佐藤', '鈴木'];
const STATUSES = ['未発送', '発送済', '返送', '電話済', '対応完了'];

export function person(i: number, category: string): SheetPersonRow {
  const day = (i % 28) + 1;
  return {
    personId: `P${String(i).padStart(6, '0')}`,
    category,
    name: `${SURNAMES[i % SURNAMES.length]} 花子${i}`,
    kana: i % 7 === 0 ? null : 'タカハシ ハナコ',
    // Leading zeros on purpose (北海道 060-xxxx).
    postalCode: i % 50 === 0 ? null : String(600001 + i).padStart(7, '0'),
    address: `東京都千代田区千代田${(i % 9) + 1}-${(i % 20) + 1} サンプルマンション${i}号室`,
    phone: i % 3 === 0 ? null : `090${String(10000000 + i).slice(-8)}`,
    email: i % 4 === 0 ? null : `user${i}@example.jp`,
    affectedPayments: (i % 5) + 1,
    firstAffectedDate: `2022-01-${String(day).padStart(2, '0')}`,
    lastAffectedDate: '2022-01-31',
    cardEndings: i % 11 === 0 ? ['1234', '5678'] : ['4242'],
    letterStatus: STATUSES[i % STATUSES.length]!,
    mailedDate: i % 5 === 1 ? '2022-03-01' : null,
    notes: i === 1 ? '=HYPERLINK("http://evil")' : null,
  };
}

export function* unmatchedRows(n: number): Generator<SheetUnmatchedRow> {
  for (let i = 0; i < n; i++) {
    yield {
      transactionId: `T${String(i).padStart(9, '0')}`,
      orderId: i % 2 ? `ORD-${i}` : null,
      memberId: null,
      jstDate: `2021-${String((i % 12) + 1).padStart(2, '0')}-15`,
      method: i % 3 ? 'クレジットカード' : 'コンビニ',
      cardLast4: i % 3 ? String(1000 + (i % 9000)) : null,
      amount: 1000 + (i % 50) * 100,
      exposures: i % 4 === 0 ? ['token-db', 'payment-db'] : ['token-db'],
    };
  }
}

export const REVIEW: SheetReviewRow[] = [
  { kind: 'undeliverable', personIds: ['P000050'], names: ['髙橋 花子50'], reason: '郵便番号がありません' },
  { kind: 'near-duplicate', personIds: ['P000002', 'P000003'], names: ['山﨑 花子2', '𠮷田 花子3'], reason: '電話番号が同じです', detail: '090-0000-0002' },
  { kind: 'import-conflict', personIds: [], names: [], reason: '同じ取引IDで金額が異なります', detail: 'T1 4111111111111111' },
];

export function makeInput(counts: Record<string, number>, unmatched = 10): ContactSheetInput {
  let next = 1;
  const categories = CATEGORY_CODES.filter((c) => (counts[c] ?? 0) > 0).map((code) => {
    const rows: SheetPersonRow[] = [];
    for (let k = 0; k < (counts[code] ?? 0); k++) rows.push(person(next++, code));
    rows.sort((a, b) => (a.postalCode ?? '9999999').localeCompare(b.postalCode ?? '9999999'));
    return { code, sheetName: categorySheetName(code, EXPOSURES), rows };
  });
  const notify = Object.values(counts).reduce((a, b) => a + b, 0);
  const summary: Summary = {
    incident: 'metaps-2022',
    payments: { total: 20000, card: 18000, exposed: { 'token-db': 5400, 'payment-db': 12 } },
    persons: {
      total: notify + 100,
      notify,
      byCategory: { 'token-db': 0, 'payment-db': 0, 'token-db+payment-db': 0, ...counts, none: 100 },
      mailable: notify - 1,
    },
    unmatchedPayments: { total: unmatched, exposed: { 'token-db': unmatched, 'payment-db': Math.ceil(unmatched / 4) } },
    undeliverable: 1,
    imports: { rejectedRows: 3, duplicateRows: 2, conflicts: 1, files: 3, acceptedRows: 20000 },
    warnings: [
      { code: 'confirmed-outside-window', count: 0 },
      { code: 'confirmed-unknown-id', count: 2, message: '確定リストの取引IDが見つかりません' },
    ],
    reviewItems: { nearDuplicates: 1, undeliverable: 1, conflicts: 1 },
  };
  return {
    incident: { code: 'metaps-2022', title: '決済代行会社からの情報漏えい', exposures: EXPOSURES },
    runDate: '2022-03-01T15:30:00Z', // 2022/03/02 00:30 in Japan
    generatedAt: new Date('2022-03-02T01:00:00Z'),
    summary,
    reconciliation: [
      { exposure: 'token-db', label: 'カード情報（トークンDB）', stated: 5283, statedKind: 'max', ours: counts['token-db'] ?? 0, unit: '人' },
      { exposure: 'payment-db', label: '決済情報（決済DB）', stated: 1, statedKind: 'exact', ours: counts['payment-db'] ?? 0, unit: '人', note: '処理業者の発表' },
    ],
    categories,
    unmatched: unmatchedRows(unmatched),
    review: REVIEW,
  };
}
