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
// Kill: the manifest is rewritten (atomically, about once a second) as letters finish, and a
// finished file gets its real name only just before the manifest that lists it, so after a
// kill -9 manifest.json (complete: false) lists exactly the letters on disk and the next run
// keeps them. The folder only ever holds one batch: an earlier batch made with another date,
// wording, font or layout is moved aside whole into old-<its date>/, files the manifest does not
// list (a stale letters/P999999.pdf) into unlisted/, and a manifest.json inw did not write
// is refused, never overwritten. What was moved is in the result (`setAside`).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchTask, PrintChunk, TaskEvent, TaskSetup } from './batch-task.js';
import { readyPathOf, runTask, sha256Hex } from './batch-task.js';
import { InwError } from '../errors.js';
import type { LetterIncident } from './compose.js';
import { loadLetterFonts } from './fonts.js';
import { DRAFT_MARK, LetterRenderer } from './render.js';
import type { GlyphReviewItem, LetterBarcode, LetterFontPaths, LetterInput } from './types.js';

/** Letters per print file unless told otherwise: a volume a print shop can take, ≈2,000 pages. */
export const DEFAULT_PRINT_VOLUME_LETTERS = 1_000;

/** Letters per message of a streamed print task, and such messages in flight. */
const PRINT_CHUNK_LETTERS = 20;
const PRINT_CHUNKS_IN_FLIGHT = 3;

/** Bump when the layout or the PDF structure changes, so a re-run re-renders instead of skipping. */
export const LETTER_RENDERER_VERSION = 'inw-letters-4';

export interface LetterProgress {
  phase: 'check' | 'render' | 'done';
  /** Letters finished in this run (split files and letters laid into print files). */
  done: number;
  /** What this run makes, counted as `done` is; letters skipped are not in it. */
  total: number;
  /** Letters skipped because an identical file already exists. */
  skipped: number;
}

export interface LetterBatchOptions {
  inputs: readonly LetterInput[];
  incident: LetterIncident;
  fontPaths: LetterFontPaths;
  outDir: string;
  /** YYYY-MM-DD, Japan-local: printed in the Japanese era and used as the PDF date. */
  letterDate: string;
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

export interface LetterManifestEntry {
  personId: string;
  category: string;
  name: string;
  postalCode: string;
  /** letters/<personId>.pdf, relative to the output folder; null when split files are off. */
  file: string | null;
  pages: number;
  /** SHA-256 of `file`; null when split files are off. */
  sha256: string | null;
  /** Where the letter starts in its category's print file (1-based), when print files are on. */
  print: { file: string; firstPage: number } | null;
  inputHash: string;
  warnings: string[];
  /** The customer barcode printed (address number and symbols) or why the letter has none. */
  barcode?: LetterBarcode;
}

export interface LetterManifestPrint {
  category: string;
  /** 1-based volume of the category, in postal order, and the category's number of volumes. */
  volume: number;
  volumes: number;
  file: string;
  letters: number;
  pages: number;
  sha256: string;
  inputHash: string;
}

export interface LetterManifest {
  version: 1;
  renderer: string;
  incident: string;
  /** Present on drafts only: letters made to try things out, not to mail. */
  draft?: true;
  letterDate: string;
  /** Hash of everything the letters share (renderer, wording, date, fonts): another key is another batch. */
  setupKey?: string;
  /** False when the run was cancelled: only the letters listed are done. */
  complete: boolean;
  counts: { letters: number; review: number; byCategory: Record<string, number> };
  letters: LetterManifestEntry[];
  print: LetterManifestPrint[];
  /** Persons not printed because the font lacks a character (外字). */
  review: GlyphReviewItem[];
}

export interface LetterBatchResult {
  manifest: LetterManifest;
  manifestPath: string;
  rendered: number;
  skipped: number;
  printRendered: number;
  printSkipped: number;
  review: GlyphReviewItem[];
  workers: number;
  /** Earlier outputs moved out of the way before this batch was written. */
  setAside: LetterSetAside[];
}

export interface LetterSetAside {
  /** The folder they are in now (inside the output folder). */
  dir: string;
  /** other-batch: a batch with another date or wording; unlisted: files no manifest listed. */
  reason: 'other-batch' | 'unlisted';
  files: number;
  /** other-batch: the date of the batch moved aside. */
  letterDate?: string;
}

/** JSON with sorted keys: the same data always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bulk-mail order: postal code, then name, then person ID (code-unit order, locale-free). */
export function printOrder(a: LetterInput, b: LetterInput): number {
  return compareCodeUnits(a.postalCode, b.postalCode) || compareCodeUnits(a.name, b.name) || compareCodeUnits(a.personId, b.personId);
}

function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._+-]/g, (c) => `%${c.codePointAt(0)!.toString(16).toUpperCase()}`);
}

/** print/<category>.pdf; a draft's is print/見本-<category>.pdf, never taken for one to mail. */
/** print/<category>.pdf, or print/<category>-001.pdf … for one of several volumes. */
function printFile(category: string, incident: LetterIncident, volume?: string): string {
  return `print/${incident.draft ? `${DRAFT_MARK}-` : ''}${safeFileName(category)}${volume ? `-${volume}` : ''}.pdf`;
}

/** The manifest an earlier run wrote here; null when there is none; throws for a manifest.json inw did not write. */
function readPreviousManifest(path: string): LetterManifest | null {
  if (!existsSync(path)) return null;
  let m: Partial<LetterManifest> | null = null;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Partial<LetterManifest>;
  } catch {
    // not JSON: refused below
  }
  if (m && m.version === 1 && typeof m.renderer === 'string' && typeof m.letterDate === 'string' && Array.isArray(m.letters) && Array.isArray(m.print)) {
    return m as LetterManifest;
  }
  throw new InwError(
    'letters-foreign-manifest',
    `${path} は inw が作った通知書の一覧ではないため、上書きしません。通知書には別の出力先 (空のフォルダ) を指定するか、このファイルを移してください。`,
  );
}

function sameBatch(previous: LetterManifest, setupKey: string, incidentTitle: string, letterDate: string): boolean {
  if (previous.setupKey !== undefined) return previous.setupKey === setupKey;
  return previous.renderer === LETTER_RENDERER_VERSION && previous.incident === incidentTitle && previous.letterDate === letterDate;
}

function countFiles(path: string): number {
  if (!statSync(path).isDirectory()) return 1;
  return readdirSync(path).reduce((n, f) => n + countFiles(join(path, f)), 0);
}

/** Moves `names` (relative to outDir) into a new folder `label`, `label-2`, … inside outDir. */
function moveAside(outDir: string, label: string, names: string[]): { dir: string; files: number } {
  let dir = join(outDir, label);
  for (let n = 2; existsSync(dir); n++) dir = join(outDir, `${label}-${n}`);
  let files = 0;
  for (const name of names) {
    const from = join(outDir, name);
    if (!existsSync(from)) continue;
    files += countFiles(from);
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    renameSync(from, join(dir, name));
  }
  return { dir, files };
}

function fileHasHash(path: string, sha256: string | null): boolean {
  if (!sha256 || !existsSync(path)) return false;
  return sha256Hex(readFileSync(path)) === sha256;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Removes temporary files a cancelled or killed run left behind (half files, and whole ones no manifest lists yet). */
function removePartials(dir: string, ready = true): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.endsWith('.partial') || (ready && f.endsWith('.ready'))) rmSync(join(dir, f), { force: true });
}

export async function renderLetterBatch(options: LetterBatchOptions): Promise<LetterBatchResult> {
  const { incident, outDir, letterDate, signal, onProgress } = options;
  const outputs = options.outputs ?? { split: true, print: true };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(letterDate)) throw new Error(`letterDate must be YYYY-MM-DD: ${letterDate}`);
  if (signal?.aborted) throw abortError(signal);

  const fonts = loadLetterFonts(options.fontPaths);
  const renderer = new LetterRenderer(incident, fonts, letterDate);
  const lettersDir = join(outDir, 'letters');
  const printDir = join(outDir, 'print');
  const manifestPath = join(outDir, 'manifest.json');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new InwError('letters-out-not-folder', `出力先 ${outDir} はフォルダではありません。通知書を入れるフォルダを指定してください。`);
  }
  const common = stableStringify({
    renderer: LETTER_RENDERER_VERSION,
    incident,
    letterDate,
    fonts: [fonts.regular.sha256, fonts.bold?.sha256 ?? null],
  });
  const setupKey = sha256Hex(common);

  // 0. One batch per folder: what an earlier run left that is not this batch goes aside.
  const setAside: LetterSetAside[] = [];
  let previous = readPreviousManifest(manifestPath);
  if (previous && !sameBatch(previous, setupKey, incident.title, letterDate)) {
    const moved = moveAside(outDir, `old-${previous.letterDate}`, ['manifest.json', 'letters', 'print']);
    setAside.push({ ...moved, reason: 'other-batch', letterDate: previous.letterDate });
    previous = null;
  }
  removePartials(lettersDir);
  removePartials(printDir);
  const listed = new Set([...(previous?.letters ?? []).map((e) => e.file), ...(previous?.print ?? []).map((p) => p.file)]);
  const unlisted = ['letters', 'print']
    .flatMap((sub) => (existsSync(join(outDir, sub)) ? readdirSync(join(outDir, sub)).map((f) => `${sub}/${f}`) : []))
    .filter((f) => !listed.has(f));
  if (unlisted.length > 0) setAside.push({ ...moveAside(outDir, 'unlisted', unlisted), reason: 'unlisted' });
  mkdirSync(outDir, { recursive: true });
  if (outputs.split) mkdirSync(lettersDir, { recursive: true });
  if (outputs.print) mkdirSync(printDir, { recursive: true });

  // Progress is throttled to about ten calls a second, plus the last one.
  let lastReport = 0;
  const report = (p: LetterProgress, force = false): void => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    onProgress(p);
  };

  // 1. The 外字 check, before anything is rendered.
  const review: GlyphReviewItem[] = [];
  const printable: LetterInput[] = [];
  const seenIds = new Set<string>();
  options.inputs.forEach((input, i) => {
    if (seenIds.has(input.personId)) throw new Error(`personId ${input.personId} appears twice in the batch`);
    seenIds.add(input.personId);
    const missing = renderer.checkGlyphs(input);
    if (missing.length > 0) review.push(...missing);
    else printable.push(input);
    if (i % 200 === 0) report({ phase: 'check', done: i, total: options.inputs.length, skipped: 0 });
  });
  printable.sort(printOrder);

  // 2. What must be rendered, and what an earlier run already made.
  const previousByPerson = new Map((previous?.letters ?? []).map((e) => [e.personId, e]));
  const entries = new Map<string, LetterManifestEntry>();
  const splitTodo: Array<{ input: LetterInput; inputHash: string; path: string }> = [];
  let skipped = 0;
  for (const input of printable) {
    const inputHash = sha256Hex(`${setupKey}\n${stableStringify(input)}`);
    const file = outputs.split ? `letters/${safeFileName(input.personId)}.pdf` : null;
    const before = previousByPerson.get(input.personId);
    const entry: LetterManifestEntry = {
      personId: input.personId,
      category: input.category,
      name: input.name,
      postalCode: input.postalCode,
      file,
      pages: 0,
      sha256: null,
      print: null,
      inputHash,
      warnings: [],
      ...(input.barcode ? { barcode: input.barcode } : {}),
    };
    if (file && before && before.inputHash === inputHash && before.file === file && fileHasHash(join(outDir, file), before.sha256)) {
      Object.assign(entry, { pages: before.pages, sha256: before.sha256, warnings: before.warnings ?? [] });
      skipped++;
    } else if (file) {
      splitTodo.push({ input, inputHash, path: join(outDir, file) });
    }
    entries.set(input.personId, entry);
  }

  const categories = [...new Set(printable.map((p) => p.category))].sort(compareCodeUnits);
  const volumeLetters = options.printVolumeLetters ?? DEFAULT_PRINT_VOLUME_LETTERS;
  if (!Number.isInteger(volumeLetters) || volumeLetters < 1) throw new Error(`printVolumeLetters must be a positive integer: ${volumeLetters}`);
  const volumes = printVolumes(printable, categories, volumeLetters, incident);
  const printEntries = new Map<string, LetterManifestPrint>();
  const printTasks: Array<Extract<BatchTask, { kind: 'print' }>> = [];
  let printSkipped = 0;
  if (outputs.print) {
    for (const { category, volume, count, inputs, file } of volumes) {
      const digest = sha256Hex(inputs.map((p) => entries.get(p.personId)!.inputHash).join('\n'));
      const before = previous?.print?.find((p) => p.file === file);
      if (before && before.inputHash === digest && before.volume === volume && fileHasHash(join(outDir, file), before.sha256)) {
        printEntries.set(file, before);
        printSkipped++;
        // Page counts come from the earlier run's entries (the same inputs, so the same pages).
        for (const p of inputs) {
          const e = entries.get(p.personId)!;
          if (e.pages === 0) e.pages = previousByPerson.get(p.personId)?.pages ?? 0;
        }
        continue;
      }
      const title = count > 1 ? `${category} ${volume}/${count}` : category;
      printTasks.push({ kind: 'print', category, volume, volumes: count, title, file, inputs, digest, path: join(outDir, file) });
    }
  }

  // What the earlier run made and this one does not keep goes now, before anything is written,
  // so the folder never shows an old file beside new ones.
  const kept = new Set([
    ...[...entries.values()].filter((e) => e.sha256 !== null).map((e) => e.file),
    ...[...printEntries.values()].map((p) => p.file),
  ]);
  for (const old of [...(previous?.letters ?? []).map((e) => e.file), ...(previous?.print ?? []).map((p) => p.file)]) {
    if (old && !kept.has(old)) rmSync(join(outDir, old), { force: true });
  }

  // The manifest lists exactly the files done; finished files wait as .ready until it is written.
  const ready: Array<[string, string]> = [];
  let lastCheckpoint = 0;
  const manifestOf = (complete: boolean): LetterManifest => {
    const byCategory: Record<string, number> = {};
    const ordered: LetterManifestEntry[] = [];
    // Every letter's print position, from the page counts in print order.
    for (const { category, inputs, file } of volumes) {
      let page = 1;
      const printEntry = printEntries.get(file);
      for (const p of inputs) {
        const e = entries.get(p.personId)!;
        e.print = printEntry ? { file: printEntry.file, firstPage: page } : null;
        page += e.pages;
        if (e.file ? e.sha256 === null : printEntry === undefined) continue;
        ordered.push({ ...e });
        byCategory[category] = (byCategory[category] ?? 0) + 1;
      }
    }
    return {
      version: 1,
      renderer: LETTER_RENDERER_VERSION,
      incident: incident.title,
      ...(incident.draft ? { draft: true as const } : {}),
      letterDate,
      setupKey,
      complete,
      counts: { letters: ordered.length, review: new Set(review.map((r) => r.personId)).size, byCategory },
      letters: ordered,
      print: volumes.map((v) => printEntries.get(v.file)).filter((p): p is LetterManifestPrint => p !== undefined),
      review,
    };
  };
  const checkpoint = (complete: boolean): LetterManifest => {
    const manifest = manifestOf(complete);
    // Written first under a temporary name: a full disk fails here, before any file is renamed.
    const tmp = `${manifestPath}.${process.pid}.partial`;
    try {
      writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
      for (const [from, to] of ready.splice(0)) renameSync(from, to);
      renameSync(tmp, manifestPath);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    lastCheckpoint = performance.now();
    return manifest;
  };
  checkpoint(false);

  // 3. Render: print files first (the long tasks), then split files in chunks.
  const tasks: BatchTask[] = [...printTasks];
  const chunk = 16;
  for (let i = 0; i < splitTodo.length; i += chunk) tasks.push({ kind: 'split', letters: splitTodo.slice(i, i + chunk) });
  const total = splitTodo.length + printTasks.reduce((n, t) => n + t.inputs.length, 0);
  let done = 0;
  let rendered = 0;
  let failed = false;
  const onEvent = (event: TaskEvent): void => {
    // After a failure, a file another worker still finishes is not this batch's any more.
    if (failed) return;
    if (event.type === 'letter') {
      const e = entries.get(event.personId)!;
      e.pages = event.pages;
      e.sha256 = event.sha256;
      e.warnings = event.warnings;
      const path = join(outDir, e.file!);
      ready.push([readyPathOf(path), path]);
      rendered++;
      done++;
    } else if (event.type === 'progress') {
      done += event.letters;
    } else {
      const task = printTasks.find((t) => t.file === event.file)!;
      task.inputs.forEach((p, i) => {
        const e = entries.get(p.personId)!;
        if (e.pages === 0) e.pages = event.pages[i] ?? 0;
      });
      printEntries.set(task.file, {
        category: task.category,
        volume: task.volume,
        volumes: task.volumes,
        file: task.file,
        letters: task.inputs.length,
        pages: event.pages.reduce((a, b) => a + b, 0),
        sha256: event.sha256,
        inputHash: task.digest,
      });
      ready.push([readyPathOf(task.path), task.path]);
    }
    if (event.type !== 'progress' && performance.now() - lastCheckpoint > 1000) checkpoint(false);
    report({ phase: 'render', done, total, skipped });
  };

  const setup: TaskSetup = { incident, fontPaths: options.fontPaths, letterDate };
  const wanted = options.workers ?? Math.min(2, availableParallelism());
  // Threads pay off only with enough work to amortise their start-up (font parse ≈ 0.2 s).
  const useWorkers = options.workerScript !== undefined && wanted > 1 && total >= 50;
  let workersUsed = 1;
  try {
    if (useWorkers) {
      workersUsed = Math.min(wanted, tasks.length);
      await runOnWorkers(options.workerScript!, workersUsed, setup, setupKey, tasks, onEvent, signal, renderer);
    } else {
      for (const task of tasks) {
        if (signal?.aborted) break;
        await runTask(setup, setupKey, task, onEvent, () => signal?.aborted === true);
      }
    }
  } catch (error) {
    // Keep what is finished for the next run (a full disk may refuse even this).
    try {
      checkpoint(false);
    } catch {
      // the last manifest written still matches the files
    }
    failed = true;
    throw error;
  } finally {
    // Half-written files, and after a failure finished ones no manifest lists; finished
    // (.ready) ones of a run that goes on get their name with the manifest below.
    removePartials(lettersDir, failed);
    removePartials(printDir, failed);
  }

  const cancelled = signal?.aborted === true;
  const manifest = checkpoint(!cancelled);
  if (cancelled) throw abortError(signal!);
  report({ phase: 'done', done, total, skipped }, true);
  return {
    manifest,
    manifestPath,
    rendered,
    skipped,
    printRendered: printTasks.length,
    printSkipped,
    review,
    workers: useWorkers ? workersUsed : 0,
    setAside,
  };
}

interface PrintVolume {
  category: string;
  /** 1-based, and the category's number of volumes. */
  volume: number;
  count: number;
  inputs: LetterInput[];
  /** print/<category>.pdf, or print/<category>-001.pdf … when the category takes several volumes. */
  file: string;
}

/** Each category's letters (already in postal order) cut into print volumes of at most `size`. */
function printVolumes(printable: readonly LetterInput[], categories: readonly string[], size: number, incident: LetterIncident): PrintVolume[] {
  const out: PrintVolume[] = [];
  for (const category of categories) {
    const inputs = printable.filter((p) => p.category === category);
    const count = Math.ceil(inputs.length / size);
    const digits = Math.max(3, String(count).length);
    for (let v = 0; v < count; v++) {
      const file = printFile(category, incident, count === 1 ? undefined : String(v + 1).padStart(digits, '0'));
      out.push({ category, volume: v + 1, count, inputs: inputs.slice(v * size, (v + 1) * size), file });
    }
  }
  return out;
}

async function runOnWorkers(
  script: string,
  count: number,
  setup: TaskSetup,
  setupKey: string,
  tasks: BatchTask[],
  onEvent: (e: TaskEvent) => void,
  signal: AbortSignal | undefined,
  renderer: LetterRenderer,
): Promise<void> {
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const onAbort = (): void => void Atomics.store(flag, 0, 1);
  signal?.addEventListener('abort', onAbort, { once: true });
  const queue = [...tasks];
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(script, { workerData: { setup, setupKey, cancelFlag } });
          workers.push(worker);
          // A print file is one long task: this thread lays its letters out while the worker
          // paints them, so both cores work on it. Credits bound the laid-out pages in flight.
          let credits = 0;
          let wakeProducer: (() => void) | null = null;
          let producing = false;
          const produce = async (task: Extract<BatchTask, { kind: 'print' }>): Promise<void> => {
            producing = true;
            credits = PRINT_CHUNKS_IN_FLIGHT;
            const { inputs } = task;
            for (let i = 0; i === 0 || i < inputs.length; i += PRINT_CHUNK_LETTERS) {
              while (credits === 0 && producing) await new Promise<void>((r) => (wakeProducer = r));
              if (!producing) return;
              const cancelled = Atomics.load(flag, 0) === 1;
              const slice = cancelled ? [] : inputs.slice(i, i + PRINT_CHUNK_LETTERS);
              const letters = slice.map((input) => ({ layout: renderer.layout(input).layout }));
              const last = cancelled || i + PRINT_CHUNK_LETTERS >= inputs.length;
              credits--;
              worker.postMessage({ chunk: { letters, last } satisfies PrintChunk });
              if (last) break;
            }
            producing = false;
          };
          const next = (): void => {
            producing = false;
            wakeProducer?.();
            const task = Atomics.load(flag, 0) === 1 ? undefined : queue.shift();
            if (!task) {
              resolve();
              return;
            }
            if (task.kind === 'print') {
              worker.postMessage({ task: { ...task, inputs: task.inputs.slice(0, 1), streamed: true } });
              produce(task).catch(reject);
            } else {
              worker.postMessage({ task });
            }
          };
          worker.on('message', (msg: { type: 'events'; events: TaskEvent[] } | { type: 'done' } | { type: 'chunk-ack' } | { type: 'error'; message: string; code?: string; path?: string }) => {
            if (msg.type === 'events') {
              try {
                msg.events.forEach(onEvent);
              } catch (error) {
                reject(error);
              }
            }
            else if (msg.type === 'chunk-ack') {
              credits++;
              wakeProducer?.();
              wakeProducer = null;
            } else if (msg.type === 'done') next();
            else reject(Object.assign(new Error(`letters worker failed: ${msg.message}`), { code: msg.code, path: msg.path }));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`letters worker exited with code ${code}`));
          });
          worker.on('online', next);
        }),
      ),
    );
  } catch (err) {
    Atomics.store(flag, 0, 1);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
