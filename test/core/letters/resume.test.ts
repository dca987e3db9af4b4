// A re-run into a folder that holds an earlier batch: the earlier manifest.json is read as a
// stream into the batch's ledger (never whole), and the result must be what a fresh run of the
// same inputs gives, with unchanged letters kept, changed ones redone and dropped ones removed.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLetterBatch } from '../../../src-main/core/letters/batch.js';
import type { LetterManifest } from '../../../src-main/core/letters/batch.js';
import type { LetterInput } from '../../../src-main/core/letters/types.js';
import { readLetterManifest, tempDir } from '../../helpers/fixtures.js';
import { LETTER_DATE, fontPaths, incident, personBoth, personPayment, personToken } from './fixtures.js';

const root = tempDir('inw-resume-');

/** Six token-db letters (three print volumes of two), one payment-db and one of both. */
const persons: LetterInput[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ ...personToken, personId: `T${i}`, postalCode: `${i + 1}000000` })),
  personPayment,
  personBoth,
];

/** T5 moved house, T3 and P0003 (the only one of their category) are no longer notified. */
const next: LetterInput[] = persons
  .filter((p) => p.personId !== 'T3' && p.personId !== personBoth.personId)
  .map((p) => (p.personId === 'T5' ? { ...p, address2: '梅田ハイツ３０５号' } : p));

function filesOf(dir: string): string[] {
  return ['letters', 'print', '.'].flatMap((sub) => {
    const path = join(dir, sub);
    if (!existsSync(path)) return [];
    return readdirSync(path).filter((f) => statSync(join(path, f)).isFile()).map((f) => (sub === '.' ? f : `${sub}/${f}`));
  }).sort();
}

describe('a re-run over an earlier batch', () => {
  for (const outputs of [{ split: true, print: true }, { split: false, print: true }]) {
    it(`keeps unchanged letters, redoes changed ones, removes dropped ones, as a fresh run would (${outputs.split ? 'split and print' : 'print only'})`, async () => {
      const name = outputs.split ? 'both' : 'print';
      const run = (inputs: LetterInput[], outDir: string) =>
        renderLetterBatch({ inputs, incident, fontPaths, outDir, letterDate: LETTER_DATE, outputs, printVolumeLetters: 2 });
      const again = join(root, `${name}-again`);
      const fresh = join(root, `${name}-fresh`);
      await run(persons, again);
      const keptVolume = join(again, 'print', 'token-db-001.pdf');
      const keptSince = statSync(keptVolume).mtimeMs;

      const result = await run(next, again);
      await run(next, fresh);
      if (outputs.split) expect([result.rendered, result.skipped]).toEqual([1, 5]);
      // token-db: T0 T1 | T2 T4 | T5 now, so only its first volume is unchanged; payment-db is
      // unchanged; token-db+payment-db is no more.
      expect([result.printRendered, result.printSkipped]).toEqual([2, 2]);
      expect(statSync(keptVolume).mtimeMs).toBe(keptSince);
      expect(filesOf(again)).toEqual(filesOf(fresh));
      expect(filesOf(again)).not.toContain('print/token-db+payment-db.pdf');
      for (const file of filesOf(fresh)) expect(readFileSync(join(again, file)).equals(readFileSync(join(fresh, file))), file).toBe(true);
    });
  }

  it('accepts an older manifest without setupKey (and without the fields added since) as the same batch', async () => {
    const dir = join(root, 'older');
    const run = () => renderLetterBatch({ inputs: persons, incident, fontPaths, outDir: dir, letterDate: LETTER_DATE });
    await run();
    const current = readFileSync(join(dir, 'manifest.json'));
    // The first writer's keys, in its order, written as every writer did.
    const { version, renderer, incident: title, letterDate, complete, counts, letters, print, review } = readLetterManifest(dir);
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ version, renderer, incident: title, letterDate, complete, counts, letters, print, review }, null, 2)}\n`);
    const result = await run();
    expect([result.rendered, result.skipped, result.printRendered, result.setAside]).toEqual([0, persons.length, 0, []]);
    expect(readFileSync(join(dir, 'manifest.json')).equals(current)).toBe(true);

    // One of another renderer is another batch, moved aside whole.
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ version, renderer: 'inw-letters-1', incident: title, letterDate, complete, counts, letters, print, review }, null, 2)}\n`);
    const redone = await run();
    expect(redone.rendered).toBe(persons.length);
    expect(redone.setAside).toEqual([{ dir: join(dir, `old-${LETTER_DATE}`), reason: 'other-batch', files: 1 + persons.length + print.length, letterDate: LETTER_DATE }]);
  });

  it('refuses a manifest.json inw did not write, or one cut short or broken, with its message, and leaves the folder as it was', async () => {
    const made = join(root, 'made');
    await renderLetterBatch({ inputs: persons, incident, fontPaths, outDir: made, letterDate: LETTER_DATE, outputs: { split: false, print: true } });
    const real = readFileSync(join(made, 'manifest.json'), 'utf8');
    const cases: Record<string, string> = {
      foreign: '{"mine": true}\n',
      'not JSON': '%PDF-1.7\n',
      'cut in its letters': real.slice(0, real.indexOf('"personId"', real.indexOf('"personId"') + 1)),
      'a letter without its person': real.replace('"personId"', '"person"'),
      'letters not an array': real.replace(/"letters": \[[^]*?\n {2}\]/, '"letters": 3'),
    };
    for (const [label, text] of Object.entries(cases)) {
      const dir = join(root, `refused-${label.replace(/ /g, '-')}`);
      mkdirSync(dir);
      const path = join(dir, 'manifest.json');
      writeFileSync(path, text);
      const refused = renderLetterBatch({ inputs: persons, incident, fontPaths, outDir: dir, letterDate: LETTER_DATE });
      await expect(refused, label).rejects.toMatchObject({
        code: 'letters-foreign-manifest',
        message: `${path} は inw が作った通知書の一覧ではないため、上書きしません。通知書には別の出力先 (空のフォルダ) を指定するか、このファイルを移してください。`,
      });
      expect(readFileSync(path, 'utf8'), label).toBe(text);
      expect(readdirSync(dir), label).toEqual(['manifest.json']);
    }
  });
});
