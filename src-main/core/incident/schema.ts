// An incident is data, not code (spec §3): JSON validated on load. Exposures name their items
// per payment method, their certainty and their rule; nothing about "card" is hard-coded.
// The schema is strict: an unknown key is an error naming the nearest valid one, dates are real
// calendar dates, and an exposure window must overlap the breach period. What may be right but
// usually is a slip (a window running past the breach, an unknown payment method) is a warning
// from incidentWarnings, shown by the shells without refusing the definition.
import { z } from 'zod';
import { InwError } from '../errors.js';
import { isIsoDate } from '../text/dates.js';
import { isKnownMethod, USUAL_METHODS } from '../text/payment-methods.js';
import { strictObject } from './strict.js';
import { incidentFieldLabel } from './field-labels.js';
import {
  contactDeskSchema, letterSettingsSchema, organisationSchema, validateLetterTemplates,
  type ContactDesk, type Organisation,
} from './letter-schema.js';
import { CERTAINTIES } from '../vocabulary/exposures.js';

/** Stands in for an unfilled sender while templates are checked: every optional field present. */
const TEMPLATE_CHECK_ORGANISATION: Organisation = {
  name: '差出人', postalCode: '1000001', address: '住所', address2: '建物', representativeTitle: '代表', representativeName: '氏名', phone: '0000',
};
const TEMPLATE_CHECK_CONTACT: ContactDesk = { name: '窓口', phone: '0120', hours: '平日', email: 'desk@example.org' };

const isoDate = z.string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で書いてください')
  .refine(isIsoDate, { error: (issue) => `${String(issue.input)} は暦にない日付です` });
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, '英小文字・数字・ハイフンで書いてください');
const period = strictObject({ from: isoDate, to: isoDate }).refine((p) => p.from <= p.to, '開始日が終了日より後です');

const windowRule = strictObject({
  type: z.literal('window'),
  /** Payment methods as written or 'card' for every card synonym. */
  methods: z.array(z.string().min(1)).min(1),
  from: isoDate,
  to: isoDate,
  /** Only these statuses; omitted = whatever the status (declined payments sent card data too). */
  statuses: z.array(z.string().min(1)).optional(),
}).refine((r) => r.from <= r.to, '開始日が終了日より後です');

const confirmedListRule = strictObject({
  type: z.literal('confirmed-list'),
  methods: z.array(z.string().min(1)).optional(),
  /** The period the list should fall in: a listed payment outside it still counts, with a warning. */
  window: period.optional(),
});

export const exposureSchema = strictObject({
  code,
  label: z.string().min(1),
  certainty: z.enum(CERTAINTIES),
  /** Leaked items per payment method ('card', a method as written, or '*' for any other). */
  items: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  rule: z.discriminatedUnion('type', [windowRule, confirmedListRule]),
});

export const statedCountSchema = strictObject({
  count: z.number().int().nonnegative(),
  kind: z.enum(['max', 'exact']),
  unit: z.enum(['persons', 'payments']),
  note: z.string().optional(),
});

type Period = { from: string; to: string };

/** The period an exposure's rule covers, if it names one. */
export function exposureWindow(exposure: { rule: { type: 'window'; from: string; to: string } | { type: 'confirmed-list'; window?: Period | undefined } }): Period | null {
  return exposure.rule.type === 'window' ? { from: exposure.rule.from, to: exposure.rule.to } : (exposure.rule.window ?? null);
}

function windowPath(exposure: { rule: { type: string } }, index: number): Array<string | number> {
  return exposure.rule.type === 'window' ? ['exposures', index, 'rule'] : ['exposures', index, 'rule', 'window'];
}

export const incidentSchema = strictObject({
  code,
  title: z.string().min(1),
  processor: z.string().min(1),
  description: z.string().optional(),
  breachPeriod: period.optional(),
  exposures: z.array(exposureSchema).min(1).max(8),
  /** The figures the processor or the incident states, for reconciliation (spec §7). */
  statedCounts: z.record(z.string(), statedCountSchema).optional(),
  /** Sender of the letters; the user fills it in (the preset has none; letters cannot be made without it). */
  organisation: organisationSchema.optional(),
  contactDesk: contactDeskSchema.optional(),
  /** Letter wording and layout; templates are checked here, at load, never blank on paper. */
  letter: letterSettingsSchema.optional(),
}).superRefine((incident, ctx) => {
  const codes = incident.exposures.map((e) => e.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: ['exposures', i, 'code'], message: `流出区分のコード ${c} が重複しています` });
  });
  const breach = incident.breachPeriod;
  if (breach) {
    incident.exposures.forEach((exposure, i) => {
      const window = exposureWindow(exposure);
      if (window && (window.to < breach.from || window.from > breach.to)) {
        ctx.addIssue({
          code: 'custom', path: windowPath(exposure, i),
          message: `期間 (${window.from} から ${window.to} まで) が流出期間 (${breach.from} から ${breach.to} まで) と重なりません（日付の誤りではありませんか）`,
        });
      }
    });
  }
  if (incident.letter) {
    const issues = validateLetterTemplates(incident.letter, {
      organisation: incident.organisation ?? TEMPLATE_CHECK_ORGANISATION,
      contactDesk: incident.contactDesk ?? TEMPLATE_CHECK_CONTACT,
      exposures: incident.exposures.map((e) => ({ code: e.code, window: exposureWindow(e) })),
    });
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.template.split(/[.[\]]+/).filter(Boolean), message: issue.message });
  }
  for (const key of Object.keys(incident.statedCounts ?? {})) {
    if (!codes.includes(key)) ctx.addIssue({ code: 'custom', path: ['statedCounts', key], message: `流出区分 ${key} は定義されていません` });
  }
});

export type Incident = z.infer<typeof incidentSchema>;
export type Exposure = z.infer<typeof exposureSchema>;
export type StatedCount = z.infer<typeof statedCountSchema>;

/** A problem at one place of a definition (errors refuse it, warnings are shown beside it). */
export interface IncidentFieldIssue {
  /** Dotted path into the definition, e.g. `exposures.0.rule.from`. */
  path: string;
  /** The field's Japanese name as the app labels it, e.g. 流出区分① 対象期間 (開始). */
  label: string;
  message: string;
}

/** A window may start before the breach (stored data leaked later), but not by years. */
const EARLY_START_DAYS = 366;

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** What is allowed but usually a slip: shown to the user with the reason, never refused. */
export function incidentWarnings(incident: Incident): IncidentFieldIssue[] {
  const warnings: IncidentFieldIssue[] = [];
  const breach = incident.breachPeriod;
  incident.exposures.forEach((exposure, i) => {
    const window = exposureWindow(exposure);
    const path = windowPath(exposure, i).join('.');
    if (breach && window) {
      if (window.to > breach.to) {
        warnings.push({ path, label: incidentFieldLabel(path), message: `${exposure.code}: 期間の終わり ${window.to} が流出期間の終わり ${breach.to} より後です。流出期間の後の決済は流出の対象になりません` });
      }
      if (daysBetween(window.from, breach.from) > EARLY_START_DAYS) {
        warnings.push({ path, label: incidentFieldLabel(path), message: `${exposure.code}: 期間の始まり ${window.from} が流出期間の始まり ${breach.from} より 1 年以上前です。日付の誤りではありませんか` });
      }
    }
    const methods = [...(exposure.rule.methods ?? []), ...Object.keys(exposure.items).filter((m) => m !== '*')];
    for (const method of new Set(methods)) {
      if (!isKnownMethod(method)) {
        warnings.push({
          path: `exposures.${i}`,
          label: incidentFieldLabel(`exposures.${i}`),
          message: `${exposure.code}: 支払方法「${method}」は知られている書き方ではありません（例: ${USUAL_METHODS.join('、')}）。取り込む決済の支払方法と同じ書き方か確認してください`,
        });
      }
    }
  });
  return warnings;
}

/** Every issue of an invalid definition, in the editor's form. */
export function incidentIssues(error: z.ZodError): IncidentFieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path, label: incidentFieldLabel(path), message: issue.message };
  });
}

export function parseIncident(value: unknown, source: string): Incident {
  const result = incidentSchema.safeParse(value);
  if (!result.success) {
    const details = incidentIssues(result.error)
      .slice(0, 8)
      .map((issue) => `${issue.path || '(全体)'}: ${issue.message}`)
      .join(' / ');
    throw new InwError('invalid-incident', `事案定義 ${source} が正しくありません: ${details}`, { file: source });
  }
  return result.data;
}
