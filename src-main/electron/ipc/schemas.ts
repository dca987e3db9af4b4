// Runtime validation of every channel's input (the renderer is not trusted). The compile-time
// check at the bottom keeps these schemas and contract.ts in step: a schema whose parsed value
// does not fit the contract's input type, or a missing channel, is a type error.
import { z } from 'zod';
import { DECIDABLE_REVIEW_KINDS, ENCODING_CHOICES, IMPORT_KINDS, MANUAL_STATUSES, REVIEW_DECISION_CODES } from '../../core/index.js';
import type { Channel, Input } from './contract.js';

const none = z.undefined();
const ref = z.string().uuid();
const kind = z.enum(IMPORT_KINDS);
const encoding = z.enum(ENCODING_CHOICES);
const mapping = z.record(z.string().max(40), z.string().max(200));
const category = z.string().min(1).max(200);
const outputs = z.object({ split: z.boolean(), print: z.boolean() });
const personId = z.number().int().positive();
/** Japan-local calendar date as the forms send it; the core parses and checks it again. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The 発行日 as staff typed it (2026/12/1, full-width digits): the core folds and checks it, in Japanese. */
const letterDate = z.string().max(40).optional();
const note = z.string().max(2000);
const exposureCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/);
const reviewTarget = {
  kind: z.enum(DECIDABLE_REVIEW_KINDS),
  personIds: z.array(z.string().trim().min(1).max(20)).min(1).max(2),
};
const reviewBulk = { kind: reviewTarget.kind, items: z.array(reviewTarget.personIds).min(1).max(1_000_000) };

/** An empty topic reaches the core, which says to choose one (the form pre-selects none). */
const inquiryForm = z.object({
  personId: personId.nullable(), receivedAt: z.string().trim().min(1).max(40), channel: z.string().min(1).max(20), topic: z.string().max(40),
  body: note.optional(), resolution: note.optional(), staff: z.string().max(60).optional(),
});

export const inputSchemas = {
  'app:info': none,
  'dialog:openFile': z.object({ purpose: z.enum(['import', 'incident', 'returns', 'sheet', 'postal', 'rates']) }),
  'dialog:saveFile': z.object({ purpose: z.enum(['sheet', 'csv', 'calibration', 'incident', 'backup']), defaultName: z.string().min(1).max(200) }),
  'dialog:chooseFolder': z.object({ purpose: z.literal('letters') }),
  'shell:showItem': z.object({ ref }),
  'incidents:presets': none,
  'incidents:list': none,
  'incidents:get': z.object({ code: z.string().max(100) }),
  'incidents:createFromPreset': z.object({ preset: z.string().max(100), code: exposureCode.optional(), senderFrom: z.string().max(100).optional() }),
  'incidents:validate': z.object({ definition: z.unknown() }),
  'incidents:save': z.object({ definition: z.unknown(), previousCode: z.string().max(100).optional() }),
  'incidents:activate': z.object({ code: z.string().min(1).max(100) }),
  'incidents:delete': z.object({ code: z.string().min(1).max(100) }),
  'imports:preview': z.object({ file: ref, kind, encoding, map: mapping }),
  'imports:start': z.object({ file: ref, kind, exposure: exposureCode.optional(), encoding, map: mapping, strict: z.boolean() }),
  'imports:list': none,
  'imports:issues': z.object({ importId: z.number().int().positive(), limit: z.number().int().positive().max(5000).optional() }),
  'profiles:list': z.object({ kind: kind.optional() }),
  'profiles:save': z.object({ name: z.string().trim().min(1).max(60), kind, map: mapping, encoding }),
  'profiles:delete': z.object({ name: z.string().min(1).max(60), kind }),
  'classify:start': z.object({ incidentCode: z.string().min(1).max(100) }),
  'overview:get': none,
  'review:list': z.object({ includeDecided: z.boolean().optional() }),
  'review:decide': z.object({ ...reviewTarget, decision: z.enum(REVIEW_DECISION_CODES), note: note.optional() }),
  'review:undo': z.object(reviewTarget),
  'review:decideMany': z.object({ ...reviewBulk, decision: z.enum(REVIEW_DECISION_CODES), note: note.optional() }),
  'review:undoMany': z.object(reviewBulk),
  'unmatched:list': z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }),
  'persons:query': z.object({
    search: z.string().max(200).optional(),
    category: category.optional(),
    mailable: z.boolean().optional(),
    sort: z.enum(['id', 'postal', 'kana']).optional(),
    offset: z.number().int().min(0),
    limit: z.number().int().min(0).max(1000),
  }),
  'persons:get': z.object({ id: z.number().int().positive() }),
  'letters:preview': z.object({ personId: z.number().int().positive(), draft: z.boolean().optional(), letterDate }),
  'letters:start': z.object({
    folder: ref,
    categories: z.array(category).max(64).optional(),
    personIds: z.array(z.number().int().positive()).max(100_000).optional(),
    outputs,
    draft: z.boolean().optional(),
    print: z.object({ duplex: z.boolean().optional(), splitByPages: z.boolean().optional() }).optional(),
    letterDate,
  }),
  'letters:calibration': z.object({ file: ref }),
  'exports:sheet': z.object({ file: ref, categories: z.array(category).max(64).optional() }),
  'exports:csv': z.object({ file: ref, category: category.optional() }),
  'tracking:options': none,
  'mailing:list': none,
  'mailing:plan': z.object({
    categories: z.array(category).max(64).optional(), postalFrom: z.string().max(10).optional(), postalTo: z.string().max(10).optional(),
    printFile: z.string().max(400).optional(), letterBatch: z.number().int().positive().optional(),
  }),
  'mailing:create': z.object({
    mailedDate: date, postageMethod: z.string().trim().min(1).max(40), note: note.optional(), printFile: z.object({ letterBatch: z.number().int().positive(), file: z.string().min(1).max(400) }).optional(),
    letterIds: z.array(z.number().int().positive()).min(1).max(2_000_000).optional(),
  }),
  'mailing:undo': z.object({ batchId: z.number().int().positive(), reason: note }),
  'returns:list': none,
  'returns:record': z.object({ target: z.string().trim().min(1).max(20), returnedDate: date, reason: z.string().trim().min(1).max(200) }),
  'returns:import': z.object({ file: ref, dryRun: z.boolean() }),
  'persons:history': z.object({ id: personId }),
  'persons:correctAddress': z.object({
    id: personId, postalCode: z.string().trim().min(1).max(20), address1: z.string().trim().min(1).max(200),
    address2: z.string().max(200).optional(), reason: note.optional(),
  }),
  'persons:setStatus': z.object({ id: personId, status: z.enum(MANUAL_STATUSES), mailedDate: date.optional(), note: note.optional() }),
  'inquiries:list': z.object({ personId: personId.optional() }),
  'inquiries:log': inquiryForm,
  'inquiries:update': z.object({ id: z.number().int().positive(), form: inquiryForm }),
  'inquiries:delete': z.object({ id: z.number().int().positive() }),
  'sheet:apply': z.object({ file: ref, dryRun: z.boolean() }),
  'report:get': none,
  'scan:start': none,
  'backup:create': z.object({ file: ref }),
  'purge:run': z.object({ before: date.optional(), incident: z.string().min(1).max(100).optional(), dryRun: z.boolean() })
    .refine((v) => (v.before === undefined) !== (v.incident === undefined), '日付か事案のどちらか一方を指定してください。'),
  'postal:info': none,
  'postal:load': z.object({ files: z.array(ref).min(1).max(2), date: date.optional() }),
  'postal:fix': z.object({ personId: z.string().trim().min(1).max(20), code: z.string().trim().min(1).max(20).optional() }),
  'mail:plan': z.object({ print: z.object({ duplex: z.boolean().optional(), splitByPages: z.boolean().optional() }).optional() }),
  'mail:rates': none,
  'mail:loadRates': z.object({ file: ref }),
  'audit:list': z.object({ limit: z.number().int().min(1).max(10_000) }),
  'audit:verify': none,
  'jobs:list': none,
  'jobs:cancel': z.object({ jobId: z.string().uuid() }),
} satisfies Record<Channel, z.ZodType>;

export { CHANNELS, isChannel } from './channels.js';

// Compile-time: every parsed input fits the contract's input type.
type Fits = { [C in Channel]: z.infer<(typeof inputSchemas)[C]> extends Input<C> ? true : false };
const fits: Record<Channel, true> = null as unknown as Fits;
void fits;
