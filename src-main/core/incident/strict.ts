// Objects of an incident definition refuse keys they do not know: a misspelt `contactdesk` would
// otherwise be dropped silently and the letters go out without a contact desk. The message
// names the key and the nearest valid one, so staff editing the JSON by hand can fix it.
import { z } from 'zod';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The valid key a misspelt one most likely meant, or null when none is close. */
export function nearestKey(key: string, valid: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

export function unknownKeysMessage(keys: readonly string[], valid: readonly string[]): string {
  return keys
    .map((key) => {
      const near = nearestKey(key, valid);
      return near ? `不明な項目「${key}」（「${near}」の誤りではありませんか）` : `不明な項目「${key}」（使える項目: ${valid.join(', ')}）`;
    })
    .join('、');
}

/** z.strictObject whose unknown-key error is the Japanese message above. */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const valid = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, valid) : undefined),
  });
}
