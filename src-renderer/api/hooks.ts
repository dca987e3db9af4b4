// Small data hooks: load a value from the contract (with reload), and follow a job by ID.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileRef, JobEvent, JobKind, JobResults, OpenPurpose } from '../../src-main/electron/ipc/contract';
import { call, errorMessage, onJobEvent } from './client';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // The caller names the dependencies of its own loader (deps), as with useEffect.
  }, [...deps, tick]);
  return { data, error, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export interface JobHandle<K extends JobKind> {
  event: JobEvent | null;
  /** What the job produced, once it is done. */
  result: JobResults[K] | null;
  error: string | null;
  running: boolean;
  start: (begin: () => Promise<{ jobId: string }>) => Promise<void>;
  cancel: () => void;
  reset: () => void;
}

/** Starts a job and follows its events until the one final event. */
export function useJob<K extends JobKind>(kind: K, onFinished?: (event: JobEvent) => void): JobHandle<K> {
  const [event, setEvent] = useState<JobEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobId = useRef<string | null>(null);
  const reported = useRef<string | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const handle = useCallback((e: JobEvent) => {
    if (e.jobId !== jobId.current || e.kind !== kind || reported.current === e.jobId) return;
    setEvent(e);
    if (e.state !== 'running') {
      reported.current = e.jobId;
      finished.current?.(e);
    }
  }, [kind]);
  useEffect(() => onJobEvent(handle), [handle]);
  const start = useCallback(async (begin: () => Promise<{ jobId: string }>) => {
    setError(null);
    setEvent(null);
    try {
      const { jobId: id } = await begin();
      jobId.current = id;
      setEvent((current) => current ?? { jobId: id, kind, state: 'running', progress: null });
      // Events sent before we knew the ID: pick up the state from the job list.
      const jobs = await call('jobs:list');
      const known = jobs.filter((j) => j.jobId === id).at(-1);
      if (known && known.state !== 'running') handle(known);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [kind, handle]);
  const cancel = useCallback(() => {
    if (jobId.current) void call('jobs:cancel', { jobId: jobId.current });
  }, []);
  const reset = useCallback(() => {
    jobId.current = null;
    setEvent(null);
    setError(null);
  }, []);
  // The worker is compiled against JobResults and the event was checked to be of this kind.
  const result = event?.state === 'done' ? ((event.result ?? null) as JobResults[K] | null) : null;
  return { event, result, error, running: event?.state === 'running', start, cancel, reset };
}

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs one contract call (or a few) with busy/error state; resolves to undefined on failure. */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
}

/** A form's submit: one at a time, the error kept for the form to show beside its fields. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(null), []) };
}

export interface CheckedFile<R> {
  file: FileRef | null;
  /** The last result: the dry run's preview, then the commit's outcome. */
  result: R | null;
  action: Action;
  /** Opens the dialog and checks the chosen file without changing anything. */
  choose: () => Promise<void>;
  /** Applies the checked file; the result replaces the preview. */
  commit: () => Promise<R | undefined>;
}

/** Preview, then commit: a file is first checked with `dryRun: true`, applied only on request. */
export function useCheckedFile<R>(purpose: OpenPurpose, check: (file: string, dryRun: boolean) => Promise<R>): CheckedFile<R> {
  const [file, setFile] = useState<FileRef | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const action = useAction();
  const choose = async () => {
    setResult(null);
    const ref = await action.run(() => call('dialog:openFile', { purpose }));
    if (!ref) return;
    setFile(ref);
    const preview = await action.run(() => check(ref.id, true));
    if (preview !== undefined) setResult(preview);
  };
  const commit = async () => {
    if (!file) return undefined;
    const applied = await action.run(() => check(file.id, false));
    if (applied !== undefined) setResult(applied);
    return applied;
  };
  return { file, result, action, choose, commit };
}
