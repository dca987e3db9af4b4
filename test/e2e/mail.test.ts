// Postal data and the mailing plan in the real UI (headless Chromium over the loopback bridge):
// a 〒と住所の不一致 corrected in one click from 要確認 (an address correction with history and
// audit, as `inw postal fix`), the postal data's date shown and a newer KEN_ALL.CSV (UTF-8)
// loaded from the 通知書 screen, and the 郵送計画 panel agreeing with `inw mail plan --json`, then
// priced again after a new rate table is loaded. Screenshots: test-artifacts/screens/9x-*.png.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_HEADER, inwOk, tempDir, writeCsv } from '../helpers/fixtures.js';
import { bundledMailRates } from '../../src-main/core/index.js';
import { buildApp, openPage, openSession, screenshot, ui, type Session } from './harness.js';

const DONORS = [
  ['注文番号', '会員番号', '氏名', '郵便番号', '住所'],
  ['D-1', 'M-1', '山田 太郎', '100-0013', '東京都千代田区霞が関1-3-2'],
  ['D-2', 'M-2', '鈴木 花子', '921-6381', '石川県金沢市長町1-2-3'], // unknown code; the town's is 920-0865
  ['D-3', 'M-3', '佐藤 次郎', '060-0906', '北海道札幌市東区北六条東4丁目'],
  ['D-4', 'M-4', '田中 三郎', '263-0023', '千葉県千葉市稲毛区緑町3丁目30-8'],
];

interface Plan { pieces: number; barcoded: number; postage: { before: number; after: number } }

describe('E2E: postal data, one-click 〒 correction and the mailing plan', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let dir: string;
  let consoleErrors: string[] = [];
  const cli = async <T,>(...args: string[]): Promise<T> => JSON.parse((await inwOk([...args, '--json', '--db', dbFile])).stdout) as T;

  beforeAll(async () => {
    dir = tempDir('inw-mail-e2e-');
    const donors = writeCsv(join(dir, 'donors.csv'), DONORS);
    const payments = writeCsv(join(dir, 'payments.csv'), [PAYMENT_HEADER, ...DONORS.slice(1).map((d, i) => [`T${i}`, d[0]!, d[1]!, '2021/11/01 10:00', 'クレジットカード', `************${1000 + i}`, '1000', '売上確定'])]);
    session = await openSession(buildApp('mail'), async (db) => {
      await inwOk(['import', 'donors', donors, '--db', db]);
      await inwOk(['import', 'payments', payments, '--db', db]);
      await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
    });
    dbFile = join(session.dataDir, 'app', 'inw.db');
    ({ page, consoleErrors } = await openPage(session));
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('corrects a 〒と住所の不一致 in one click from 要確認, recorded as an address correction', async () => {
    const row = page.locator('tr[data-review-kind="postal-mismatch"]').filter({ hasText: '鈴木 花子' });
    await ui(row).contains('〒921-6381 は郵便番号データにありません');
    const person = await row.getAttribute('data-review-persons');
    await screenshot(page, '90-postal-mismatch');
    await row.getByRole('button', { name: '〒920-0865 に訂正' }).click();
    await ui(page.getByTestId('review-done')).contains(`${person} の郵便番号を 〒920-0865 に訂正しました`);
    await ui(page.locator('tr[data-review-kind="postal-mismatch"]')).count(0);
    const history = await cli<{ addresses: Array<{ postalCode: string; reason: string; actor: string }> }>('history', person!);
    expect(history.addresses.at(-1)).toMatchObject({ postalCode: '9200865', actor: 'e2e-staff' });
    expect(history.addresses.at(-1)!.reason).toContain('〒921-6381 → 〒920-0865');
    const audit = await cli<Array<{ action: string }>>('audit', 'list');
    expect(audit.some((e) => e.action === 'address-correction')).toBe(true);
  });

  it('shows the mailing plan as inw mail plan computes it, and prices again with a loaded rate table', async () => {
    await page.click('[data-nav="letters"]');
    const plan = await cli<Plan>('mail', 'plan');
    expect(plan.pieces).toBe(4);
    expect(plan.barcoded).toBe(4); // the corrected address now fits its code
    await ui(page.getByTestId('plan-pieces')).text('4 通');
    await ui(page.getByTestId('plan-barcoded')).text('4 通');
    await ui(page.getByTestId('plan-postage')).contains('割引後 440円');
    await ui(page.locator('[data-discount="sorted"]')).contains('対象外');
    await ui(page.getByTestId('postal-data')).contains('時点');
    // The duplex setting is shown before printing (the incident's: double-sided), and the plan follows a change.
    expect(await page.getByTestId('letters-duplex').isChecked()).toBe(true);
    await ui(page.getByTestId('letters-print')).contains('事案の設定: 両面');
    await ui(page.getByTestId('mail-plan')).contains('（両面印刷）');
    await page.getByTestId('letters-duplex').uncheck();
    await ui(page.getByTestId('mail-plan')).contains('（片面印刷）');
    await ui(page.getByTestId('letters-print')).contains('プリンターは片面で印刷してください');
    await page.getByTestId('letters-duplex').check();
    await screenshot(page, '91-mail-plan');

    const rates = join(dir, 'rates-2027.json');
    writeFileSync(rates, JSON.stringify({
      ...bundledMailRates(), title: '試しの料金表', effectiveFrom: '2027-04-01',
      postage: [{ name: '定形郵便物', maxGrams: 50, yen: 130, standard: true }],
      discounts: { ...bundledMailRates().discounts, sorted: { ...bundledMailRates().discounts.sorted, tiers: [{ minPieces: 4, percent: 10 }] } },
    }));
    session.bridge.answerDialog({ kind: 'open', path: rates });
    await page.getByRole('button', { name: '料金表を読み込む…' }).click();
    await ui(page.getByTestId('rates-loaded')).contains('試しの料金表');
    await ui(page.getByTestId('plan-postage')).contains('割引前 520円、割引 52円、割引後 468円');
    await ui(page.locator('[data-discount="sorted"]')).contains('適用 10%');
    await ui(page.getByTestId('plan-rates')).contains('rates-2027.json');
    expect((await cli<Plan>('mail', 'plan')).postage.after).toBe(468);
  });

  it('loads a newer KEN_ALL.CSV (UTF-8 edition) and shows its date', async () => {
    const ken = writeCsv(join(dir, 'utf_ken_all.csv'), [
      ['13101', '100  ', '1000013', 'ﾄｳｷｮｳﾄ', 'ﾁﾖﾀﾞｸ', 'ｶｽﾐｶﾞｾｷ', '東京都', '千代田区', '霞が関', '0', '0', '1', '0', '0', '0'],
      ['17201', '920  ', '9200865', 'ｲｼｶﾜｹﾝ', 'ｶﾅｻﾞﾜｼ', 'ﾅｶﾞﾏﾁ', '石川県', '金沢市', '長町', '0', '0', '1', '0', '0', '0'],
    ], { encoding: 'utf8' });
    session.bridge.answerDialog({ kind: 'open', path: ken });
    await page.getByRole('button', { name: 'ファイルを選択…' }).click();
    await ui(page.getByTestId('postal-files')).text('utf_ken_all.csv');
    await page.getByLabel('データの日付').fill('2027-01-31');
    await page.getByRole('button', { name: '読み込む', exact: true }).click();
    await ui(page.getByTestId('postal-loaded')).contains('2027/01/31 時点、2 件');
    await ui(page.getByTestId('postal-data')).contains('2027/01/31 時点');
    await ui(page.getByTestId('postal-data')).contains('e2e-staff が読み込み');
    // The plan follows the loaded data: 060-0906 and 263-0023 are not in it, so two letters lose their barcode.
    await ui(page.getByTestId('plan-barcoded')).text('2 通');
    expect(await cli<{ date: string; loaded: boolean }>('postal', 'info')).toMatchObject({ date: '2027-01-31', loaded: true });
    await screenshot(page, '92-postal-loaded');
    expect(consoleErrors).toEqual([]);
  });
});
