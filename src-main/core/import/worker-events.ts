// The importing thread's side of the import worker (import/worker.ts): the worker's messages as
// the same read events `readImportBatches` yields, each batch acknowledged once it has been
// taken so the worker reads ahead only a few batches.
import { Worker } from 'node:worker_threads';
import { InwError } from '../errors.js';
import type { ReadEvent, ReadParams } from './read.js';

type WorkerMessage = ReadEvent | { type: 'error'; name: string; code?: string; message: string; location?: never } | { type: 'exit' };

/** Read events from a worker thread, with the worker's errors rethrown here. */
export async function* workerEvents(script: string, params: ReadParams, signal?: AbortSignal): AsyncGenerator<ReadEvent> {
  const worker = new Worker(script, { workerData: params });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const push = (item: WorkerMessage) => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ type: 'error', name: error.name, message: error.message }));
  worker.on('exit', () => push({ type: 'exit' }));
  try {
    for (;;) {
      signal?.throwIfAborted();
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (item.type === 'exit') throw new InwError('import-failed', '取込の処理スレッドが途中で終了しました。');
      if (item.type === 'error') {
        if (item.name === 'AbortError') signal?.throwIfAborted();
        throw item.code ? new InwError(item.code, item.message, item.location) : new InwError('import-failed', item.message);
      }
      yield item;
      if (item.type === 'batch') worker.postMessage({ type: 'ack' });
      if (item.type === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}
