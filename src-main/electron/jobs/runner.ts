// Long jobs (imports, classification, letters, sheets) run off the UI thread — an Electron
// utility process in the app, a worker thread in the test bridge — each with its own database
// connection (WAL lets the UI keep reading). Lifecycle, after Beekeeper Studio: start →
// progress events by job ID (throttled in the job) → exactly one final event. Cancel aborts the
// job's signal (the core rolls back / deletes partial files); a job that does not stop within
// the grace period is killed, which rolls its transaction back as well.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InwError } from '../../core/index.js';
import type { JobEvent } from '../ipc/contract.js';
import type { JobSpec, WorkerInput } from './spec.js';
import { spawnWorkerThread, type JobProcess, type SpawnJob } from './spawn.js';

export interface JobRunnerOptions {
  /** The bundled job entry (dist/electron/job-worker.js). */
  workerFile: string;
  dbFile: string;
  migrationsDir?: string;
  fontsDir?: string;
  lettersWorkerFile?: string;
  actor: string;
  /** Every event of every job (the host forwards them to the renderer). */
  emit: (event: JobEvent) => void;
  spawn?: SpawnJob;
  cancelGraceMs?: number;
}

interface Running {
  process: JobProcess;
  event: JobEvent;
  cancelTimer: NodeJS.Timeout | null;
}

export class JobRunner {
  private readonly running = new Map<string, Running>();
  private readonly finished: JobEvent[] = [];

  constructor(private readonly options: JobRunnerOptions) {}

  start(spec: JobSpec): string {
    if (!existsSync(this.options.workerFile)) {
      throw new InwError('worker-missing', `処理用のプログラム (${this.options.workerFile}) がありません。npm run build を実行してください。`);
    }
    // One writing job at a time: SQLite serialises writes anyway; a second import would only wait.
    if (spec.kind !== 'letters' && [...this.running.values()].some((j) => j.event.kind !== 'letters')) {
      throw new InwError('job-busy', '別の処理を実行中です。終わってからもう一度お試しください。');
    }
    const jobId = randomUUID();
    const input: WorkerInput = {
      spec,
      dbFile: this.options.dbFile,
      migrationsDir: this.options.migrationsDir,
      fontsDir: this.options.fontsDir,
      lettersWorkerFile: this.options.lettersWorkerFile,
      actor: this.options.actor,
    };
    const child = (this.options.spawn ?? spawnWorkerThread)(this.options.workerFile, input);
    const job: Running = { process: child, event: { jobId, kind: spec.kind, state: 'running', progress: null }, cancelTimer: null };
    this.running.set(jobId, job);
    this.options.emit({ ...job.event });
    child.onMessage((message) => {
      switch (message.type) {
        case 'progress':
          if (!this.running.has(jobId)) return;
          job.event = { ...job.event, progress: message.progress };
          this.options.emit({ ...job.event });
          break;
        case 'done':
          this.settle(jobId, { ...job.event, state: 'done', result: message.result });
          break;
        case 'failed':
          this.settle(jobId, { ...job.event, state: 'failed', error: message.error });
          break;
        case 'cancelled':
          this.settle(jobId, { ...job.event, state: 'cancelled', error: message.error });
          break;
      }
    });
    child.onExit(() => {
      if (!this.running.has(jobId)) return;
      this.settle(jobId, job.cancelTimer !== null
        ? { ...job.event, state: 'cancelled', error: { code: 'cancelled', message: '処理を取り消しました。' } }
        : { ...job.event, state: 'failed', error: { code: 'internal', message: '処理が途中で異常終了しました。' } });
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    if (job.cancelTimer === null) {
      job.process.post({ type: 'cancel' });
      job.cancelTimer = setTimeout(() => job.process.kill(), this.options.cancelGraceMs ?? 10_000);
    }
    return true;
  }

  /** Running jobs and the last finished ones (a reloaded renderer resynchronises from this). */
  list(): JobEvent[] {
    return [...[...this.running.values()].map((j) => j.event), ...this.finished.slice(-20)];
  }

  shutdown(): void {
    for (const job of this.running.values()) job.process.kill();
    this.running.clear();
  }

  private settle(jobId: string, final: JobEvent): void {
    const job = this.running.get(jobId);
    if (!job) return;
    this.running.delete(jobId);
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    this.finished.push(final);
    if (this.finished.length > 50) this.finished.shift();
    this.options.emit(final);
  }
}
