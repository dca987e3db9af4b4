// Decisions on 要確認 in the real UI (headless Chromium over the loopback bridge), on the walk's
// files classified through the CLI: 別人 with a note on the near-duplicate pair and 確認済み on
// the undeliverable person shrink the open count; 「対応済みも表示」 lists them with their
// decision; 取り消し puts one back; 同一人物 shows on both persons' details; the audit screen
// names both actions and the chain verifies. Screenshots: test-artifacts/screens/8x-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inwOk, tempDir } from '../helpers/fixtures.js';
import { buildApp, openPage, openSession, screenshot, ui, type Session } from './harness.js';
import { writeWalkFiles } from './walk-data.js';

const num = (n: number) => n.toLocaleString('ja-JP');

interface Item { kind: string; personIds: string[]; decision: { decision: string; note: string | null; actor: string } | null }

describe('E2E: decisions on the review queue', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let consoleErrors: string[] = [];
  let initial: Item[] = [];

  const cli = async <T,>(...args: string[]): Promise<T> => JSON.parse((await inwOk([...args, '--json', '--db', dbFile])).stdout) as T;
  const heading = () => page.locator('.card-head h2', { hasText: '要確認' });

  beforeAll(async () => {
    const dir = tempDir('inw-review-e2e-');
    const files = await writeWalkFiles(dir);
    const build = buildApp('review');
    session = await openSession(build, async (db) => {
      await inwOk(['import', 'payments', files.paymentsCsv, '--db', db]);
      await inwOk(['import', 'donors', files.donorsCsv, '--db', db]);
      await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
    });
    dbFile = join(session.dataDir, 'app', 'inw.db');
    initial = await cli<Item[]>('review', 'list');
    ({ page, consoleErrors } = await openPage(session));
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('records 別人 and 確認済み from the queue, and the open count drops', async () => {
    const pairs = initial.filter((i) => i.kind === 'near-duplicate');
    const undeliverable = initial.filter((i) => i.kind === 'undeliverable');
    expect(pairs.length).toBeGreaterThan(0);
    expect(undeliverable.length).toBeGreaterThan(0);
    await ui(heading()).text(`要確認 (未対応 ${initial.length} 件)`);

    const pair = pairs[0]!.personIds.join(',');
    const pairRow = page.locator(`tr[data-review-kind="near-duplicate"][data-review-persons="${pair}"]`).first();
    await pairRow.getByRole('button', { name: '別人' }).click();
    await page.getByLabel('対応メモ (任意)').fill('電話で本人に確認、別の方');
    await page.getByRole('button', { name: '記録', exact: true }).click();
    await ui(page.getByTestId('review-done')).contains('「別人」として記録しました');
    const afterPair = initial.filter((i) => !(i.kind === 'near-duplicate' && i.personIds.join(',') === pair)).length;
    await ui(heading()).text(`要確認 (未対応 ${afterPair} 件)`);
    await ui(page.locator(`tr[data-review-persons="${pair}"]`)).count(0);

    const person = undeliverable[0]!.personIds[0]!;
    await page.locator(`tr[data-review-kind="undeliverable"][data-review-persons="${person}"]`).getByRole('button', { name: '確認済み' }).click();
    await page.getByRole('button', { name: '記録', exact: true }).click();
    await ui(heading()).text(`要確認 (未対応 ${afterPair - 1} 件)`);

    const decided = (await cli<Item[]>('review', 'list', '--all')).filter((i) => i.decision !== null);
    expect(decided.map((i) => [i.kind, i.decision!.decision, i.decision!.note, i.decision!.actor]).sort()).toEqual([
      ['near-duplicate', 'different', '電話で本人に確認、別の方', 'e2e-staff'],
      ['undeliverable', 'handled', null, 'e2e-staff'],
    ].sort());
  });

  it('shows decided items with their decision under 対応済みも表示, and 取り消し puts one back', async () => {
    const pair = initial.find((i) => i.kind === 'near-duplicate')!.personIds.join(',');
    const pairItems = initial.filter((i) => i.kind === 'near-duplicate' && i.personIds.join(',') === pair).length;
    await page.getByLabel('対応済みも表示').check();
    await ui(heading()).text(`要確認 (未対応 ${initial.length - pairItems - 1} 件・対応済み ${pairItems + 1} 件)`);
    const decidedRow = page.locator(`tr.row-decided[data-review-persons="${pair}"]`).first();
    await ui(decidedRow).contains('別人');
    await ui(decidedRow).contains('電話で本人に確認、別の方');
    await ui(decidedRow).contains('e2e-staff');
    await ui(page.locator('tr.row-decided[data-review-kind="undeliverable"]')).count(1);

    await decidedRow.getByRole('button', { name: '取り消し' }).click();
    await ui(page.getByTestId('review-done')).contains('取り消しました');
    await ui(heading()).text(`要確認 (未対応 ${initial.length - 1} 件・対応済み 1 件)`);
    await ui(page.locator(`tr.row-decided[data-review-persons="${pair}"]`)).count(0);
    expect((await cli<Item[]>('review', 'list')).some((i) => i.kind === 'near-duplicate' && i.personIds.join(',') === pair)).toBe(true);

    // The pair open again, half-way through a new decision, beside the decided row: the picture.
    await page.locator(`tr[data-review-kind="near-duplicate"][data-review-persons="${pair}"]`).first().getByRole('button', { name: '同一人物' }).click();
    await page.getByLabel('対応メモ (任意)').fill('転居前後の同じ方');
    await screenshot(page, '80-review-decisions');
  });

  it('同一人物 shows as a note on both persons\' details', async () => {
    const [a, b] = initial.find((i) => i.kind === 'near-duplicate')!.personIds as [string, string];
    await page.getByRole('button', { name: '記録', exact: true }).click();
    await ui(page.getByTestId('review-done')).contains('「同一人物 (確認済み)」として記録しました');
    await ui(page.locator(`tr.row-decided[data-review-persons="${a},${b}"]`).first()).contains('同一人物 (確認済み)');

    await page.click('[data-nav="persons"]');
    await page.getByLabel('検索').fill(a);
    const note = page.getByTestId('person-review-decision');
    await ui(note).contains(b);
    await ui(note).contains('と同じ人と確認済みです (記録は統合していません)');
    await ui(note).contains('転居前後の同じ方');
    await screenshot(page, '81-review-person-note');
    // The other person of the pair, opened from the note.
    await note.getByRole('button', { name: b }).click();
    await ui(page.locator('.detail .mono.muted').first()).text(b);
    await ui(page.getByTestId('person-review-decision')).contains(a);
  });

  it('keeps the queue and its filter while a person is open, shows a pair\'s two addresses, and corrects an undeliverable address in place', async () => {
    await page.click('[data-nav="overview"]');
    const [a, b] = (await cli<Item[]>('review', 'list', '--all')).find((i) => i.kind === 'near-duplicate')!.personIds as [string, string];
    const pairRow = page.locator(`tr[data-review-kind="near-duplicate"][data-review-persons="${a},${b}"]`).first();
    // Both addresses, side by side in the row (the pair is decided by now: shown with 対応済みも表示).
    await page.getByLabel('対応済みも表示').check();
    await ui(pairRow.locator('.review-contact')).count(2);
    // The walk's one 郵送不可 was marked 確認済み above: taken back, it is open again for 住所を直す.
    await page.locator('tr.row-decided[data-review-kind="undeliverable"]').getByRole('button', { name: '取り消し' }).click();
    await ui(page.locator('tr.row-decided[data-review-kind="undeliverable"]')).count(0);
    await page.getByLabel('対応済みも表示').uncheck();

    // The count follows the filter.
    const undeliverable = (await cli<Item[]>('review', 'list')).filter((i) => i.kind === 'undeliverable');
    await page.getByLabel('要確認の種類').selectOption({ label: '郵送不可' });
    await ui(heading()).text(`要確認 (郵送不可: 未対応 ${undeliverable.length} 件)`);

    // A person opens beside the queue; closing it leaves the queue as it was.
    const person = undeliverable[0]!.personIds[0]!;
    const row = page.locator(`tr[data-review-kind="undeliverable"][data-review-persons="${person}"]`);
    await row.getByRole('button', { name: person }).click();
    await ui(page.locator('.review-person .detail .mono.muted').first()).text(person);
    await screenshot(page, '82-review-person-open');
    await page.getByRole('button', { name: '詳細を閉じる' }).click();
    expect(await page.getByLabel('要確認の種類').inputValue()).toBe('undeliverable');
    await ui(heading()).text(`要確認 (郵送不可: 未対応 ${undeliverable.length} 件)`);

    // 住所を直す: the address correction form for that person, in the queue.
    await row.getByRole('button', { name: '住所を直す' }).click();
    await ui(page.getByTestId('addressPerson-chosen')).contains(person);
    await page.locator('input[name="addressPostal"]').fill('１６０－００２３');
    await page.locator('input[name="address1"]').fill('東京都新宿区西新宿2-8-1');
    await page.getByRole('button', { name: '訂正を保存' }).click();
    await ui(page.getByTestId('review-done')).contains(`${person} の住所を訂正しました`);
    await ui(heading()).text(`要確認 (郵送不可: 未対応 ${undeliverable.length - 1} 件)`);
    expect((await cli<Item[]>('review', 'list')).some((i) => i.kind === 'undeliverable' && i.personIds[0] === person)).toBe(false);
    await page.getByLabel('要確認の種類').selectOption({ label: 'すべて' });
  });

  it('decides every item the filter shows at once after a confirmation with the count, and takes them all back', async () => {
    const mismatches = (await cli<Item[]>('review', 'list')).filter((i) => i.kind === 'postal-mismatch');
    expect(mismatches.length).toBeGreaterThan(1);
    await page.getByLabel('要確認の種類').selectOption({ label: '〒と住所の不一致' });
    await ui(heading()).text(`要確認 (〒と住所の不一致: 未対応 ${num(mismatches.length)} 件)`);
    await page.getByRole('button', { name: `表示中の未対応 ${num(mismatches.length)} 件をまとめて「確認済み」にする…` }).click();
    const confirm = page.getByTestId('review-bulk-confirm');
    await ui(confirm).contains(`〒と住所の不一致 の未対応 ${num(mismatches.length)} 件をすべて「確認済み」として記録します。`);
    await ui(confirm).contains(`${mismatches[0]!.personIds[0]}`);
    await screenshot(page, '83-review-bulk-confirm');
    // The confirmation is not the record.
    expect((await cli<Item[]>('review', 'list')).filter((i) => i.kind === 'postal-mismatch')).toHaveLength(mismatches.length);
    await page.getByLabel('対応メモ (任意・全件に記録)').fill('郵便番号は本人申告のまま');
    await confirm.getByRole('button', { name: `${num(mismatches.length)} 件を「確認済み」として記録` }).click();
    await ui(page.getByTestId('review-done')).contains(`〒と住所の不一致 ${num(mismatches.length)} 件を「確認済み」として記録しました。`);
    await ui(heading()).text('要確認 (〒と住所の不一致: 未対応 0 件)');
    const decided = (await cli<Item[]>('review', 'list', '--all')).filter((i) => i.kind === 'postal-mismatch');
    expect(decided.every((i) => i.decision?.decision === 'handled' && i.decision.note === '郵便番号は本人申告のまま')).toBe(true);
    await page.getByRole('button', { name: 'まとめて取り消す' }).click();
    await ui(page.getByTestId('review-done')).contains(`${num(mismatches.length)} 件の「確認済み」をまとめて取り消しました。`);
    await ui(heading()).text(`要確認 (〒と住所の不一致: 未対応 ${num(mismatches.length)} 件)`);
    expect((await cli<Item[]>('review', 'list')).filter((i) => i.kind === 'postal-mismatch')).toHaveLength(mismatches.length);
    await page.getByLabel('要確認の種類').selectOption({ label: 'すべて' });
  });

  it('lists both actions in the audit log in Japanese; the chain verifies; no console errors', async () => {
    await page.click('[data-nav="audit"]');
    const table = page.getByTestId('audit-table');
    await ui(table).contains('要確認の対応の取り消し');
    await ui(table).contains('要確認の対応');
    await ui(table).contains('同一人物 (確認済み)');
    await ui(table).contains('要確認の一括対応');
    await ui(table).contains('要確認の一括対応の取り消し');
    await page.getByRole('button', { name: '改ざんの検証' }).click();
    await ui(page.locator('.alert-ok')).contains('改ざんは見つかりませんでした');
    expect((await inwOk(['audit', 'verify', '--db', dbFile])).stdout).toContain('改ざんは見つかりませんでした');
    expect(consoleErrors).toEqual([]);
  });
});
