// Child process for the memory test (and usable by the benchmark): writes a contact sheet
// whose 未照合 sheet has N rows from a generator, then prints one JSON line with the time,
// the peak RSS (getrusage) and the RSS after a quarter of the rows, to show the slope.
// Usage (after bundling): node stream-memory-child.mjs N OUT.xlsx
import { writeContactSheet } from '../../../src-main/core/sheets/contact-sheet.js';
import { makeInput, unmatchedRows } from './fixtures.js';

const n = Number(process.argv[2] ?? 460_000);
const out = process.argv[3] ?? 'stream-memory.xlsx';
const input = makeInput({ 'token-db': 5, 'payment-db': 1 }, n);
input.unmatched = unmatchedRows(n);

let rssAtQuarterMB: number | null = null;
const started = performance.now();
const result = await writeContactSheet(out, input, {
  onProgress: (done) => {
    if (rssAtQuarterMB === null && done >= n / 4) rssAtQuarterMB = process.memoryUsage().rss / 2 ** 20;
  },
});
const seconds = (performance.now() - started) / 1000;
const rssEndMB = process.memoryUsage().rss / 2 ** 20;
process.stdout.write(
  JSON.stringify({
    n,
    rows: result.rows['未照合'],
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    rssAtQuarterMB,
    rssEndMB,
  }) + '\n',
);
