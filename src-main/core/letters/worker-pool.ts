// The letter batch's worker threads: each takes the next task from a shared queue. A print
// file is one long task: the calling thread lays its letters out while the worker paints them,
// so both cores work on it; credits bound the laid-out pages in flight. Cancel sets a flag the
// workers read between letters.
import { Worker } from 'node:worker_threads';
import { InwError } from '../errors.js';
import type { PrintChunk, TaskEvent, TaskSetup } from './batch-task.js';
import type { InputLoader, PlannedTask, PrintTask } from './batch-plan.js';
import { loadTask } from './batch-plan.js';
import type { LetterRenderer } from './render.js';

/** Letters per message of a streamed print task, and such messages in flight. */
const PRINT_CHUNK_LETTERS = 20;
const PRINT_CHUNKS_IN_FLIGHT = 3;

export async function runOnWorkers(
  script: string,
  count: number,
  setup: TaskSetup,
  setupKey: string,
  tasks: Iterable<PlannedTask>,
  load: InputLoader,
  onEvent: (e: TaskEvent) => void,
  signal: AbortSignal | undefined,
  renderer: LetterRenderer,
): Promise<void> {
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const onAbort = (): void => void Atomics.store(flag, 0, 1);
  signal?.addEventListener('abort', onAbort, { once: true });
  // Read one task at a time: the split tasks come from the ledger as the workers ask for them.
  const queue = tasks[Symbol.iterator]();
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
          const produce = async (task: PrintTask): Promise<void> => {
            producing = true;
            credits = PRINT_CHUNKS_IN_FLIGHT;
            const { inputs } = task;
            for (let i = 0; i === 0 || i < inputs.length; i += PRINT_CHUNK_LETTERS) {
              while (credits === 0 && producing) await new Promise<void>((r) => (wakeProducer = r));
              if (!producing) return;
              const cancelled = Atomics.load(flag, 0) === 1;
              const slice = cancelled ? [] : inputs.slice(i, i + PRINT_CHUNK_LETTERS);
              const letters = load(slice).map((input) => ({ layout: renderer.layout(input).layout }));
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
            try {
              const task: PlannedTask | undefined = Atomics.load(flag, 0) === 1 ? undefined : queue.next().value;
              if (!task) {
                resolve();
                return;
              }
              if (task.kind === 'print') {
                worker.postMessage({ task: { ...task, inputs: load(task.inputs.slice(0, 1)), streamed: true } });
                produce(task).catch(reject);
              } else {
                worker.postMessage({ task: loadTask(task, load) });
              }
            } catch (error) {
              reject(error);
            }
          };
          worker.on('message', (msg: { type: 'events'; events: TaskEvent[] } | { type: 'done' } | { type: 'chunk-ack' } | WorkerFailure) => {
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
            else reject(workerError(msg));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) {
              reject(new InwError('letters-worker-exited', `通知書を作る処理スレッドが途中で終了しました (終了コード ${code})。作成済みの通知書は残っています。もう一度実行すると続きから作成します。`));
            }
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

type WorkerFailure = { type: 'error'; name?: 'InwError'; message: string; code?: string; path?: string };

/**
 * A worker's failure as this thread throws it: a user's error (InwError) as it was, with its code
 * and Japanese message; any other (a bug, or the file system's, whose code and path the shells
 * turn into words) with its stack.
 */
export function workerError(msg: WorkerFailure): Error {
  if (msg.name === 'InwError' && msg.code) return new InwError(msg.code, msg.message);
  return Object.assign(new Error(`letters worker failed: ${msg.message}`), { code: msg.code, path: msg.path });
}
