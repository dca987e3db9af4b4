// Every envelope holds one person's pages, and only theirs: printed double-sided, a letter with
// an odd page count gets a marked blank back, so each letter starts on the front of a sheet;
// every page carries the お問い合わせ番号 with the person ID and 「n / N」 at its foot, out of the
// window; print files can be split by letter length (uniform sets for a folding/inserting
// machine) within the print volumes, postal order kept. Read back with pdf.js and rendered.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLetterBatch } from '../../../src-main/core/letters/batch.js';
import { loadLetterFonts } from '../../../src-main/core/letters/fonts.js';
import { BLANK_PAGE_TEXT, MM, boxToPt } from '../../../src-main/core/letters/layout.js';
import { LetterRenderer } from '../../../src-main/core/letters/render.js';
import type { LetterIncident } from '../../../src-main/core/letters/compose.js';
import type { LetterInput } from '../../../src-main/core/letters/types.js';
import { LETTER_DATE, fontPaths, incident, personLong, personPayment, personToken } from './fixtures.js';
import { pdfPageCount, pdfText, renderPdfPage } from '../../helpers/pdf.js';
import { ROOT, tempDir } from '../../helpers/fixtures.js';

const withPrint = (print: { duplex: boolean; splitByPages: boolean }): LetterIncident => ({ ...incident, letter: { ...incident.letter, print } });
const duplex = withPrint({ duplex: true, splitByPages: false });
const simplex = withPrint({ duplex: false, splitByPages: false });
const fonts = loadLetterFonts(fontPaths);

/** Three persons in one category with 2, 3 and 4 pages of text (the wording takes two; payments make it longer). */
function persons(): LetterInput[] {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...personToken.payments[0]!, transactionId: `T9${i}` }));
  const renderer = new LetterRenderer(simplex, fonts, LETTER_DATE);
  const withPages = (base: LetterInput, id: string, postalCode: string, pages: number): LetterInput => {
    for (let n = 1; n < 200; n++) {
      const input = { ...base, personId: id, referenceNumber: `0000-00${id.slice(-2)}`, category: 'token-db', postalCode, exposures: personToken.exposures, payments: many(n) };
      if (renderer.layout(input).layout.pages.length === pages) return input;
    }
    throw new Error(`no letter of ${pages} pages`);
  };
  return [withPages(personToken, 'P0011', '1000001', 2), withPages(personPayment, 'P0012', '1000002', 3), withPages(personLong, 'P0013', '1000003', 4)];
}

const texts = (ops: Array<{ t: string }>) => ops.filter((o): o is { t: 'text'; text: string; y: number } & typeof o => o.t === 'text');

describe('double-sided print settings', () => {
  it('pads an odd letter with a marked blank page; single-sided does not; the footer is on every page, out of the window', () => {
    const [two, three, four] = persons();
    const d = new LetterRenderer(duplex, fonts, LETTER_DATE);
    const s = new LetterRenderer(simplex, fonts, LETTER_DATE);
    expect([two, three, four].map((p) => [d.layout(p!).layout.pages.length, d.layout(p!).layout.blankPages])).toEqual([[2, 0], [4, 1], [4, 0]]);
    expect([two, three, four].map((p) => s.layout(p!).layout.pages.length)).toEqual([2, 3, 4]);
    const pages = d.layout(three!).layout.pages;
    const blank = texts(pages[3]!.ops).map((o) => o.text);
    expect(blank).toContain(BLANK_PAGE_TEXT);
    const window = boxToPt(incident.letter.layout.window);
    pages.forEach((page, i) => {
      const foot = texts(page.ops).filter((o) => o.y > 270 * MM);
      expect(foot.map((o) => o.text)).toEqual(expect.arrayContaining([`お問い合わせ番号 ${three!.referenceNumber}（${three!.personId}）`, `${i + 1} / 4`]));
      for (const o of foot) expect(o.y).toBeGreaterThan(window.y + window.h + 150 * MM);
    });
    // 次ページへ続きます under the pages the text continues after, not under its last nor the blank one.
    expect(pages.map((p) => texts(p.ops).some((o) => o.text === '次ページへ続きます'))).toEqual([true, true, false, false]);
    expect(d.layout(four!).layout.pages.map((p) => texts(p.ops).some((o) => o.text === BLANK_PAGE_TEXT))).toEqual([false, false, false, false]);
  });

  it('a print file of letters with 2, 3 and 4 pages: every letter starts on an odd page, each page names its person and n / N', async () => {
    const out = tempDir('inw-duplex-');
    const result = await renderLetterBatch({ inputs: persons(), incident: duplex, fontPaths, outDir: out, letterDate: LETTER_DATE, outputs: { split: false, print: true } });
    const m = { ...result.manifest, letters: [...result.letters] };
    expect(m.printSettings).toEqual({ duplex: true, splitByPages: false });
    expect(m.letters.map((e) => [e.personId, e.pages, e.blankPages, e.print!.firstPage])).toEqual([['P0011', 2, 0, 1], ['P0012', 4, 1, 3], ['P0013', 4, 0, 7]]);
    const file = join(out, m.print[0]!.file);
    expect(await pdfPageCount(file)).toBe(10);
    const owner = ['0011', '0011', '0012', '0012', '0012', '0012', '0013', '0013', '0013', '0013'];
    const ofLetter = [[1, 2], [2, 2], [1, 4], [2, 4], [3, 4], [4, 4], [1, 4], [2, 4], [3, 4], [4, 4]];
    for (let page = 1; page <= 10; page++) {
      const text = (await pdfText(file, { first: page, last: page })).replace(/\s+/g, ' ');
      expect(text).toContain(`お問い合わせ番号 0000-00${owner[page - 1]!.slice(-2)}（P${owner[page - 1]}）`);
      expect(text).toContain(`${ofLetter[page - 1]![0]} / ${ofLetter[page - 1]![1]}`);
      for (const other of new Set(owner)) if (other !== owner[page - 1]) expect(text).not.toContain(`P${other}`);
    }
    expect((await pdfText(file, { first: 6, last: 6 })).replace(/\s+/g, '')).toContain(BLANK_PAGE_TEXT);
    for (const page of [5, 6, 7]) await renderPdfPage(file, page, join(ROOT, 'test-artifacts', 'letters', `duplex-page-${page}.png`), 70);
  }, 120_000);

  it('split by letter length: one set of print files per page count, in volumes, postal order kept within each', async () => {
    const out = tempDir('inw-split-pages-');
    const [two, three, four] = persons();
    const inputs = [four!, { ...two!, personId: 'P0021', postalCode: '0600001' }, two!, three!, { ...three!, personId: 'P0022', postalCode: '9000001' }];
    const result = await renderLetterBatch({
      inputs, incident: withPrint({ duplex: true, splitByPages: true }), fontPaths, outDir: out, letterDate: LETTER_DATE,
      outputs: { split: false, print: true }, printVolumeLetters: 2,
    });
    const print = result.manifest.print.map((p) => [p.file, p.letterPages, p.volume, p.volumes, p.letters, p.pages]);
    expect(print).toEqual([
      ['print/token-db-2p.pdf', 2, 1, 1, 2, 4],
      ['print/token-db-4p-001.pdf', 4, 1, 2, 2, 8],
      ['print/token-db-4p-002.pdf', 4, 2, 2, 1, 4],
    ]);
    // A 3-page letter padded to 4 travels with the 4-page ones (the same sheets); postal order within each set.
    expect([...result.letters].map((e) => `${e.personId}@${e.print!.file.slice(6)}:${e.print!.firstPage}`)).toEqual([
      'P0021@token-db-2p.pdf:1', 'P0011@token-db-2p.pdf:3', 'P0012@token-db-4p-001.pdf:1', 'P0013@token-db-4p-001.pdf:5', 'P0022@token-db-4p-002.pdf:1',
    ]);
    for (const p of result.manifest.print) expect(await pdfPageCount(join(out, p.file))).toBe(p.pages);
  }, 120_000);
});
