// The files of the E2E walk, written by the test: a CP932 payments CSV (with a security-code
// column, a full card number and a bad date), a payments XLSX with a title row and an unknown
// transaction-ID header, a UTF-8 donors CSV (髙橋, an undeliverable person, a near-duplicate
// pair) and a confirmed list for payment-db (one listed ID unknown).
import { join } from 'node:path';
import { excelWallClock, writeCsv, writeXlsx } from '../helpers/fixtures.js';

export interface WalkFiles {
  paymentsCsv: string;
  paymentsXlsx: string;
  donorsCsv: string;
  confirmedCsv: string;
}

const FAMILY = ['佐藤', '鈴木', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '松本', '井上', '木村'];
const FAMILY_KANA = ['サトウ', 'スズキ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマダ', 'ササキ', 'マツモト', 'イノウエ', 'キムラ'];
const GIVEN = ['花子', '太郎', '美咲', '健太', '陽子', '翔', '由美', '大輔', '恵', '拓也'];
const GIVEN_KANA = ['ハナコ', 'タロウ', 'ミサキ', 'ケンタ', 'ヨウコ', 'ショウ', 'ユミ', 'ダイスケ', 'メグミ', 'タクヤ'];
const CITIES = ['東京都世田谷区桜丘', '神奈川県横浜市青葉区美しが丘', '大阪府大阪市北区梅田', '愛知県名古屋市中区栄', '福岡県福岡市中央区天神'];

export const PERSONS = 380;

const pad = (n: number, w = 5) => String(n).padStart(w, '0');

export async function writeWalkFiles(dir: string): Promise<WalkFiles> {
  const donors: Array<Array<string | number>> = [['オーダーID', '会員番号', '氏名', 'フリガナ', '郵便番号', '住所', '電話番号', 'メールアドレス', '寄付日', '金額']];
  for (let i = 1; i <= PERSONS; i++) {
    const f = i % FAMILY.length;
    const g = i % GIVEN.length;
    let name = `${FAMILY[f]} ${GIVEN[g]}`;
    let kana = `${FAMILY_KANA[f]} ${GIVEN_KANA[g]}`;
    if (i === 1) {
      name = '髙橋 一郎';
      kana = 'タカハシ イチロウ';
    }
    const postal = i === 2 ? '' : `${150 + (i % 40)}-${pad(1000 + i, 4)}`;
    const address = `${CITIES[i % CITIES.length]}${1 + (i % 9)}-${1 + (i % 17)}-${i}`;
    donors.push([`O${pad(i)}`, `M${pad(i)}`, name, kana, postal, address, `090-${pad(1000 + i, 4)}-${pad(i, 4)}`, `donor${i}@example.jp`, '2021/09/01', 3000]);
  }
  // A near-duplicate: same name and postal code as person 3, another address and member ID.
  const three = donors[3]!;
  donors.push(['O90001', 'M90001', three[2]!, three[3]!, three[4]!, '東京都千代田区千代田1-1', '03-0000-0001', 'other@example.jp', '2021/09/02', 1000]);

  const payments: Array<Array<string | number>> = [['取引ID', 'オーダーID', '会員番号', '決済日時', '決済方法', 'カード番号', '金額', 'ステータス', 'セキュリティコード']];
  for (let i = 1; i <= 350; i++) {
    const inWindow = i <= 300;
    const day = new Date(Date.UTC(2021, 9, 14 + (i % 100)));
    const date = inWindow ? `${day.getUTCFullYear()}/${day.getUTCMonth() + 1}/${day.getUTCDate()} 10:${pad(i % 60, 2)}:00` : '2021/06/10 09:00:00';
    const card = i === 7 ? '4111111111111111' : `****-****-****-${pad(1000 + (i % 9000), 4)}`;
    const method = i % 50 === 0 ? 'コンビニ' : 'クレジットカード';
    payments.push([`T${pad(i)}`, `O${pad(i)}`, `M${pad(i)}`, date, method, method === 'コンビニ' ? '' : card, 1000 + i, i % 9 === 0 ? '失敗' : '成功', '123']);
  }
  payments.push(['T09998', 'O09998', '', '2021/13/45 10:00', 'クレジットカード', '****1111', 5000, '成功', '']);
  for (let k = 1; k <= 5; k++) {
    payments.push([`T0800${k}`, `X0800${k}`, '', `2021/11/2${k} 12:00:00`, 'クレジットカード', `****22${k}2`, 2000, '成功', '']);
  }
  const paymentsCsv = writeCsv(join(dir, 'payments-cp932.csv'), payments, { encoding: 'cp932' });

  const xlsxRows: Array<Array<string | number | Date | null>> = [];
  for (let i = 351; i <= PERSONS; i++) {
    xlsxRows.push([`T${pad(i)}`, `O${pad(i)}`, `M${pad(i)}`, excelWallClock(2022, 1, 10, 14, i % 60), 'クレジット', `****${pad(3000 + i, 4)}`, 5000, '成功']);
  }
  xlsxRows.push(['T08101', 'X08101', null, excelWallClock(2022, 1, 12, 9, 30), 'クレジット', '****8101', 1500, '成功']);
  const paymentsXlsx = await writeXlsx(join(dir, 'payments-2022-01.xlsx'), {
    name: '決済一覧',
    titleRows: [['決済データ 2022年1月分'], []],
    header: ['売上番号', 'オーダーID', '会員番号', '決済日時', '決済方法', 'カード番号', '金額', 'ステータス'],
    rows: xlsxRows,
  });

  const donorsCsv = writeCsv(join(dir, 'donors.csv'), donors, { encoding: 'utf8bom' });
  const confirmedCsv = writeCsv(join(dir, 'confirmed-payment-db.csv'), [['取引ID'], ['T00001'], ['T00305'], ['TXX999']]);
  return { paymentsCsv, paymentsXlsx, donorsCsv, confirmedCsv };
}
