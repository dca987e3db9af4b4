// Worker thread: linkStats() over its own read-only connection. Started by classify() after it
// holds the write lock, so the snapshot it reads is the state being classified.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { linkStats } from './stats.js';

const client = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
try {
  parentPort!.postMessage(linkStats(client));
} finally {
  client.close();
}
