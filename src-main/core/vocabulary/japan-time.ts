// Time as staff read it: Japan time (UTC+9, no DST) everywhere a person sees a date or an
// instant — the app, the CLI's human output, the reports and the letters. Instants are stored in
// UTC (ISO 8601); calendar dates are Japan-local YYYY-MM-DD. This file is the one formatter;
// core/text/dates.ts (the parser) re-exports it. This folder imports nothing (the renderer bundles it).

export const JST_OFFSET_MS = 9 * 3600_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** A real calendar date written YYYY-MM-DD (2021-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Japan-local calendar date of an instant. */
export function jstDateOf(instantMs: number): string {
  const d = new Date(instantMs + JST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function instantMsOf(instant: number | string | Date): number {
  if (typeof instant === 'number') return instant;
  return typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}

/**
 * An instant in Japan time, `2026/12/02 02:31` (with `seconds`, `2026/12/02 02:31:32`): the one
 * way an instant is shown to staff. A stored ISO string (2026-12-01T17:31:32.308Z), epoch
 * milliseconds or a Date; an unreadable value is given back as it is.
 */
export function jstDateTime(instant: number | string | Date, options: { seconds?: boolean } = {}): string {
  const ms = instantMsOf(instant);
  if (Number.isNaN(ms)) return String(instant);
  const d = new Date(ms + JST_OFFSET_MS);
  const minutes = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return options.seconds ? `${minutes}:${pad(d.getUTCSeconds())}` : minutes;
}

/** A Japan-local date (YYYY-MM-DD) as staff write it: 2026/12/02. */
export function jstDateSlashed(jstDate: string): string {
  return jstDate.replace(/-/g, '/');
}

const ERA_TABLE: Array<{ name: string; start: string; base: number }> = [
  { name: '令和', start: '2019-05-01', base: 2018 },
  { name: '平成', start: '1989-01-08', base: 1988 },
  { name: '昭和', start: '1926-12-25', base: 1925 },
];

/** A Japan-local date (YYYY-MM-DD) in the Japanese era: 令和4年3月1日 (元年 for year 1). */
export function japaneseEraDate(jstDate: string): string {
  const [y, m, d] = jstDate.split('-').map(Number) as [number, number, number];
  const era = ERA_TABLE.find((e) => jstDate >= e.start);
  if (!era) return `${y}年${m}月${d}日`;
  const year = y - era.base;
  return `${era.name}${year === 1 ? '元' : year}年${m}月${d}日`;
}

/** A Japan-local date as YYYY年M月D日. */
export function westernKanjiDate(jstDate: string): string {
  const [y, m, d] = jstDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * A date as staff type it in the app's date fields: 2026-12-01 or 2026/12/1, 2026年12月1日,
 * full-width digits and separators folded. YYYY-MM-DD, or null when it is not a real date.
 */
export function normalizeTypedDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const date = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  return isIsoDate(date) ? date : null;
}

/** The letter date (発行日) is typed like every other date. */
export const normalizeLetterDate = normalizeTypedDate;

/** What an empty date field shows: the form dates are typed in, as the messages below ask for it. */
export const DATE_INPUT_HINT = '年-月-日 (例: 2026-12-01)';

/** Why a typed date (named `what`, e.g. 発送日) cannot be used; null when it can or nothing is typed. */
export function typedDateProblem(what: string, text: string): string | null {
  if (text.trim() === '' || normalizeTypedDate(text) !== null) return null;
  return `${what}「${text}」は日付として読めません。2026-12-01 のように 年-月-日 で、実在する日付を入力してください。`;
}

/** Why a typed letter date cannot be used, in the words the app and the CLI show; null when it can. */
export function letterDateProblem(text: string): string | null {
  if (text.trim() === '') return '発行日を入力してください (例: 2026-12-01)。';
  return typedDateProblem('発行日', text);
}

/** The letter date as the letter prints it, with the western year beside: 令和8年12月1日 (2026年12月1日). */
export function letterDateText(jstDate: string): string {
  return `${japaneseEraDate(jstDate)} (${westernKanjiDate(jstDate)})`;
}
