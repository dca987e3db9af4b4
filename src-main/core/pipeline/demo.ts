// `inw demo`: synthetic files that look like the real sources, then the real pipeline on them
// — import, classify with metaps-2022 (sender and contact desk filled with the demo's
// sample organisation), letters, contact sheet — end to end, into one folder.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { closeDb, openDb, type Db } from '../store/db.js';
import { importFile, type ImportReport } from '../import/run.js';
import { classify, requireRun } from '../classify/run.js';
import { loadIncident } from '../incident/load.js';
import { parseIncident, type Incident } from '../incident/schema.js';
import type { Summary } from '../classify/summary-types.js';
import { generateDemoData } from '../demo/generate.js';
import { demoContactDesk, demoOrganisation } from '../demo/sender.js';
import type { LetterFontPaths } from '../letters/types.js';
import type { LetterProgress } from '../letters/batch.js';
import { generateLetters, type GenerateLettersResult } from './letters.js';
import { exportContactSheet } from './sheet.js';

export type DemoStep = 'generate' | 'import' | 'classify' | 'letters' | 'sheet';

export interface DemoOptions {
  outDir: string;
  persons?: number;
  seed?: number;
  fontPaths: LetterFontPaths;
  /** Which letter files to make (default both); print files only is the fast way at scale. */
  letterOutputs?: { split: boolean; print: boolean };
  /** Letters per print file (default 1,000). */
  printVolumeLetters?: number;
  letterWorker?: string;
  now: () => Date;
  actor: string;
  signal?: AbortSignal;
  onStep?: (step: DemoStep, detail: string) => void;
  onProgress?: (step: DemoStep, done: number, total?: number) => void;
}

export interface DemoResult {
  database: string;
  inputDir: string;
  lettersDir: string;
  sheet: string;
  imports: ImportReport[];
  summary: Summary;
  incident: Incident;
  letters: GenerateLettersResult;
  /** The generator's own answer key, for comparison with the summary. */
  expected: unknown;
}

export function demoIncident(): Incident {
  const preset = loadIncident('metaps-2022');
  return parseIncident({ ...preset, organisation: demoOrganisation, contactDesk: demoContactDesk }, 'metaps-2022 (demo)');
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { outDir, now, actor, signal } = options;
  const inputDir = join(outDir, 'input');
  const database = join(outDir, 'demo.db');
  const lettersDir = join(outDir, 'letters');
  const sheet = join(outDir, 'contacts.xlsx');
  mkdirSync(outDir, { recursive: true });
  // A demo run starts from nothing: a previous demo's database would refuse the same files.
  for (const stale of [database, `${database}-wal`, `${database}-shm`, inputDir]) rmSync(stale, { recursive: true, force: true });

  options.onStep?.('generate', inputDir);
  const files = await generateDemoData({
    outDir: inputDir,
    seed: options.seed,
    persons: options.persons,
    onProgress: (done, total) => options.onProgress?.('generate', done, total),
  });
  signal?.throwIfAborted();

  const db: Db = openDb({ file: database, now });
  try {
    const imports: ImportReport[] = [];
    const plan: Array<{ file: string; kind: 'payments' | 'donors' | 'confirmed'; exposure?: string }> = [
      { file: files.paymentsCsv, kind: 'payments' },
      { file: files.paymentsXlsx, kind: 'payments' },
      { file: files.donorsCsv, kind: 'donors' },
      { file: files.confirmedCsv, kind: 'confirmed', exposure: 'payment-db' },
    ];
    for (const item of plan) {
      options.onStep?.('import', item.file);
      imports.push(
        await importFile({
          db, file: item.file, kind: item.kind, exposure: item.exposure, now, actor, signal,
          onProgress: (p) => options.onProgress?.('import', p.bytesRead, p.totalBytes),
        }),
      );
    }
    options.onStep?.('classify', 'metaps-2022');
    const incident = demoIncident();
    await classify({ db, incident, now, actor });
    options.onStep?.('letters', lettersDir);
    // The batch writes letters/<personId>.pdf, print/<category>.pdf and manifest.json under outDir.
    const letters = await generateLetters({
      db, outDir, fontPaths: options.fontPaths, outputs: options.letterOutputs, printVolumeLetters: options.printVolumeLetters, workerScript: options.letterWorker, now, actor, signal,
      onProgress: (p: LetterProgress) => options.onProgress?.('letters', p.done + p.skipped, p.total),
    });
    options.onStep?.('sheet', sheet);
    await exportContactSheet({ db, file: sheet, now, actor, signal, onProgress: (done) => options.onProgress?.('sheet', done) });
    const { summary } = requireRun(db, { reviewCounts: true });
    return { database, inputDir, lettersDir, sheet, imports, summary, incident, letters, expected: files.expected };
  } finally {
    closeDb(db);
  }
}
