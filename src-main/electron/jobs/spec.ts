// What a job is asked to do, as plain data: it crosses into a worker thread (structured clone),
// so it holds resolved paths and options, never functions or handles.
import type { EncodingChoice, ImportKind } from '../../core/index.js';
import type { FieldMapping, IpcError, JobKind, JobProgress, LettersOutputs, LettersPrint } from '../ipc/contract.js';

export type JobSpec =
  | { kind: 'import'; file: string; importKind: ImportKind; exposure?: string; encoding: EncodingChoice; map: FieldMapping; strict: boolean }
  | { kind: 'classify'; incidentCode: string }
  | { kind: 'letters'; outDir: string; categories?: string[]; personIds?: number[]; outputs: LettersOutputs; draft?: boolean; print?: LettersPrint; letterDate?: string }
  | { kind: 'sheet'; file: string; categories?: string[] }
  | { kind: 'csv'; file: string; category?: string }
  | { kind: 'scan' };

export interface WorkerInput {
  spec: JobSpec;
  dbFile: string;
  migrationsDir?: string;
  fontsDir?: string;
  /** dist/letters/worker.js: the core renders letters in parallel worker threads with it. */
  lettersWorkerFile?: string;
  actor: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: IpcError }
  | { type: 'cancelled'; error: IpcError };

export type ParentMessage = { type: 'start'; input: WorkerInput } | { type: 'cancel' };

export type { JobKind };
