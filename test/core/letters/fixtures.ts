// Sample persons and the metaps-2022 letter settings for the letter tests.
import type { LetterIncident } from '../../../src-main/core/letters/compose.js';
import { letterSettingsSchema } from '../../../src-main/core/incident/letter-schema.js';
import { metaps2022Letter } from '../../../src-main/core/incident/preset-metaps-2022.js';
import { demoContactDesk, demoOrganisation } from '../../../src-main/core/demo/sender.js';
import type { LetterExposure, LetterInput, LetterPayment } from '../../../src-main/core/letters/types.js';

export const FONT_REGULAR = 'node_modules/@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf';
export const FONT_BOLD = 'node_modules/@expo-google-fonts/noto-serif-jp/700Bold/NotoSerifJP_700Bold.ttf';
export const fontPaths = { regular: FONT_REGULAR, bold: FONT_BOLD };
export const LETTER_DATE = '2022-03-15';

export const incident: LetterIncident = {
  title: 'メタップスペイメント不正アクセス（2022年）',
  organisation: demoOrganisation,
  contactDesk: demoContactDesk,
  letter: letterSettingsSchema.parse(metaps2022Letter),
};

export const incidentExposures = [
  { code: 'token-db', window: { from: '2021-10-14', to: '2022-01-25' } },
  { code: 'payment-db', window: { from: '2021-05-06', to: '2022-01-25' } },
];

export const tokenDb: LetterExposure = {
  code: 'token-db',
  label: 'トークン決済データベース',
  certainty: 'possible',
  items: ['カード番号', '有効期限', 'セキュリティコード'],
  window: { from: '2021-10-14', to: '2022-01-25' },
};
export const paymentDb: LetterExposure = {
  code: 'payment-db',
  label: '決済情報データベース',
  certainty: 'confirmed',
  items: ['カード番号', '有効期限'],
  window: { from: '2021-05-06', to: '2022-01-25' },
};

function pay(id: string, jstDate: string, last4: string, amount: number, exposures: string[]): LetterPayment {
  return { transactionId: id, jstDate, cardLast4: last4, amount, method: 'クレジットカード', exposures };
}

export const personToken: LetterInput = {
  personId: 'P0001',
  referenceNumber: '0000-0013',
  category: 'token-db',
  name: '髙橋 美咲',
  kana: 'タカハシ ミサキ',
  postalCode: '1600022',
  address1: '東京都新宿区新宿三丁目１７番１号',
  address2: 'サンライズマンション１２０１号室',
  exposures: [tokenDb],
  payments: [pay('T1001', '2021-10-20', '4242', 3000, ['token-db']), pay('T1002', '2021-12-24', '4242', 10000, ['token-db'])],
};

export const personPayment: LetterInput = {
  personId: 'P0002',
  referenceNumber: '0000-0021',
  category: 'payment-db',
  name: '佐藤 一郎',
  kana: 'サトウ イチロウ',
  postalCode: '5300001',
  address1: '大阪府大阪市北区梅田一丁目１番３号',
  address2: null,
  exposures: [paymentDb],
  payments: [pay('T2001', '2021-07-03', '1881', 5000, ['payment-db'])],
};

export const personBoth: LetterInput = {
  personId: 'P0003',
  referenceNumber: '0000-0037',
  category: 'token-db+payment-db',
  name: '𠮷田 太郎',
  kana: 'ヨシダ タロウ',
  postalCode: '0600001',
  address1: '北海道札幌市中央区北一条西二丁目１番地　札幌中央ビジネスタワー東館',
  address2: '２３階　株式会社サンプル商事 総務部気付',
  exposures: [tokenDb, paymentDb],
  payments: [
    pay('T3001', '2021-06-11', '0005', 2000, ['payment-db']),
    pay('T3002', '2021-11-02', '3456', 1500, ['token-db']),
    pay('T3003', '2022-01-10', '3456', 1500, ['token-db']),
  ],
};

/** A monthly donor with 20 affected payments: the table runs onto page 2. */
export const personLong: LetterInput = {
  personId: 'P0004',
  referenceNumber: '0000-0045',
  category: 'token-db',
  name: '渡邉 花子',
  kana: 'ワタナベ ハナコ',
  postalCode: '9800811',
  address1: '宮城県仙台市青葉区一番町四丁目７番１７号',
  address2: null,
  exposures: [tokenDb],
  payments: Array.from({ length: 20 }, (_, i) => {
    const d = new Date(Date.UTC(2021, 9, 14 + i * 5));
    const jst = d.toISOString().slice(0, 10);
    return pay(`T4${String(i).padStart(3, '0')}`, jst, i % 2 ? '7777' : '9012', 1000 * (i + 1), ['token-db']);
  }),
};

/** A name with a character Noto Serif JP lacks (a private-use 外字 code point). */
export const personGaiji: LetterInput = {
  ...personPayment,
  personId: 'P0005',
  referenceNumber: '0000-0059',
  name: '斎\uE000 次郎',
};

export const allPersons = [personToken, personPayment, personBoth, personLong, personGaiji];
