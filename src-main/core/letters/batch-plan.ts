// What a letter batch has to make: the 外字 check of every input before anything is rendered,
// the letters in bulk-mail order, each category cut into print volumes, and what an earlier run
// of the same batch already made (a letter or print file is kept when its input hash is
// unchanged and the file on disk still has the recorded SHA-256).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InwError } from '../errors.js';
import type { BatchTask } from './batch-task.js';
import { sha256Hex } from './batch-task.js';
import type { LetterIncident } from './compose.js';
import type { LetterManifestPrint, LetterManifestSummary } from './manifest.js';
import { DRAFT_MARK } from './render.js';
import type { LetterRenderer } from './render.js';
import type { GlyphReviewItem, LetterInput } from './types.js';
import type { LetterKey, LetterLedger } from './ledger.js';

/** JSON with sorted keys: the same data always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._+-]/g, (c) => `%${c.codePointAt(0)!.toString(16).toUpperCase()}`);
}

/**
 * print/<category>.pdf, or print/<category>-001.pdf … for one of several volumes, with -<n>p after
 * the category when print files are split by letter length (print/token-db-2p-001.pdf); a draft's
 * is print/見本-<category>….pdf, never taken for one to mail.
 */
function printFile(category: string, incident: LetterIncident, volume: string | undefined, letterPages: number | null): string {
  const pages = letterPages === null ? '' : `-${letterPages}p`;
  return `print/${incident.draft ? `${DRAFT_MARK}-` : ''}${safeFileName(category)}${pages}${volume ? `-${volume}` : ''}.pdf`;
}

function fileHasHash(path: string, sha256: string | null): boolean {
  if (!sha256 || !existsSync(path)) return false;
  return sha256Hex(readFileSync(path)) === sha256;
}

/** A letter's input hash: the setup (renderer, wording, date, fonts) and the whole input. */
export function inputHashOf(setupKey: string, input: LetterInput): string {
  return sha256Hex(`${setupKey}\n${stableStringify(input)}`);
}


/**
 * The 外字 check: the letters the font can print go into the ledger (in bulk-mail order), and
 * the characters it lacks for the others are returned. `onCount(i)` is called every 200 inputs
 * (for progress).
 */
export function checkGlyphs(
  inputs: Iterable<LetterInput>,
  renderer: LetterRenderer,
  setupKey: string,
  ledger: LetterLedger,
  onCount: (checked: number) => void,
): GlyphReviewItem[] {
  const review: GlyphReviewItem[] = [];
  const reviewed = new Set<string>();
  let i = 0;
  for (const input of inputs) {
    if (reviewed.has(input.personId)) throw personTwice(input.personId);
    const missing = renderer.checkGlyphs(input);
    if (missing.length > 0) {
      review.push(...missing);
      reviewed.add(input.personId);
    } else {
      const { personId, referenceNumber, category, name, postalCode, barcode } = input;
      if (!ledger.add({ personId, referenceNumber, category, name, postalCode, ...(barcode ? { barcode } : {}), inputHash: inputHashOf(setupKey, input) })) {
        throw personTwice(personId);
      }
    }
    if (i % 200 === 0) onCount(i);
    i++;
  }
  ledger.order();
  const twice = review.find((r) => ledger.byPerson(r.personId) !== null);
  if (twice) throw personTwice(twice.personId);
  return review;
}

function personTwice(personId: string): InwError {
  return new InwError('letters-person-twice', `対象者 ${personId} が同じ一括作成に2回含まれています。1人に1通だけ作成します。`);
}

/**
 * Each printable letter's own file (kept from the earlier run when its file is unchanged, else
 * to be made): returns how many were kept.
 */
export function planLetters(ledger: LetterLedger, context: { outDir: string; split: boolean }): number {
  const { outDir, split } = context;
  let skipped = 0;
  ledger.plan(({ key }) => {
    const file = split ? `letters/${safeFileName(key.personId)}.pdf` : null;
    const before = ledger.previous(key.personId);
    if (file && before && before.inputHash === key.inputHash && before.file === file && fileHasHash(join(outDir, file), before.sha256)) {
      skipped++;
      return { file, todo: false, kept: { pages: before.pages, blankPages: before.blankPages ?? 0, sha256: before.sha256, warnings: before.warnings ?? [] } };
    }
    return { file, todo: file !== null };
  });
  return skipped;
}

export interface PrintVolume {
  category: string;
  /** The pages of every letter of this volume when print files are split by length, else null. */
  letterPages: number | null;
  /** 1-based, and the category's number of volumes. */
  volume: number;
  count: number;
  /** Letters in this volume. */
  letters: number;
  /** print/<category>.pdf, or print/<category>-001.pdf … when the category takes several volumes. */
  file: string;
}

/**
 * Each category's letters (in postal order) cut into print volumes of at most `size`; with
 * `pagesOf`, first into one set per letter length (postal order kept within each), so a
 * folding/inserting machine takes uniform sets. Each letter's volume is recorded in the ledger.
 */
export function printVolumes(
  ledger: LetterLedger,
  size: number,
  incident: LetterIncident,
  pagesOf?: (key: LetterKey) => number,
): PrintVolume[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new InwError('print-volume-invalid', `印刷ファイル1つあたりの通数は1以上の整数で指定してください (指定: ${size})。`);
  }
  if (pagesOf) ledger.setLengths((letter) => pagesOf(letter.key));
  const out: PrintVolume[] = [];
  for (const category of ledger.categories().sort(compareCodeUnits)) {
    for (const { letterPages, count: letters } of ledger.sets(category).sort((a, b) => (a.letterPages ?? 0) - (b.letterPages ?? 0))) {
      const count = Math.ceil(letters / size);
      const digits = Math.max(3, String(count).length);
      const fileOf = (v: number): string => printFile(category, incident, count === 1 ? undefined : String(v + 1).padStart(digits, '0'), letterPages);
      ledger.assignVolumes(category, letterPages, size, fileOf);
      for (let v = 0; v < count; v++) {
        out.push({ category, letterPages, volume: v + 1, count, letters: Math.min(size, letters - v * size), file: fileOf(v) });
      }
    }
  }
  return out;
}

/**
 * The pages of each letter before print files are made, for splitting them by length: an
 * unchanged letter's from the earlier run, any other's from laying it out (it is laid out again
 * when painted; splitting is the staff's choice, and costs that).
 */
export function letterPagesOf(renderer: LetterRenderer, ledger: LetterLedger, load: InputLoader): (key: LetterKey) => number {
  return (key) => {
    const before = ledger.previous(key.personId);
    if (before && before.pages > 0 && before.inputHash === key.inputHash) return before.pages;
    return renderer.layout(load([key])[0]!).layout.pages.length;
  };
}

/** A print file to make: its letters are read from the ledger when it is painted. */
export type PrintPlan = Omit<Extract<BatchTask, { kind: 'print' }>, 'inputs' | 'streamed'> & { letters: number };

/** A print file to make, with its letters as keys (their inputs read when the file is painted). */
export type PrintTask = PrintPlan & { inputs: LetterKey[] };

/**
 * The print files to make, and those an earlier run made from the same inputs (kept, with their
 * letters' page counts taken from its entries: the same inputs, so the same pages).
 */
export function planPrint(
  volumes: readonly PrintVolume[],
  context: {
    outDir: string;
    previous: LetterManifestSummary | null;
    ledger: LetterLedger;
  },
): { printEntries: Map<string, LetterManifestPrint>; printPlans: PrintPlan[]; printSkipped: number } {
  const { outDir, previous, ledger } = context;
  const printEntries = new Map<string, LetterManifestPrint>();
  const printPlans: PrintPlan[] = [];
  let printSkipped = 0;
  for (const { category, letterPages, volume, count, letters, file } of volumes) {
    const inVolume = [...ledger.ofVolume(file)];
    const digest = sha256Hex(inVolume.map((l) => l.key.inputHash).join('\n'));
    const before = previous?.print?.find((p) => p.file === file);
    if (before && before.inputHash === digest && before.volume === volume && fileHasHash(join(outDir, file), before.sha256)) {
      printEntries.set(file, before);
      printSkipped++;
      const earlier = inVolume.map((l) => ledger.previous(l.key.personId));
      ledger.volumePages(file, earlier.map((e) => e?.pages ?? 0), earlier.map((e) => e?.blankPages ?? 0));
      continue;
    }
    const set = letterPages === null ? category : `${category} ${letterPages}ページ`;
    const title = count > 1 ? `${set} ${volume}/${count}` : set;
    printPlans.push({ kind: 'print', category, volume, volumes: count, title, letterPages, file, letters, digest, path: join(outDir, file) });
  }
  return { printEntries, printPlans, printSkipped };
}

/**
 * Deletes what the earlier run made and this one does not keep, before anything is written, so
 * the folder never shows an old file beside new ones.
 */
export function removeDropped(
  outDir: string,
  previous: LetterManifestSummary | null,
  ledger: LetterLedger,
  printEntries: ReadonlyMap<string, LetterManifestPrint>,
): void {
  const keptPrint = new Set([...printEntries.values()].map((p) => p.file));
  for (const file of ledger.droppedFiles()) rmSync(join(outDir, file), { force: true });
  for (const old of previous?.print ?? []) if (!keptPrint.has(old.file)) rmSync(join(outDir, old.file), { force: true });
}

export interface SplitLetter {
  key: LetterKey;
  path: string;
}

/** The batch's work in order: print files first (the long tasks), then per-person files in chunks. */
export function* plannedTasks(ledger: LetterLedger, printPlans: readonly PrintPlan[], splitChunk: number, outDir: string): Generator<PlannedTask> {
  for (const plan of printPlans) yield { ...plan, inputs: ledger.volumeKeys(plan.file) };
  for (let after = 0; ;) {
    const chunk = ledger.todo(after, splitChunk);
    if (chunk.length === 0) return;
    yield { kind: 'split', letters: chunk.map((l) => ({ key: l.key, path: join(outDir, l.file!) })) };
    after = chunk[chunk.length - 1]!.ord;
  }
}

/** A unit of the batch's work as planned: letters as keys, their inputs read when it runs. */
export type PlannedTask = { kind: 'split'; letters: SplitLetter[] } | PrintTask;

/** Reads the inputs of these letters again, in their order, each checked against its key's hash. */
export type InputLoader = (keys: readonly LetterKey[]) => LetterInput[];

/** The task as a worker runs it, with its letters' inputs read. */
export function loadTask(task: PlannedTask, load: InputLoader): BatchTask {
  if (task.kind === 'split') {
    const inputs = load(task.letters.map((l) => l.key));
    return { kind: 'split', letters: task.letters.map((l, i) => ({ input: inputs[i]!, inputHash: l.key.inputHash, path: l.path })) };
  }
  return { ...task, inputs: load(task.inputs) };
}
