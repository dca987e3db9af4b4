// Japan Post's postage and bulk-mail discounts as data staff can edit: the postage per weight
// band, the 区分郵便物 discount tiers and the バーコード付郵便物 discount, each with its conditions,
// dated and with its sources. The edition shipped with the app is japan-post-rates.json (Japan
// Post's published rates of 2024-10-01); staff load a newer table as a JSON file of the same
// shape (`inw mail rates load FILE`, or the app). Each load is a new row of `mail_rates` with an
// audit entry; the newest row is used. Nothing here is a constant of the code.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { InwError } from '../errors.js';
import { strictObject } from '../incident/strict.js';
import { appendAudit } from '../store/audit.js';
import { inTransaction, type TrackingContext } from '../store/context.js';
import type { Db } from '../store/db.js';
import { isIsoDate } from '../text/dates.js';
import bundled from './japan-post-rates.json' with { type: 'json' };

const text = z.string().trim().min(1, '入力してください');
const yen = z.number().int('円は整数で書いてください').nonnegative();
const percent = z.number().min(0).max(100);
const pieces = z.number().int().positive();

export const mailRatesSchema = strictObject({
  title: text,
  /** The day these rates took effect (YYYY-MM-DD). */
  effectiveFrom: z.string().refine(isIsoDate, '日付は YYYY-MM-DD で書いてください'),
  sources: z.array(strictObject({ label: text, url: z.string().trim().optional() })).min(1, '出典を1件以上書いてください'),
  /** How a letter's weight is estimated: sheets of paper plus the envelope. */
  weight: strictObject({ sheetGrams: z.number().positive(), envelopeGrams: z.number().nonnegative(), note: z.string().optional() }),
  /** Weight bands, lightest first; `standard` marks 定形郵便物 (the only kind the barcode discount takes). */
  postage: z.array(strictObject({ name: text, maxGrams: z.number().positive(), yen, standard: z.boolean() })).min(1)
    .refine((bands) => bands.every((b, i) => i === 0 || b.maxGrams > bands[i - 1]!.maxGrams), '重さの区分は軽い順に、上限が増えるように並べてください'),
  discounts: strictObject({
    sorted: strictObject({
      name: text,
      tiers: z.array(strictObject({ minPieces: pieces, percent })).min(1)
        .refine((tiers) => tiers.every((t, i) => i === 0 || t.minPieces > tiers[i - 1]!.minPieces), '割引率の段階は通数の少ない順に並べてください'),
      conditions: z.array(text),
    }),
    barcode: strictObject({ name: text, minPieces: pieces, percent, conditions: z.array(text) }),
  }),
});
export type MailRates = z.output<typeof mailRatesSchema>;

export interface MailRatesInfo {
  rates: MailRates;
  /** true when staff loaded it, false for the table shipped with the app. */
  loaded: boolean;
  loadedAt: string | null;
  actor: string | null;
  file: string | null;
}

/** Checks a rate table; an error names the field (dotted path) and what was expected. */
export function parseMailRates(json: unknown, fileName: string): MailRates {
  const result = mailRatesSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(全体)'}: ${issue.message}`);
  throw new InwError('invalid-mail-rates', `料金表 ${fileName}: ${problems.join('、')}`, { file: fileName });
}

/** The table shipped with the app (Japan Post's published rates, see its `sources`). */
export function bundledMailRates(): MailRates {
  return parseMailRates(structuredClone(bundled), 'japan-post-rates.json');
}

function hasTable(db: Db): boolean {
  return !!db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mail_rates'").get();
}

/** The rate table the database uses: the newest one staff loaded, else the shipped one. */
export function mailRatesFor(db: Db): MailRatesInfo {
  const row = hasTable(db)
    ? db.$client.prepare('SELECT rates, file, loaded_at AS loadedAt, actor FROM mail_rates ORDER BY id DESC LIMIT 1').get() as
      { rates: string; file: string; loadedAt: string; actor: string } | undefined
    : undefined;
  if (!row) return { rates: bundledMailRates(), loaded: false, loadedAt: null, actor: null, file: null };
  return { rates: parseMailRates(JSON.parse(row.rates), row.file), loaded: true, loadedAt: row.loadedAt, actor: row.actor, file: row.file };
}

/** Reads a rate-table file; bad JSON is an error naming the line and column. */
export function readMailRatesFile(file: string): MailRates {
  const name = basename(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new InwError('mail-rates-file', `料金表 ${name} を読めません (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})。`, { file: name });
  }
  return parseMailRatesText(source, name);
}

export function parseMailRatesText(source: string, name: string): MailRates {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    const offset = jsonErrorOffset(source);
    const before = source.slice(0, offset).split('\n');
    const line = before.length;
    const column = before.at(-1)!.length + 1;
    throw new InwError('invalid-mail-rates', `料金表 ${name} ${line}行目 ${column}文字目: JSON として読めません (括弧・引用符・カンマを確かめてください)。`, { file: name, line, column: `${column}文字目` });
  }
  return parseMailRates(json, name);
}

/** Stores a checked rate table; from then on the plan uses it. */
export function saveMailRates(ctx: TrackingContext, rates: MailRates, file: string): MailRatesInfo {
  const now = ctx.now();
  inTransaction(ctx.db, () => {
    const info = ctx.db.$client.prepare('INSERT INTO mail_rates (rates, effective_from, file, loaded_at, actor) VALUES (?, ?, ?, ?, ?)')
      .run(JSON.stringify(rates), rates.effectiveFrom, file, now.toISOString(), ctx.actor);
    appendAudit(ctx.db, {
      at: now, actor: ctx.actor, action: 'mail-rates-load',
      detail: { mailRatesId: Number(info.lastInsertRowid), file, effectiveFrom: rates.effectiveFrom, title: rates.title },
    });
  });
  return mailRatesFor(ctx.db);
}

/**
 * Where JSON.parse gave up: V8 names the position only for some errors, so the shortest prefix
 * that fails for a reason other than ending too early is found by bisection (a prefix of valid
 * JSON only ever fails at its end).
 */
function jsonErrorOffset(source: string): number {
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(source.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/Unexpected end of JSON input|Unterminated string/.test(message)) return false;
      const at = /position (\d+)/.exec(message);
      return !(at && Number(at[1]) >= length);
    }
  };
  let lo = 0;
  let hi = source.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
