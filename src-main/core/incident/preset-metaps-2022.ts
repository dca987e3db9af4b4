// The metaps-2022 preset: the case the product is modelled on (spec §1, §3), with the figures
// as the processor published them and the wording of the notice letter, a charity writing to
// its donors after its card processor メタップスペイメント was breached. The wording covers the
// five items the APPI rules ask of a notice to the person: 概要, the affected items and how
// certain the leak is, 原因 and measures, the risk of further harm and what to do, and other
// information. Organisation and contact desk are the user's to fill in (core/demo has the demo's
// fictitious ones).
import type { LetterSettingsInput } from './letter-schema.js';

export const metaps2022Letter = {
  subject: 'クレジットカード情報流出に関するお詫びとお知らせ',
  opening: [
    '拝啓　時下ますますご清祥のこととお慶び申し上げます。平素より{{organisation.name}}の活動に温かいご支援を賜り、心より御礼申し上げます。',
    'このたび、当団体がクレジットカード決済を委託している株式会社メタップスペイメント（以下「決済代行会社」といいます。）のシステムが第三者による不正アクセスを受け、{{name}}様が当団体へのご寄付にご利用になったクレジットカードの情報が{{leakPhrase}}ことが判明いたしました。',
    '{{name}}様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。本件の概要と、{{name}}様にご確認いただきたい事項を下記のとおりご案内申し上げます。',
  ],
  complimentaryClose: '敬具',
  kigaki: '記',
  sections: [
    {
      heading: '本件の概要',
      paragraphs: [
        '決済代行会社の調査により、同社のシステムが2021年8月2日から2022年1月25日までの間に第三者による不正アクセスを受け、同社のデータベースに保存されていたクレジットカード情報等が不正に取得されたことが判明いたしました。当団体は同社から報告を受け、当団体へのご寄付に関わる影響を調査してまいりました。',
      ],
    },
    {
      heading: '{{name}}様に関わる情報',
      paragraphs: [
        '{{name}}様について、流出の対象となるカード情報は次のとおりです。',
        '{{exposureParagraphs}}',
        '対象となるご寄付の決済は次の{{paymentCount}}件です（カード番号は下4桁のみを表示しています）。',
        '{{payments}}',
      ],
    },
    {
      heading: '原因および対策',
      paragraphs: [
        '決済代行会社の決済システムに存在した脆弱性を第三者に悪用され、不正アクセスを受けたことが原因であると報告を受けております。',
        '決済代行会社は、不正アクセスの判明後に外部からの不正なアクセスを遮断し、脆弱性の修正、外部専門機関による調査、監視体制の強化などの再発防止策を講じております。また、個人情報保護委員会への報告および警察への相談を行っております。当団体といたしましても、決済代行会社に対して情報管理の徹底を求めるとともに、委託先の監督を一層強化してまいります。',
      ],
    },
    {
      heading: '二次被害のおそれと、お願いしたいこと',
      paragraphs: [
        '流出した情報が悪用され、身に覚えのない請求が行われるおそれがございます。お手数をおかけいたしますが、次の点についてご対応くださいますようお願い申し上げます。',
        '（1）{{checkFrom}}以降のクレジットカードのご利用明細に、身に覚えのない請求がないかをご確認ください。',
        '（2）身に覚えのない請求があった場合やご不安な点がある場合は、お手持ちのカードの裏面に記載されたカード発行会社へお問い合わせください。',
        '（3）カードの差し替え（再発行）をご希望の場合は、カード発行会社へお申し出ください。本件による再発行の手数料は{{name}}様にご負担いただかないよう、カード発行会社に依頼しております。',
        '（4）当団体および決済代行会社から、お電話やメール等でカード番号などのカード情報をお尋ねすることは一切ございません。不審な電話やメール（フィッシング詐欺）には応じず、十分ご注意ください。',
      ],
    },
    {
      heading: 'その他',
      paragraphs: [
        '決済代行会社はカード発行会社と連携し、対象となるカードの不正利用の監視に努めていると報告を受けております。本状は当団体にご登録いただいているご住所あてにお送りしております。お心当たりのない場合やご住所に変更がある場合も、下記窓口までご連絡ください。',
        'このたびは多大なるご迷惑とご心配をおかけしますことを、重ねて深くお詫び申し上げます。',
      ],
    },
    {
      heading: 'お問い合わせ窓口',
      paragraphs: ['{{contactDesk}}'],
    },
  ],
  exposureParagraphs: {
    'token-db':
      '{{mark}}　{{windowFrom}}から{{windowTo}}までの間に行われたクレジットカード決済について、カード情報（{{items}}）が{{certainty}}。',
    'payment-db':
      '{{mark}}　決済代行会社が流出を確認した決済に、{{name}}様のご寄付の決済が含まれておりました。この決済のカード情報（{{items}}）が{{certainty}}。',
  },
  leakPhrases: {
    possible: '流出した可能性がある',
    confirmed: '流出した',
    mixed: '流出した、または流出した可能性がある',
  },
  certaintyPhrases: {
    possible: '流出した可能性がございます',
    confirmed: '流出したことが確認されております',
  },
  finalWord: '以上',
} satisfies LetterSettingsInput;

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
