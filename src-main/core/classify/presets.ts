import { metaps2022Letter } from '../letters/preset-metaps-2022.js';

// Built-in incident presets. metaps-2022 is the case the product is modelled on (spec §1, §3):
// figures as the processor published them; wording and contact fields are added by the letters
// module (organisation and contact desk are the user's to fill in).

export const METAPS_2022 = {
  code: 'metaps-2022',
  title: '決済代行会社への不正アクセスによるクレジットカード情報流出',
  processor: '株式会社メタップスペイメント',
  description:
    '決済代行会社のサーバーが不正アクセスを受け、2021年8月2日から2022年1月25日までの間に、決済データベースからカード情報等が流出した、または流出したおそれがあります。',
  breachPeriod: { from: '2021-08-02', to: '2022-01-25' },
  exposures: [
    {
      code: 'token-db',
      label: 'トークン方式のクレジットカード決済データベース',
      certainty: 'possible',
      items: { card: ['カード番号', '有効期限', 'セキュリティコード'] },
      rule: { type: 'window', methods: ['card'], from: '2021-10-14', to: '2022-01-25' },
    },
    {
      code: 'payment-db',
      label: '決済情報データベース',
      certainty: 'confirmed',
      items: {
        card: ['カード番号', '有効期限'],
        コンビニ: ['氏名', '電話番号', 'メールアドレス'],
        ペイジー: ['氏名', '住所', '電話番号'],
      },
      rule: { type: 'confirmed-list', window: { from: '2021-05-06', to: '2022-01-25' } },
    },
  ],
  statedCounts: {
    'token-db': { count: 5283, kind: 'max', unit: 'persons', note: '当団体分として決済代行会社が示した最大件数' },
    'payment-db': { count: 1, kind: 'exact', unit: 'persons', note: '流出が確認された当団体分の件数' },
  },
  letter: metaps2022Letter,
};
