// One progress bar over a letter batch's phases, for a screen: the 外字 check fills the first
// CHECK_SHARE of the bar and the letters the rest, so the bar never goes back between phases
// (it used to end the check at 100 % and start the letters at 0 %). Once the letters have run
// long enough to measure, it estimates the time left from their pace so far. Times in ms.
import type { LetterProgress } from './batch.js';

/** The check reads every letter input once; rendering them is the bulk of the batch. */
export const CHECK_SHARE = 0.05;
/** No estimate before the letters have run this long and done this share: early pace misleads. */
const ESTIMATE_AFTER_MS = 3_000;
const ESTIMATE_AFTER_SHARE = 0.02;

export interface OverallProgress {
  /** 0 … 1 over the whole batch, never lower than the previous one. */
  ratio: number;
  /** Estimated time left, when there is enough data. */
  remainingMs: number | null;
}

/** A stateful mapper from the batch's per-phase events to one bar; `now` in ms. */
export function overallLetterProgress(): (p: LetterProgress, now: number) => OverallProgress {
  let shown = 0;
  let renderStart: number | null = null;
  return (p, now) => {
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    let ratio: number;
    let remainingMs: number | null = null;
    if (p.phase === 'check') ratio = CHECK_SHARE * share;
    else if (p.phase === 'done') ratio = 1;
    else {
      renderStart ??= now;
      ratio = CHECK_SHARE + (1 - CHECK_SHARE) * share;
      const elapsed = now - renderStart;
      if (elapsed >= ESTIMATE_AFTER_MS && share >= ESTIMATE_AFTER_SHARE && share < 1) remainingMs = Math.round((elapsed * (1 - share)) / share);
    }
    shown = Math.max(shown, ratio);
    return { ratio: shown, remainingMs };
  };
}
