// Display helpers: numbers, sizes, Japan-time dates and category names. No business logic:
// categories come from the core as codes; this only turns them into marks (①, ②, ①+②).
// The words themselves (postal-code form, certainty labels) are the core's vocabulary.
import { NO_CATEGORY } from '../src-main/core/vocabulary/exposures';
import { postalMark } from '../src-main/core/vocabulary/postal-code';
const nf = new Intl.NumberFormat('ja-JP');

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : nf.format(n));

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const jst = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** An ISO instant shown as Japan time. */
export const jstDateTime = (iso: string | null | undefined): string => (iso ? jst.format(new Date(iso)) : '—');

/** A Japan-local calendar date YYYY-MM-DD shown as YYYY/MM/DD. */
export const jstDate = (d: string | null | undefined): string => (d ? d.replace(/-/g, '/') : '—');

export const yen = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${nf.format(n)}円`);

export const postal = (p: string | null | undefined): string => (p ? postalMark(p) : (p ?? '—'));

const MARKS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧'];

export interface ExposureInfo {
  code: string;
  label: string;
}

/** token-db+payment-db → ①+② (marks in definition order). */
export function categoryMark(category: string, exposures: readonly ExposureInfo[]): string {
  if (category === NO_CATEGORY) return '対象外';
  return category
    .split('+')
    .map((code) => {
      const i = exposures.findIndex((e) => e.code === code);
      return i >= 0 ? (MARKS[i] ?? code) : code;
    })
    .join('+');
}

export function categoryTitle(category: string, exposures: readonly ExposureInfo[]): string {
  if (category === NO_CATEGORY) return '対象外 (該当なし)';
  return `${categoryMark(category, exposures)} ${category}`;
}

const jstParts = (d: Date) =>
  Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((p) => [p.type, p.value]));

/** Today in Japan as YYYY-MM-DD (the value of an <input type="date">). */
export function todayJst(now = new Date()): string {
  const p = jstParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Now in Japan as 2022/03/05 10:30, the way staff write a call's time. */
export function nowJstText(now = new Date()): string {
  const p = jstParts(now);
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}
