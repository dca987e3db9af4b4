// What a user sees when a letters batch is asked for something it cannot do: an InwError with a
// stable code and a Japanese message, not a stack trace; a worker thread's InwError arrives as one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InwError } from '../../../src-main/core/errors.js';
import { renderLetterBatch } from '../../../src-main/core/letters/batch.js';
import { workerError } from '../../../src-main/core/letters/worker-pool.js';
import { LETTER_DATE, fontPaths, incident, personToken } from './fixtures.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'inw-batch-errors-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('letters batch errors', () => {
  it.each([
    ['letter-date-invalid', { letterDate: '2022/3/1' }],
    ['letters-person-twice', { inputs: [personToken, personToken] }],
  ] as const)('%s', async (code, change) => {
    const error = await renderLetterBatch({
      inputs: [personToken], incident, fontPaths, outDir: join(root, code), letterDate: LETTER_DATE, ...change,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InwError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(japanese);
  });

  it("a worker's InwError keeps its code and message; any other failure keeps its stack and file-system code", () => {
    const inw = workerError({ type: 'error', name: 'InwError', code: 'font-collection', message: 'フォントコレクション (TTC) は使えません。' });
    expect(inw).toBeInstanceOf(InwError);
    expect(inw).toMatchObject({ code: 'font-collection', message: 'フォントコレクション (TTC) は使えません。' });
    const disk = workerError({ type: 'error', code: 'ENOSPC', path: '/out/letters/P000001.pdf', message: 'Error: ENOSPC\n    at write' });
    expect(disk).not.toBeInstanceOf(InwError);
    expect(disk).toMatchObject({ code: 'ENOSPC', path: '/out/letters/P000001.pdf' });
  });
});
