// Name and place lists for the demo data. Places are real prefectures, cities and town
// names with the city's real leading postal digits; the last four digits are made up.
// Rare-kanji surnames (髙, 﨑, 𠮷, 邊, 邉, 齋) appear with a lower weight, as in real lists.

/** [kanji, katakana reading, romaji, weight] */
export const FAMILY_NAMES: ReadonlyArray<readonly [string, string, string, number]> = [
  ['佐藤', 'サトウ', 'sato', 6], ['鈴木', 'スズキ', 'suzuki', 6], ['高橋', 'タカハシ', 'takahashi', 5],
  ['髙橋', 'タカハシ', 'takahashi', 1], ['田中', 'タナカ', 'tanaka', 5], ['伊藤', 'イトウ', 'ito', 4],
  ['渡辺', 'ワタナベ', 'watanabe', 4], ['渡邊', 'ワタナベ', 'watanabe', 1], ['渡邉', 'ワタナベ', 'watanabe', 1],
  ['山本', 'ヤマモト', 'yamamoto', 4], ['中村', 'ナカムラ', 'nakamura', 4], ['小林', 'コバヤシ', 'kobayashi', 4],
  ['加藤', 'カトウ', 'kato', 3], ['吉田', 'ヨシダ', 'yoshida', 3], ['𠮷田', 'ヨシダ', 'yoshida', 1],
  ['山田', 'ヤマダ', 'yamada', 3], ['佐々木', 'ササキ', 'sasaki', 3], ['山口', 'ヤマグチ', 'yamaguchi', 3],
  ['松本', 'マツモト', 'matsumoto', 3], ['井上', 'イノウエ', 'inoue', 3], ['木村', 'キムラ', 'kimura', 3],
  ['林', 'ハヤシ', 'hayashi', 2], ['斎藤', 'サイトウ', 'saito', 2], ['齋藤', 'サイトウ', 'saito', 1],
  ['清水', 'シミズ', 'shimizu', 2], ['山崎', 'ヤマザキ', 'yamazaki', 2], ['山﨑', 'ヤマザキ', 'yamazaki', 1],
  ['森', 'モリ', 'mori', 2], ['池田', 'イケダ', 'ikeda', 2], ['橋本', 'ハシモト', 'hashimoto', 2],
  ['阿部', 'アベ', 'abe', 2], ['石川', 'イシカワ', 'ishikawa', 2], ['山下', 'ヤマシタ', 'yamashita', 2],
  ['中島', 'ナカジマ', 'nakajima', 2], ['石井', 'イシイ', 'ishii', 2], ['小川', 'オガワ', 'ogawa', 2],
  ['前田', 'マエダ', 'maeda', 2], ['岡田', 'オカダ', 'okada', 2], ['長谷川', 'ハセガワ', 'hasegawa', 2],
  ['藤田', 'フジタ', 'fujita', 2], ['後藤', 'ゴトウ', 'goto', 2], ['近藤', 'コンドウ', 'kondo', 2],
  ['村上', 'ムラカミ', 'murakami', 2], ['遠藤', 'エンドウ', 'endo', 2], ['青木', 'アオキ', 'aoki', 2],
  ['坂本', 'サカモト', 'sakamoto', 2], ['宮崎', 'ミヤザキ', 'miyazaki', 2], ['宮﨑', 'ミヤザキ', 'miyazaki', 1],
  ['髙田', 'タカダ', 'takada', 1], ['柴田', 'シバタ', 'shibata', 2], ['原田', 'ハラダ', 'harada', 2],
  ['藤井', 'フジイ', 'fujii', 2], ['岡本', 'オカモト', 'okamoto', 2], ['松田', 'マツダ', 'matsuda', 2],
  ['中川', 'ナカガワ', 'nakagawa', 2], ['中野', 'ナカノ', 'nakano', 2], ['小野', 'オノ', 'ono', 2],
  ['田村', 'タムラ', 'tamura', 2], ['竹内', 'タケウチ', 'takeuchi', 2], ['金子', 'カネコ', 'kaneko', 2],
  ['和田', 'ワダ', 'wada', 2], ['石田', 'イシダ', 'ishida', 2], ['上田', 'ウエダ', 'ueda', 2],
  ['﨑山', 'サキヤマ', 'sakiyama', 1], ['髙木', 'タカギ', 'takagi', 1], ['邊見', 'ヘンミ', 'henmi', 1],
];

/** [kanji, katakana reading, romaji] */
export const GIVEN_NAMES: ReadonlyArray<readonly [string, string, string]> = [
  ['一郎', 'イチロウ', 'ichiro'], ['健太', 'ケンタ', 'kenta'], ['翔太', 'ショウタ', 'shota'],
  ['大輔', 'ダイスケ', 'daisuke'], ['誠', 'マコト', 'makoto'], ['浩', 'ヒロシ', 'hiroshi'],
  ['隆', 'タカシ', 'takashi'], ['拓也', 'タクヤ', 'takuya'], ['直樹', 'ナオキ', 'naoki'],
  ['和也', 'カズヤ', 'kazuya'], ['健一', 'ケンイチ', 'kenichi'], ['正男', 'マサオ', 'masao'],
  ['博之', 'ヒロユキ', 'hiroyuki'], ['茂', 'シゲル', 'shigeru'], ['悠斗', 'ユウト', 'yuto'],
  ['蓮', 'レン', 'ren'], ['陽翔', 'ハルト', 'haruto'], ['洋子', 'ヨウコ', 'yoko'],
  ['恵子', 'ケイコ', 'keiko'], ['美穂', 'ミホ', 'miho'], ['裕子', 'ユウコ', 'yuko'],
  ['直美', 'ナオミ', 'naomi'], ['由美子', 'ユミコ', 'yumiko'], ['さくら', 'サクラ', 'sakura'],
  ['真由美', 'マユミ', 'mayumi'], ['智子', 'トモコ', 'tomoko'], ['美咲', 'ミサキ', 'misaki'],
  ['彩', 'アヤ', 'aya'], ['愛', 'アイ', 'ai'], ['結衣', 'ユイ', 'yui'], ['花子', 'ハナコ', 'hanako'],
  ['久美子', 'クミコ', 'kumiko'], ['千尋', 'チヒロ', 'chihiro'], ['明美', 'アケミ', 'akemi'],
  ['幸子', 'サチコ', 'sachiko'], ['涼子', 'リョウコ', 'ryoko'], ['奈々', 'ナナ', 'nana'],
  ['秀樹', 'ヒデキ', 'hideki'], ['勝', 'マサル', 'masaru'], ['優子', 'ユウコ', 'yuko'],
];

export interface City {
  pref: string;
  city: string;
  towns: readonly string[];
  /** Area code for landline numbers. */
  tel: string;
}

export const CITIES: readonly City[] = [
  { pref: '東京都', city: '千代田区', towns: ['神田神保町', '麹町', '九段北'], tel: '03' },
  { pref: '東京都', city: '新宿区', towns: ['西新宿', '高田馬場', '神楽坂'], tel: '03' },
  { pref: '東京都', city: '世田谷区', towns: ['三軒茶屋', '経堂', '成城', '用賀'], tel: '03' },
  { pref: '東京都', city: '練馬区', towns: ['石神井町', '光が丘', '大泉学園町'], tel: '03' },
  { pref: '東京都', city: '八王子市', towns: ['旭町', '南大沢', '高尾町'], tel: '042' },
  { pref: '東京都', city: '葛飾区', towns: ['柴又', '亀有', '金町'], tel: '03' },
  { pref: '神奈川県', city: '横浜市港北区', towns: ['日吉', '綱島西', '新横浜'], tel: '045' },
  { pref: '神奈川県', city: '川崎市中原区', towns: ['小杉町', '新丸子町', '木月'], tel: '044' },
  { pref: '神奈川県', city: '藤沢市', towns: ['鵠沼海岸', '湘南台', '辻堂'], tel: '0466' },
  { pref: '埼玉県', city: 'さいたま市浦和区', towns: ['高砂', '常盤', '岸町'], tel: '048' },
  { pref: '埼玉県', city: '川越市', towns: ['元町', '仙波町', '脇田町'], tel: '049' },
  { pref: '千葉県', city: '千葉市中央区', towns: ['富士見', '中央港', '新町'], tel: '043' },
  { pref: '千葉県', city: '船橋市', towns: ['本町', '前原西', '習志野台'], tel: '047' },
  { pref: '茨城県', city: 'つくば市', towns: ['天久保', '竹園', '吾妻'], tel: '029' },
  { pref: '栃木県', city: '宇都宮市', towns: ['馬場通り', '今泉', '駒生'], tel: '028' },
  { pref: '群馬県', city: '高崎市', towns: ['八島町', '連雀町', '貝沢町'], tel: '027' },
  { pref: '北海道', city: '札幌市中央区', towns: ['北一条西', '南三条西', '宮の森'], tel: '011' },
  { pref: '北海道', city: '旭川市', towns: ['宮下通', '大雪通', '金星町'], tel: '0166' },
  { pref: '宮城県', city: '仙台市青葉区', towns: ['一番町', '国分町', '上杉'], tel: '022' },
  { pref: '福島県', city: '郡山市', towns: ['駅前', '堂前町', '桑野'], tel: '024' },
  { pref: '新潟県', city: '新潟市中央区', towns: ['古町通', '万代', '東大通'], tel: '025' },
  { pref: '長野県', city: '松本市', towns: ['中央', '深志', '大手'], tel: '0263' },
  { pref: '静岡県', city: '静岡市葵区', towns: ['呉服町', '七間町', '鷹匠'], tel: '054' },
  { pref: '静岡県', city: '浜松市中央区', towns: ['鍛冶町', '元城町', '富塚町'], tel: '053' },
  { pref: '愛知県', city: '名古屋市中区', towns: ['栄', '錦', '大須'], tel: '052' },
  { pref: '愛知県', city: '豊田市', towns: ['小坂本町', '若宮町', '挙母町'], tel: '0565' },
  { pref: '岐阜県', city: '岐阜市', towns: ['金町', '長住町', '柳ケ瀬通'], tel: '058' },
  { pref: '三重県', city: '津市', towns: ['大門', '丸之内', '栄町'], tel: '059' },
  { pref: '石川県', city: '金沢市', towns: ['香林坊', '片町', '長町'], tel: '076' },
  { pref: '京都府', city: '京都市左京区', towns: ['下鴨松ノ木町', '一乗寺松田町', '一乗寺清水町'], tel: '075' },
  { pref: '大阪府', city: '大阪市北区', towns: ['梅田', '天神橋', '中崎西'], tel: '06' },
  { pref: '大阪府', city: '堺市堺区', towns: ['大浜北町', '宿院町東', '中瓦町'], tel: '072' },
  { pref: '大阪府', city: '豊中市', towns: ['本町', '岡町北', '庄内西町'], tel: '06' },
  { pref: '兵庫県', city: '神戸市中央区', towns: ['三宮町', '元町通', '北野町'], tel: '078' },
  { pref: '兵庫県', city: '姫路市', towns: ['本町', '駅前町', '西延末'], tel: '079' },
  { pref: '奈良県', city: '奈良市', towns: ['三条町', '高畑町', '学園北'], tel: '0742' },
  { pref: '岡山県', city: '岡山市北区', towns: ['表町', '奉還町', '野田屋町'], tel: '086' },
  { pref: '広島県', city: '広島市中区', towns: ['紙屋町', '八丁堀', '大手町'], tel: '082' },
  { pref: '山口県', city: '下関市', towns: ['竹崎町', '唐戸町', '長府中浜町'], tel: '083' },
  { pref: '香川県', city: '高松市', towns: ['丸亀町', '瓦町', '番町'], tel: '087' },
  { pref: '愛媛県', city: '松山市', towns: ['大街道', '道後湯月町', '三番町'], tel: '089' },
  { pref: '福岡県', city: '福岡市博多区', towns: ['博多駅前', '中洲', '祇園町'], tel: '092' },
  { pref: '福岡県', city: '北九州市小倉北区', towns: ['魚町', '京町', '紺屋町'], tel: '093' },
  { pref: '熊本県', city: '熊本市中央区', towns: ['手取本町', '水前寺', '新町'], tel: '096' },
  { pref: '鹿児島県', city: '鹿児島市', towns: ['中央町', '山下町', '東千石町'], tel: '099' },
  { pref: '沖縄県', city: '那覇市', towns: ['久茂地', '牧志', '泉崎'], tel: '098' },
];

/** Building names; none contains ー next to a digit, so dash folding cannot touch them. */
export const BUILDINGS: readonly string[] = [
  'サンハイツ', 'コーポ山田', 'メゾン・ド・ソレイユ', 'グランドメゾン', 'パークハウス', 'ハイツ若葉',
  'レジデンス桜', 'シャトー白樺', 'ライオンズマンション', 'エスポワール', '第二松本ビル', 'ヴィラ緑ヶ丘',
  'ロイヤルヒルズ', 'ベルシティ', 'アーバンコート',
];

export const CARD_BRANDS: ReadonlyArray<readonly [string, number]> = [
  ['VISA', 45], ['Mastercard', 25], ['JCB', 22], ['AMEX', 5], ['Diners', 3],
];

/** Luhn-valid public test card numbers (never real cards). */
export const TEST_PANS: ReadonlyArray<readonly [string, string]> = [
  ['4111111111111111', 'VISA'],
  ['5555555555554444', 'Mastercard'],
  ['3530111333300000', 'JCB'],
  ['4012888888881881', 'VISA'],
];

/** Free-text notes the processor's staff typed; all encodable in CP932. */
export const STAFF_NOTES: readonly string[] = [
  '髙木様より住所変更の連絡あり', '﨑山様 電話にて確認済', '領収書発行済', '髙橋様 再決済依頼',
  '宮﨑様 カード会社へ照会中', '① 与信エラーのため再送', '渡邊様 引落日変更',
];
