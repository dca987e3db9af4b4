// Display helpers: numbers, sizes, Japan-time dates and category names. No business logic:
// categories come from the core as codes and are shown as marks and the exposures' labels.
// The words themselves (postal-code form, certainty labels, Japan time) are the core's vocabulary.
import { postalMark } from '../src-main/core/vocabulary/postal-code';
import { jstDateOf, jstDateSlashed, jstDateTime as formatJst } from '../src-main/core/vocabulary/japan-time';
const nf = new Intl.NumberFormat('ja-JP');

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : nf.format(n));

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** An ISO instant shown as Japan time (the one formatter the CLI and the reports use too). */
export const jstDateTime = (iso: string | null | undefined): string => (iso ? formatJst(iso, { seconds: true }) : '—');

/** A Japan-local calendar date YYYY-MM-DD shown as YYYY/MM/DD. */
export const jstDate = (d: string | null | undefined): string => (d ? jstDateSlashed(d) : '—');

export const yen = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${nf.format(n)}円`);

export const postal = (p: string | null | undefined): string => (p ? postalMark(p) : (p ?? '—'));

export { categoryMark, categoryTitle, type ExposureInfo } from '../src-main/core/vocabulary/exposures';

/** Today in Japan as YYYY-MM-DD (what a date field starts with). */
export function todayJst(now = new Date()): string {
  return jstDateOf(now.getTime());
}

/** Now in Japan as 2022/03/05 10:30, the way staff write a call's time. */
export function nowJstText(now = new Date()): string {
  return formatJst(now);
}
