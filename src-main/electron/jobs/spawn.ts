// How a job process is started. In the app: an Electron utility process (a separate Node
// process, asar-aware); in the browser test bridge: a worker thread. Both speak the same
// messages; the job input is the first message.
import { Worker } from 'node:worker_threads';
import type { ParentMessage, WorkerInput, WorkerMessage } from './spec.js';

export interface JobProcess {
  post(message: ParentMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export type SpawnJob = (workerFile: string, input: WorkerInput) => JobProcess;

export const spawnWorkerThread: SpawnJob = (workerFile, input) => {
  const worker = new Worker(workerFile);
  worker.postMessage({ type: 'start', input } satisfies ParentMessage);
  let exited = false;
  const exitListeners: Array<(code: number) => void> = [];
  const fireExit = (code: number) => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code);
  };
  worker.on('exit', (code) => fireExit(code));
  worker.on('error', () => fireExit(1));
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => void worker.terminate(),
  };
};
