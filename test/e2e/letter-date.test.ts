// Issue 18.4 in the real UI at 1366×768: the letter date (発行日) is set on the 通知書 screen,
// defaults to today in Japan, is shown as the letter prints it (令和 and 西暦), a date that is
// not one is refused in Japanese with the buttons held back, and the preview and the batch
// print the same typed date (the batch's manifest and audit entry record it).
// Screenshot: test-artifacts/screens/b0-letter-date.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inwOk, readLetterManifest } from '../helpers/fixtures.js';
import { pdfText } from '../helpers/pdf.js';
import { jstDateOf, letterDateText } from '../../src-main/core/vocabulary/japan-time.js';
import { screenshot, ui } from './harness.js';
import { openSmallCase, type SmallCase } from './small-case.js';

describe('E2E: the letter date is set where the letters are made', { timeout: 240_000 }, () => {
  let c: SmallCase;

  beforeAll(async () => {
    c = await openSmallCase('letter-date');
  }, 240_000);

  afterAll(async () => {
    await c?.session.close();
  });

  it('defaults to today in Japan, refuses a date that is not one, and shows the typed one as the letter prints it', async () => {
    const { page } = c;
    await page.click('[data-nav="letters"]');
    const date = page.getByTestId('letters-date');
    await ui(date).value(jstDateOf(Date.now()));
    await ui(page.locator('.letter-date')).contains(`通知書には「${letterDateText(jstDateOf(Date.now()))}」と印字されます`);
    await date.fill('2026-02-30');
    await ui(page.locator('.letter-date [role="alert"]')).text('発行日「2026-02-30」は日付として読めません。2026-12-01 のように 年-月-日 で、実在する日付を入力してください。');
    expect(await page.getByRole('button', { name: 'プレビュー', exact: true }).isDisabled()).toBe(true);
    await date.fill('２０２６/12/1');
    await ui(page.locator('.letter-date')).contains('通知書には「令和8年12月1日 (2026年12月1日)」と印字されます');
    await screenshot(page, 'b0-letter-date');
  });

  it('prints that date in the preview and in every letter of the batch, and the batch records it', async () => {
    const { page, session, dbFile } = c;
    await page.getByTestId('letters-draft').check(); // the preset's sender is empty: drafts only
    const previewed = page.waitForResponse((r) => r.url().includes('/api/invoke/letters:preview'));
    await page.getByRole('button', { name: 'プレビュー', exact: true }).click();
    const body = (await (await previewed).json()) as { ok: boolean; value: { pdfBase64: string; letterDate: string } };
    expect(body.value.letterDate).toBe('2026-12-01');
    const previewFile = join(session.dataDir, 'preview.pdf');
    writeFileSync(previewFile, Buffer.from(body.value.pdfBase64, 'base64'));
    expect(await pdfText(previewFile, { first: 1, last: 1 })).toContain('令和8年12月1日');

    const out = join(session.dataDir, 'letters-dated');
    mkdirSync(out, { recursive: true });
    session.bridge.answerDialog({ kind: 'folder', path: out });
    await page.getByRole('button', { name: '出力先フォルダを選択…' }).click();
    await ui(page.getByTestId('letters-folder')).text('letters-dated');
    await page.getByRole('button', { name: '見本を作成' }).click();
    await ui(page.getByTestId('letters-result'), 120_000).contains('発行日 令和8年12月1日 (2026年12月1日)');
    const manifest = readLetterManifest(out);
    expect(manifest.letterDate).toBe('2026-12-01');
    // The job's result the screen receives carries counts, not one entry per letter (those are in
    // manifest.json and the database: at 100,000 letters a message of about 100 MB).
    const jobs = (await page.evaluate(`(async () => {
      const token = document.querySelector('meta[name="inw-bridge-token"]').content;
      const response = await fetch('./api/invoke/jobs:list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Inw-Token': token }, body: 'null' });
      return (await response.json()).value;
    })()`)) as Array<{ kind: string; state: string; result?: { manifest: Record<string, unknown> } }>;
    const lettersJob = jobs.filter((j) => j.kind === 'letters' && j.state === 'done').at(-1)!;
    expect(lettersJob.result!.manifest).toMatchObject({ letterDate: '2026-12-01', counts: { letters: manifest.letters.length } });
    expect(lettersJob.result!.manifest).not.toHaveProperty('letters');
    expect(await pdfText(join(out, manifest.letters[0]!.file!), { first: 1, last: 1 })).toContain('令和8年12月1日');
    const audit = JSON.parse((await inwOk(['audit', 'list', '--json', '--db', dbFile])).stdout) as Array<{ action: string; detail: Record<string, unknown> }>;
    expect(audit.find((e) => e.action === 'letters-draft')?.detail).toMatchObject({ letterDate: '2026-12-01' });
  });
});
