// Reading a run of ASCII digits in place, without slicing a string for Number(): the hot paths
// (a worksheet's millions of cells, the processors' usual date form) read digits this way.

/** The value of text[from, to) when it is 1 to 15 ASCII digits (so exact as a double), else -1. */
export function digitsAt(text: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
