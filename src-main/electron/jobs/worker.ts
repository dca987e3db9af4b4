// The job worker thread: opens its own connection to the database and runs one core function
// with an AbortSignal and a throttled onProgress (≈10 events a second), then reports exactly
// one final message. No logic of its own: everything is a core call.
import { parentPort } from 'node:worker_threads';
import {
  InwError, classify, closeDb, exportContactSheet, exportPersonsCsv, generateLetters, importFile, isInwError, openDb, overallLetterProgress, scanCase, type Db,
} from '../../core/index.js';
import { getIncident } from '../../core/incident/store.js';
import { boundHeapGrowth } from '../../core/heap-growth.js';
import type { JobKind, JobProgress, JobResults } from '../ipc/contract.js';
import { letterFonts } from './fonts.js';
import type { JobSpec, ParentMessage, WorkerInput, WorkerMessage } from './spec.js';

// An Electron utility process has process.parentPort (messages arrive as events with .data);
// a worker thread has worker_threads.parentPort (messages arrive as they were sent).
interface UtilityPort { on(event: 'message', listener: (event: { data: unknown }) => void): void; postMessage(message: unknown): void }
const utilityPort = (process as unknown as { parentPort?: UtilityPort }).parentPort;
boundHeapGrowth();
const controller = new AbortController();
let input!: WorkerInput;

function receive(message: ParentMessage): void {
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'start' && input === undefined) {
    input = message.input;
    void main();
  }
}
if (utilityPort) utilityPort.on('message', (event) => receive(event.data as ParentMessage));
else parentPort!.on('message', (message: ParentMessage) => receive(message));

const post = (message: WorkerMessage) => (utilityPort ? utilityPort.postMessage(message) : parentPort!.postMessage(message));
let lastProgress = 0;
function progress(value: JobProgress, force = false): void {
  const t = Date.now();
  if (!force && t - lastProgress < 100) return;
  lastProgress = t;
  post({ type: 'progress', progress: value });
}

const fmt = (n: number) => n.toLocaleString('ja-JP');

type Runners = { [K in JobKind]: (db: Db, spec: Extract<JobSpec, { kind: K }>) => Promise<JobResults[K]> };

const now = () => new Date();

/** One core call per kind of job, each producing what the contract says that kind returns. */
const RUNNERS: Runners = {
  import: async (db, spec) => {
    const report = await importFile({
      db, file: spec.file, kind: spec.importKind, exposure: spec.exposure, encoding: spec.encoding,
      map: spec.map as never, strict: spec.strict, now, actor: input.actor, signal: controller.signal,
      onProgress: (p) => progress({ done: p.bytesRead, total: p.totalBytes, label: `${fmt(p.rows)} 行を読み込みました` }),
    });
    // The last throttled event was some way before the end: the finished job states the file's own count.
    progress({ done: 1, total: 1, label: `${fmt(report.rowsRead)} 行を読み込みました` }, true);
    return report;
  },
  classify: async (db, spec) => {
    const stored = getIncident(db, spec.incidentCode);
    if (!stored) throw new InwError('incident-not-found', `事案「${spec.incidentCode}」が保存されていません。事案の画面で作成してください。`);
    progress({ done: 0, total: null, label: '分類しています' }, true);
    const result = await classify({ db, incident: stored.definition, now, actor: input.actor });
    return { runId: result.runId, summary: result.summary };
  },
  letters: async (db, spec) => {
    // One bar over the check and the letters (per mille), with the time left once it can tell.
    const overall = overallLetterProgress();
    const result = await generateLetters({
      db, outDir: spec.outDir, categories: spec.categories, personIds: spec.personIds?.map(String), outputs: spec.outputs, draft: spec.draft, print: spec.print, letterDate: spec.letterDate,
      fontPaths: letterFonts(input.fontsDir), workerScript: input.lettersWorkerFile, now, actor: input.actor, signal: controller.signal,
      // total counts what this run makes (a letter in its own file and again in a print file
      // is two), not the letters an earlier run already made; those are named apart.
      onProgress: (p) => {
        const { ratio, remainingMs } = overall(p, Date.now());
        progress({
          done: Math.floor(ratio * 1000),
          total: 1000,
          label: p.phase === 'check'
            ? '文字を確認しています'
            : `${fmt(p.done)} / ${fmt(p.total)} 件 (個別・印刷用)${p.skipped > 0 ? `、作成済みの ${fmt(p.skipped)} 通は変更なしで省略` : ''}`,
          ...(remainingMs !== null ? { remainingMs } : {}),
        }, p.phase === 'done');
      },
    });
    return result;
  },
  sheet: async (db, spec) => {
    const sheet = await exportContactSheet({
      // The save dialog has asked about replacing an existing file.
      db, file: spec.file, categories: spec.categories, now, actor: input.actor, signal: controller.signal, force: true,
      onProgress: (done, total) => progress({ done, total: total ?? null, label: `${fmt(done)} 行を書き出しました` }),
    });
    const rows = Object.values(sheet.rows).reduce((sum, n) => sum + n, 0);
    progress({ done: 1, total: 1, label: `${fmt(rows)} 行を書き出しました (${fmt(sheet.sheets.length)} シート)` }, true);
    return sheet;
  },
  csv: (db, spec) => exportPersonsCsv({
    db, file: spec.file, categories: spec.category ? [spec.category] : undefined, now, actor: input.actor, signal: controller.signal, force: true,
  }),
  scan: (db) => scanCase(db, {
    signal: controller.signal,
    onProgress: (done, total) => progress({ done, total, label: `${fmt(done)} / ${fmt(total)} ファイルを検査しました` }, done === total),
  }),
};

function run<K extends JobKind>(db: Db, spec: Extract<JobSpec, { kind: K }>): Promise<JobResults[K]> {
  return (RUNNERS[spec.kind as K] as Runners[K])(db, spec);
}

async function main(): Promise<void> {
  let db: Db | null = null;
  try {
    db = openDb({ file: input.dbFile, migrationsDir: input.migrationsDir });
    const result = await run(db, input.spec);
    closeDb(db);
    db = null;
    post({ type: 'done', result: JSON.parse(JSON.stringify(result ?? null)) as unknown });
    finish();
  } catch (error) {
    if (db) closeDb(db);
    const aborted = controller.signal.aborted || (isInwError(error) && error.code === 'cancelled') || (error as Error).name === 'AbortError';
    const message = isInwError(error) ? error.message : (error as Error).message;
    if (aborted) post({ type: 'cancelled', error: { code: 'cancelled', message: isInwError(error) ? message : '処理を取り消しました。' } });
    else post({ type: 'failed', error: { code: isInwError(error) ? error.code : 'internal', message } });
    finish();
  }
}

/** Let the process / thread end once the final message is out. */
function finish(): void {
  setTimeout(() => process.exit(0), 50);
}
