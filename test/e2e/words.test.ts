// Issue 18.11 in the real UI at an office laptop's 1366×768: the right data in the staff's
// words. A return sits on the return date entered (and says when it was recorded); the
// unreachable list tells 郵便番号なし from 住所なし; the audit log speaks Japanese (no English key,
// no code, no null), calls a letter batch 通知書の作成 and wraps instead of scrolling sideways;
// the purge panel's times are Japan time; categories are named by the incident's labels, not by
// code; and 「分類を実行して概要へ」 after an import really runs the classification, with its
// progress, then shows the overview. The database is prepared through the CLI up to one letter
// mailed and returned. Screenshots: test-artifacts/screens/b1-*.png.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, demoIncident, formatPersonId, openDb } from '../../src-main/core/index.js';
import { jstDateOf } from '../../src-main/core/vocabulary/japan-time.js';
import { inwOk, tempDir } from '../helpers/fixtures.js';
import { screenshot, ui } from './harness.js';
import { openSmallCase, type SmallCase } from './small-case.js';
import { writeWalkFiles } from './walk-data.js';

describe('E2E: the right data in the staff\'s words, in Japan time', { timeout: 300_000 }, () => {
  let c: SmallCase;
  /** The person whose letter came back on 2026-11-20. */
  let returned = '';

  beforeAll(async () => {
    c = await openSmallCase('words', async (db, dataDir, dir) => {
      const incident = join(dir, 'incident.json');
      writeFileSync(incident, JSON.stringify(demoIncident()));
      await inwOk(['classify', '--incident', incident, '--db', db]);
      const handle = openDb({ file: db });
      try {
        const id = (handle.$client.prepare(
          'SELECT p.id FROM run_persons r JOIN persons p ON p.id = r.person_id WHERE r.run_id = (SELECT MAX(id) FROM classification_runs) AND p.mailable = 1 ORDER BY p.id LIMIT 1',
        ).get() as { id: number }).id;
        returned = formatPersonId(id);
      } finally {
        closeDb(handle);
      }
      await inwOk(['letters', '--out', join(dataDir, 'letters'), '--person', returned, '--db', db]);
      await inwOk(['mail', '--date', '2026-11-10', '--postage', '料金別納', '--db', db]);
      await inwOk(['returns', 'add', returned, '--date', '2026-11-20', '--reason', '転居先不明', '--db', db]);
      // A file purge does not delete (it holds everyone): listed with when it was written.
      await inwOk(['sheet', '--out', join(dataDir, 'contacts.xlsx'), '--db', db]);
    });
  }, 300_000);

  afterAll(async () => {
    await c?.session.close();
  });

  const nav = (id: string) => c.page.click(`[data-nav="${id}"]`);

  it('shows a return in a person\'s history on the day it came back, and when it was recorded', async () => {
    const { page } = c;
    await nav('persons');
    await page.getByLabel('検索').fill(returned);
    await ui(page.getByTestId('persons-total')).text('1 人');
    await page.locator('.vrow').first().click();
    const row = page.getByTestId('person-timeline').locator('tr').filter({ hasText: '→ 返送' });
    await ui(row.getByTestId('timeline-when')).contains('2026/11/20');
    await ui(row.getByTestId('timeline-when')).contains(`記録 ${jstDateOf(Date.now()).replace(/-/g, '/')}`);
    await ui(row).contains('転居先不明');
    const mailed = page.getByTestId('person-timeline').locator('tr').filter({ hasText: '→ 発送' });
    await ui(mailed.getByTestId('timeline-when')).contains('2026/11/10');
    await screenshot(page, 'b1-person-history');
    await page.getByRole('button', { name: '詳細を閉じる' }).click();
  });

  it('tells 郵便番号なし from 住所なし in the unreachable list', async () => {
    const { page } = c;
    await nav('tracking');
    await page.getByRole('tab', { name: '返送・再送' }).click();
    const table = page.getByTestId('unreachable-table');
    // 田中 美咲 (M00002) has an address and no postal code.
    await ui(table.locator('tr').filter({ hasText: '田中 美咲' })).contains('郵便番号なし');
    await ui(table.locator('tr').filter({ hasText: '田中 美咲' })).contains('住所はありますが、7桁の郵便番号がありません');
    await ui(table.locator('tr').filter({ hasText: returned })).contains('返送');
    await ui(table).notContains('住所なし');
  });

  it('names categories in 発送記録 and 返送・再送 by the incident\'s marks from tracking:options, without loading the overview', async () => {
    const { page } = c;
    await nav('persons');
    const calls: string[] = [];
    const record = (request: Request) => {
      const channel = /\/api\/invoke\/([^/?]+)$/.exec(request.url())?.[1];
      if (channel) calls.push(decodeURIComponent(channel));
    };
    page.on('request', record);
    try {
      await nav('tracking');
      await page.getByRole('tab', { name: '発送記録' }).click();
      await ui(page.getByTestId('mailing-table')).contains('料金別納');
      await page.getByRole('tab', { name: '返送・再送' }).click();
      const row = page.getByTestId('unreachable-table').locator('tr').filter({ hasText: returned });
      await ui(row).contains('①');
      await ui(row).notContains('token-db');
    } finally {
      page.off('request', record);
    }
    expect(calls).toContain('tracking:options');
    expect(calls).not.toContain('overview:get');
  });

  it('shows the audit log in Japanese, a letter batch as 通知書の作成, nothing cut off at 1366×768', async () => {
    const { page } = c;
    await nav('audit');
    const table = page.getByTestId('audit-table');
    await ui(table).contains('通知書の作成');
    await ui(table).contains('発行日');
    await ui(table).contains('発送記録 #1');
    const keys = await table.locator('.kv > .muted').allInnerTexts();
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => /[A-Za-z]/.test(k) && k !== 'SHA-256')).toEqual([]);
    const values = await table.locator('.kv > :not(.muted)').allInnerTexts();
    expect(values.filter((v) => /^(null|true|false|undefined)$|^[a-z]+(-[a-z]+)+$|\d{4}-\d{2}-\d{2}T/.test(v))).toEqual([]);
    const actions = await table.locator('.badge').allInnerTexts();
    expect(actions.filter((a) => /[A-Za-z]/.test(a))).toEqual([]);
    // Wrapped, not scrolled: the page is no wider than the window and the table fits its card.
    const widths = (await page.evaluate(`(() => {
      const content = document.querySelector('.content');
      const table = document.querySelector('[data-testid="audit-table"]');
      return { scroll: content.scrollWidth, client: content.clientWidth, table: table.scrollWidth, card: table.parentElement.clientWidth };
    })()`)) as { scroll: number; client: number; table: number; card: number };
    expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client);
    expect(widths.table, JSON.stringify(widths)).toBeLessThanOrEqual(widths.card);
    await screenshot(page, 'b1-audit-1366');
  });

  it('shows the purge panel\'s files with Japan-time dates and in words', async () => {
    const { page } = c;
    await nav('tracking');
    await page.getByRole('tab', { name: '報告・保全' }).click();
    await page.getByRole('button', { name: '削除対象を確認' }).click();
    const files = page.getByTestId('purge-files');
    await ui(files).contains('連絡表: 氏名・住所・電話・メール');
    const text = await files.innerText();
    expect(text).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|Z\b/);
    await ui(page.getByTestId('report-unreachable')).visible();
    await screenshot(page, 'b1-purge-panel');
  });

  it('names categories by the incident\'s labels, not by code', async () => {
    const { page } = c;
    await nav('letters');
    await ui(page.locator('fieldset.checks').first()).contains('① トークン方式のクレジットカード決済データベース');
    await ui(page.getByTestId('mail-plan')).contains('① トークン方式のクレジットカード決済データベース');
    for (const screen of ['letters', 'overview']) {
      await nav(screen);
      await page.waitForTimeout(300);
      const visible = await page.locator('.content').innerText();
      expect(visible, screen).not.toMatch(/token-db|payment-db/);
    }
  });

  it('「分類を実行して概要へ」 runs the classification with its progress, then shows the overview', async () => {
    const { page, dbFile } = c;
    const before = (JSON.parse((await inwOk(['summary', '--json', '--db', dbFile])).stdout) as { runId: number }).runId;
    // The app classifies with the incident saved in it: create it from the preset.
    await nav('incident');
    await page.getByRole('button', { name: 'プリセットから作成' }).click();
    await ui(page.locator('input[name="code"]')).value('metaps-2022');
    const files = await writeWalkFiles(tempDir('inw-words-'));
    await nav('import');
    await page.locator('input[name="kind"][value="confirmed"]').check();
    c.session.bridge.answerDialog({ kind: 'open', path: files.confirmedCsv });
    await page.getByRole('button', { name: 'ファイルを選択…' }).click();
    await ui(page.getByRole('heading', { name: '列の対応' })).visible();
    await page.getByRole('button', { name: '次へ (検証結果)' }).click();
    await page.getByRole('button', { name: '取り込む' }).click();
    await ui(page.getByTestId('import-report')).visible({ timeout: 60_000 });
    await page.getByRole('button', { name: '分類を実行して概要へ' }).click();
    await ui(page.getByRole('heading', { name: '概要' })).visible();
    // The job runs (its bar may pass quickly on a small case) and the overview shows its run.
    await ui(page.locator('.content'), 60_000).contains(`分類 #${before + 1}:`);
    await ui(page.getByTestId('count-notify')).visible();
    const after = (JSON.parse((await inwOk(['summary', '--json', '--db', dbFile])).stdout) as { runId: number; stale?: boolean }).runId;
    expect(after).toBe(before + 1);
    await screenshot(page, 'b1-classified-from-import');
    expect(c.consoleErrors).toEqual([]);
  });
});
