// Inquiries in the real UI at 1366×768 (issue 18, point 8): the form opens with no topic chosen
// and cannot be sent blank; a logged inquiry is corrected in the same form and deleted after a
// confirmation; the regulator's figures count what remains; both steps are in the audit log in
// Japanese. Screenshots: test-artifacts/screens/18a-inquiries-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inwOk } from '../helpers/fixtures.js';
import { screenshot, ui, type Session } from './harness.js';
import { openSmallCase } from './small-case.js';

describe('E2E: inquiries are never blank and can be corrected or deleted', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ session, page, consoleErrors, dbFile } = await openSmallCase('inquiries'));
    await page.click('[data-nav="tracking"]');
    await page.getByRole('tab', { name: '問い合わせ' }).click();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => screenshot(page, `18a-inquiries-${name}`);
  const cli = async (...args: string[]) => JSON.parse((await inwOk([...args, '--json', '--db', dbFile])).stdout);
  const record = () => page.getByRole('button', { name: '問い合わせを記録' });
  const table = () => page.getByTestId('inquiries-table');

  it('opens with no topic chosen and refuses to record a blank inquiry', async () => {
    await ui(page.locator('select[name="inquiryTopic"]')).value('');
    expect(await record().isDisabled()).toBe(true);
    await ui(page.getByText('内容の種類を選び、対象者・内容・対応のいずれかを入力すると記録できます。')).visible();
    // A topic alone is still blank.
    await page.locator('select[name="inquiryTopic"]').selectOption({ label: 'カード再発行' });
    expect(await record().isDisabled()).toBe(true);
    await page.locator('textarea[name="inquiryBody"]').fill('カードを作り直したい');
    expect(await record().isDisabled()).toBe(false);
    await page.locator('select[name="inquiryTopic"]').selectOption('');
    expect(await record().isDisabled()).toBe(true);
    await shot('blank');
    await page.locator('select[name="inquiryTopic"]').selectOption({ label: 'カード再発行' });
    await page.locator('input[name="inquiryAt"]').fill('2022/03/22 10:30');
    await page.locator('input[name="inquiryStaff"]').fill('窓口 佐藤');
    await record().click();
    await ui(page.getByTestId('inquiry-logged')).contains('問い合わせ #1 を記録しました (対象者不明、電話、カード再発行)');
    await ui(page.locator('select[name="inquiryTopic"]')).value('');
    await ui(table()).contains('カードを作り直したい');
    await page.locator('textarea[name="inquiryBody"]').fill('間違えて記録');
    await page.locator('select[name="inquiryTopic"]').selectOption({ label: 'その他' });
    await record().click();
    await ui(page.getByTestId('inquiry-logged')).contains('問い合わせ #2 を記録しました');
    expect((await cli('report')).inquiries.total).toBe(2);
  });

  it('corrects an inquiry in the same form and deletes one after a confirmation', async () => {
    await page.getByRole('button', { name: '問い合わせ #1 を修正' }).click();
    await ui(page.getByRole('heading', { name: '問い合わせ #1 の修正' })).visible();
    await ui(page.locator('textarea[name="inquiryBody"]')).value('カードを作り直したい');
    await ui(page.locator('input[name="inquiryAt"]')).value('2022/03/22 10:30');
    await page.locator('select[name="inquiryTopic"]').selectOption({ label: '不正利用・身に覚えのない請求' });
    await page.locator('textarea[name="inquiryResolution"]').fill('カード会社の窓口を案内した');
    await shot('edit');
    await page.getByRole('button', { name: '修正を保存' }).click();
    await ui(page.getByTestId('inquiry-logged')).contains('問い合わせ #1 を修正しました');
    await ui(page.getByRole('heading', { name: '問い合わせの記録' })).visible();
    await ui(table()).contains('不正利用・身に覚えのない請求');
    await ui(table()).contains('カード会社の窓口を案内した');

    await page.getByRole('button', { name: '問い合わせ #2 を削除' }).click();
    const confirm = page.getByRole('group', { name: '問い合わせ #2 の削除の確認' });
    await ui(confirm).contains('削除しますか');
    await shot('delete');
    await confirm.getByRole('button', { name: '削除する' }).click();
    await ui(page.getByTestId('inquiry-logged')).contains('問い合わせ #2 を削除しました');
    await ui(table()).notContains('間違えて記録');
    const report = await cli('report');
    expect(report.inquiries).toMatchObject({ total: 1, byTopic: { '不正利用・身に覚えのない請求': 1 } });

    await page.click('[data-nav="audit"]');
    await ui(page.getByTestId('audit-table')).contains('問い合わせの修正');
    await ui(page.getByTestId('audit-table')).contains('問い合わせの削除');
    expect(consoleErrors).toEqual([]);
  });
});
