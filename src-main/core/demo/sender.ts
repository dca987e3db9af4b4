// The demo's own sender: a fictitious charity and contact desk, only for `inw demo` and tests.
// Never a fallback for a real incident: letters without a sender are refused (or drafts).
import type { ContactDesk, Organisation } from '../incident/letter-schema.js';

/** A fictitious organisation for `inw demo` (never the preset's default for real use). */
export const demoOrganisation: Organisation = {
  name: '特定非営利活動法人 ひだまり子ども基金',
  postalCode: '1500001',
  address: '東京都渋谷区神宮前一丁目2番3号',
  address2: 'ひだまりビル4階',
  representativeTitle: '理事長',
  representativeName: '山田 花子',
  phone: '03-0000-0000',
};

/** A fictitious contact desk for `inw demo`. */
export const demoContactDesk: ContactDesk = {
  name: 'ひだまり子ども基金 カード情報流出お問い合わせ窓口',
  phone: '0120-000-000',
  hours: '平日 10:00～17:00（土日祝日・年末年始を除く）',
  email: 'info@hidamari-kikin.example.jp',
};
