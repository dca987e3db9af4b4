// The app's 報告・保全 check (scanCase) walks the recorded output folders once: the files are
// listed, counted for the progress bar, then read; no folder is listed a second time to count.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { scanCase } from '../../../src-main/core/index.js';
import { recordOutputs } from '../../../src-main/core/store/outputs.js';
import { openTempDb, tempDir } from '../../helpers/fixtures.js';

// Every folder listing the source makes, counted by path.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readdirSync: vi.fn(real.readdirSync) };
});

describe('scanCase', () => {
  it('lists each output folder once, counts before the first file, and ends at every file', async () => {
    const { db } = openTempDb();
    const out = tempDir('inw-scan-case-');
    const letters = join(out, 'letters');
    mkdirSync(join(letters, 'old'), { recursive: true });
    const files = ['P000001.pdf', 'P000002.pdf', join('old', 'P000003.pdf')].map((name) => join(letters, name));
    for (const file of files) writeFileSync(file, '山田 花子 様\n');
    recordOutputs(db, { at: new Date('2022-03-01T00:00:00Z') }, files.slice(0, 2).map((path, i) => ({ path, kind: 'letter', personId: i + 1 })));
    const listings = vi.mocked(fs.readdirSync);
    listings.mockClear();
    const progress: Array<[number, number]> = [];
    const report = await scanCase(db, { onProgress: (done, total) => progress.push([done, total]) });
    expect(report.findings).toEqual([]);
    expect(report.files).toEqual(expect.arrayContaining(files));
    const listed = listings.mock.calls.map(([path]) => String(path)).sort();
    expect(listed).toEqual([letters, join(letters, 'old')]);
    expect(progress[0]).toEqual([0, report.files.length]);
    expect(progress.at(-1)).toEqual([report.files.length, report.files.length]);
    expect(progress.every(([, total]) => total === report.files.length)).toBe(true);
  });
});
