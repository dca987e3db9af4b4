// Instants for the demo data. All values are UTC milliseconds; every wall-clock value in
// the generated files is Japan time (UTC+9, no DST), as the processor and the charity write it.

const JST_MS = 9 * 3600_000;
export const DAY_MS = 86_400_000;

/** The instant of a Japan wall-clock time. */
export function jst(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - JST_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY/MM/DD HH:MM:SS` in Japan time, the processor's export format. */
export function jstStamp(ms: number): string {
  const d = new Date(ms + JST_MS);
  return `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** `YYYY/MM/DD` in Japan time. */
export function jstDay(ms: number): string {
  return jstStamp(ms).slice(0, 10);
}

/** A Date whose UTC fields are the Japan wall clock: exceljs writes those fields into the cell. */
export function excelWallClock(ms: number): Date {
  return new Date(ms + JST_MS);
}

/** Japan wall-clock seconds since midnight (0 means exactly 00:00:00). */
export function jstSecondOfDay(ms: number): number {
  return Math.floor(((ms + JST_MS) % DAY_MS) / 1000);
}

// Window bounds (spec §3, metaps-2022), as half-open instant ranges [start, end).
export const TOKEN_START = jst(2021, 10, 14);
export const TOKEN_END = jst(2022, 1, 26);
export const PDB_START = jst(2021, 5, 6);
export const PDB_END = jst(2022, 1, 26);

/** Months of the generated history: index 0 = 2021-01 … 17 = 2022-06. */
export const MONTHS = 18;
export function monthYear(k: number): [number, number] {
  return [2021 + Math.floor(k / 12), (k % 12) + 1];
}
export const SPAN_START = jst(2021, 1, 1);
export const SPAN_END = jst(2022, 7, 1);
