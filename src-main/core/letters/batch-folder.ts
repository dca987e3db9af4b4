// The output folder of a letter batch holds one batch only: before a batch writes, an earlier
// batch made with another date, wording, font or layout is moved aside whole into
// old-<its date>/, files no manifest lists (a stale letters/P999999.pdf) into unlisted/, and the
// temporary files of a cancelled or killed run are removed. A manifest.json inw did not write is
// refused, never overwritten (readPreviousManifest), and drafts and letters to mail never share
// a folder.
import { existsSync, mkdirSync, opendirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InwError } from '../errors.js';
import type { LetterLedger } from './ledger.js';
import type { LetterManifestSummary } from './manifest.js';
import { readPreviousManifest, sameBatch } from './manifest.js';

export interface LetterSetAside {
  /** The folder they are in now (inside the output folder). */
  dir: string;
  /** other-batch: a batch with another date or wording; unlisted: files no manifest listed. */
  reason: 'other-batch' | 'unlisted';
  files: number;
  /** other-batch: the date of the batch moved aside. */
  letterDate?: string;
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

/** Removes temporary files a cancelled or killed run left behind (half files, and whole ones no manifest lists yet). */
export function removePartials(dir: string, ready = true): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.endsWith('.partial') || (ready && f.endsWith('.ready'))) rmSync(join(dir, f), { force: true });
}

export interface BatchFolder {
  outDir: string;
  manifestPath: string;
  lettersDir: string;
  printDir: string;
}

/**
 * Makes the folder ready for the batch with `setupKey`: returns the earlier manifest of the same
 * batch without its letters (those are in the ledger: a re-run may keep their files), or null,
 * and what was moved aside.
 */
export function prepareBatchFolder(
  folder: BatchFolder,
  ledger: LetterLedger,
  batch: { setupKey: string; incidentTitle: string; letterDate: string; draft: boolean; outputs: { split: boolean; print: boolean } },
): { previous: LetterManifestSummary | null; setAside: LetterSetAside[] } {
  const { outDir, manifestPath, lettersDir, printDir } = folder;
  const setAside: LetterSetAside[] = [];
  let previous = ledger.keepPrevious((keep) => readPreviousManifest(manifestPath, keep));
  if (previous && (previous.draft === true) !== batch.draft) throw draftMix(outDir, batch.draft);
  if (previous && !sameBatch(previous, batch.setupKey, batch.incidentTitle, batch.letterDate)) {
    const moved = moveAside(outDir, `old-${previous.letterDate}`, ['manifest.json', 'letters', 'print']);
    setAside.push({ ...moved, reason: 'other-batch', letterDate: previous.letterDate });
    ledger.forgetPrevious();
    previous = null;
  }
  removePartials(lettersDir);
  removePartials(printDir);
  const printListed = new Set((previous?.print ?? []).map((p) => p.file));
  const unlisted: string[] = [];
  for (const sub of ['letters', 'print']) {
    for (const name of namesIn(join(outDir, sub))) {
      const file = `${sub}/${name}`;
      if (!printListed.has(file) && !ledger.listsPrevious(file)) unlisted.push(file);
    }
  }
  if (unlisted.length > 0) setAside.push({ ...moveAside(outDir, 'unlisted', unlisted), reason: 'unlisted' });
  mkdirSync(outDir, { recursive: true });
  if (batch.outputs.split) mkdirSync(lettersDir, { recursive: true });
  if (batch.outputs.print) mkdirSync(printDir, { recursive: true });
  return { previous, setAside };
}

/** Drafts and letters to mail never share a folder: a draft must not replace or sit beside one to mail. */
function draftMix(outDir: string, draft: boolean): InwError {
  return new InwError(
    'draft-mix',
    draft
      ? `${outDir} には発送用の通知書があります。見本は別のフォルダに作成してください。`
      : `${outDir} には見本の通知書があります。発送用の通知書は別のフォルダに作成してください。`,
  );
}

/** The names in a folder (none when it does not exist), read as a stream: letters/ holds a file per person. */
function* namesIn(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  const entries = opendirSync(dir);
  try {
    for (let entry; (entry = entries.readSync()) !== null; ) yield entry.name;
  } finally {
    entries.closeSync();
  }
}

/** Refuses an output path that is a file. */
export function requireFolder(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new InwError('letters-out-not-folder', `出力先 ${outDir} はフォルダではありません。通知書を入れるフォルダを指定してください。`);
  }
}
