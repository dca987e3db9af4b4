// The incident screen as a form (issue 18, points 3 and 5), at 1366×768 in the real UI: the save
// bar stays in view while the form scrolls, Ctrl+S saves, leaving with unsaved edits asks (in the
// app and on closing the window), validation names the field in Japanese, a full-width postal
// code is accepted; プリセットから作成 pressed again asks for a code and can copy the sender, the
// active incident is chosen explicitly and 編集する事案 switches back; an incident is deleted when
// nothing depends on it and refused with the reason when a classification run used it.
// Screenshots: test-artifacts/screens/18a-incident-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../src-main/core/index.js';
import { getIncident } from '../../src-main/core/incident/store.js';
import { screenshot, ui, type Session } from './harness.js';
import { openSmallCase } from './small-case.js';

describe('E2E: the incident form at 1366×768', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ session, page, consoleErrors, dbFile } = await openSmallCase('incident-form'));
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => screenshot(page, `18a-incident-${name}`);
  const stored = (code: string) => {
    const db = openDb({ file: dbFile, mode: 'read' });
    try {
      return getIncident(db, code);
    } finally {
      closeDb(db);
    }
  };
  const input = (name: string) => page.locator(`input[name="${name}"]`);
  const saveState = () => page.getByTestId('save-state');
  const modal = () => page.getByRole('alertdialog');

  it('keeps the save bar in view, names invalid fields in Japanese and accepts a full-width postal code', async () => {
    await page.click('[data-nav="incident"]');
    // The CLI's classify stored metaps-2022: the first incident is the active one.
    await ui(input('code')).value('metaps-2022');
    await ui(page.getByTestId('incident-choice')).contains('作業中の事案');
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await input('organisation.name').fill('特定非営利活動法人こども未来基金');
    await input('organisation.postalCode').fill('100-00');
    await ui(saveState()).text('未保存の変更があります');
    // The error names the field as the form labels it, never organisation.postalCode.
    const warning = page.locator('.alert-warn').filter({ hasText: '件の誤りがあります' });
    await ui(warning).contains('差出人の郵便番号: 郵便番号は 7 桁で入力してください');
    await ui(warning).notContains('organisation');
    await input('organisation.postalCode').fill('１００－０００５');
    await input('organisation.address').fill('東京都千代田区丸の内１－１－１');
    await input('organisation.representativeTitle').fill('理事長');
    await input('organisation.representativeName').fill('山本一郎');
    await input('contactDesk.name').fill('こども未来基金 お問い合わせ窓口');
    await input('contactDesk.phone').fill('０１２０－１２３－４５６');
    await input('contactDesk.hours').fill('平日 10:00～17:00');
    await ui(warning).count(0);
    // Scrolled to the bottom of the long wording form, 保存 is still on screen.
    await page.getByRole('tab', { name: /文面/ }).click();
    const scrolled = (await page.evaluate(`(() => { const c = document.querySelector('.content'); c.scrollTop = 100000; return c.scrollTop; })()`)) as number;
    expect(scrolled).toBeGreaterThan(1000);
    await page.waitForTimeout(100);
    const box = await page.getByRole('button', { name: '保存', exact: true }).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await page.screenshot({ path: join('test-artifacts', 'screens', '18a-incident-scrolled.png') });
  });

  it('asks before leaving with unsaved edits; 戻る keeps them, Ctrl+S saves them', async () => {
    await page.click('[data-nav="overview"]');
    await ui(modal()).contains('事案「metaps-2022」の変更を保存していません');
    await page.screenshot({ path: join('test-artifacts', 'screens', '18a-incident-leave-prompt.png') });
    await modal().getByRole('button', { name: '戻る' }).click();
    await ui(modal()).count(0);
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await ui(input('organisation.postalCode')).value('１００－０００５');
    await page.keyboard.press('Control+s');
    await ui(saveState()).text(/^保存済み/);
    expect(stored('metaps-2022')?.definition.organisation).toMatchObject({ postalCode: '1000005', address: '東京都千代田区丸の内１－１－１' });
    expect(stored('metaps-2022')?.definition.contactDesk).toMatchObject({ phone: '0120-123-456' });
    // Nothing unsaved: moving asks nothing.
    await page.click('[data-nav="overview"]');
    await ui(modal()).count(0);
    await ui(page.getByRole('heading', { name: '概要' })).visible();
  });

  it('保存して移動 saves and moves; 保存せずに移動 drops the edit; closing the window asks too', async () => {
    await page.click('[data-nav="incident"]');
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await input('organisation.representativeName').fill('山本二郎');
    await page.click('[data-nav="persons"]');
    await modal().getByRole('button', { name: '保存して移動' }).click();
    await ui(page.getByRole('heading', { name: '対象者' })).visible();
    expect(stored('metaps-2022')?.definition.organisation?.representativeName).toBe('山本二郎');

    await page.click('[data-nav="incident"]');
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await input('organisation.representativeName').fill('捨てる名前');
    await page.click('[data-nav="letters"]');
    await modal().getByRole('button', { name: '保存せずに移動' }).click();
    await ui(page.getByRole('heading', { name: '通知書' })).visible();
    expect(stored('metaps-2022')?.definition.organisation?.representativeName).toBe('山本二郎');
    await page.click('[data-nav="incident"]');
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await ui(input('organisation.representativeName')).value('山本二郎');

    // Closing the window with an unsaved edit: the browser's beforeunload prompt (Electron's dialog).
    await input('organisation.representativeName').fill('閉じる前');
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    await input('organisation.representativeName').fill('山本二郎');
    await page.keyboard.press('Control+s');
    await ui(saveState()).text(/^保存済み/);
  });

  it('a second incident from the preset needs its own code, copies the sender, and is made active only when chosen', async () => {
    await page.getByRole('button', { name: 'プリセットから作成' }).click();
    const create = page.getByRole('button', { name: '作成', exact: true });
    expect(await create.isDisabled()).toBe(true);
    await input('newCode').fill('metaps-2022');
    await ui(page.getByText('事案コード「metaps-2022」は既にあります。')).visible();
    expect(await create.isDisabled()).toBe(true);
    await input('newCode').fill('kansai');
    await shot('create');
    await create.click();
    await ui(page.getByText('事案「kansai」を作成しました。作業中の事案は「metaps-2022」のままです。')).visible();
    await ui(page.locator('#incident-select')).value('kansai');
    await ui(page.getByTestId('incident-choice')).contains('作業中ではありません');
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    await ui(input('organisation.name')).value('特定非営利活動法人こども未来基金');
    expect(stored('metaps-2022-2')).toBeNull();
    await shot('second');

    // The overview still works on metaps-2022 until kansai is chosen.
    await page.click('[data-nav="overview"]');
    await ui(page.locator('.page-header')).contains('(metaps-2022)');
    await page.click('[data-nav="incident"]');
    await ui(page.locator('#incident-select')).value('metaps-2022');
    await page.locator('#incident-select').selectOption('kansai');
    await page.getByRole('button', { name: 'この事案で作業する' }).click();
    await ui(page.getByText('「kansai」を作業中の事案にしました。')).visible();
    await page.click('[data-nav="overview"]');
    await ui(page.locator('.page-header')).contains('(kansai)');
    // 編集する事案 switches back.
    await page.click('[data-nav="incident"]');
    await ui(page.locator('#incident-select')).value('kansai');
    await page.locator('#incident-select').selectOption('metaps-2022');
    await ui(input('code')).value('metaps-2022');
    await page.getByRole('button', { name: 'この事案で作業する' }).click();
    await ui(page.getByTestId('incident-choice')).contains('作業中の事案');
  });

  it('deletes an incident nothing depends on, and refuses one a classification run used with the reason', async () => {
    await page.getByRole('button', { name: 'この事案を削除…' }).click();
    await ui(page.getByRole('group', { name: '削除の確認' })).contains('事案「metaps-2022」を削除します。');
    await page.getByRole('button', { name: '削除する' }).click();
    await ui(page.getByRole('alert').filter({ hasText: '削除できません' })).contains('この事案で分類を 1 回実行しています');
    expect(stored('metaps-2022')).not.toBeNull();
    await shot('delete-refused');

    await page.locator('#incident-select').selectOption('kansai');
    await page.getByRole('button', { name: 'この事案を削除…' }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await ui(page.getByText('事案「kansai」を削除しました。')).visible();
    expect(stored('kansai')).toBeNull();
    await ui(page.locator('#incident-select option')).count(1);
    await page.click('[data-nav="audit"]');
    await ui(page.getByTestId('audit-table')).contains('事案の削除');
    await ui(page.getByTestId('audit-table')).contains('作業中の事案の変更');
    expect(consoleErrors).toEqual([]);
  });
});
