// Worker-thread entry for letter batches (bundled to dist/letters/worker.js). It loads the
// font once, then runs the tasks the main thread posts, one at a time. Cancellation comes
// through a shared flag so it is seen between letters without waiting for a message.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { BatchTask, PrintChunk, TaskEvent, TaskSetup } from './batch-task.js';
import { runTask } from './batch-task.js';

interface WorkerInit {
  setup: TaskSetup;
  setupKey: string;
  cancelFlag: SharedArrayBuffer;
}

if (!parentPort) throw new Error('letters worker must run in a worker thread');
const port: MessagePort = parentPort;
const init = workerData as WorkerInit;
const flag = new Int32Array(init.cancelFlag);

// Chunks of a streamed print task: letters the main thread has laid out, painted here.
const chunkQueue: PrintChunk[] = [];
let wakeChunks: (() => void) | null = null;
async function* chunks(): AsyncGenerator<PrintChunk> {
  for (;;) {
    while (chunkQueue.length === 0) await new Promise<void>((resolve) => (wakeChunks = resolve));
    const chunk = chunkQueue.shift()!;
    port.postMessage({ type: 'chunk-ack' });
    yield chunk;
    if (chunk.last) return;
  }
}

port.on('message', (msg: { task: BatchTask } | { chunk: PrintChunk }) => {
  if ('chunk' in msg) {
    chunkQueue.push(msg.chunk);
    wakeChunks?.();
    wakeChunks = null;
    return;
  }
  const stream = msg.task.kind === 'print' && msg.task.streamed ? chunks() : undefined;
  // Events go in small bundles: a message per one-letter file was a noticeable cost.
  let pending: TaskEvent[] = [];
  const flush = (): void => {
    if (pending.length > 0) port.postMessage({ type: 'events', events: pending });
    pending = [];
  };
  const emit = (event: TaskEvent): void => {
    pending.push(event);
    if (pending.length >= 8) flush();
  };
  runTask(init.setup, init.setupKey, msg.task, emit, () => Atomics.load(flag, 0) === 1, stream)
    .then(() => {
      flush();
      port.postMessage({ type: 'done' });
    })
    .catch((err: unknown) => {
      flush();
      // The code and path travel too: a full disk (ENOSPC, EFBIG) is the user's to fix, not a bug.
      // An InwError's message is for the user and is passed on as it is; any other carries its stack.
      const { code, path } = (err ?? {}) as { code?: string; path?: string };
      const inw = err instanceof Error && err.name === 'InwError';
      port.postMessage({ type: 'error', name: inw ? 'InwError' : undefined, message: err instanceof Error ? (inw ? err.message : (err.stack ?? err.message)) : String(err), code, path });
    });
});
