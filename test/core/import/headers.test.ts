// spec §2 Headers: every synonym of the table is recognised after NFKC, white-space removal and
// case folding; `--map field=Header` covers anything else; unknown columns are reported.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInwError, parseMapArguments, type FieldId } from '../../../src-main/core/index.js';
import { all, one, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();
let fileNo = 0;
const nextFile = (name: string) => join(dir, `${++fileNo}-${name}.csv`);

/** ASCII → full-width forms (NFKC folds them back). */
function fullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The same header with white space inside (half- and full-width). */
function spaced(s: string): string {
  const chars = [...s];
  if (chars.length < 2) return ` ${s}　`;
  const mid = Math.ceil(chars.length / 2);
  return `${chars.slice(0, 1).join('')} ${chars.slice(1, mid).join('')}　${chars.slice(mid).join('')} `;
}

function variants(synonym: string): string[] {
  const out = [synonym, fullWidth(synonym), spaced(synonym)];
  if (/[a-z]/.test(synonym)) out.push(synonym.toUpperCase(), fullWidth(synonym.toUpperCase()));
  return out;
}

// The spec's table, verbatim.
const PAYMENT_SYNONYMS: Array<[FieldId, string[]]> = [
  ['transactionId', ['取引ID', 'トランザクションID', '決済ID', '処理番号', 'transaction_id', 'transactionid']],
  ['orderId', ['オーダーID', '注文番号', '受付番号', '申込番号', '注文ID', 'order_id', 'orderid']],
  ['memberId', ['会員番号', '会員ID', '顧客ID', '寄付者ID', 'customer_id', 'member_id']],
  ['paidAt', ['決済日時', '取引日時', '処理日時', '売上日時', '決済日', '取引日', 'paid_at', 'datetime']],
  ['method', ['決済方法', '決済手段', '支払方法', '支払い方法', 'payment_method', 'method']],
  ['cardNumber', ['カード番号', 'card_number', 'pan']],
  ['amount', ['金額', '決済金額', '取引金額', 'amount']],
  ['status', ['ステータス', '状態', '処理結果', '決済状態', 'status']],
];

const CANONICAL: Record<string, string> = {
  transactionId: '取引ID',
  orderId: 'オーダーID',
  memberId: '会員番号',
  paidAt: '決済日時',
  method: '決済方法',
  cardNumber: 'カード番号',
  amount: '金額',
  status: 'ステータス',
};

const PAYMENT_VALUES: Record<string, string> = {
  orderId: 'O-77',
  memberId: 'M-77',
  paidAt: '2021/11/02 09:15:00',
  method: 'クレジット',
  cardNumber: '************4242',
  amount: '1,500',
  status: '売上確定',
};

const EXPECTED_PAYMENT = {
  orderId: 'O-77',
  memberId: 'M-77',
  paidAt: '2021-11-02T00:15:00Z',
  paidDate: '2021-11-02',
  methodClass: 'card',
  cardLast4: '4242',
  amount: 1500,
  status: '売上確定',
};

describe('payment header synonyms', () => {
  for (const [field, synonyms] of PAYMENT_SYNONYMS) {
    it(`recognises every synonym of ${field}, also full-width, spaced and upper-case`, async () => {
      const { db } = openTempDb();
      let n = 0;
      for (const synonym of synonyms) {
        for (const header of variants(synonym)) {
          n++;
          const fields = Object.keys(CANONICAL);
          const headers = fields.map((f) => (f === field ? header : CANONICAL[f]!));
          const id = `${field}-${n}`;
          const values = fields.map((f) => (f === 'transactionId' ? id : PAYMENT_VALUES[f]!));
          const file = writeCsv(nextFile(field), [headers, values]);
          const report = await runImport(db, { file, kind: 'payments' });
          expect.soft(report.mapping[field], `header «${header}»`).toBe(header.trim());
          expect.soft(report.unknownColumns, `header «${header}»`).toEqual([]);
          expect.soft(report.rowsAccepted, `header «${header}»`).toBe(1);
          const stored = one(
            db,
            `SELECT transaction_id AS transactionId, order_id AS orderId, member_id AS memberId, paid_at AS paidAt, paid_date AS paidDate,
               method_class AS methodClass, card_last4 AS cardLast4, amount, status FROM payments WHERE transaction_id = ?`,
            id,
          );
          expect.soft(stored, `header «${header}»`).toEqual({ transactionId: id, ...EXPECTED_PAYMENT });
        }
      }
    });
  }
});

describe('donor header synonyms', () => {
  const base = { 注文番号: 'D-1', 氏名: '山田 花子', 郵便番号: '1000001', 住所: '東京都千代田区千代田1-1' };

  async function donorWith(columns: Record<string, string>) {
    const { db } = openTempDb();
    const file = writeCsv(nextFile('donor'), [Object.keys(columns), Object.values(columns)]);
    const report = await runImport(db, { file, kind: 'donors' });
    const record = one<Record<string, unknown>>(
      db,
      `SELECT order_id AS orderId, member_id AS memberId, name, kana, postal_code AS postalCode, address1, address2, phone, email,
         donated_at AS donatedAt, amount FROM donor_records`,
    );
    return { report, record };
  }

  const groups: Array<[string, FieldId, string[], string, string]> = [
    ['name', 'name', ['氏名', 'お名前', '名前', '寄付者名', 'name'], '山田 花子', 'name'],
    ['kana', 'kana', ['フリガナ', 'ふりがな', 'カナ', '氏名カナ', 'kana'], 'ヤマダ ハナコ', 'kana'],
    ['postal code', 'postalCode', ['郵便番号', '〒', 'zip', 'postal_code'], '100-0001', 'postalCode'],
    ['phone', 'phone', ['電話番号', '電話', 'tel', 'phone'], '03-1234-5678', 'phone'],
    ['email', 'email', ['メールアドレス', 'メール', 'email'], 'hanako@example.jp', 'email'],
    ['order id', 'orderId', ['オーダーID', '注文番号', '受付番号', '申込番号', '注文ID', 'order_id', 'orderid'], 'D-9', 'orderId'],
    ['member id', 'memberId', ['会員番号', '会員ID', '顧客ID', '寄付者ID', 'customer_id', 'member_id'], 'M-9', 'memberId'],
  ];
  const expectedValue: Record<string, unknown> = {
    name: '山田 花子', kana: 'ヤマダ ハナコ', postalCode: '1000001', phone: '03-1234-5678', email: 'hanako@example.jp', orderId: 'D-9', memberId: 'M-9',
  };
  const canonicalKey: Record<string, keyof typeof base> = { name: '氏名', postalCode: '郵便番号', orderId: '注文番号' };

  for (const [label, field, synonyms, value, column] of groups) {
    it(`recognises every synonym of ${label}`, async () => {
      for (const synonym of synonyms) {
        for (const header of variants(synonym)) {
          const columns: Record<string, string> = { ...base };
          const replaced = canonicalKey[field];
          if (replaced) delete columns[replaced];
          if (field === 'name') columns['注文番号'] = 'D-1';
          columns[header] = value;
          const { report, record } = await donorWith(columns);
          expect.soft(report.mapping[field], `header «${header}»`).toBe(header.trim());
          expect.soft(record[column], `header «${header}»`).toBe(expectedValue[column]);
          expect.soft(report.unknownColumns, `header «${header}»`).toEqual([]);
        }
      }
    });
  }

  it('joins 姓 + 名 and セイ + メイ in that order', async () => {
    const { report, record } = await donorWith({ 注文番号: 'D-1', 名: '花子', 姓: '山田', メイ: 'ハナコ', セイ: 'ヤマダ', 郵便番号: '1000001', 住所: '東京都' });
    expect(report.mapping).toMatchObject({ familyName: '姓', givenName: '名', familyKana: 'セイ', givenKana: 'メイ' });
    expect(record.name).toBe('山田 花子');
    expect(record.kana).toBe('ヤマダ ハナコ');
  });

  it('builds address line 1 from 都道府県 + 市区町村 + 住所1 and line 2 from 住所2', async () => {
    const { report, record } = await donorWith({
      注文番号: 'D-1', 氏名: '山田 花子', 郵便番号: '1000001', 都道府県: '東京都', 市区町村: '千代田区', 住所1: '千代田1-1', 住所2: 'コーポ101',
    });
    expect(report.unknownColumns).toEqual([]);
    expect(record.address1).toBe('東京都千代田区千代田1-1');
    expect(record.address2).toBe('コーポ101');
  });

  it('accepts 番地 for line 1 and 建物名 for line 2', async () => {
    const { record } = await donorWith({
      注文番号: 'D-1', 氏名: '山田 花子', 郵便番号: '1000001', 都道府県: '大阪府', 市区町村: '大阪市北区', 番地: '梅田1-2-3', 建物名: '梅田ビル5F',
    });
    expect(record.address1).toBe('大阪府大阪市北区梅田1-2-3');
    expect(record.address2).toBe('梅田ビル5F');
  });

  it('accepts 住所 as the whole address', async () => {
    const { record } = await donorWith({ ...base, 住所: '北海道札幌市中央区北1条西2丁目' });
    expect(record.address1).toBe('北海道札幌市中央区北1条西2丁目');
    expect(record.address2).toBeNull();
  });
});

describe('unknown columns and --map', () => {
  it('reports unknown columns, ignores them and imports the rest', async () => {
    const { db } = openTempDb();
    const file = writeCsv(nextFile('unknown'), [
      ['取引ID', '決済日時', '備考', '店舗コード', '金額'],
      ['U1', '2021/10/20', 'メモ', 'S-1', '100'],
    ]);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.unknownColumns).toEqual(['備考', '店舗コード']);
    expect(report.warnings.map((w) => w.code)).toContain('unknown-columns');
    expect(report.warnings.find((w) => w.code === 'unknown-columns')!.message).toContain('備考');
    expect(report.rowsAccepted).toBe(1);
    const stored = one<{ unknown: string }>(db, 'SELECT unknown_columns AS unknown FROM imports');
    expect(JSON.parse(stored.unknown)).toEqual(['備考', '店舗コード']);
  });

  it('without a mapping, a file whose ID column has an unknown header is refused naming the missing column', async () => {
    const { db } = openTempDb();
    const file = writeCsv(nextFile('nomap'), [['伝票番号', '決済日時', '金額'], ['X1', '2021/10/20', '100']]);
    const error = await runImport(db, { file, kind: 'payments' }).catch((e: unknown) => e);
    expect(isInwError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('missing-column');
    expect((error as Error).message).toContain('取引ID');
    expect(one(db, 'SELECT COUNT(*) AS n FROM imports')).toEqual({ n: 0 });
  });

  it.each([
    ['transactionId=伝票番号'],
    ['transaction_id=伝票番号'],
    ['取引ID=伝票番号'],
  ])('--map %s maps an unknown header onto a field', async (arg) => {
    const { db } = openTempDb();
    const file = writeCsv(nextFile('map'), [['伝票番号', '利用日', '金額'], ['X1', '2021/10/20 12:00', '100']]);
    const map = { ...parseMapArguments([arg]), ...parseMapArguments(['paidAt=利用日']) };
    const report = await runImport(db, { file, kind: 'payments', map });
    expect(report.mapping).toMatchObject({ transactionId: '伝票番号', paidAt: '利用日' });
    expect(all(db, 'SELECT transaction_id AS id, paid_date AS d FROM payments')).toEqual([{ id: 'X1', d: '2021-10-20' }]);
  });

  it('--map with a header that is not in the file is an error', async () => {
    const { db } = openTempDb();
    const file = writeCsv(nextFile('map-missing'), [['取引ID', '決済日時'], ['X1', '2021/10/20']]);
    const error = await runImport(db, { file, kind: 'payments', map: parseMapArguments(['amount=請求額']) }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('mapping-header-missing');
  });

  it('--map without field=Header is refused', () => {
    expect(() => parseMapArguments(['nonsense'])).toThrow(/項目=見出し/);
    expect(() => parseMapArguments(['nosuchfield=X'])).toThrow(/項目=見出し/);
  });
});
