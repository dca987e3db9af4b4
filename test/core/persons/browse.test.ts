// The persons read model of the app: search, category filter, paging, detail with reasons.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, loadIncident, referenceNumberOf } from '../../../src-main/core/index.js';
import { browsePersons, personDetail } from '../../../src-main/core/persons/browse.js';
import { PAYMENT_HEADER, now, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

async function setup() {
  const dir = tempDir('inw-browse-');
  const { db } = openTempDb();
  await runImport(db, {
    kind: 'payments',
    file: writeCsv(join(dir, 'p.csv'), [
      PAYMENT_HEADER,
      ['T1', 'O1', 'M1', '2021/11/01 10:00', 'クレジットカード', '****1111', '1000', '成功'],
      ['T2', 'O2', 'M2', '2021/06/01 10:00', 'クレジットカード', '****2222', '2000', '成功'],
      ['T3', 'O3', 'M3', '2021/12/01 10:00', 'クレジットカード', '****3333', '3000', '失敗'],
      ['T4', 'X4', '', '2021/12/02 10:00', 'クレジットカード', '****4444', '4000', '成功'],
    ]),
  });
  await runImport(db, {
    kind: 'donors',
    file: writeCsv(join(dir, 'd.csv'), [
      ['オーダーID', '会員番号', '氏名', 'フリガナ', '郵便番号', '住所', '電話番号', 'メールアドレス'],
      ['O1', 'M1', '髙橋 一郎', 'タカハシ イチロウ', '150-0001', '東京都渋谷区1-1', '03-1234-5678', 'Ichiro@Example.jp'],
      ['O2', 'M2', '佐藤 花子', 'サトウ ハナコ', '160-0002', '東京都新宿区2-2', '', ''],
      ['O3', 'M3', '鈴木 太郎', 'スズキ タロウ', '', '大阪府大阪市浜町3-3', '090-8765-4321', 'suzuki@example.com'],
    ]),
  });
  await runImport(db, { kind: 'confirmed', exposure: 'payment-db', file: writeCsv(join(dir, 'c.csv'), [['取引ID'], ['T2']]) });
  const incident = loadIncident('metaps-2022');
  const { runId } = await classify({ db, incident, now, actor: 'test' });
  return { db, run: { runId, incident } };
}

describe('browsePersons', () => {
  it('pages everyone with their category, and filters by category and mailability', async () => {
    const { db, run } = await setup();
    const all = browsePersons(db, { run, offset: 0, limit: 10 });
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => [r.personId, r.category, r.affectedPayments])).toEqual([
      ['P000001', 'token-db', 1], ['P000002', 'payment-db', 1], ['P000003', 'token-db', 1],
    ]);
    expect(browsePersons(db, { run, category: 'token-db', offset: 0, limit: 10 }).total).toBe(2);
    expect(browsePersons(db, { run, category: 'notify', offset: 0, limit: 10 }).total).toBe(3);
    expect(browsePersons(db, { run, category: 'none', offset: 0, limit: 10 }).total).toBe(0);
    expect(browsePersons(db, { run, mailable: false, offset: 0, limit: 10 }).rows.map((r) => r.name)).toEqual(['鈴木 太郎']);
    expect(browsePersons(db, { run, offset: 1, limit: 1 }).rows.map((r) => r.personId)).toEqual(['P000002']);
  });

  it('searches by name, kana (hiragana too), postal code and person ID', async () => {
    const { db, run } = await setup();
    const names = (search: string) => browsePersons(db, { run, search, offset: 0, limit: 10 }).rows.map((r) => r.name);
    expect(names('髙橋')).toEqual(['髙橋 一郎']);
    expect(names('さとう')).toEqual(['佐藤 花子']);
    expect(names('160-00')).toEqual(['佐藤 花子']);
    expect(names('P000003')).toEqual(['鈴木 太郎']);
    expect(names('3')).toContain('鈴木 太郎');
    expect(names('100%')).toEqual([]);
  });

  it('searches phone, e-mail, member and order number, address and the お問い合わせ番号, with variant kanji folded', async () => {
    const { db, run } = await setup();
    const names = (search: string) => browsePersons(db, { run, search, offset: 0, limit: 10 }).rows.map((r) => r.name);
    // 高橋 finds 髙橋; 濱町 finds 浜町 (and the other way round).
    expect(names('高橋')).toEqual(['髙橋 一郎']);
    expect(names('高橋 一郎')).toEqual(['髙橋 一郎']);
    expect(names('濱町')).toEqual(['鈴木 太郎']);
    expect(names('０３－１２３４－５６７８')).toEqual(['髙橋 一郎']);
    expect(names('09087654321')).toEqual(['鈴木 太郎']);
    expect(names('ichiro@example')).toEqual(['髙橋 一郎']);
    expect(names('M2')).toEqual(['佐藤 花子']);
    expect(names('Ｏ３')).toEqual(['鈴木 太郎']);
    expect(names('新宿区2-2')).toEqual(['佐藤 花子']);
    expect(names(referenceNumberOf(2))).toEqual(['佐藤 花子']);
    expect(names('００００－００２１')).toEqual(['佐藤 花子']);
    const page = browsePersons(db, { run, offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.referenceNumber)).toEqual([referenceNumberOf(1), referenceNumberOf(2), referenceNumberOf(3)]);
    // A reference number with a wrong check digit finds nobody and says why.
    const wrong = browsePersons(db, { run, search: '0000-0022', offset: 0, limit: 10 });
    expect(wrong.rows).toEqual([]);
    expect(wrong.note).toMatch(/確認数字が合いません/);
  });

  it('works before any classification (everyone is none)', async () => {
    const { db } = await setup();
    const page = browsePersons(db, { run: null, offset: 0, limit: 10 });
    expect(page.rows.every((r) => r.category === 'none')).toBe(true);
  });
});

describe('personDetail', () => {
  it('lists records, linked payments and the reason for each exposure', async () => {
    const { db, run } = await setup();
    const one = personDetail(db, 1, run);
    expect(one.category).toBe('token-db');
    expect(one.records).toHaveLength(1);
    expect(one.payments.map((p) => p.transactionId)).toEqual(['T1']);
    expect(one.payments[0]!.exposures[0]!.reason).toContain('2021/10/14〜2022/01/25');
    expect(one.exposures[0]).toMatchObject({ code: 'token-db', certainty: 'possible', items: ['カード番号', '有効期限', 'セキュリティコード'] });
    const two = personDetail(db, 2, run);
    expect(two.exposures.map((e) => e.code)).toEqual(['payment-db']);
    expect(two.payments[0]!.exposures[0]!.reason).toContain('流出確認リスト');
    expect(two.letters).toEqual([]);
    expect(() => personDetail(db, 99, run)).toThrow(/P000099/);
  });
});
