// Small data hooks: load a value from the contract (with reload), and follow a job by ID.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobEvent } from '../../src-main/electron/ipc/contract';
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

export interface JobHandle {
  event: JobEvent | null;
  error: string | null;
  running: boolean;
  start: (begin: () => Promise<{ jobId: string }>) => Promise<void>;
  cancel: () => void;
  reset: () => void;
}

/** Starts a job and follows its events until the one final event. */
export function useJob(onFinished?: (event: JobEvent) => void): JobHandle {
  const [event, setEvent] = useState<JobEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobId = useRef<string | null>(null);
  const reported = useRef<string | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const handle = useCallback((e: JobEvent) => {
    if (e.jobId !== jobId.current || reported.current === e.jobId) return;
    setEvent(e);
    if (e.state !== 'running') {
      reported.current = e.jobId;
      finished.current?.(e);
    }
  }, []);
  useEffect(() => onJobEvent(handle), [handle]);
  const start = useCallback(async (begin: () => Promise<{ jobId: string }>) => {
    setError(null);
    setEvent(null);
    try {
      const { jobId: id } = await begin();
      jobId.current = id;
      setEvent((current) => current ?? { jobId: id, kind: 'import', state: 'running', progress: null });
      // Events sent before we knew the ID: pick up the state from the job list.
      const jobs = await call('jobs:list');
      const known = jobs.filter((j) => j.jobId === id).at(-1);
      if (known && known.state !== 'running') handle(known);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  const cancel = useCallback(() => {
    if (jobId.current) void call('jobs:cancel', { jobId: jobId.current });
  }, []);
  const reset = useCallback(() => {
    jobId.current = null;
    setEvent(null);
    setError(null);
  }, []);
  return { event, error, running: event?.state === 'running', start, cancel, reset };
}
