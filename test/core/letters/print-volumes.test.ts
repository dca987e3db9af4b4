// Print files in volumes: a category's letters, in postal order, cut into files of at most
// `printVolumeLetters` letters, so that neither a file nor the process grows with the case.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLetterBatch } from '../../../src-main/core/letters/batch.js';
import type { LetterInputSource } from '../../../src-main/core/letters/batch.js';
import type { LetterInput } from '../../../src-main/core/letters/types.js';
import { readLetterManifest, tempDir } from '../../helpers/fixtures.js';
import { pdfPageCount } from '../../helpers/pdf.js';
import { LETTER_DATE, fontPaths, incident, personPayment, personToken } from './fixtures.js';

const root = tempDir('inw-volumes-');

/** Seven token-db letters whose postal codes run backwards to their IDs, and one payment-db letter. */
const persons: LetterInput[] = [
  ...Array.from({ length: 7 }, (_, i) => ({ ...personToken, personId: `T${i}`, postalCode: `${9 - i}000000` })),
  personPayment,
];

describe('print volumes', () => {
  it('cuts a category into volumes in postal order, each letter pointing at its volume and page', async () => {
    const out = join(root, 'a');
    const result = await renderLetterBatch({
      inputs: persons, incident, fontPaths, outDir: out, letterDate: LETTER_DATE, outputs: { split: false, print: true }, printVolumeLetters: 3,
    });
    expect(result.printRendered).toBe(4);
    // Written entry by entry, the file still has the bytes of the whole manifest's JSON.
    const { print, review, ...head } = result.manifest;
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(`${JSON.stringify({ ...head, letters: [...result.letters], print, review }, null, 2)}\n`);
    const manifest = readLetterManifest(out);
    expect(manifest.print.map((p) => [p.file, p.volume, p.volumes, p.letters])).toEqual([
      ['print/payment-db.pdf', 1, 1, 1],
      ['print/token-db-001.pdf', 1, 3, 3],
      ['print/token-db-002.pdf', 2, 3, 3],
      ['print/token-db-003.pdf', 3, 3, 1],
    ]);
    expect(readdirSync(join(out, 'print')).sort()).toEqual(['payment-db.pdf', 'token-db-001.pdf', 'token-db-002.pdf', 'token-db-003.pdf']);
    const token = manifest.letters.filter((e) => e.category === 'token-db');
    // Postal order across volumes: T6 (3000000) first, T0 (9000000) last.
    expect(token.map((e) => e.personId)).toEqual(['T6', 'T5', 'T4', 'T3', 'T2', 'T1', 'T0']);
    for (const volume of manifest.print) {
      const letters = manifest.letters.filter((e) => e.print?.file === volume.file);
      expect(letters).toHaveLength(volume.letters);
      // Each volume starts at page 1 and its letters follow one another without a gap.
      let page = 1;
      for (const e of letters) {
        expect(e.print!.firstPage).toBe(page);
        page += e.pages;
      }
      expect(volume.pages).toBe(page - 1);
      expect(await pdfPageCount(join(out, volume.file))).toBe(volume.pages);
    }
  });

  it('a category that fits one volume keeps its plain name; a re-run skips every volume; a new size replaces the old files', async () => {
    const out = join(root, 'b');
    const run = (size: number) =>
      renderLetterBatch({ inputs: persons, incident, fontPaths, outDir: out, letterDate: LETTER_DATE, outputs: { split: false, print: true }, printVolumeLetters: size });
    await run(10);
    expect(readdirSync(join(out, 'print')).sort()).toEqual(['payment-db.pdf', 'token-db.pdf']);
    await run(4);
    const again = await run(4);
    expect(again.printRendered).toBe(0);
    expect(again.printSkipped).toBe(3);
    expect(readdirSync(join(out, 'print')).sort()).toEqual(['payment-db.pdf', 'token-db-001.pdf', 'token-db-002.pdf']);
    expect(existsSync(join(out, 'print', 'token-db.pdf'))).toBe(false);
  });

  it('refuses a volume size that is not a positive whole number', async () => {
    await expect(
      renderLetterBatch({ inputs: persons, incident, fontPaths, outDir: join(root, 'c'), letterDate: LETTER_DATE, printVolumeLetters: 0 }),
    ).rejects.toMatchObject({ name: 'InwError', code: 'print-volume-invalid', message: expect.stringContaining('1以上の整数') });
  });

  it('reads a source of letters once to plan and a few at a time to render, and refuses a person changed in between', async () => {
    const calls: number[] = [];
    let passes = 0;
    const source = (change: boolean): LetterInputSource => ({
      count: persons.length,
      *all() {
        passes++;
        yield* persons;
      },
      byIds(ids) {
        calls.push(ids.length);
        return ids.map((id) => {
          const input = persons.find((p) => p.personId === id)!;
          return change && id === 'T3' ? { ...input, name: `${input.name}様` } : input;
        });
      },
    });
    const out = join(root, 'd');
    const result = await renderLetterBatch({
      inputs: source(false), incident, fontPaths, outDir: out, letterDate: LETTER_DATE, outputs: { split: true, print: true }, printVolumeLetters: 3,
    });
    expect(passes).toBe(1);
    expect([...result.letters]).toHaveLength(persons.length);
    // Split files in chunks of 16 and print volumes of 3: never more than a chunk at once.
    expect(Math.max(...calls)).toBeLessThanOrEqual(16);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(2 * persons.length);

    const changed = renderLetterBatch({
      inputs: source(true), incident, fontPaths, outDir: join(root, 'e'), letterDate: LETTER_DATE, outputs: { split: true, print: true },
    });
    await expect(changed).rejects.toMatchObject({ code: 'letters-input-changed' });
  });

  it('orders by UTF-16 code units, as JavaScript compares names, beyond U+FFFF too (the ledger sorts in SQLite)', async () => {
    // 𠮷 (U+20BB7, a surrogate pair D842 DFB7) comes before ｱ (U+FF71) in code-unit order but
    // after it in UTF-8 byte order, SQLite's own order for text.
    const sameCode = [
      { ...personToken, personId: 'U1', name: 'ｱ 花子', postalCode: '1000001' },
      { ...personToken, personId: 'U2', name: '𠮷田 太郎', postalCode: '1000001' },
      { ...personToken, personId: 'U3', name: '山田 一郎', postalCode: '1000000' },
    ];
    const result = await renderLetterBatch({
      inputs: sameCode, incident, fontPaths, outDir: join(root, 'f'), letterDate: LETTER_DATE, outputs: { split: false, print: true },
    });
    expect(result.review).toEqual([]);
    expect([...result.letters].map((e) => e.personId)).toEqual(['U3', 'U2', 'U1']);
  });
});
