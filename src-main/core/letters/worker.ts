// Worker-thread entry for letter batches (bundled to dist/letters/worker.js). It loads the
// font once, then runs the tasks the main thread posts, one at a time. Cancellation comes
// through a shared flag so it is seen between letters without waiting for a message.
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchTask, TaskSetup } from './batch-task.js';
import { runTask } from './batch-task.js';

interface WorkerInit {
  setup: TaskSetup;
  setupKey: string;
  cancelFlag: SharedArrayBuffer;
}

const port = parentPort;
if (!port) throw new Error('letters worker must run in a worker thread');
const init = workerData as WorkerInit;
const flag = new Int32Array(init.cancelFlag);

port.on('message', (msg: { task: BatchTask }) => {
  runTask(init.setup, init.setupKey, msg.task, (event) => port.postMessage({ type: 'event', event }), () => Atomics.load(flag, 0) === 1)
    .then(() => port.postMessage({ type: 'done' }))
    .catch((err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
