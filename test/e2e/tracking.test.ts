// After the letters go out, in the real UI (headless Chromium over the loopback bridge): record
// the mailing batch, a returned letter by hand and two from Japan Post's list (one bad row),
// correct an address and make the re-send letters, log an inquiry, set 電話済 from a person's
// detail, apply a contact sheet edited in Excel (one change per field, one conflict, never twice),
// read the regulator's figures (equal to `inw report --json`), back up, find every step in the
// audit log, and purge the personal data after a preview and a typed confirmation. The database is prepared through the CLI up to the letters. Screenshots:
// test-artifacts/screens/7x-*.png.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { demoIncident, referenceNumberOf } from '../../src-main/core/index.js';
import { filesContaining, inw, inwOk, tempDir } from '../helpers/fixtures.js';
import { buildApp, openPage, openSession, screenshot, ui, type Session } from './harness.js';
import { writeWalkFiles } from './walk-data.js';

const num = (n: number) => n.toLocaleString('ja-JP');

describe('E2E: mailing, returns, inquiries, Excel round-trip, report and backup in the real UI', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;
  let dbFile: string;
  let mailed: string[] = [];
  /** The person whose letter comes back and whose address is corrected. */
  let moved = '';
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    const dir = tempDir('inw-tracking-');
    const files = await writeWalkFiles(dir);
    const build = buildApp('tracking');
    session = await openSession(build, async (db, dataDir) => {
      await inwOk(['import', 'payments', files.paymentsCsv, '--db', db]);
      await inwOk(['import', 'payments', files.paymentsXlsx, '--map', 'transactionId=売上番号', '--db', db]);
      await inwOk(['import', 'donors', files.donorsCsv, '--db', db]);
      await inwOk(['import', 'confirmed', files.confirmedCsv, '--exposure', 'payment-db', '--db', db]);
      await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
      // The preset has no sender: no letter to mail is made, and the reason is given (issue 18.2).
      const refused = await inw(['letters', '--out', join(dataDir, 'refused'), '--db', db]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/差出人と問い合わせ窓口が未記入のため、発送できる通知書は作れません/);
      const incident = join(dir, 'incident.json');
      writeFileSync(incident, JSON.stringify(demoIncident()));
      await inwOk(['classify', '--incident', incident, '--db', db]);
      await inwOk(['letters', '--out', join(dataDir, 'letters'), '--print-only', '--db', db]);
    });
    dbFile = join(session.dataDir, 'app', 'inw.db');
    ({ page, consoleErrors } = await openPage(session));
    await page.click('[data-nav="tracking"]');
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => screenshot(page, name);
  const tab = (name: string) => page.getByRole('tab', { name }).click();
  const cli = async (...args: string[]) => JSON.parse((await inwOk([...args, '--json', '--db', dbFile])).stdout);

  it('records the mailing batch of every waiting letter', async () => {
    const waiting = page.getByTestId('mailing-waiting');
    await ui(waiting).text(/^[1-9][\d,]*$/);
    const count = await waiting.innerText();
    await page.locator('input[name="mailedDate"]').fill('2022-03-10');
    await page.getByRole('button', { name: '記録する内容を確認…' }).click();
    await ui(page.getByTestId('mailing-confirm')).contains(`${count} 通を、発送日 2022/03/10・料金別納 で発送済みとして記録します。`);
    await page.getByRole('button', { name: `${count} 通を発送済みとして記録` }).click();
    await ui(page.getByTestId('mailing-done')).contains(`2022/03/10 料金別納 ${count} 通`);
    await ui(waiting).text('0');
    await ui(page.getByTestId('mailing-table')).contains('料金別納');
    await shot('70-tracking-mailing');
    const batches = await cli('mail', 'list');
    expect(batches).toHaveLength(1);
    expect(num(batches[0].pieces)).toBe(count);
    mailed = batches[0].letterIds;
  });

  it('records returned mail by hand and from a list, corrects the address and makes the re-send letters', async () => {
    await tab('返送・再送');
    const [first, second, third] = mailed as [string, string, string];
    // The envelope's お問い合わせ番号, scanned (digits and Enter): a misread one is refused with the reason,
    // the right one finds the person at once and Enter records the return (date and reason set first).
    const owner = new Database(dbFile, { readonly: true });
    const firstPerson = (owner.prepare('SELECT person_id AS id FROM letters WHERE id = ?').get(Number(first.slice(1))) as { id: number }).id;
    owner.close();
    const reference = referenceNumberOf(firstPerson);
    await page.locator('input[name="returnedDate"]').fill('2022-03-20');
    await page.locator('select[name="returnReason"]').selectOption({ label: '転居先不明' });
    const scan = page.locator('input[name="returnPerson"]');
    await scan.fill(`${reference.slice(0, -1)}${(Number(reference.slice(-1)) + 1) % 10}`);
    await scan.press('Enter');
    await ui(page.getByRole('alert').filter({ hasText: '確認数字が合いません' })).visible();
    await scan.fill(reference.replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    await scan.press('Enter');
    await ui(page.getByTestId('returnPerson-chosen')).contains(`P${String(firstPerson).padStart(6, '0')}`);
    await ui(page.locator(':focus')).text('返送を記録');
    await page.keyboard.press('Enter');
    await ui(page.getByTestId('return-recorded')).contains(`${first} (`);
    await ui(page.getByTestId('return-recorded')).contains('転居先不明');

    // Japan Post's list: two good rows and one unknown letter, checked before anything is recorded.
    const list = join(session.dataDir, 'returns.csv');
    writeFileSync(list, `\ufeff通知書ID,返送日,返送理由\r\n${second},2022/03/21,受取人不在\r\n${third},2022/03/21,あて所に尋ねあたりません\r\nL999999,2022/03/21,転居先不明\r\n`);
    session.bridge.answerDialog({ kind: 'open', path: list });
    await page.getByRole('button', { name: 'ファイルを選択…' }).click();
    const report = page.getByTestId('returns-import-report');
    await ui(report).contains('記録できる返送 2 件、除外 1 行 (確認のみ');
    await ui(report).contains('4行目');
    expect((await cli('returns', 'list')).length).toBe(1);
    await page.getByRole('button', { name: '2 件を記録' }).click();
    await ui(report).contains('記録した返送 2 件');
    await ui(page.getByTestId('returns-table').locator('tbody tr')).count(3);

    // The person whose letter could not be delivered (転居先不明) has a new address.
    const row = page.getByTestId('returns-table').locator('tr', { hasText: first });
    moved = (await row.locator('td').nth(1).innerText()).trim();
    // The person just recorded is already chosen in 住所の訂正 (same screen, no ID to copy).
    expect(moved).toBe(`P${String(firstPerson).padStart(6, '0')}`);
    await ui(page.getByTestId('addressPerson-chosen')).contains(moved);
    await row.getByRole('button', { name: '住所を訂正' }).click();
    await ui(page.getByTestId('addressPerson-chosen')).contains(moved);
    await page.locator('input[name="addressPostal"]').fill('160-0023');
    await page.locator('input[name="address1"]').fill('東京都新宿区西新宿2-8-1');
    await page.locator('input[name="address2"]').fill('新宿ハイツ101');
    await page.locator('input[name="addressReason"]').fill('本人から電話で転居先を確認');
    await page.getByRole('button', { name: '訂正を保存' }).click();
    await ui(page.getByTestId('address-corrected')).contains(`${moved} の住所を訂正しました`);

    // Re-sends: the corrected address and the one nobody was home for.
    await ui(page.getByTestId('resend-table').locator('tbody tr')).count(2);
    const out = join(session.dataDir, 'resend');
    mkdirSync(out, { recursive: true });
    session.bridge.answerDialog({ kind: 'folder', path: out });
    await page.getByRole('button', { name: '2 人の再送の通知書を作成…' }).click();
    await ui(page.getByTestId('resend-done')).visible({ timeout: 90_000 });
    expect(readdirSync(join(out, 'letters')).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    // The one whose address was not found stays unreachable (公表の候補), with the address-less person.
    await ui(page.getByTestId('unreachable-table')).contains('あて所に尋ねあたりません');
    // 田中 美咲 has an address but no postal code: 郵便番号なし, not 住所なし (issue 18.11 b).
    await ui(page.getByTestId('unreachable-table')).contains('郵便番号なし');
    await shot('71-tracking-returns');

    const history = await cli('history', moved);
    expect(history.letters.map((h: { version: number; to: string }) => `${h.version}:${h.to}`)).toEqual(['1:生成', '1:印刷', '1:発送', '1:返送', '2:生成']);
    expect(history.addresses[0].postalCode).toBe('1600023');
  });

  it('logs an inquiry', async () => {
    await tab('問い合わせ');
    // The picker: type, ↓ to the candidate, Enter.
    await page.locator('input[name="inquiryPerson"]').fill(moved);
    await ui(page.getByRole('option').first()).contains(moved);
    await page.locator('input[name="inquiryPerson"]').press('ArrowDown');
    await page.locator('input[name="inquiryPerson"]').press('Enter');
    await ui(page.getByTestId('inquiryPerson-chosen')).contains(moved);
    await page.locator('input[name="inquiryAt"]').fill('2022/03/22 10:30');
    await page.locator('select[name="inquiryChannel"]').selectOption('電話');
    await page.locator('select[name="inquiryTopic"]').selectOption({ label: 'カード再発行' });
    await page.locator('textarea[name="inquiryBody"]').fill('カードの再発行の方法を知りたい');
    await page.locator('textarea[name="inquiryResolution"]').fill('カード会社の連絡先を案内した');
    await page.locator('input[name="inquiryStaff"]').fill('窓口 佐藤');
    await page.getByRole('button', { name: '問い合わせを記録' }).click();
    await ui(page.getByTestId('inquiry-logged')).contains(`${moved}、電話、カード再発行`);
    const table = page.getByTestId('inquiries-table');
    await ui(table).contains('2022/03/22 10:30');
    await ui(table).contains('窓口 佐藤');
    await shot('72-tracking-inquiries');
    // 発送・対応 keeps its tab between visits.
    await page.click('[data-nav="persons"]');
    await page.click('[data-nav="tracking"]');
    expect(await page.getByRole('tab', { name: '問い合わせ' }).getAttribute('aria-selected')).toBe('true');
  });

  it('applies the contact sheet edited in Excel: a preview, one conflict, and never twice', async () => {
    await page.click('[data-nav="exports"]');
    const sheetFile = join(session.dataDir, 'contacts.xlsx');
    session.bridge.answerDialog({ kind: 'save', path: sheetFile });
    await page.getByRole('button', { name: '連絡表を保存…' }).click();
    await ui(page.getByTestId('sheet-done')).visible({ timeout: 60_000 });

    // After the export, staff record a phone call for `moved` in the app…
    await page.click('[data-nav="persons"]');
    await page.getByLabel('検索').fill(moved);
    await ui(page.getByTestId('persons-total')).text('1 人');
    await page.locator('.vrow').first().click();
    const timeline = page.getByTestId('person-timeline');
    await ui(timeline).contains('住所訂正');
    await ui(timeline).contains('問い合わせ (電話): カード再発行');
    await page.locator('select[name="personStatus"]').selectOption('電話済');
    await page.locator('input[name="personStatusNote"]').fill('本人と電話で確認済み');
    await page.getByRole('button', { name: '記録', exact: true }).click();
    await ui(page.getByTestId('person-status-done')).contains('電話済');
    await ui(timeline).contains('対応: 電話済');
    await shot('73-persons-timeline');

    // …while in Excel someone marks the same person 対応完了 (a conflict) and another person 電話済 with a note.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheetFile);
    let other = '';
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as unknown[]).map(String);
      const col = (name: string) => header.indexOf(name);
      if (col('通知ID') < 0 || col('通知書状態') < 0) continue;
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const id = String(row.getCell(col('通知ID')).value);
        if (id === moved) row.getCell(col('通知書状態')).value = '対応完了';
        else if (!other && row.getCell(col('通知書状態')).value === '発送済') {
          other = id;
          row.getCell(col('通知書状態')).value = '電話済';
          row.getCell(col('対応メモ')).value = '本人に電話で説明済み';
        }
      });
    }
    expect(other).not.toBe('');
    const edited = join(session.dataDir, 'contacts-edited.xlsx');
    await wb.xlsx.writeFile(edited);

    await page.click('[data-nav="tracking"]');
    await tab('連絡表の反映');
    session.bridge.answerDialog({ kind: 'open', path: edited });
    await page.getByRole('button', { name: '連絡表を選択…' }).click();
    const result = page.getByTestId('sheet-apply-result');
    await ui(result).contains('反映予定 2 件、矛盾 1 件');
    await ui(page.getByTestId('sheet-changes')).contains(other);
    await ui(page.getByTestId('sheet-conflicts')).contains(moved);
    await shot('74-tracking-sheet-apply');
    await page.getByRole('button', { name: '2 件を反映' }).click();
    await ui(result).contains('反映済み 2 件');
    const history = await cli('history', other);
    expect(history.followups.at(-1)).toMatchObject({ status: '電話済', notes: '本人に電話で説明済み', source: 'sheet' });

    session.bridge.answerDialog({ kind: 'open', path: edited });
    await page.getByRole('button', { name: '連絡表を選択…' }).click();
    await ui(page.getByRole('alert').filter({ hasText: '反映済みです' })).visible();
  });

  it('shows the regulator figures counted from the database, and makes a verified backup', async () => {
    await tab('報告・保全');
    const expected = await cli('report');
    await ui(page.getByTestId('report-affected')).text(num(expected.affected.persons));
    await ui(page.getByTestId('report-notified')).text(num(expected.notification.notified));
    await ui(page.getByTestId('report-unreachable')).text(num(expected.notification.unreachable));
    await ui(page.getByTestId('report-inquiries')).text('1');
    await ui(page.getByTestId('report-topics')).contains('カード再発行');
    expect(expected.notification.returnedLetters).toBe(3);

    const backup = join(session.dataDir, 'backup.db');
    session.bridge.answerDialog({ kind: 'save', path: backup });
    await page.getByRole('button', { name: 'バックアップを保存…' }).click();
    await ui(page.getByTestId('backup-done')).contains('backup.db');
    await shot('75-tracking-report');
    expect(existsSync(backup)).toBe(true);
    const copy = JSON.parse((await inwOk(['report', '--json', '--db', backup])).stdout);
    expect(copy.notification.returnedLetters).toBe(3);
  });

  it('scans the database and every recorded output for full card numbers: none, then one left in the letters folder', async () => {
    await ui(page.getByTestId('report-anchor')).text(/^監査ログの最新記録 \(アンカー\): \d+:[0-9a-f]{64}$/);
    await ui(page.getByTestId('backup-anchor')).text(/\d+:[0-9a-f]{64}$/);
    await page.getByRole('button', { name: '検査する' }).click();
    await ui(page.getByTestId('scan-clean'), 120_000).text('見つかりませんでした。');
    await ui(page.getByTestId('scan-result')).contains('データベース 2'); // the case's and the backup made above
    // A job with a bar (pdf.js over thousands of letters takes minutes): done, every file counted.
    await expect.poll(() => page.getByRole('progressbar', { name: '検査' }).getAttribute('aria-valuenow')).toBe('100');
    await ui(page.locator('.progress-wrap', { hasText: '検査' })).text(/検査: 完了\s+(\d+) \/ \1 ファイルを検査しました/);
    await shot('75b-tracking-scan-clean');
    // A note someone saved among the print files: found, masked, with its file and line.
    const note = join(session.dataDir, 'letters', 'print', 'memo.csv');
    writeFileSync(note, '氏名,メモ\r\n山田,カード 4111-1111-1111-1111 を確認\r\n');
    await page.getByRole('button', { name: '検査する' }).click();
    const findings = page.getByTestId('scan-findings');
    await ui(findings, 120_000).contains(note);
    await ui(findings).contains('1111');
    expect(await findings.innerText()).not.toContain('4111-1111-1111-1111');
    expect(await findings.innerText()).not.toContain('4111111111111111');
    await shot('75c-tracking-scan-found');
  });

  it('finds every step in the audit log, and the chain verifies', async () => {
    await page.click('[data-nav="audit"]');
    const table = page.getByTestId('audit-table');
    for (const action of ['発送の記録', '返送の記録', '返送一覧の取込', '住所の訂正', '通知書の作成', '問い合わせ', '状態の変更', '連絡表の反映', 'バックアップ']) {
      await ui(table).contains(action);
    }
    await page.getByRole('button', { name: '改ざんの検証' }).click();
    await ui(page.getByText(/改ざんは見つかりませんでした/)).visible();
    await shot('76-audit-tracking');
  });

  it('purges personal data after a preview and a typed confirmation; the figures and the audit log stay', async () => {
    await page.click('[data-nav="tracking"]');
    await tab('報告・保全');
    const before = await cli('report');
    expect(filesContaining(dbFile, '髙橋')).not.toEqual([]);
    expect(filesContaining(dbFile, '090-1001-0001')).not.toEqual([]);
    await page.getByRole('button', { name: '削除対象を確認' }).click();
    await ui(page.getByTestId('purge-preview')).contains('(まだ削除していません)');
    // The backup is listed by its full path with what it holds: purge does not delete it.
    await ui(page.getByTestId('purge-files')).contains(join(session.dataDir, 'backup.db'));
    await ui(page.getByTestId('purge-files')).contains('データベースのバックアップ: 削除前の個人情報すべて');
    const purge = page.getByRole('button', { name: /人の個人情報を削除$/ });
    expect(await purge.isDisabled()).toBe(true);
    await page.locator('input[name="purgeConfirm"]').fill('削除');
    await purge.click();
    await ui(page.getByTestId('purge-done'), 60_000).contains('人の個人情報を削除しました');
    await shot('77-tracking-purge');
    // The name of donor 1 and a phone number are gone from every byte of the database files.
    expect(filesContaining(dbFile, '髙橋')).toEqual([]);
    expect(filesContaining(dbFile, '090-1001-0001')).toEqual([]);
    const after = await cli('report');
    expect(after.affected).toEqual(before.affected);
    expect(after.notification.notified).toBe(before.notification.notified);
    expect((await inwOk(['audit', 'verify', '--db', dbFile])).status).toBe(0);
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e)), consoleErrors.join('\n')).toEqual([]);
  });
});
