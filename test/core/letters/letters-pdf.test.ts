// Renders real letters and reads them back with pdf.js; page 1 of each category is also
// rendered to PNG under test-artifacts/letters/ for a human to look at.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLetterBatch } from '../../../src-main/core/letters/batch.js';
import type { LetterManifest } from '../../../src-main/core/letters/batch.js';
import { NO_LINE_START } from '../../../src-main/core/letters/line-breaker.js';
import { LetterGlyphError, renderCalibrationPage, renderLetterPreview } from '../../../src-main/core/letters/render.js';
import {
  LETTER_DATE,
  allPersons,
  fontPaths,
  incident,
  personBoth,
  personGaiji,
  personLong,
  personPayment,
  personToken,
} from './fixtures.js';
import { pdfFonts, pdfPageCount, pdfText, renderPdfPage } from '../../helpers/pdf.js';

const ARTIFACTS = resolve('test-artifacts/letters');
const WORKER = resolve('dist/letters/worker.js');
let root: string;
let out: string;

/** Justified lines may read back with spaces between characters; compare without white space. */
function squash(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

function letterFile(id: string): string {
  return join(out, 'letters', `${id}.pdf`);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function readManifest(dir = out): LetterManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as LetterManifest;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'inw-letters-'));
  out = join(root, 'out');
  mkdirSync(ARTIFACTS, { recursive: true });
  await renderLetterBatch({ inputs: allPersons, incident, fontPaths, outDir: out, letterDate: LETTER_DATE });
  // Page 1 of each category, plus page 2 of the long table, for looking at.
  const shots: Array<[string, string, number]> = [
    [personToken.personId, 'token-db', 1],
    [personPayment.personId, 'payment-db', 1],
    [personBoth.personId, 'token-db+payment-db', 1],
    [personLong.personId, 'token-db-20-payments-page2', 2],
  ];
  for (const [id, name, page] of shots) {
    await renderPdfPage(letterFile(id), page, join(ARTIFACTS, `${name}.png`));
  }
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('letter content', () => {
  it('holds the name, postal code, card endings and the Japanese-era date', async () => {
    for (const p of [personToken, personPayment, personBoth, personLong]) {
      const t = squash(await pdfText(letterFile(p.personId)));
      expect(t).toContain(squash(p.name));
      expect(t).toContain(`〒${p.postalCode.slice(0, 3)}-${p.postalCode.slice(3)}`);
      for (const pay of p.payments) expect(t).toContain(`••••${pay.cardLast4}`);
      expect(t).toContain('令和4年3月15日');
      expect(t).toContain('以上');
    }
  });

  it('a token-db letter names the security code as possibly leaked', async () => {
    const t = squash(await pdfText(letterFile(personToken.personId)));
    expect(t).toMatch(/カード情報（カード番号、有効期限およびセキュリティコード）が流出した可能性がございます/);
    expect(t).toContain('2021年10月14日以降のクレジットカードのご利用明細');
  });

  it('a payment-db letter says the leak is confirmed and never lists the security code', async () => {
    const t = squash(await pdfText(letterFile(personPayment.personId)));
    expect(t).toMatch(/カード情報（カード番号および有効期限）が流出したことが確認されております/);
    expect(t).not.toContain('セキュリティコード');
    expect(t).not.toContain('可能性');
  });

  it('a letter for both exposures has both paragraphs and marks each payment', async () => {
    const t = squash(await pdfText(letterFile(personBoth.personId)));
    expect(t).toContain('①2021年10月14日から2022年1月25日までの間');
    expect(t).toContain('セキュリティコード');
    expect(t).toContain('②決済代行会社が流出を確認した決済');
    expect(t).toContain('𠮷田太郎'); // outside the BMP, printed from the font
    expect(t).toContain('2021年5月6日以降'); // statements from the earliest window
  });

  it('contains the contact desk, the phishing warning and the sender', async () => {
    const t = squash(await pdfText(letterFile(personToken.personId)));
    expect(t).toContain('0120-000-000');
    expect(t).toContain('平日10:00～17:00');
    expect(t).toContain('フィッシング');
    expect(t).toContain('カード番号などのカード情報をお尋ねすることは一切ございません');
    expect(t).toContain(squash(incident.organisation.name));
    expect(t).toContain('理事長');
  });

  it('no line starts with a character kinsoku forbids', async () => {
    for (const p of [personToken, personPayment, personBoth, personLong]) {
      for (const line of (await pdfText(letterFile(p.personId))).split('\n')) {
        const first = Array.from(line.trim())[0];
        if (first) expect(NO_LINE_START.has(first), `line: ${line}`).toBe(false);
      }
    }
  });

  it('a 20-payment table continues on page 2 with a running header', async () => {
    const file = letterFile(personLong.personId);
    const n = await pdfPageCount(file);
    expect(n).toBeGreaterThanOrEqual(2);
    const page2 = await pdfText(file, { first: 2, last: 2 });
    expect(squash(page2)).toContain(`${squash(personLong.name)}様`);
    expect(page2).toMatch(new RegExp(`2\\s*/\\s*${n}`));
    // The table header is repeated and every payment appears exactly once over the pages.
    expect(squash(page2)).toContain('決済日');
    const all = await pdfText(file);
    for (let i = 1; i <= 20; i++) {
      const amount = `${(1000 * i).toLocaleString('en-US')}円`;
      expect(all.match(new RegExp(`(?<![0-9,])${amount}`, 'g'))?.length, amount).toBe(1);
    }
    const manifest = readManifest();
    expect(manifest.letters.find((e) => e.personId === personLong.personId)!.pages).toBe(n);
  });
});

describe('batch output', () => {
  it('writes one letter per printable person, the print files and the manifest', async () => {
    const m = readManifest();
    expect(m.complete).toBe(true);
    expect(m.letters.map((e) => e.personId).sort()).toEqual(['P0001', 'P0002', 'P0003', 'P0004']);
    for (const e of m.letters) {
      expect(e.file).toBe(`letters/${e.personId}.pdf`);
      const bytes = readFileSync(join(out, e.file!));
      expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await pdfPageCount(join(out, e.file!))).toBe(e.pages);
      expect(e.name).toBeTruthy();
      expect(e.postalCode).toMatch(/^\d{7}$/);
      expect(bytes.length).toBeGreaterThan(1000);
    }
    expect(m.print.map((p) => p.file).sort()).toEqual(['print/payment-db.pdf', 'print/token-db+payment-db.pdf', 'print/token-db.pdf']);
    expect(m.counts).toMatchObject({ letters: 4, review: 1, byCategory: { 'token-db': 2, 'payment-db': 1, 'token-db+payment-db': 1 } });
  });

  it('a print file holds its category sorted by postal code, each letter on its own pages', async () => {
    const m = readManifest();
    const token = m.print.find((p) => p.category === 'token-db')!;
    const file = join(out, token.file);
    expect(await pdfPageCount(file)).toBe(token.pages);
    // 渡邉 (980-0811) after 髙橋 (160-0022).
    const entries = m.letters.filter((e) => e.category === 'token-db');
    expect(entries.map((e) => e.personId)).toEqual(['P0001', 'P0004']);
    expect(entries.map((e) => e.print!.firstPage)).toEqual([1, 1 + entries[0]!.pages]);
    const second = squash(await pdfText(file, { first: entries[1]!.print!.firstPage, last: entries[1]!.print!.firstPage }));
    expect(second).toContain('〒980-0811');
  });

  it('lists a person whose name has a glyph the font lacks and does not print them', async () => {
    const m = readManifest();
    expect(m.review).toEqual([{ personId: personGaiji.personId, field: 'name', char: '\uE000', codePoint: 'U+E000' }]);
    expect(existsSync(letterFile(personGaiji.personId))).toBe(false);
    const payment = squash(await pdfText(join(out, 'print', 'payment-db.pdf')));
    expect(payment).not.toContain('斎');
  });

  it('re-running with the same inputs skips every letter and leaves the files byte-identical', async () => {
    const before = readFileSync(join(out, 'manifest.json'));
    const mtime = statSync(letterFile(personToken.personId)).mtimeMs;
    const result = await renderLetterBatch({ inputs: allPersons, incident, fontPaths, outDir: out, letterDate: LETTER_DATE });
    expect(result.rendered).toBe(0);
    expect(result.skipped).toBe(4);
    expect(result.printSkipped).toBe(3);
    expect(statSync(letterFile(personToken.personId)).mtimeMs).toBe(mtime);
    expect(readFileSync(join(out, 'manifest.json')).equals(before)).toBe(true);
  });

  it('renders byte-identical files in a fresh folder, and re-renders only changed letters', async () => {
    const fresh = join(root, 'fresh');
    await renderLetterBatch({ inputs: allPersons, incident, fontPaths, outDir: fresh, letterDate: LETTER_DATE });
    for (const rel of ['letters/P0001.pdf', 'letters/P0003.pdf', 'print/token-db.pdf', 'manifest.json']) {
      expect(readFileSync(join(fresh, rel)).equals(readFileSync(join(out, rel))), rel).toBe(true);
    }
    const changed = allPersons.map((p) => (p.personId === 'P0002' ? { ...p, address2: '梅田ハイツ３０５号' } : p));
    const result = await renderLetterBatch({ inputs: changed, incident, fontPaths, outDir: fresh, letterDate: LETTER_DATE });
    expect(result.rendered).toBe(1);
    expect(result.skipped).toBe(3);
    expect(result.printRendered).toBe(1); // only payment-db's print file
    expect(squash(await pdfText(join(fresh, 'letters/P0002.pdf')))).toContain('梅田ハイツ３０５号');
  });

  it('one batch per folder: another date moves the old batch aside, stray files go to unlisted/, a foreign manifest is refused', async () => {
    const dir = join(root, 'one-batch');
    const few = allPersons.filter((p) => p.personId !== personGaiji.personId).slice(0, 2);
    await renderLetterBatch({ inputs: few, incident, fontPaths, outDir: dir, letterDate: LETTER_DATE });
    const stray = join(dir, 'letters', 'P999999.pdf');
    writeFileSync(stray, 'an earlier batch');
    const again = await renderLetterBatch({ inputs: few, incident, fontPaths, outDir: dir, letterDate: LETTER_DATE });
    expect(again.skipped).toBe(2);
    expect(again.setAside).toEqual([{ dir: join(dir, 'unlisted'), reason: 'unlisted', files: 1 }]);
    expect(existsSync(stray)).toBe(false);
    expect(readFileSync(join(dir, 'unlisted', 'letters', 'P999999.pdf'), 'utf8')).toBe('an earlier batch');

    const oldManifest = readFileSync(join(dir, 'manifest.json'));
    const redated = await renderLetterBatch({ inputs: few, incident, fontPaths, outDir: dir, letterDate: '2026-12-24' });
    expect(redated.rendered).toBe(2);
    const aside = join(dir, `old-${LETTER_DATE}`);
    expect(redated.setAside).toEqual([{ dir: aside, reason: 'other-batch', files: 2 + 2 + 1, letterDate: LETTER_DATE }]);
    expect(readFileSync(join(aside, 'manifest.json')).equals(oldManifest)).toBe(true);
    const manifest = readManifest(dir);
    expect(manifest.letterDate).toBe('2026-12-24');
    expect(manifest.complete).toBe(true);
    // The folder holds exactly what its manifest lists.
    const onDisk = ['letters', 'print'].flatMap((sub) => readdirSync(join(dir, sub)).map((f) => `${sub}/${f}`)).sort();
    expect(onDisk).toEqual([...manifest.letters.map((e) => e.file), ...manifest.print.map((p) => p.file)].sort());
    for (const e of manifest.letters) expect(sha256(readFileSync(join(dir, e.file!)))).toBe(e.sha256);

    const foreign = join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'manifest.json'), '{"mine": true}\n');
    await expect(renderLetterBatch({ inputs: few, incident, fontPaths, outDir: foreign, letterDate: LETTER_DATE })).rejects.toMatchObject({ code: 'letters-foreign-manifest' });
    expect(readFileSync(join(foreign, 'manifest.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(readdirSync(foreign)).toEqual(['manifest.json']);
  });

  it("a letter's bytes do not depend on who else is in the batch", async () => {
    // The shared font subset comes from the incident's wording, never from the persons. Other
    // people come first here, and worker threads render with renderers of their own (this
    // thread keeps one per setup), so a subset taken from the batch would show.
    if (!existsSync(WORKER)) execFileSync('node', ['scripts/build.mjs']);
    const others = Array.from({ length: 59 }, (_, i) => ({
      ...personToken,
      personId: `A${String(i).padStart(3, '0')}`,
      name: `${'青木石井今村上田大野小川川口北村工藤近藤斉藤坂本'.slice((i % 15) * 2, (i % 15) * 2 + 2)} ${'葵茜岳湊凛蓮陽翔樹颯'[i % 10]}`,
      postalCode: '0010000',
    }));
    const elsewhere = join(root, 'elsewhere');
    const r = await renderLetterBatch({
      inputs: [...others, personLong], incident, fontPaths, outDir: elsewhere, letterDate: LETTER_DATE,
      outputs: { split: true, print: false }, workerScript: WORKER, workers: 2,
    });
    expect(r.workers).toBe(2);
    const file = `letters/${personLong.personId}.pdf`;
    expect(readFileSync(join(elsewhere, file)).equals(readFileSync(join(out, file)))).toBe(true);
  });

  it("embeds each face as the batch's shared subset plus a small subset of the person's own glyphs", async () => {
    const a = await pdfFonts(letterFile('P0001'));
    const b = await pdfFonts(letterFile('P0002'));
    expect(a.every((f) => f.subset)).toBe(true);
    const regularA = a.filter((f) => f.name.endsWith('+NotoSerifJP-Regular')).map((f) => f.name);
    const regularB = b.filter((f) => f.name.endsWith('+NotoSerifJP-Regular')).map((f) => f.name);
    expect(regularA).toHaveLength(2);
    // The same shared subset (same tag) in both files; each person's own subset differs.
    expect(regularA.filter((n) => regularB.includes(n))).toHaveLength(1);
    // The rare kanji of a name lives in the per-person subset and still reads back (its
    // ToUnicode map works).
    expect(squash(await pdfText(letterFile(personBoth.personId)))).toContain(squash(personBoth.name));
  });

  it('the trailer /ID is derived from the content, not the clock', () => {
    const a = readFileSync(letterFile('P0001')).toString('latin1');
    const b = readFileSync(letterFile('P0002')).toString('latin1');
    const id = (s: string): string => /\/ID \[<([0-9a-f]+)>/.exec(s)![1]!;
    expect(id(a)).not.toBe(id(b));
    expect(a).toContain('(D:20220314150000Z)'); // 2022-03-15 00:00 Japan time
  });

  it('cancelling stops between letters, removes partial files and resumes later', async () => {
    const dir = join(root, 'cancel');
    // Enough letters that the abort lands before the workers finish them all (a letter takes ≈1 ms).
    const many = Array.from({ length: 400 }, (_, i) => ({ ...personToken, personId: `C${String(i).padStart(3, '0')}` }));
    const controller = new AbortController();
    let seen = 0;
    await expect(
      renderLetterBatch({
        inputs: many,
        incident,
        fontPaths,
        outDir: dir,
        letterDate: LETTER_DATE,
        outputs: { split: true, print: false },
        signal: controller.signal,
        onProgress: (p) => {
          seen = p.done;
          if (p.phase === 'render' && p.done >= 3) controller.abort();
        },
      }),
    ).rejects.toThrow();
    const partial = readManifest(dir);
    expect(partial.complete).toBe(false);
    expect(partial.letters.length).toBeGreaterThanOrEqual(1);
    expect(partial.letters.length).toBeLessThan(many.length);
    expect(seen).toBeGreaterThan(0);
    const result = await renderLetterBatch({ inputs: many, incident, fontPaths, outDir: dir, letterDate: LETTER_DATE, outputs: { split: true, print: false } });
    expect(result.skipped).toBe(partial.letters.length);
    expect(result.rendered).toBe(many.length - partial.letters.length);
    expect(readManifest(dir).complete).toBe(true);
  });
});

describe('preview, calibration and workers', () => {
  it('a preview is the same letter as the batch prints', async () => {
    const pdf = await renderLetterPreview(personPayment, { incident, fontPaths, letterDate: LETTER_DATE });
    const file = join(root, 'preview.pdf');
    writeFileSync(file, pdf);
    expect(squash(await pdfText(file))).toBe(squash(await pdfText(letterFile(personPayment.personId))));
    await expect(renderLetterPreview(personGaiji, { incident, fontPaths, letterDate: LETTER_DATE })).rejects.toBeInstanceOf(LetterGlyphError);
  });

  it('the calibration page shows the window and the address block', async () => {
    const pdf = await renderCalibrationPage({ letter: incident.letter, fontPaths, letterDate: LETTER_DATE });
    const file = join(ARTIFACTS, 'calibration.pdf');
    writeFileSync(file, pdf);
    await renderPdfPage(file, 1, join(ARTIFACTS, 'calibration.png'));
    const t = squash(await pdfText(file));
    expect(t).toContain('封筒の窓（90×45mm、左23mm・上13mm）');
    expect(t).toContain('宛名の範囲（74×28mm）');
  });

  it('worker threads give the same bytes as the single-thread run', async () => {
    if (!existsSync(WORKER)) execFileSync('node', ['scripts/build.mjs']);
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...(i % 3 === 0 ? personPayment : personToken),
      personId: `W${String(i).padStart(3, '0')}`,
      postalCode: String(1000000 + i * 7919),
    }));
    const single = join(root, 'single');
    const threaded = join(root, 'threaded');
    await renderLetterBatch({ inputs: many, incident, fontPaths, outDir: single, letterDate: LETTER_DATE });
    const r = await renderLetterBatch({ inputs: many, incident, fontPaths, outDir: threaded, letterDate: LETTER_DATE, workerScript: WORKER, workers: 2 });
    expect(r.workers).toBe(2);
    for (const rel of ['manifest.json', 'print/token-db.pdf', 'print/payment-db.pdf', 'letters/W007.pdf']) {
      expect(readFileSync(join(threaded, rel)).equals(readFileSync(join(single, rel))), rel).toBe(true);
    }
  });
});
