// Cell-value helpers shared by the workbook and CSV writers.
// Dates: Excel has no time zone, it shows the wall clock stored in the serial number, and
// exceljs turns a Date into a serial from its UTC fields. So a Japan calendar date becomes
// UTC midnight of that date, and an instant becomes its Japan wall clock expressed in UTC.
// Card data: nothing beyond the last 4 digits leaves through these helpers.
import { maskCardNumbers } from '../text/card.js';
import { JST_OFFSET_MS } from '../text/dates.js';
import { nfkc } from '../text/normalize.js';

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Japan-local YYYY-MM-DD as a Date whose UTC fields are that date (for Excel). */
export function excelDate(jstDate: string | null | undefined): Date | null {
  if (jstDate == null) return null;
  const m = YMD.exec(jstDate);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant as a Date whose UTC fields are Japan's wall clock at that instant (for Excel). */
export function excelJstDateTime(instant: string | Date): Date | null {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(ms) ? null : new Date(ms + JST_OFFSET_MS);
}

/** YYYY-MM-DD → YYYY/MM/DD for text exports; anything else unchanged. */
export function slashDate(jstDate: string | null | undefined): string {
  if (jstDate == null) return '';
  return YMD.test(jstDate) ? jstDate.replace(/-/g, '/') : jstDate;
}

/** Last 4 digits of whatever the caller gave (a full number would be cut here, not shown). */
export function last4(value: string | null | undefined): string | null {
  if (value == null) return null;
  const digits = nfkc(value).replace(/\D/g, '');
  return digits === '' ? null : digits.slice(-4);
}

/** Card endings as text: "1234、5678". */
export function cardEndingsText(endings: readonly string[]): string | null {
  const list = [...new Set(endings.map(last4).filter((d): d is string => d !== null))];
  return list.length ? list.join('、') : null;
}

/** Free text with any full card number masked to its last 4 (the one masker, text/card.ts). */
export function safeText(value: string | null | undefined, identifier = false): string | null {
  if (value == null) return null;
  return maskCardNumbers(value, identifier ? 'identifier' : 'text').value;
}

/**
 * Display width in Excel column units: East Asian wide and full-width characters count 2,
 * others 1. Only an estimate for widths; Excel's own measure depends on the font.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2460 && c <= 0x24ff) || // ① … shown wide in Japanese fonts
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
