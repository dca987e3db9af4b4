// The app's check on its 報告・保全 screen: the same scan as `inw scan`, over the database and
// every output recorded in the outputs register (the letters/ and print/ folders of each batch,
// each manifest, preview, sheet, export and backup still on disk), so staff need not know where
// files were written.
import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { Db } from '../store/db.js';
import { listOutputs } from '../store/outputs.js';
import { scanPaths, type ScanOptions, type ScanReport } from '../scan/index.js';

export interface CaseScan extends ScanReport {
  /** What was looked through: the database file, then folders and files, absolute. */
  targets: string[];
}

/** The database and the recorded outputs still on disk: letters/ and print/ folders whole, other files one by one. */
export function caseScanTargets(db: Db): string[] {
  const folders = new Set<string>();
  const files = new Set<string>();
  for (const o of listOutputs(db)) {
    // The folders letters and print files are written into, whole (a file left there by hand is
    // seen too); not the batch's output folder itself, where the user may keep the processor's
    // exports (which hold full numbers and are known).
    if (o.kind === 'letter' || o.kind === 'draft-letter' || o.kind === 'print') folders.add(dirname(o.path));
    else files.add(o.path);
  }
  const within = (path: string) => [...folders].some((f) => f !== path && path.startsWith(`${f}${sep}`));
  const targets = [...folders].filter((f) => existsSync(f) && !within(f));
  for (const f of files) if (existsSync(f) && !within(f)) targets.push(f);
  const dbFile = db.$client.name;
  return [...(dbFile && dbFile !== ':memory:' ? [dbFile] : []), ...targets.sort()];
}

export interface CaseScanOptions extends Pick<ScanOptions, 'signal'> {
  /** After each file: how many are done of how many the targets held when the scan began. */
  onProgress?: (done: number, total: number) => void;
}

export async function scanCase(db: Db, options: CaseScanOptions = {}): Promise<CaseScan> {
  const targets = caseScanTargets(db);
  // The scan walks the folders once and says how many files it found before reading the first,
  // so the screen can show how far along a scan of thousands of letters is.
  let total = 0;
  let done = 0;
  const report = await scanPaths(targets, {
    signal: options.signal,
    onFiles: (count) => (total = count),
    onFile: options.onProgress
      ? () => {
        options.onProgress!(done, total);
        done += 1;
      }
      : undefined,
  });
  options.onProgress?.(report.files.length, report.files.length);
  return { ...report, targets };
}
