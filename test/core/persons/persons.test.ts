// spec §4: payments linked by order ID, then member ID; donor records grouped by member ID, or
// by normalised name + postal code + address (NFKC, white space, dash variants, ー between
// digits); near-duplicates listed, never merged; mailable flag.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, findNearDuplicates, loadIncident, parseIncident, type Db } from '../../../src-main/core/index.js';
import { all, now, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();
let n = 0;
const path = (name: string) => join(dir, `${++n}-${name}`);
const DONOR_HEADER = ['注文番号', '会員番号', '氏名', '郵便番号', '住所', '電話番号', 'メールアドレス'];

async function donors(db: Db, rows: string[][], encoding: 'utf8' | 'cp932' = 'utf8') {
  return runImport(db, { file: writeCsv(path('donors.csv'), [DONOR_HEADER, ...rows], { encoding }), kind: 'donors' });
}

/** person of each donor record, by order ID. */
function personOf(db: Db): Record<string, number> {
  return Object.fromEntries(all<{ o: string; p: number }>(db, 'SELECT order_id AS o, person_id AS p FROM donor_records').map((r) => [r.o, r.p]));
}

describe('grouping', () => {
  it('guests without member ID written with full-/half-width, spaces and dash variants are one person', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['G-1', '', '山田 花子', '100-0001', '東京都千代田区千代田1-2-3 コーポ山田101', '', ''],
      ['G-2', '', '山田　花子', '〒１００－０００１', '東京都千代田区千代田１－２－３　コーポ山田１０１', '', ''],
      ['G-3', '', '山田花子', '1000001', '東京都千代田区千代田1‐2‐3コーポ山田101', '', ''],
      ['G-4', '', ' 山田 花子 ', '100 0001', '東京都千代田区千代田1ー2ー3 コーポ山田101', '', ''],
      ['G-5', '', '山田 花子', '1000001', '東京都千代田区千代田1−2−3 コーポ山田101', '', ''],
      ['G-6', '', '山田 花子', '1000001', '東京都千代田区千代田1―2―3 ｺｰﾎﾟ山田101', '', ''],
      ['G-7', '', '山田 花子', '1000001', '東京都千代田区千代田1–2—3 コーポ山田101', '', ''],
      ['G-8', '', 'ﾔﾏﾀﾞ ﾊﾅｺ', '1000001', '東京都千代田区千代田1-2-3', '', ''],
      ['G-9', '', 'ヤマダ ハナコ', '1000001', '東京都千代田区千代田１ｰ２ｰ３', '', ''],
    ]);
    const p = personOf(db);
    for (const o of ['G-2', 'G-3', 'G-4', 'G-5', 'G-6', 'G-7']) expect.soft(p[o], o).toBe(p['G-1']);
    expect(p['G-9']).toBe(p['G-8']);
    expect(p['G-8']).not.toBe(p['G-1']);
    expect(all(db, 'SELECT COUNT(*) AS n FROM persons')).toEqual([{ n: 2 }]);
  });

  it('ー is a dash only between digits: コーポ and コ-ポ stay apart', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['C-1', '', '佐藤 一郎', '1000001', '東京都港区1-1 コーポ201', '', ''],
      ['C-2', '', '佐藤 一郎', '1000001', '東京都港区1-1 コ-ポ201', '', ''],
    ]);
    const p = personOf(db);
    expect(p['C-1']).not.toBe(p['C-2']);
  });

  it('records with the same member ID are one person whatever their names and addresses; IDs fold by NFKC', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['M-1', 'K-100', '鈴木 一郎', '1000001', '東京都港区1-1', '', ''],
      ['M-2', 'K-100', '鈴木 一朗', '5300001', '大阪府大阪市北区梅田1-1', '', ''],
      ['M-3', 'Ｋ－１００', 'スズキ イチロウ', '', '', '', ''],
      ['M-4', 'K-200', '鈴木 一郎', '1000001', '東京都港区1-1', '', ''],
    ]);
    const p = personOf(db);
    expect(p['M-2']).toBe(p['M-1']);
    expect(p['M-3']).toBe(p['M-1']);
    // Same name and address under another member ID: another person (listed for review below).
    expect(p['M-4']).not.toBe(p['M-1']);
    expect(all(db, 'SELECT COUNT(*) AS n FROM persons')).toEqual([{ n: 2 }]);
  });

  it('groups across imports: a later file adds records to the existing person', async () => {
    const { db } = openTempDb();
    await donors(db, [['A-1', '', '田中 三郎', '1000001', '東京都1-1', '', '']]);
    await donors(db, [['A-2', '', '田中　三郎', '１００－０００１', '東京都１－１', '', '']]);
    const p = personOf(db);
    expect(p['A-2']).toBe(p['A-1']);
  });
});

describe('near-duplicates', () => {
  it('lists same name + postal code with another address, same phone or e-mail under other names; never merges', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['N-1', '', '高橋 五郎', '1000001', '東京都千代田区1-1', '03-1111-1111', 'goro@example.jp'],
      ['N-2', '', '高橋 五郎', '1000001', '東京都千代田区2-2', '', ''],
      ['N-3', '', '高橋 花', '2000002', '千葉県千葉市1-1', '0311111111', ''],
      ['N-4', '', '渡辺 六子', '3000003', '茨城県水戸市1-1', '', 'GORO@example.jp'],
      ['N-5', '', '無関係 七郎', '4000004', '栃木県宇都宮市1-1', '09099999999', 'other@example.jp'],
    ]);
    const p = personOf(db);
    expect(new Set(Object.values(p)).size).toBe(5);
    const found = findNearDuplicates(db).map((d) => ({ kind: d.kind, ids: [...d.personIds].sort((a, b) => a - b) }));
    const ids = (a: string, b: string) => [p[a]!, p[b]!].sort((x, y) => x - y);
    expect(found).toEqual(expect.arrayContaining([
      { kind: 'same-name-postal-other-address', ids: ids('N-1', 'N-2') },
      { kind: 'same-phone-other-name', ids: ids('N-1', 'N-3') },
      { kind: 'same-email-other-name', ids: ids('N-1', 'N-4') },
    ]));
    expect(found).toHaveLength(3);
  });
});

describe('linking payments to persons', () => {
  const everything = parseIncident({
    code: 'all-cards', title: 'all', processor: 'p',
    exposures: [{ code: 'all', label: 'all', certainty: 'possible', items: { '*': ['x'] }, rule: { type: 'window', methods: ['card', 'コンビニ'], from: '2000-01-01', to: '2099-12-31' } }],
  }, 'test');

  it('links by order ID first, then member ID; a payment with neither match is unmatched', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['O-A', 'MEM-A', '本人 エー', '1000001', '東京都1-1', '', ''],
      ['O-B', 'MEM-B', '本人 ビー', '1000002', '東京都1-2', '', ''],
      ['O-C', '', '本人 シー', '1000003', '東京都1-3', '', ''],
    ]);
    const payments = writeCsv(path('link.csv'), [
      ['取引ID', 'オーダーID', '会員番号', '決済日時', '決済方法'],
      ['L-order', 'O-A', '', '2021/11/01', 'card'],
      ['L-order-wins', 'O-A', 'MEM-B', '2021/11/01', 'card'],
      ['L-member', 'O-UNKNOWN', 'MEM-B', '2021/11/01', 'card'],
      ['L-member-only', '', 'MEM-B', '2021/11/01', 'card'],
      ['L-guest-order', 'Ｏ－Ｃ', '', '2021/11/01', 'card'],
      ['L-unmatched', 'O-NOBODY', 'MEM-NOBODY', '2021/11/01', 'card'],
      ['L-no-link', '', '', '2021/11/01', 'コンビニ'],
    ]);
    await runImport(db, { file: payments, kind: 'payments' });
    const { runId, summary } = await classify({ db, incident: everything, now, actor: 'test' });
    const names = all<{ id: string; name: string | null }>(
      db,
      `SELECT p.transaction_id AS id, s.name FROM run_payments r JOIN payments p ON p.id = r.payment_id
       LEFT JOIN persons s ON s.id = r.person_id WHERE r.run_id = ? ORDER BY p.transaction_id`,
      runId,
    );
    expect(Object.fromEntries(names.map((r) => [r.id, r.name]))).toEqual({
      'L-order': '本人 エー',
      'L-order-wins': '本人 エー',
      'L-member': '本人 ビー',
      'L-member-only': '本人 ビー',
      'L-guest-order': '本人 シー',
      'L-unmatched': null,
      'L-no-link': null,
    });
    expect(summary.unmatchedPayments).toEqual({ total: 2, exposed: { all: 2 } });
    expect(summary.persons).toMatchObject({ total: 3, notify: 3 });
  });

  it('persons to notify without a mailable address are counted as undeliverable', async () => {
    const { db } = openTempDb();
    await donors(db, [
      ['U-1', '', '宛先 あり', '1000001', '東京都1-1', '', ''],
      ['U-2', '', '郵便番号 不備', '12-34', '東京都1-2', '', ''],
      ['U-3', '', '住所 なし', '1000003', '', '', ''],
      ['U-4', '', '対象外 不備', '', '', '', ''],
    ]);
    const payments = writeCsv(path('undeliverable.csv'), [
      ['取引ID', 'オーダーID', '決済日時', '決済方法'],
      ['V-1', 'U-1', '2021/11/01', 'クレジット'],
      ['V-2', 'U-2', '2021/11/01', 'クレジット'],
      ['V-3', 'U-3', '2021/11/01', 'クレジット'],
      ['V-4', 'U-4', '2021/09/01', 'クレジット'],
    ]);
    await runImport(db, { file: payments, kind: 'payments' });
    const { summary } = await classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'test' });
    expect(summary.persons).toMatchObject({ total: 4, notify: 3 });
    expect(summary.undeliverable).toBe(2);
    expect(all(db, 'SELECT name, mailable FROM persons ORDER BY id')).toEqual([
      { name: '宛先 あり', mailable: 1 },
      { name: '郵便番号 不備', mailable: 0 },
      { name: '住所 なし', mailable: 0 },
      { name: '対象外 不備', mailable: 0 },
    ]);
  });
});
