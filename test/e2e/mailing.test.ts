// Recording the mailing in the real UI at 1366×768 (issue 18, point 6): nothing is recorded on
// one click; the confirmation says how many letters of which categories and postal range; a part
// is recorded by category or postal range, with its 備考 shown in the list; a record is taken
// back with a reason (its letters wait again), as `inw mail list` confirms; one print file (a
// printed volume) is recorded by itself and taken back.
// Screenshots: test-artifacts/screens/18a-mailing-*.png.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, demoIncident, openDb } from '../../src-main/core/index.js';
import { DATE_INPUT_HINT } from '../../src-main/core/vocabulary/japan-time.js';
import { inwOk } from '../helpers/fixtures.js';
import { screenshot, ui, type Session } from './harness.js';
import { openSmallCase } from './small-case.js';

const num = (n: number) => n.toLocaleString('ja-JP');

describe('E2E: a partial, confirmed and correctable mailing record', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ session, page, consoleErrors, dbFile } = await openSmallCase('mailing', async (db, dataDir, dir) => {
      const incident = join(dir, 'incident.json');
      writeFileSync(incident, JSON.stringify(demoIncident()));
      await inwOk(['classify', '--incident', incident, '--db', db]);
      await inwOk(['letters', '--out', join(dataDir, 'letters'), '--print-only', '--print-volume', '100', '--db', db]);
    }));
    await page.click('[data-nav="tracking"]');
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => screenshot(page, `18a-mailing-${name}`);
  const cli = async (...args: string[]) => JSON.parse((await inwOk([...args, '--json', '--db', dbFile])).stdout);
  const waiting = () => page.getByTestId('mailing-waiting');
  const confirm = () => page.getByTestId('mailing-confirm');

  it('records part of the letters (a postal range) only after a confirmation that says which', async () => {
    await ui(waiting()).text(/^[1-9][\d,]*$/);
    const total = Number((await waiting().innerText()).replace(/,/g, ''));
    const plan = await cli('mail', 'list'); // nothing recorded yet
    expect(plan).toEqual([]);
    await page.locator('input[name="mailedDate"]').fill('2022-03-10');
    // Up to the middle letter's first 3 digits (typed full-width, as an IME gives them).
    const db = openDb({ file: dbFile, mode: 'read' });
    const postals = (db.$client.prepare('SELECT p.postal_code AS p FROM letters l JOIN persons p ON p.id = l.person_id ORDER BY 1').all() as Array<{ p: string }>).map((r) => r.p);
    closeDb(db);
    const upTo = postals[Math.floor(postals.length / 2)]!.slice(0, 3);
    await page.locator('input[name="postalFrom"]').fill('０００');
    await page.locator('input[name="postalTo"]').fill(upTo.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)));
    await page.locator('input[name="mailingNote"]').fill('第1回 (〒順の前半)');
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await ui(confirm()).contains('発送日 2022/03/10・料金別納 で発送済みとして記録します。');
    const text = await confirm().innerText();
    const part = Number(/([\d,]+) 通を、/.exec(text)![1]!.replace(/,/g, ''));
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(total);
    expect(text).toContain(`郵便番号: 〒${postals[0]!.slice(0, 3)}-${postals[0]!.slice(3)} 〜 〒${upTo}-`);
    expect(text).toMatch(/区分: ① トークン方式のクレジットカード決済データベース [\d,]+ 通/);
    expect(text).not.toContain('token-db'); // the run's code is not for staff
    await shot('confirm');
    // Still nothing recorded: the confirmation is not the record.
    expect(await cli('mail', 'list')).toEqual([]);
    await confirm().getByRole('button', { name: `${num(part)} 通を発送済みとして記録` }).click();
    await ui(page.getByTestId('mailing-done')).contains(`2022/03/10 料金別納 ${num(part)} 通`);
    await ui(waiting()).text(num(total - part));
    await ui(page.getByTestId('mailing-table')).contains('第1回 (〒順の前半)');
    const batches = await cli('mail', 'list');
    expect(batches).toEqual([expect.objectContaining({ pieces: part, note: '第1回 (〒順の前半)' })]);
    expect(Object.keys(batches[0].byArea).every((area: string) => area <= upTo)).toBe(true);
    expect(part).toBe(postals.filter((p) => p.slice(0, 3) <= upTo).length);
  });

  it('takes a record back with a reason: its letters wait again', async () => {
    await page.getByRole('button', { name: '発送記録 #1 を取り消す' }).click();
    const group = page.getByRole('group', { name: '発送記録 #1 の取り消し' });
    const undo = group.getByRole('button', { name: /通を発送待ちに戻す$/ });
    expect(await undo.isDisabled()).toBe(true); // a reason is required
    await group.locator('input[name="undoReason"]').fill('発送日を誤って記録');
    await shot('undo');
    await undo.click();
    await ui(page.getByTestId('mailing-undone')).contains('発送記録 #1 を取り消しました。');
    expect(await cli('mail', 'list')).toEqual([]);
    await ui(waiting()).text(/^[1-9][\d,]*$/);
  });

  it('records one print file (a printed volume) by itself, says which file and how many, and takes it back', async () => {
    const files = (await cli('mail', 'files')) as Array<{ letterBatch: number; file: string; path: string; letters: number; waiting: number }>;
    expect(files.length).toBeGreaterThan(1);
    const volume = files.find((f) => f.file.endsWith('-002.pdf')) ?? files[1]!;
    const before = Number((await waiting().innerText()).replace(/,/g, ''));
    await page.locator('select[name="mailingPrintFile"]').selectOption({ value: `${volume.letterBatch}\t${volume.file}` });
    await page.locator('input[name="postalFrom"]').fill('');
    await page.locator('input[name="postalTo"]').fill('');
    await page.locator('input[name="mailingNote"]').fill('第2束');
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await ui(confirm()).contains(`${num(volume.waiting)} 通を、発送日 2022/03/10・料金別納 で発送済みとして記録します。`);
    await ui(confirm()).contains(`印刷ファイル: ${volume.path} (作成 #${volume.letterBatch}、${num(volume.letters)} 通のうち発送待ち ${num(volume.waiting)} 通)`);
    await shot('volume-confirm');
    expect(await cli('mail', 'list')).toEqual([]);
    await confirm().getByRole('button', { name: `${num(volume.waiting)} 通を発送済みとして記録` }).click();
    await ui(page.getByTestId('mailing-done')).contains(`${num(volume.waiting)} 通`);
    await ui(waiting()).text(num(before - volume.waiting));
    const [batch] = await cli('mail', 'list');
    expect(batch).toMatchObject({ pieces: volume.waiting, note: '第2束' });
    expect((await cli('mail', 'files')).find((f: { file: string }) => f.file === volume.file).waiting).toBe(0);
    // The volume no longer waits, so it is no longer offered.
    await ui(page.locator(`select[name="mailingPrintFile"] option[value="${volume.letterBatch}\t${volume.file}"]`)).count(0);

    await page.getByRole('button', { name: `発送記録 #${batch.id} を取り消す` }).click();
    const group = page.getByRole('group', { name: `発送記録 #${batch.id} の取り消し` });
    await group.locator('input[name="undoReason"]').fill('別の束と取り違えた');
    await group.getByRole('button', { name: `${num(volume.waiting)} 通を発送待ちに戻す` }).click();
    await ui(page.getByTestId('mailing-undone')).contains(`発送記録 #${batch.id} を取り消しました。`);
    await ui(waiting()).text(num(before));
    expect((await cli('mail', 'files')).find((f: { file: string }) => f.file === volume.file).waiting).toBe(volume.waiting);
    await page.click('[data-nav="audit"]');
    await ui(page.getByTestId('audit-table')).contains('発送記録の取り消し');
    await ui(page.getByTestId('audit-table')).contains(volume.path);
    expect(consoleErrors).toEqual([]);
  });

  it('takes dates as the app asks for them: its own hint in Japanese (not the browser\'s 年/月/日), 2022/3/11 and full-width read, a non-date refused under the field', async () => {
    const dateFields = () => page.evaluate(`[...document.querySelectorAll('input')]
      .filter((i) => i.type === 'date' || i.placeholder === '${DATE_INPUT_HINT}').map((i) => i.type + ' ' + i.name)`) as Promise<string[]>;
    await page.click('[data-nav="tracking"]');
    await page.getByRole('tab', { name: '発送記録' }).click();
    const date = page.locator('input[name="mailedDate"]');
    const field = page.locator('.field', { has: date });
    await date.fill('');
    expect(await date.getAttribute('placeholder')).toBe('年-月-日 (例: 2026-12-01)');
    await shot('date-hint');
    await date.fill('2022年3月');
    await ui(field.getByRole('alert')).text('発送日「2022年3月」は日付として読めません。2026-12-01 のように 年-月-日 で、実在する日付を入力してください。');
    await date.fill('２０２２/3/11');
    await ui(field.getByRole('alert')).count(0);
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await ui(confirm()).contains('発送日 2022/03/11・料金別納 で発送済みとして記録します。');
    await confirm().getByRole('button', { name: 'やめる' }).click();
    // Every date field of the app is the app's own, with its hint: none is the browser's.
    expect(await dateFields()).toEqual(['text mailedDate']);
    await page.getByRole('tab', { name: '返送・再送' }).click();
    await ui(page.locator('input[name="returnedDate"]')).visible();
    expect(await dateFields()).toEqual(['text returnedDate']);
    await page.getByRole('tab', { name: '報告・保全' }).click();
    await page.locator('select[name="purgeScope"]').selectOption('before');
    await ui(page.locator('input[name="purgeBefore"]')).value('');
    expect(await dateFields()).toEqual(['text purgeBefore']);
    await page.click('[data-nav="letters"]');
    await ui(page.getByTestId('letters-date')).visible();
    expect(await dateFields()).toEqual(['text letterDate', 'text postalDataDate']);
    await page.click('[data-nav="incident"]');
    await page.getByRole('tab', { name: /流出範囲と公表件数/ }).click();
    await ui(page.locator('input[name="exposures.0.rule.from"]')).visible();
    expect((await dateFields()).every((f) => f.startsWith('text '))).toBe(true);
    expect(await dateFields()).toContain('text exposures.0.rule.from');
    expect(consoleErrors).toEqual([]);
  });
});
