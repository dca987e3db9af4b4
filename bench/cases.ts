// One benchmark case per process (so peak RSS belongs to that case alone). Prints one JSON
// line: {seconds, n, peakRssMB}. Driven by bench/run.mjs; bundled to dist/bench/cases.js.
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { classify, closeDb, importFile, loadIncident, openDb } from '../src-main/core/index.js';

type CaseFn = (args: string[]) => Promise<number> | number;

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

const now = () => new Date('2026-01-01T00:00:00Z');

const cases: Record<string, CaseFn> = {
  /** The real import path: detection, parsing, normalisation, masking, dedupe, one transaction. */
  async 'import'([csv, dbFile]) {
    removeDb(dbFile!);
    const db = openDb({ file: dbFile! });
    const workerScript = process.env.NO_WORKER ? undefined : fileURLToPath(new URL('../import/worker.js', import.meta.url));
    const report = await importFile({ db, file: csv!, kind: 'payments', now, actor: 'bench', workerScript });
    closeDb(db);
    return report.rowsAccepted;
  },
  /** Ceiling: decode the whole file, split on newlines and commas, one prepared INSERT per row. */
  'import-ceiling'([csv, dbFile]) {
    removeDb(dbFile!);
    const db = new Database(dbFile!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const text = new TextDecoder('shift_jis').decode(readFileSync(csv!));
    const lines = text.split('\n');
    const columns = lines[0]!.split(',').length;
    db.exec(`CREATE TABLE t (${Array.from({ length: columns }, (_, i) => `c${i} TEXT`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`);
    let n = 0;
    db.transaction(() => {
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === '') continue;
        const cells = line.split(',');
        cells.length = columns;
        insert.run(cells.map((c) => c ?? null));
        n++;
      }
    })();
    db.close();
    return n;
  },
  /** Persons and classification over an imported database (the import itself is not timed). */
  'classify'([dbFile]) {
    const db = openDb({ file: dbFile! });
    const started = performance.now();
    const result = classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'bench' });
    const seconds = (performance.now() - started) / 1000;
    closeDb(db);
    process.stdout.write(`${JSON.stringify({ inner: seconds })}\n`);
    return result.summary.payments.total;
  },
};

const [name, ...args] = process.argv.slice(2);
const fn = name ? cases[name] : undefined;
if (!fn) {
  process.stderr.write(`unknown case ${name}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}
const started = performance.now();
const n = await fn(args);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, n, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
