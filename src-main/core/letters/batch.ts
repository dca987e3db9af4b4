// The letter batch: check every letter's characters against the font, then write
// letters/<personId>.pdf, print/<category>.pdf (sorted by postal code, then name; in volumes
// print/<category>-001.pdf, -002.pdf … of at most `printVolumeLetters` letters when there are
// more, so that neither a print file nor the process grows with the case) and
// manifest.json under outDir. Outputs are byte-identical for identical inputs; a re-run
// skips letters whose input hash (person data + wording + font + date) is unchanged and
// whose file still has the recorded SHA-256. Work runs on worker threads when a worker
// script is given (split files are font-subsetting bound and scale with threads).
// Cancel: the signal is checked between letters; finished letters stay (with a partial
// manifest, so the next run resumes), the file being written and unfinished print files
// are removed, and the promise rejects with the signal's reason.
// Kill: the manifest is rewritten (atomically, about once a second) as letters finish
// (manifest.ts), so after a kill -9 manifest.json (complete: false) lists exactly the letters
// on disk and the next run keeps them. The folder only ever holds one batch (batch-folder.ts);
// what was moved aside is in the result (`setAside`).
//
// The phases: 0. the folder (batch-folder.ts); 1. the 外字 check and 2. the plan (batch-plan.ts);
// 3. rendering, on worker threads (worker-pool.ts) or here; 4. the final manifest. What the batch
// knows of each letter lives in its ledger (ledger.ts, a temporary SQLite file), not in memory,
// so the batch's memory does not grow with the number of letters.
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskEvent, TaskSetup } from './batch-task.js';
import { readyPathOf, runTask, sha256Hex } from './batch-task.js';
import { prepareBatchFolder, removePartials, requireFolder } from './batch-folder.js';
import type { LetterSetAside } from './batch-folder.js';
import { checkGlyphs, inputHashOf, letterPagesOf, loadTask, planLetters, planPrint, plannedTasks, printVolumes, removeDropped, stableStringify } from './batch-plan.js';
import { printSettingsOf } from '../incident/letter-schema.js';
import type { InputLoader, PrintPlan } from './batch-plan.js';
import { InwError } from '../errors.js';
import type { LetterIncident } from './compose.js';
import { loadLetterFonts } from './fonts.js';
import { LETTER_RENDERER_VERSION, ManifestWriter } from './manifest.js';
import type { LetterManifestEntry, LetterManifestPrint, LetterManifestSummary } from './manifest.js';
import { LetterLedger, type LetterKey } from './ledger.js';
import { letterPrintStats, type LetterPrintStats } from './print-stats.js';
import { LetterRenderer } from './render.js';
import type { GlyphReviewItem, LetterFontPaths, LetterInput } from './types.js';
import { runOnWorkers } from './worker-pool.js';

export { LETTER_RENDERER_VERSION } from './manifest.js';
export type { LetterManifest, LetterManifestEntry, LetterManifestPrint, LetterManifestSummary } from './manifest.js';
export type { LetterSetAside } from './batch-folder.js';
export { stableStringify } from './batch-plan.js';

/** Letters per print file unless told otherwise: a volume a print shop can take, ≈2,000 pages. */
export const DEFAULT_PRINT_VOLUME_LETTERS = 1_000;

/** Per-person letters per task handed to a worker. */
const SPLIT_CHUNK_LETTERS = 16;

export interface LetterProgress {
  phase: 'check' | 'render' | 'done';
  /** Letters finished in this run (split files and letters laid into print files). */
  done: number;
  /** What this run makes, counted as `done` is; letters skipped are not in it. */
  total: number;
  /** Letters skipped because an identical file already exists. */
  skipped: number;
}

/**
 * Letters read in passes instead of held: all of them once for the 外字 check and the plan, then
 * a few at a time as they are rendered, so the batch's memory does not grow with the case.
 */
export interface LetterInputSource {
  /** How many `all()` yields (for progress). */
  count: number;
  all(): Iterable<LetterInput>;
  /** The inputs of these persons, in this order. */
  byIds(personIds: readonly string[]): LetterInput[];
}

export interface LetterBatchOptions {
  /** The letters: an array (small batches, tests), or a source that reads them when needed. */
  inputs: readonly LetterInput[] | LetterInputSource;
  incident: LetterIncident;
  fontPaths: LetterFontPaths;
  outDir: string;
  /** YYYY-MM-DD, Japan-local: printed in the Japanese era and used as the PDF date. */
  letterDate: string;
  /** The audit chain head ("SEQ:HASH"), written into manifest.json. */
  auditHead?: string;
  outputs?: { split: boolean; print: boolean };
  /** At most this many letters per print file (default DEFAULT_PRINT_VOLUME_LETTERS). */
  printVolumeLetters?: number;
  /** Built worker (dist/letters/worker.js); without it everything runs in this thread. */
  workerScript?: string;
  /** Worker threads to use (default: 2, or 1 on a single core). */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LetterProgress) => void;
}

/**
 * The letters manifest.json lists, read from the batch's ledger each time they are iterated
 * (never all in memory): valid until `close()`.
 */
export interface BatchLetters extends Iterable<LetterManifestEntry> {
  close(): void;
}

export interface LetterBatchResult {
  /** manifest.json without its letters (those are in `letters`). */
  manifest: LetterManifestSummary;
  manifestPath: string;
  letters: BatchLetters;
  /** Letters by pages and barcode, for the people who fill envelopes. */
  printStats: LetterPrintStats;
  rendered: number;
  skipped: number;
  printRendered: number;
  printSkipped: number;
  review: GlyphReviewItem[];
  workers: number;
  /** Earlier outputs moved out of the way before this batch was written. */
  setAside: LetterSetAside[];
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Progress throttled to about ten calls a second, plus the forced last one. */
function throttled(onProgress: ((p: LetterProgress) => void) | undefined): (p: LetterProgress, force?: boolean) => void {
  let lastReport = 0;
  return (p, force = false) => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    onProgress(p);
  };
}

/** Threads a batch paints on unless told otherwise: two at most (the PC stays usable). */
export function defaultLetterThreads(): number {
  return Math.min(2, availableParallelism());
}

export async function renderLetterBatch(options: LetterBatchOptions): Promise<LetterBatchResult> {
  const { incident, outDir, letterDate, signal } = options;
  const outputs = options.outputs ?? { split: true, print: true };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(letterDate)) {
    throw new InwError('letter-date-invalid', `発行日「${letterDate}」は 2022-03-01 のように 年-月-日 で指定してください。`);
  }
  if (signal?.aborted) throw abortError(signal);

  const fonts = loadLetterFonts(options.fontPaths);
  const renderer = new LetterRenderer(incident, fonts, letterDate);
  const folder = { outDir, lettersDir: join(outDir, 'letters'), printDir: join(outDir, 'print'), manifestPath: join(outDir, 'manifest.json') };
  requireFolder(outDir);
  const setupKey = sha256Hex(
    stableStringify({ renderer: LETTER_RENDERER_VERSION, incident, letterDate, fonts: [fonts.regular.sha256, fonts.bold?.sha256 ?? null] }),
  );

  const report = throttled(options.onProgress);
  const ledger = new LetterLedger();
  try {
    return await renderPlanned(ledger);
  } catch (error) {
    ledger.close();
    throw ledgerError(error);
  }

  async function renderPlanned(ledger: LetterLedger): Promise<LetterBatchResult> {
    // 0. One batch per folder: what an earlier run left that is not this batch goes aside; the
    // letters of the earlier run of this batch go into the ledger.
    const { previous, setAside } = prepareBatchFolder(folder, ledger, {
      setupKey, incidentTitle: incident.title, letterDate, draft: incident.draft === true, outputs,
    });

    // 1. The 外字 check, before anything is rendered; the letters go into the ledger.
    const source = sourceOf(options.inputs);
    const review = checkGlyphs(source.all(), renderer, setupKey, ledger, (i) =>
      report({ phase: 'check', done: i, total: source.count, skipped: 0 }),
    );
    const load = loaderOf(source, setupKey);

    // 2. What must be rendered, and what an earlier run already made.
    const skipped = planLetters(ledger, { outDir, split: outputs.split });
    const byLength = printSettingsOf(incident.letter).splitByPages ? letterPagesOf(renderer, ledger, load) : undefined;
    const volumes = printVolumes(ledger, options.printVolumeLetters ?? DEFAULT_PRINT_VOLUME_LETTERS, incident, byLength);
    const { printEntries, printPlans, printSkipped } = outputs.print
      ? planPrint(volumes, { outDir, previous, ledger })
      : { printEntries: new Map<string, LetterManifestPrint>(), printPlans: [], printSkipped: 0 };
    removeDropped(outDir, previous, ledger, printEntries);
    const manifest = new ManifestWriter(folder.manifestPath, {
      incident, letterDate, setupKey, auditHead: options.auditHead, volumes, printEntries, review, letters: () => ledger.entries(volumes, printEntries),
    });
    manifest.write(false);

    // 3. Render: print files first (the long tasks), then split files in chunks.
    const tasks = plannedTasks(ledger, printPlans, SPLIT_CHUNK_LETTERS, outDir);
    const splitTodo = ledger.todoCount;
    const total = splitTodo + printPlans.reduce((n, t) => n + t.letters, 0);
    const counts = { done: 0, rendered: 0 };
    let failed = false;
    const record = recorder({ outDir, ledger, printEntries, printPlans, manifest, counts });
    const onEvent = (event: TaskEvent): void => {
      // After a failure, a file another worker still finishes is not this batch's any more.
      if (failed) return;
      record(event);
      if (event.type !== 'progress' && manifest.due()) manifest.write(false);
      report({ phase: 'render', done: counts.done, total, skipped });
    };

    const setup: TaskSetup = { incident, fontPaths: options.fontPaths, letterDate };
    const wanted = options.workers ?? defaultLetterThreads();
    // Threads pay off only with enough work to amortise their start-up (font parse ≈ 0.2 s).
    const useWorkers = options.workerScript !== undefined && wanted > 1 && total >= 50;
    let workersUsed = 1;
    try {
      if (useWorkers) {
        workersUsed = Math.min(wanted, printPlans.length + Math.ceil(splitTodo / SPLIT_CHUNK_LETTERS));
        await runOnWorkers(options.workerScript!, workersUsed, setup, setupKey, tasks, load, onEvent, signal, renderer);
      } else {
        for (const task of tasks) {
          if (signal?.aborted) break;
          await runTask(setup, setupKey, loadTask(task, load), onEvent, () => signal?.aborted === true);
        }
      }
    } catch (error) {
      // Keep what is finished for the next run (a full disk may refuse even this).
      try {
        manifest.write(false);
      } catch {
        // the last manifest written still matches the files
      }
      failed = true;
      throw error;
    } finally {
      // Half-written files, and after a failure finished ones no manifest lists; finished
      // (.ready) ones of a run that goes on get their name with the manifest below.
      removePartials(folder.lettersDir, failed);
      removePartials(folder.printDir, failed);
    }

    // 4. The last manifest: complete unless cancelled.
    const cancelled = signal?.aborted === true;
    const final = manifest.write(!cancelled);
    if (cancelled) throw abortError(signal!);
    report({ phase: 'done', done: counts.done, total, skipped }, true);
    return {
      manifest: final,
      manifestPath: folder.manifestPath,
      letters: { [Symbol.iterator]: () => manifest.letters()[Symbol.iterator](), close: () => ledger.close() },
      printStats: letterPrintStats(manifest.letters()),
      rendered: counts.rendered,
      skipped,
      printRendered: printPlans.length,
      printSkipped,
      review,
      workers: useWorkers ? workersUsed : 0,
      setAside,
    };
  }
}

/**
 * The ledger is this batch's only SQLite file: a full disk or a write error there is the
 * temporary folder's, which the user must be told about (SQLite names no file).
 */
function ledgerError(error: unknown): unknown {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code !== 'SQLITE_FULL' && !code.startsWith('SQLITE_IOERR')) return error;
  return new InwError(
    'letters-scratch-failed',
    `通知書の作業用の一時ファイル (一時フォルダ ${tmpdir()}) に書き込めませんでした。ディスクの空きを作ってから、もう一度実行してください (作成済みの通知書は残っていて、続きから作成します)。`,
  );
}

function sourceOf(inputs: readonly LetterInput[] | LetterInputSource): LetterInputSource {
  if (!Array.isArray(inputs)) return inputs as LetterInputSource;
  const list = inputs as readonly LetterInput[];
  let byId: Map<string, LetterInput> | null = null;
  return {
    count: list.length,
    all: () => list,
    byIds: (ids) => {
      byId ??= new Map(list.map((input) => [input.personId, input]));
      return ids.map((id) => byId!.get(id)!);
    },
  };
}

/**
 * Reads letters' inputs again to render them. Each must hash as it did in the check: a person
 * changed meanwhile (another window, another process) would otherwise get a letter that the
 * manifest does not describe.
 */
function loaderOf(source: LetterInputSource, setupKey: string): InputLoader {
  return (keys: readonly LetterKey[]) => {
    const inputs = source.byIds(keys.map((k) => k.personId));
    inputs.forEach((input, i) => {
      if (input === undefined || inputHashOf(setupKey, input) !== keys[i]!.inputHash) {
        throw new InwError(
          'letters-input-changed',
          `対象者 ${keys[i]!.personId} のデータが通知書の作成中に変わりました。作成済みの通知書はそのままです。もう一度作成してください (変わった人の分だけ作り直します)。`,
        );
      }
    });
    return inputs;
  };
}

/** Records each finished letter and print file in the ledger as the workers report them. */
function recorder(batch: {
  outDir: string;
  ledger: LetterLedger;
  printEntries: Map<string, LetterManifestPrint>;
  printPlans: readonly PrintPlan[];
  manifest: ManifestWriter;
  counts: { done: number; rendered: number };
}): (event: TaskEvent) => void {
  const { outDir, ledger, printEntries, printPlans, manifest, counts } = batch;
  return (event) => {
    if (event.type === 'letter') {
      const letter = ledger.rendered(event.personId, event);
      const path = join(outDir, letter.file!);
      manifest.finished(readyPathOf(path), path);
      counts.rendered++;
      counts.done++;
    } else if (event.type === 'progress') {
      counts.done += event.letters;
    } else {
      const plan = printPlans.find((t) => t.file === event.file)!;
      ledger.volumePages(plan.file, event.pages, event.blankPages);
      printEntries.set(plan.file, {
        category: plan.category,
        volume: plan.volume,
        volumes: plan.volumes,
        file: plan.file,
        letters: plan.letters,
        pages: event.pages.reduce((a, b) => a + b, 0),
        letterPages: plan.letterPages,
        sha256: event.sha256,
        inputHash: plan.digest,
      });
      manifest.finished(readyPathOf(plan.path), plan.path);
    }
  };
}
