// Issue 18.4: the letter date (発行日) is chosen by staff, the same for the preview and the batch;
// today in Japan by default; typed forms folded (2026/12/1, full-width digits) and a date that
// is not one refused in Japanese before anything is written; the batch records the date it used.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LetterManifest } from '../../../src-main/core/letters/batch.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { classify, defaultFontPaths, demoIncident, generateLetters, isInwError, previewLetter, type Db } from '../../../src-main/core/index.js';
import { letterDateProblem, letterDateText, normalizeLetterDate, typedDateProblem } from '../../../src-main/core/vocabulary/japan-time.js';
import { trackingDb } from '../tracking/fixtures.js';
import { now, tempDir } from '../../helpers/fixtures.js';

async function text(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await doc.destroy();
  return content.items.map((item) => ('str' in item ? item.str : '')).join('');
}

const count = (db: Db, table: string) => (db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

async function withSender() {
  const fx = await trackingDb();
  await classify({ db: fx.db, incident: demoIncident(), now, actor: 'test' });
  return fx;
}

describe('the letter date as staff type it', () => {
  it('folds the usual forms to YYYY-MM-DD and refuses what is not a date, in Japanese', () => {
    expect(normalizeLetterDate('2026-12-01')).toBe('2026-12-01');
    expect(normalizeLetterDate('2026/12/1')).toBe('2026-12-01');
    expect(normalizeLetterDate('２０２６－１２－０１')).toBe('2026-12-01');
    expect(normalizeLetterDate('2026年12月1日')).toBe('2026-12-01');
    expect(normalizeLetterDate('2026-02-30')).toBeNull();
    expect(normalizeLetterDate('12/01')).toBeNull();
    expect(letterDateProblem('2026-02-30')).toBe('発行日「2026-02-30」は日付として読めません。2026-12-01 のように 年-月-日 で、実在する日付を入力してください。');
    expect(letterDateProblem(' ')).toBe('発行日を入力してください (例: 2026-12-01)。');
    expect(letterDateProblem('2024/2/29')).toBeNull();
    // Every date field of the app reads and refuses dates the same way, named by its label.
    expect(typedDateProblem('発送日', '2022年3月')).toBe('発送日「2022年3月」は日付として読めません。2026-12-01 のように 年-月-日 で、実在する日付を入力してください。');
    expect(typedDateProblem('発送日', '')).toBeNull();
    expect(typedDateProblem('発送日', '２０２２/3/11')).toBeNull();
  });

  it('is shown as the letter prints it, with the western year beside', () => {
    expect(letterDateText('2026-12-01')).toBe('令和8年12月1日 (2026年12月1日)');
    expect(letterDateText('2019-05-01')).toBe('令和元年5月1日 (2019年5月1日)');
  });
});

describe('preview and batch use the date asked for', () => {
  it('prints today in Japan when none is given, and the typed date when one is', async () => {
    const fx = await withSender();
    const personId = String(fx.person['M-1']);
    const today = await previewLetter({ db: fx.db, personId, fontPaths: defaultFontPaths(), now });
    expect(today.letterDate).toBe('2022-03-01'); // now() is 2022-03-01 10:02 in Japan
    expect(await text(today.pdf)).toContain('令和4年3月1日');
    const typed = await previewLetter({ db: fx.db, personId, letterDate: '２０２６/12/1', fontPaths: defaultFontPaths(), now });
    expect(typed.letterDate).toBe('2026-12-01');
    const page = await text(typed.pdf);
    expect(page).toContain('令和8年12月1日');
    expect(page).not.toContain('令和4年3月1日');
  });

  it('refuses a date that is not one before writing anything', async () => {
    const fx = await withSender();
    const out = tempDir('inw-letter-date-');
    const audit = count(fx.db, 'audit_log');
    const refused = await generateLetters({ db: fx.db, outDir: out, letterDate: '2026-02-30', fontPaths: defaultFontPaths(), now, actor: 'test' })
      .then(() => null, (e: unknown) => e);
    expect(isInwError(refused) && refused.code).toBe('letter-date-invalid');
    expect((refused as Error).message).toContain('発行日「2026-02-30」は日付として読めません');
    expect(readdirSync(out)).toEqual([]);
    expect([count(fx.db, 'letter_batches'), count(fx.db, 'audit_log')]).toEqual([0, audit]);
    const preview = await previewLetter({ db: fx.db, personId: String(fx.person['M-1']), letterDate: '令和', fontPaths: defaultFontPaths(), now })
      .then(() => null, (e: unknown) => e);
    expect(isInwError(preview) && preview.code).toBe('letter-date-invalid');
  });

  it('records the date the batch used: in its result, its manifest and its audit entry', async () => {
    const fx = await withSender();
    const out = tempDir('inw-letter-date-');
    const result = await generateLetters({
      db: fx.db, outDir: out, letterDate: '2026/12/1', outputs: { split: true, print: false }, fontPaths: defaultFontPaths(), now, actor: 'test',
    });
    expect(result.letterDate).toBe('2026-12-01');
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ letterDate: '2026-12-01' });
    const detail = JSON.parse((fx.db.$client.prepare("SELECT detail FROM audit_log WHERE action = 'letters'").get() as { detail: string }).detail) as Record<string, unknown>;
    expect(detail).toMatchObject({ batchId: result.batchId, letterDate: '2026-12-01' });
    expect(await text(readFileSync(join(out, (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as LetterManifest).letters[0]!.file!)))).toContain('令和8年12月1日');
  });
});
