// One bar over a letter batch's phases: it never goes back from the end of the 外字 check to the
// start of the letters, ends at 100 %, and estimates the time left only once the letters have
// run long enough to measure (issue 18, point 10).
import { describe, expect, it } from 'vitest';
import { overallLetterProgress } from '../../../src-main/core/index.js';
import { CHECK_SHARE } from '../../../src-main/core/letters/progress.js';

describe('overallLetterProgress', () => {
  it('runs the check and the letters on one bar that never goes back, to 100 %', () => {
    const bar = overallLetterProgress();
    const seen = [
      bar({ phase: 'check', done: 0, total: 200, skipped: 0 }, 0),
      bar({ phase: 'check', done: 190, total: 200, skipped: 0 }, 100),
      bar({ phase: 'check', done: 200, total: 200, skipped: 0 }, 200),
      // The letters start at 0 of their own count: the bar stays where the check left it.
      bar({ phase: 'render', done: 0, total: 400, skipped: 0 }, 300),
      bar({ phase: 'render', done: 200, total: 400, skipped: 0 }, 5_300),
      // An event out of order (a slower worker's) does not pull the bar back.
      bar({ phase: 'render', done: 150, total: 400, skipped: 0 }, 5_400),
      bar({ phase: 'render', done: 400, total: 400, skipped: 0 }, 10_300),
      bar({ phase: 'done', done: 400, total: 400, skipped: 0 }, 10_400),
    ].map((p) => p.ratio);
    expect(seen[2]).toBeCloseTo(CHECK_SHARE);
    expect(seen[3]).toBeCloseTo(CHECK_SHARE);
    expect(seen[4]).toBeCloseTo(CHECK_SHARE + (1 - CHECK_SHARE) / 2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(1);
  });

  it('estimates the time left from the letters\' pace, once there is enough to measure', () => {
    const bar = overallLetterProgress();
    expect(bar({ phase: 'check', done: 100, total: 100, skipped: 0 }, 0).remainingMs).toBeNull();
    expect(bar({ phase: 'render', done: 0, total: 1000, skipped: 0 }, 1_000).remainingMs).toBeNull();
    // 1 s in: too early to tell.
    expect(bar({ phase: 'render', done: 100, total: 1000, skipped: 0 }, 2_000).remainingMs).toBeNull();
    // 10 s for a quarter of the letters: about 30 s left.
    expect(bar({ phase: 'render', done: 250, total: 1000, skipped: 0 }, 11_000).remainingMs).toBe(30_000);
    expect(bar({ phase: 'done', done: 1000, total: 1000, skipped: 0 }, 41_000).remainingMs).toBeNull();
  });
});
