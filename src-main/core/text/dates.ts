// The one date parser. Instants are UTC; calendar dates are Japan-local (UTC+9, no DST).
// A value without an offset is Japan wall-clock time (spec §2).
import { digitsAt } from './digits.js';
import { nfkc } from './normalize.js';
import { JST_OFFSET_MS, daysInMonth, jstDateOf } from '../vocabulary/japan-time.js';

// The formatters live in vocabulary/ (the renderer bundles them); the core reads them from here too.
export {
  JST_OFFSET_MS, isIsoDate, japaneseEraDate, jstDateOf, jstDateTime, letterDateProblem, letterDateText, normalizeLetterDate, westernKanjiDate,
} from '../vocabulary/japan-time.js';

export interface ParsedDate {
  /** Milliseconds since the epoch (UTC). */
  instantMs: number;
  /** Japan-local calendar date, YYYY-MM-DD. */
  jstDate: string;
  /** False when the source gave only a date (compared by date alone). */
  hasTime: boolean;
}

const ERAS: Record<string, number> = {
  明治: 1867, 大正: 1911, 昭和: 1925, 平成: 1988, 令和: 2018,
  M: 1867, T: 1911, S: 1925, H: 1988, R: 2018,
};

const TIME = String.raw`(?:[ T]+(\d{1,2})[:時](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d{1,9}))?秒?)?)?`;
const WESTERN = new RegExp(String.raw`^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})${TIME}$`);
const KANJI = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日${TIME}$`);
const ERA_KANJI = new RegExp(String.raw`^(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日${TIME}$`);
const ERA_SHORT = new RegExp(String.raw`^([MTSHR])(\d{1,2}|元)[./\-](\d{1,2})[./\-](\d{1,2})${TIME}$`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
const ISO_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function wallClock(
  year: number, month: number, day: number,
  hour: number, minute: number, second: number, ms: number, offsetMs: number, hasTime: boolean,
): ParsedDate | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const instantMs = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
  return { instantMs, jstDate: jstDateOf(instantMs), hasTime };
}

function fraction(digits: string | undefined): number {
  return digits ? Math.round(Number(`0.${digits}`) * 1000) : 0;
}

function fromGroups(year: number, m: RegExpMatchArray, at: number): ParsedDate | null {
  const hasTime = m[at + 3] !== undefined;
  return wallClock(
    year, Number(m[at + 1]), Number(m[at + 2]),
    Number(m[at + 3] ?? 0), Number(m[at + 4] ?? 0), Number(m[at + 5] ?? 0), fraction(m[at + 6]),
    JST_OFFSET_MS, hasTime,
  );
}

/** Fast path for the processors' usual `YYYY/MM/DD HH:MM[:SS]` (or with '-'), ASCII only. */
function parseCommonForm(text: string): ParsedDate | null | undefined {
  const len = text.length;
  if (len !== 10 && len !== 16 && len !== 19) return undefined;
  const sep = text.charCodeAt(4);
  if ((sep !== 47 && sep !== 45) || text.charCodeAt(7) !== sep) return undefined;
  if (len > 10 && (text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || (len === 19 && text.charCodeAt(16) !== 58))) return undefined;
  const num = (from: number, to: number): number => digitsAt(text, from, to);
  const y = num(0, 4), mo = num(5, 7), d = num(8, 10);
  const h = len > 10 ? num(11, 13) : 0, mi = len > 10 ? num(14, 16) : 0, s = len === 19 ? num(17, 19) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  return wallClock(y, mo, d, h, mi, s, 0, JST_OFFSET_MS, len > 10);
}

/** Parses every date form of spec §2. Returns null when the text is not a valid date. */
export function parseDate(raw: string): ParsedDate | null {
  const common = parseCommonForm(raw);
  if (common !== undefined) return common;
  const text = nfkc(raw).trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  let m = ISO_OFFSET.exec(text);
  if (m) {
    const zone = m[8]!;
    let offsetMs = 0;
    if (zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offsetMs = sign * (Number(digits.slice(0, 2)) * 3600_000 + Number(digits.slice(2)) * 60_000);
    }
    return wallClock(
      Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0),
      fraction(m[7]), offsetMs, true,
    );
  }
  if ((m = WESTERN.exec(text)) || (m = KANJI.exec(text))) {
    return fromGroups(Number(m[1]), m, 1);
  }
  if ((m = ERA_KANJI.exec(text)) || (m = ERA_SHORT.exec(text))) {
    const base = ERAS[m[1]!.toUpperCase()] ?? ERAS[m[1]!];
    if (base === undefined) return null;
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    if (eraYear < 1) return null;
    return fromGroups(base + eraYear, m, 2);
  }
  if ((m = COMPACT.exec(text))) {
    const hasTime = m[4] !== undefined;
    return wallClock(
      Number(m[1]), Number(m[2]), Number(m[3]),
      Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, JST_OFFSET_MS, hasTime,
    );
  }
  return null;
}

/**
 * An XLSX date cell. exceljs turns the serial into a Date whose UTC fields are the cell's
 * wall-clock value; the spec says that wall clock is Japan time.
 */
export function fromExcelWallClock(cell: Date): ParsedDate | null {
  const ms = cell.getTime();
  if (Number.isNaN(ms)) return null;
  // Excel stores seconds as a fraction of a day; round away the binary noise.
  const rounded = Math.round(ms / 1000) * 1000;
  const wall = new Date(rounded);
  const hasTime = wall.getUTCHours() !== 0 || wall.getUTCMinutes() !== 0 || wall.getUTCSeconds() !== 0;
  const instantMs = rounded - JST_OFFSET_MS;
  return { instantMs, jstDate: jstDateOf(instantMs), hasTime };
}

const DAY_MS = 86400_000;
const isoDayCache = new Map<number, string>();

/** ISO 8601 UTC with seconds, the stored form of an instant. Called per imported row: the
 * calendar part is cached per day because Date#toISOString was a tenth of the import's time. */
export function isoUtc(instantMs: number): string {
  const seconds = Math.floor(instantMs / 1000);
  const day = Math.floor(seconds / 86400);
  let prefix = isoDayCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (isoDayCache.size > 50_000) isoDayCache.clear();
    isoDayCache.set(day, prefix);
  }
  const rest = seconds - day * 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  return `${prefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}Z`;
}
