// An incident is data, not code (spec §3): JSON validated on load. Exposures name their items
// per payment method, their certainty and their rule; nothing about "card" is hard-coded.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { InwError } from '../errors.js';
import { methodClassOf } from '../import/rows.js';
import { METAPS_2022 } from './presets.js';
import {
  contactDeskSchema, letterSettingsSchema, organisationSchema, validateLetterTemplates,
  type ContactDesk, type Organisation,
} from '../letters/incident-letter-schema.js';

/** Stands in for an unfilled sender while templates are checked: every optional field present. */
const TEMPLATE_CHECK_ORGANISATION: Organisation = {
  name: '差出人', postalCode: '1000001', address: '住所', address2: '建物', representativeTitle: '代表', representativeName: '氏名', phone: '0000',
};
const TEMPLATE_CHECK_CONTACT: ContactDesk = { name: '窓口', phone: '0120', hours: '平日', email: 'desk@example.org' };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で書いてください');
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, '英小文字・数字・ハイフンで書いてください');
const period = z.object({ from: isoDate, to: isoDate }).refine((p) => p.from <= p.to, '開始日が終了日より後です');

const windowRule = z.object({
  type: z.literal('window'),
  /** Payment methods as written or 'card' for every card synonym. */
  methods: z.array(z.string().min(1)).min(1),
  from: isoDate,
  to: isoDate,
  /** Only these statuses; omitted = whatever the status (declined payments sent card data too). */
  statuses: z.array(z.string().min(1)).optional(),
}).refine((r) => r.from <= r.to, '開始日が終了日より後です');

const confirmedListRule = z.object({
  type: z.literal('confirmed-list'),
  methods: z.array(z.string().min(1)).optional(),
  /** The period the list should fall in: a listed payment outside it still counts, with a warning. */
  window: period.optional(),
});

export const exposureSchema = z.object({
  code,
  label: z.string().min(1),
  certainty: z.enum(['possible', 'confirmed']),
  /** Leaked items per payment method ('card', a method as written, or '*' for any other). */
  items: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  rule: z.discriminatedUnion('type', [windowRule, confirmedListRule]),
});

export const statedCountSchema = z.object({
  count: z.number().int().nonnegative(),
  kind: z.enum(['max', 'exact']),
  unit: z.enum(['persons', 'payments']),
  note: z.string().optional(),
});

export const incidentSchema = z.object({
  code,
  title: z.string().min(1),
  processor: z.string().min(1),
  description: z.string().optional(),
  breachPeriod: period.optional(),
  exposures: z.array(exposureSchema).min(1).max(8),
  /** The figures the processor or the incident states, for reconciliation (spec §7). */
  statedCounts: z.record(z.string(), statedCountSchema).optional(),
  /** Sender of the letters; the user fills it in (the preset has none, letters are drafts without it). */
  organisation: organisationSchema.optional(),
  contactDesk: contactDeskSchema.optional(),
  /** Letter wording and layout; templates are checked here, at load, never blank on paper. */
  letter: letterSettingsSchema.optional(),
}).superRefine((incident, ctx) => {
  const codes = incident.exposures.map((e) => e.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: ['exposures', i, 'code'], message: `露出コード ${c} が重複しています` });
  });
  if (incident.letter) {
    const issues = validateLetterTemplates(incident.letter, {
      organisation: incident.organisation ?? TEMPLATE_CHECK_ORGANISATION,
      contactDesk: incident.contactDesk ?? TEMPLATE_CHECK_CONTACT,
      exposures: incident.exposures.map((e) => ({ code: e.code, window: e.rule.type === 'window' ? { from: e.rule.from, to: e.rule.to } : (e.rule.window ?? null) })),
    });
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.template.split(/[.[\]]+/).filter(Boolean), message: issue.message });
  }
  for (const key of Object.keys(incident.statedCounts ?? {})) {
    if (!codes.includes(key)) ctx.addIssue({ code: 'custom', path: ['statedCounts', key], message: `露出 ${key} は定義されていません` });
  }
});

export type Incident = z.infer<typeof incidentSchema>;
export type Exposure = z.infer<typeof exposureSchema>;

export const PRESETS: Record<string, unknown> = { 'metaps-2022': METAPS_2022 };

export function parseIncident(value: unknown, source: string): Incident {
  const result = incidentSchema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues
      .slice(0, 8)
      .map((issue) => `${issue.path.join('.') || '(全体)'}: ${issue.message}`)
      .join(' / ');
    throw new InwError('invalid-incident', `事案定義 ${source} が正しくありません: ${details}`, { file: source });
  }
  return result.data;
}

/** A preset name (metaps-2022) or a path to a JSON file. */
export function loadIncident(nameOrFile: string): Incident {
  const preset = PRESETS[nameOrFile];
  if (preset !== undefined) return parseIncident(structuredClone(preset), nameOrFile);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(nameOrFile, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `ファイルがありません (プリセット: ${Object.keys(PRESETS).join(', ')})`
      : `JSON として読めません (${(error as Error).message})`;
    throw new InwError('invalid-incident', `事案定義 ${nameOrFile}: ${reason}`, { file: basename(nameOrFile) });
  }
  return parseIncident(json, basename(nameOrFile));
}

/** The exposures in a mask (bit i = exposure i), in definition order. */
export function exposuresIn(incident: Incident, mask: number): Exposure[] {
  return incident.exposures.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Category code of a set of exposures (bit i = exposure i), in definition order (spec §5). */
export function categoryOf(incident: Incident, mask: number): string {
  if (mask === 0) return 'none';
  return exposuresIn(incident, mask).map((e) => e.code).join('+');
}

/** Every category an incident can produce, `none` last. */
export function allCategories(incident: Incident): Array<{ code: string; mask: number }> {
  const out: Array<{ code: string; mask: number }> = [];
  const n = incident.exposures.length;
  // Single exposures first, then combinations, in definition order.
  const masks = Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => bitCount(a) - bitCount(b) || a - b);
  for (const mask of masks) out.push({ code: categoryOf(incident, mask), mask });
  out.push({ code: 'none', mask: 0 });
  return out;
}

export function maskOfCategory(incident: Incident, category: string): number | null {
  if (category === 'none') return 0;
  let mask = 0;
  for (const part of category.split('+')) {
    const index = incident.exposures.findIndex((e) => e.code === part);
    if (index < 0) return null;
    mask |= 1 << index;
  }
  return mask;
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

/** Methods of a rule folded the way payments' method_class is stored. */
export function ruleMethodClasses(methods: string[]): string[] {
  return [...new Set(methods.map((m) => methodClassOf(m)!))];
}

/** Items leaked for a payment method under an exposure ('*' covers other methods). */
export function itemsFor(exposure: Exposure, methodClass: string | null): string[] {
  if (methodClass !== null) {
    for (const [method, items] of Object.entries(exposure.items)) {
      if (method !== '*' && methodClassOf(method) === methodClass) return items;
    }
  }
  return exposure.items['*'] ?? [];
}
