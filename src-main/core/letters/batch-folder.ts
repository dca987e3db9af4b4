// The output folder of a letter batch holds one batch only: before a batch writes, an earlier
// batch made with another date, wording, font or layout is moved aside whole into
// old-<its date>/, files no manifest lists (a stale letters/P999999.pdf) into unlisted/, and the
// temporary files of a cancelled or killed run are removed. A manifest.json inw did not write is
// refused, never overwritten (readPreviousManifest).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InwError } from '../errors.js';
import type { LetterManifest } from './manifest.js';
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
 * batch (whose files a re-run may keep), or null, and what was moved aside.
 */
export function prepareBatchFolder(
  folder: BatchFolder,
  batch: { setupKey: string; incidentTitle: string; letterDate: string; outputs: { split: boolean; print: boolean } },
): { previous: LetterManifest | null; setAside: LetterSetAside[] } {
  const { outDir, manifestPath, lettersDir, printDir } = folder;
  const setAside: LetterSetAside[] = [];
  let previous = readPreviousManifest(manifestPath);
  if (previous && !sameBatch(previous, batch.setupKey, batch.incidentTitle, batch.letterDate)) {
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
  if (batch.outputs.split) mkdirSync(lettersDir, { recursive: true });
  if (batch.outputs.print) mkdirSync(printDir, { recursive: true });
  return { previous, setAside };
}

/** Refuses an output path that is a file. */
export function requireFolder(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new InwError('letters-out-not-folder', `出力先 ${outDir} はフォルダではありません。通知書を入れるフォルダを指定してください。`);
  }
}
