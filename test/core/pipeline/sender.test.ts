// Issue 18.2: no letter that could be mailed is made with a sample or missing sender. Without
// the incident's sender or contact desk, letters and previews are refused with the reason and
// the database is left as it was; drafts say 見本 across every page, their print files are
// named as drafts, and nothing is recorded as a letter to mail.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LetterManifest } from '../../../src-main/core/letters/batch.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  classify, defaultFontPaths, demoIncident, generateLetters, isInwError, loadIncident, mailableLetterProblem, previewLetter, type Db,
} from '../../../src-main/core/index.js';
import { saveIncident } from '../../../src-main/core/incident/store.js';
import { trackingDb } from '../tracking/fixtures.js';
import { now, tempDir } from '../../helpers/fixtures.js';

async function pageTexts(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

const count = (db: Db, table: string) => (db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (error) {
    if (isInwError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('letters without a sender', () => {
  it('are refused with the reason, in the batch and the preview, and nothing is recorded', async () => {
    const fx = await trackingDb();
    const { db } = fx;
    expect(mailableLetterProblem(loadIncident('metaps-2022'))).toMatch(/差出人と問い合わせ窓口が未記入のため、発送できる通知書は作れません/);
    const audit = count(db, 'audit_log');
    const out = tempDir('inw-sender-');
    const batch = await refusal(generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), now, actor: 'test' }));
    expect(batch).toMatchObject({ code: 'sender-missing' });
    expect(batch.message).toMatch(/事案 metaps-2022 の差出人と問い合わせ窓口が未記入/);
    expect(batch.message).toMatch(/--draft/);
    const preview = await refusal(previewLetter({ db, personId: String(fx.person['M-1']), fontPaths: defaultFontPaths(), now }));
    expect(preview.code).toBe('sender-missing');
    expect(readdirSync(out)).toEqual([]);
    expect([count(db, 'letter_batches'), count(db, 'letters'), count(db, 'audit_log')]).toEqual([0, 0, audit]);
  });

  it('names the one that is missing', () => {
    const { contactDesk: _, ...noDesk } = demoIncident();
    expect(mailableLetterProblem(noDesk)).toMatch(/の問い合わせ窓口が未記入/);
    expect(mailableLetterProblem(demoIncident())).toBeNull();
  });

  it('can be made as drafts: 見本 across every page, print files named as drafts, nothing to mail', async () => {
    const fx = await trackingDb();
    const { db } = fx;
    const out = tempDir('inw-draft-');
    const result = await generateLetters({ db, outDir: out, draft: true, fontPaths: defaultFontPaths(), letterDate: '2022-03-15', now, actor: 'test' });
    expect(result).toMatchObject({ draft: true, batchId: null, newVersions: 0 });
    const { letters } = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as LetterManifest;
    expect(letters.length).toBeGreaterThan(0);
    expect(readdirSync(join(out, 'print')).every((f) => f.startsWith('見本-'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ draft: true });
    for (const file of [result.manifest.print[0]!.file, letters[0]!.file!]) {
      const pages = await pageTexts(readFileSync(join(out, file)));
      expect(pages.length).toBeGreaterThan(0);
      for (const text of pages) expect(text.startsWith('見本')).toBe(true);
    }
    // The sample sender says it is missing; no real-looking organisation stands in.
    const letter = (await pageTexts(readFileSync(join(out, letters[0]!.file!)))).join('');
    expect(letter).toContain('（団体名）');
    expect([count(db, 'letter_batches'), count(db, 'letters')]).toEqual([0, 0]);
    // A draft folder never receives letters to mail, nor the other way round.
    await classify({ db, incident: demoIncident(), now, actor: 'test' });
    expect((await refusal(generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), now, actor: 'test' }))).code).toBe('draft-mix');
    const real = tempDir('inw-real-');
    await generateLetters({ db, outDir: real, outputs: { split: false, print: true }, fontPaths: defaultFontPaths(), now, actor: 'test' });
    const mixed = await refusal(generateLetters({ db, outDir: real, draft: true, fontPaths: defaultFontPaths(), now, actor: 'test' }));
    expect(mixed.message).toMatch(/には発送用の通知書があります。見本は別のフォルダに作成してください/);
    const preview = await previewLetter({ db, personId: String(fx.person['M-1']), draft: true, fontPaths: defaultFontPaths(), now });
    expect(preview.draft).toBe(true);
    expect((await pageTexts(preview.pdf))[0]!.startsWith('見本')).toBe(true);
  });

  it('a letter to mail has no 見本 on it', async () => {
    const fx = await trackingDb();
    await classify({ db: fx.db, incident: demoIncident(), now, actor: 'test' });
    const preview = await previewLetter({ db: fx.db, personId: String(fx.person['M-1']), fontPaths: defaultFontPaths(), now });
    expect(preview.draft).toBe(false);
    const text = (await pageTexts(preview.pdf)).join('');
    expect(text).not.toContain('見本');
    expect(text).toContain('ひだまり子ども基金');
  });

  it('an incident edited after classification is refused until the run is redone, so the letters carry the edit', async () => {
    const fx = await trackingDb();
    const { db } = fx;
    // Staff fill in the sender in the app after classifying with the preset's empty one.
    saveIncident({ db, definition: { ...loadIncident('metaps-2022'), ...withSender() }, now, actor: 'test' });
    const out = tempDir('inw-edited-');
    const refused = await refusal(generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), now, actor: 'test' }));
    expect(refused.code).toBe('incident-changed');
    expect(refused.message).toMatch(/分類の後で変更されています.*分類をやり直してください/);
    expect(readdirSync(out)).toEqual([]);
    await classify({ db, incident: { ...loadIncident('metaps-2022'), ...withSender() }, now, actor: 'test' });
    const result = await generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), letterDate: '2022-03-15', now, actor: 'test' });
    expect(result.manifest.counts.letters).toBeGreaterThan(0);
  });
});

function withSender() {
  const { organisation, contactDesk } = demoIncident();
  return { organisation, contactDesk };
}
