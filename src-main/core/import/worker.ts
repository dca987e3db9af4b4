// Worker thread for imports: reads and normalises the file (import/read.ts) and posts batches
// to the importing thread, which writes them. At most a few batches are in flight, so a slow
// disk write never lets parsed rows pile up in memory.
import { parentPort, workerData } from 'node:worker_threads';
import { readImportBatches, type ReadParams } from './read.js';

const MAX_IN_FLIGHT = 2;

if (!parentPort) throw new Error('import worker must run in a worker thread');
const port = parentPort;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (message: { type: 'ack' }) => {
  if (message.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});

try {
  for await (const event of readImportBatches(workerData as ReadParams)) {
    port.postMessage(event);
    if (event.type === 'batch' && ++inFlight >= MAX_IN_FLIGHT) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
} catch (error) {
  const e = error as Error & { code?: string; location?: unknown };
  port.postMessage({ type: 'error', name: e.name, code: e.code, message: e.message, location: e.location });
}
port.close();
