// The new user's whole path through the real UI in headless Chromium, over the loopback test
// bridge: create the incident from the preset, import payments (CP932 CSV and XLSX), donors and
// the confirmed list through the wizard, classify and compare the overview with
// `inw summary --json` on the same files, filter the persons table, preview a letter, run the
// batch with its progress bar moving (one scale, in view at 1366×768), export the contact sheet,
// decide a filtered review list at once and take it back, record one print file's mailing and
// undo it, record a returned letter by scanning its お問い合わせ番号, pick a person by that number,
// read the audit log. A screenshot of every screen goes to test-artifacts/screens/.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceNumberOf } from '../../src-main/core/index.js';
import { inwOk, readLetterManifest, tempDir } from '../helpers/fixtures.js';
import { buildApp, openPage, openSession, screenshot, ui, type Session } from './harness.js';
import { writeWalkFiles, type WalkFiles } from './walk-data.js';

describe('E2E: a new user walks the whole workflow in the real UI', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let files: WalkFiles;
  let expected: Record<string, any>;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    const dir = tempDir('inw-walk-');
    files = await writeWalkFiles(dir);
    // The same files through the CLI into another database: the reference figures.
    const db = join(dir, 'cli.db');
    await inwOk(['import', 'payments', files.paymentsCsv, '--db', db]);
    await inwOk(['import', 'payments', files.paymentsXlsx, '--map', 'transactionId=売上番号', '--db', db]);
    await inwOk(['import', 'donors', files.donorsCsv, '--db', db]);
    await inwOk(['import', 'confirmed', files.confirmedCsv, '--exposure', 'payment-db', '--db', db]);
    await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
    expected = JSON.parse((await inwOk(['summary', '--json', '--db', db])).stdout);
    const build = buildApp('walk');
    session = await openSession(build);
    ({ page, consoleErrors } = await openPage(session));
    // An office laptop's screen: every step's main action and progress must be in view at this size.
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => screenshot(page, name);
  const nav = async (id: string) => {
    await page.click(`[data-nav="${id}"]`);
    await ui(page.locator(`[data-nav="${id}"][aria-current="page"]`)).visible();
  };

  it('starts on an empty overview that says what to do first', async () => {
    await ui(page.getByText('まだ分類していません')).visible();
    await ui(page.getByText('事案がまだありません。')).visible();
    await shot('00-overview-empty');
  });

  it('creates the incident from the preset and fills in the sender and the contact desk', async () => {
    await nav('incident');
    await ui(page.getByText('事案がまだありません', { exact: true })).visible();
    await page.getByRole('button', { name: 'プリセットから作成' }).click();
    await ui(page.locator('input[name="code"]')).value('metaps-2022');
    await shot('01-incident-basic');
    await page.getByRole('tab', { name: /流出範囲と公表件数/ }).click();
    await ui(page.locator('input[name="exposures.0.rule.from"]')).value('2021-10-14');
    // A validation error is shown by the field: an impossible window.
    await page.locator('input[name="exposures.0.rule.from"]').fill('2022-02-01');
    await ui(page.getByText('開始日が終了日より後です').first()).visible();
    await shot('02-incident-exposures-error');
    await page.locator('input[name="exposures.0.rule.from"]').fill('2021-10-14');
    await ui(page.getByText('開始日が終了日より後です')).count(0);
    await page.getByRole('tab', { name: /差出人・窓口/ }).click();
    const fill = async (name: string, value: string) => {
      const input = page.locator(`input[name="${name}"]`);
      if ((await input.count()) > 0) await input.fill(value);
    };
    await fill('organisation.name', '特定非営利活動法人こども未来基金');
    await fill('organisation.postalCode', '100-0005');
    await fill('organisation.address', '東京都千代田区丸の内1-1-1');
    await fill('organisation.representativeTitle', '理事長');
    await fill('organisation.representativeName', '山本一郎');
    await fill('organisation.phone', '03-1234-5678');
    await fill('contactDesk.name', 'こども未来基金 カード情報お問い合わせ窓口');
    await fill('contactDesk.phone', '0120-123-456');
    await fill('contactDesk.hours', '平日 10:00～17:00（土日祝日を除く）');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await ui(page.getByText('保存しました')).visible();
    await shot('03-incident-sender');
    await page.getByRole('tab', { name: /文面/ }).click();
    await shot('04-incident-wording');
  });

  async function importFile(kind: 'payments' | 'donors' | 'confirmed', path: string, checks: (page: Page) => Promise<void>, prefix?: string) {
    await nav('import');
    const again = page.getByRole('button', { name: '続けて取り込む' });
    if (await again.isVisible().catch(() => false)) await again.click();
    await page.locator(`input[name="kind"][value="${kind}"]`).check();
    session.bridge.answerDialog({ kind: 'open', path });
    await page.getByRole('button', { name: 'ファイルを選択…' }).click();
    await ui(page.getByRole('heading', { name: '列の対応' })).visible();
    await checks(page);
    if (prefix) await shot(`${prefix}-mapping`);
    await page.getByRole('button', { name: '次へ (検証結果)' }).click();
    await ui(page.getByRole('heading', { name: '検証結果 (先頭20行)' })).visible();
    if (prefix) await shot(`${prefix}-check`);
    await page.getByRole('button', { name: '取り込む' }).click();
    await ui(page.getByTestId('import-report')).visible({ timeout: 60_000 });
    // Finished means 100 %, and the count is the file's rows, not the last throttled event's.
    const conn = new Database(join(session.dataDir, 'app', 'inw.db'), { readonly: true });
    const rowsRead = (conn.prepare('SELECT rows_read AS n FROM imports ORDER BY id DESC LIMIT 1').get() as { n: number } | undefined)?.n;
    conn.close();
    await ui(page.locator('.progress-label', { hasText: '取込' })).contains(`${(rowsRead ?? -1).toLocaleString('ja-JP')} 行を読み込みました (100%)`);
    if (prefix) await shot(`${prefix}-report`);
  }

  it('imports the CP932 payments CSV through the wizard: detected encoding, mapping, rejects and card warnings', async () => {
    await importFile('payments', files.paymentsCsv, async (p) => {
      await ui(p.getByTestId('detected-encoding')).text(/CP932|Shift_JIS/i);
      await ui(p.locator('select[data-field="transactionId"]')).value('取引ID');
      await ui(p.getByText(/セキュリティコードの列/).first()).visible();
      // Cards are shown masked in the preview, never in full.
      await ui(p.locator('.preview-table')).notContains('4111111111111111');
    }, '10-import-payments-csv');
    const report = page.getByTestId('import-report');
    await ui(report).contains('除外 1');
    await ui(report).contains('日付');
  });

  it('imports the payments XLSX, fixing a column with the mapping drop-down and saving the profile', async () => {
    await importFile('payments', files.paymentsXlsx, async (p) => {
      // 「売上番号」 is not a known header: map it to the transaction ID by hand.
      await ui(p.getByText(/必須の列が見つかりません/)).visible();
      await p.locator('select[data-field="transactionId"]').selectOption('売上番号');
      await ui(p.locator('select[data-field="transactionId"]')).value('売上番号');
      await ui(p.getByText(/必須の列が見つかりません/)).count(0);
      await p.getByLabel('対応表の名前').fill('決済代行XLSX');
      await p.getByRole('button', { name: '対応表を保存' }).click();
      await ui(p.getByText('対応表「決済代行XLSX」を保存しました。')).visible();
    }, '11-import-payments-xlsx');
  });

  it('imports the donors and the confirmed list', async () => {
    await importFile('donors', files.donorsCsv, async (p) => {
      await ui(p.locator('select[data-field="name"]')).value('氏名');
    }, '12-import-donors');
    await importFile('confirmed', files.confirmedCsv, async () => {}, '13-import-confirmed');
    await shot('14-import-history');
  });

  it('classifies, and the overview shows exactly the figures of `inw summary --json`', async () => {
    await nav('overview');
    await page.getByRole('button', { name: '分類を実行' }).click();
    await ui(page.getByTestId('count-notify')).visible({ timeout: 60_000 });
    const text = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/[,\s]/g, ''));
    expect(await text('count-payments')).toBe(expected.payments.total);
    expect(await text('count-persons')).toBe(expected.persons.total);
    expect(await text('count-notify')).toBe(expected.persons.notify);
    expect(await text('count-undeliverable')).toBe(expected.undeliverable);
    expect(await text('count-unmatched')).toBe(expected.unmatchedPayments.total);
    for (const [category, count] of Object.entries(expected.persons.byCategory as Record<string, number>)) {
      expect(await text(`category-${category}`), category).toBe(count);
    }
    expect(expected.persons.notify).toBeGreaterThan(0);
    expect(expected.unmatchedPayments.total).toBeGreaterThan(0);
    await ui(page.getByTestId('review-queue')).visible();
    await ui(page.getByTestId('unmatched')).visible();
    await shot('20-overview');
  });

  it('filters and searches the persons table and opens a person with the reason for each exposure', async () => {
    await nav('persons');
    await page.getByLabel('区分').selectOption('token-db');
    await ui(page.getByTestId('persons-total')).text(`${expected.persons.byCategory['token-db']} 人`);
    await page.getByLabel('区分').selectOption('all');
    await ui(page.getByTestId('persons-total')).text(`${expected.persons.total.toLocaleString('ja-JP')} 人`);
    await page.getByLabel('検索').fill('髙橋');
    await ui(page.getByTestId('persons-total')).text('1 人');
    await page.locator('.vrow').first().click();
    await ui(page.getByRole('heading', { name: '流出区分と理由' })).visible();
    await ui(page.locator('.detail')).contains('対象期間 2021/10/14〜2022/01/25 内');
    await ui(page.locator('.detail')).contains('流出確認リスト');
    await shot('30-persons-detail');
    await page.getByLabel('検索').fill('');
    await page.getByRole('button', { name: '詳細を閉じる' }).click();
    await page.getByLabel('区分').selectOption('notify');
    await ui(page.getByTestId('persons-total')).text(`${expected.persons.notify} 人`);
    await shot('31-persons-notify');
  });

  it('previews one letter rendered by the core and runs the batch with a moving progress bar', async () => {
    await nav('letters');
    await page.getByRole('button', { name: 'プレビュー', exact: true }).click();
    await ui(page.locator('[data-testid="pdf-pages"][data-rendered="true"]')).visible({ timeout: 60_000 });
    await shot('40-letters-preview');
    const out = join(session.dataDir, 'letters-out');
    mkdirSync(out, { recursive: true });
    session.bridge.answerDialog({ kind: 'folder', path: out });
    await page.getByRole('button', { name: '出力先フォルダを選択…' }).click();
    await ui(page.getByTestId('letters-folder')).text('letters-out');
    // At 1366×768, 一括作成's start button is in view without scrolling.
    const inView = async (name: string, box: { y: number; height: number } | null) => {
      expect(box, name).not.toBeNull();
      expect(box!.y, name).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, name).toBeLessThanOrEqual(768);
    };
    await page.evaluate(`document.querySelector('.content').scrollTop = 0`);
    await inView('作成開始', await page.getByRole('button', { name: '作成開始' }).boundingBox());
    await page.getByRole('button', { name: '作成開始' }).click();
    // Watch the bar: it must show progress before it is complete, on one scale that never goes back.
    const seen: Array<{ state: string; value: number; label: string; at: number }> = [];
    const deadline = Date.now() + 120_000;
    let pictured = false;
    while (Date.now() < deadline) {
      const bar = page.getByRole('progressbar', { name: '通知書の作成' });
      if (await bar.count()) {
        const state = (await bar.getAttribute('data-state')) ?? '';
        seen.push({ state, value: Number(await bar.getAttribute('aria-valuenow')), label: await page.locator('.progress-label').innerText().catch(() => ''), at: Date.now() });
        if (state === 'running' && !pictured) {
          await inView('進行状況', await bar.boundingBox());
          await page.screenshot({ path: join('test-artifacts', 'screens', '40b-letters-running-1366x768.png') });
          pictured = true;
        }
        if (state !== 'running') break;
      }
      await page.waitForTimeout(40);
    }
    const running = seen.filter((s) => s.state === 'running');
    const trace = seen.map((s) => `${s.state} ${s.value} ${s.label}`).join('\n');
    expect(running.length, trace).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < running.length; i++) expect(running[i]!.value, trace).toBeGreaterThanOrEqual(running[i - 1]!.value);
    expect(seen.at(-1), trace).toMatchObject({ state: 'done', value: 100 });
    // The bar counts this run's work (each letter once in its own file, once in a print file).
    expect(running.some((s) => /\d+ \/ \d+ 件 \(個別・印刷用\)/.test(s.label)), trace).toBe(true);
    // A run long enough to measure shows the time left; every estimate reads as one.
    const letterSamples = running.filter((s) => /件 \(個別・印刷用\)/.test(s.label));
    if (letterSamples.length > 0 && letterSamples.at(-1)!.at - letterSamples[0]!.at > 8_000) expect(running.some((s) => s.label.includes('残り約')), trace).toBe(true);
    for (const s of running.filter((r) => r.label.includes('残り約'))) expect(s.label).toMatch(/、残り約 \d+ (秒|分)/);
    await ui(page.getByTestId('letters-result')).visible();
    await shot('41-letters-batch-done');
    const manifest = readLetterManifest(out);
    await ui(page.getByTestId('letters-result')).contains(
      `通知書 ${manifest.counts.letters.toLocaleString('ja-JP')} 通 (新規作成 ${manifest.counts.letters.toLocaleString('ja-JP')}、変更なしで省略 0)、印刷用 ${manifest.print.length} ファイル`,
    );
  });

  it('exports the contact sheet', async () => {
    await nav('exports');
    const file = join(session.dataDir, 'contact-sheet.xlsx');
    session.bridge.answerDialog({ kind: 'save', path: file });
    await page.getByRole('button', { name: '連絡表を保存…' }).click();
    await ui(page.getByTestId('sheet-done')).visible({ timeout: 60_000 });
    expect(existsSync(file)).toBe(true);
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(file);
    await ui(page.locator('.progress-label', { hasText: '連絡表' })).contains(`シート) (100%)`);
    await ui(page.locator('.progress-label', { hasText: '連絡表' })).contains(`(${written.worksheets.length} シート)`);
    await shot('50-exports');
  });

  it('decides every 〒と住所の不一致 the filter shows at once, after a confirmation with the count, and takes them all back', async () => {
    await nav('overview');
    await page.getByLabel('要確認の種類').selectOption({ label: '〒と住所の不一致' });
    const heading = page.locator('.card-head h2', { hasText: '要確認' });
    await ui(heading).text(/^要確認 \(〒と住所の不一致: 未対応 [1-9][\d,]* 件\)$/);
    const count = /未対応 ([\d,]+) 件/.exec(await heading.innerText())![1]!;
    await page.getByRole('button', { name: `表示中の未対応 ${count} 件をまとめて「確認済み」にする…` }).click();
    await ui(page.getByTestId('review-bulk-confirm')).contains(`〒と住所の不一致 の未対応 ${count} 件をすべて「確認済み」として記録します。`);
    await shot('21-review-bulk-confirm');
    await page.getByRole('button', { name: `${count} 件を「確認済み」として記録` }).click();
    await ui(heading).text('要確認 (〒と住所の不一致: 未対応 0 件)');
    await page.getByRole('button', { name: 'まとめて取り消す' }).click();
    await ui(heading).text(`要確認 (〒と住所の不一致: 未対応 ${count} 件)`);
    await page.getByLabel('要確認の種類').selectOption({ label: 'すべて' });
  });

  it('records the mailing of one print file, takes it back with a reason, then records every waiting letter', async () => {
    await nav('tracking');
    await page.getByRole('tab', { name: '発送記録' }).click();
    const waiting = page.getByTestId('mailing-waiting');
    await ui(waiting).text(/^[1-9][\d,]*$/);
    const total = await waiting.innerText();
    const toNumber = (text: string) => Number(text.replace(/,/g, ''));
    const select = page.locator('select[name="mailingPrintFile"]');
    await ui(select.locator('option')).count(4); // すべて + one print file per category
    const label = await select.locator('option').nth(1).innerText();
    const [, file, pieces] = /^(print\/\S+\.pdf) \(.*発送待ち ([\d,]+) \/ [\d,]+ 通\)$/.exec(label)!;
    await select.focus();
    await select.selectOption({ index: 1 });
    const confirm = page.getByTestId('mailing-confirm');
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await ui(confirm).contains(`${pieces} 通を、発送日`);
    await ui(confirm).contains(join(session.dataDir, 'letters-out', file!));
    await confirm.getByRole('button', { name: `${pieces} 通を発送済みとして記録` }).click();
    await ui(waiting).text((toNumber(total) - toNumber(pieces!)).toLocaleString('ja-JP'));
    await page.getByRole('button', { name: '発送記録 #1 を取り消す' }).click();
    await page.locator('input[name="undoReason"]').fill('束を取り違えた');
    await page.getByRole('button', { name: `${pieces} 通を発送待ちに戻す` }).click();
    await ui(page.getByTestId('mailing-undone')).contains('発送記録 #1 を取り消しました。');
    await ui(waiting).text(total);
    // Then everything, as printed.
    await select.selectOption({ index: 0 });
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await confirm.getByRole('button', { name: `${total} 通を発送済みとして記録` }).click();
    await ui(waiting).text('0');
    await shot('70-mailing-recorded');
  });

  it('records a returned letter by scanning its お問い合わせ番号 and Enter twice, and finds the person by it in the inquiry form', async () => {
    await page.getByRole('tab', { name: '返送・再送' }).click();
    const conn = new Database(join(session.dataDir, 'app', 'inw.db'), { readonly: true });
    const mailed = conn.prepare("SELECT person_id AS person, id AS letter FROM letters WHERE status = '発送' ORDER BY id LIMIT 1").get() as { person: number; letter: number };
    conn.close();
    const reference = referenceNumberOf(mailed.person);
    const personId = `P${String(mailed.person).padStart(6, '0')}`;
    // The scanner types the digits and Enter into the focused field; Enter again records.
    const scan = page.locator('input[name="returnPerson"]');
    await scan.focus();
    await page.keyboard.type(reference);
    await page.keyboard.press('Enter');
    await ui(page.getByTestId('returnPerson-chosen')).contains(personId);
    await ui(page.locator(':focus')).text('返送を記録');
    await page.keyboard.press('Enter');
    await ui(page.getByTestId('return-recorded')).contains(`L${String(mailed.letter).padStart(6, '0')} (${personId}`);
    await ui(page.getByTestId('addressPerson-chosen')).contains(personId);
    await shot('71-return-scanned');
    // The same number read out on the phone picks the person in the inquiry form.
    await page.getByRole('tab', { name: '問い合わせ' }).click();
    await page.locator('input[name="inquiryPerson"]').focus();
    await page.keyboard.type(reference);
    await page.keyboard.press('Enter');
    await ui(page.getByTestId('inquiryPerson-chosen')).contains(personId);
  });

  it('shows the audit log with who did what and the file hashes', async () => {
    await nav('audit');
    const table = page.getByTestId('audit-table');
    await ui(table).contains('取込');
    await ui(table).contains('分類');
    await ui(table).contains('連絡表の出力');
    await ui(table).contains('e2e-staff');
    await ui(table).contains('要確認の一括対応の取り消し');
    await ui(table).contains('発送記録の取り消し');
    await ui(table).contains('返送の記録');
    await page.getByRole('button', { name: '改ざんの検証' }).click();
    await ui(page.getByText(/改ざんは見つかりませんでした/)).visible();
    await shot('60-audit');
  });

  it('logged no errors in the page (CSP violations included)', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
