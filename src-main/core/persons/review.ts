// The review queue (要確認) and staff decisions on it. Items: persons to notify who cannot be
// mailed, near-duplicate pairs, persons the newest letter batch held back for 外字, and import
// conflicts. A decision (別人 / 同一人物 for a pair, 確認済み for a person) takes an item off the
// open queue; an undo puts it back. Nothing is ever merged: 同一人物 is a record for staff.
//
// Decisions are keyed by the persons' group keys (member ID or normalised name + address),
// which survive re-classification and a rebuild of `persons`, where numeric IDs may not.
// Group keys and notes can hold personal data, so the audit log names persons by ID only and
// never carries the note. Instants are ISO-8601 UTC from the caller's clock.
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { normalizePostalCode } from '../text/normalize.js';
import { cleanNote, inTransaction, type TrackingContext } from '../store/context.js';
import { createHash } from 'node:crypto';
import { addressOf, postalMismatches } from '../mail/address-check.js';
import { missingForMail } from './affected.js';
import { countNearDuplicates, findNearDuplicates, isNearDuplicatePair } from './near-duplicates.js';
import { formatPersonId } from '../store/ids.js';
import { openImportConflicts } from '../store/import-conflicts.js';
import { REVIEW_KIND_LABELS as VOCABULARY_REVIEW_KIND_LABELS } from '../vocabulary/labels.js';

/** What staff can decide on. Import conflicts are settled by importing a corrected file (store/import-conflicts.ts), not decided here. */
export const DECIDABLE_REVIEW_KINDS = ['near-duplicate', 'undeliverable', 'missing-glyph', 'postal-mismatch'] as const;
export type DecidableReviewKind = (typeof DECIDABLE_REVIEW_KINDS)[number];
export type ReviewKind = DecidableReviewKind | 'import-conflict';
export const REVIEW_DECISION_CODES = ['different', 'same', 'handled'] as const;
export type ReviewDecisionCode = (typeof REVIEW_DECISION_CODES)[number];

/** The decisions each kind allows, with their Japanese labels. */
export const REVIEW_DECISIONS: Record<DecidableReviewKind, ReadonlyArray<{ code: ReviewDecisionCode; label: string }>> = {
  'near-duplicate': [
    { code: 'different', label: '別人' },
    { code: 'same', label: '同一人物 (確認済み)' },
  ],
  undeliverable: [{ code: 'handled', label: '確認済み' }],
  'missing-glyph': [{ code: 'handled', label: '確認済み' }],
  'postal-mismatch': [{ code: 'handled', label: '確認済み' }],
};

export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = VOCABULARY_REVIEW_KIND_LABELS;

export interface ReviewDecision {
  id: number;
  decision: ReviewDecisionCode;
  label: string;
  note: string | null;
  decidedAt: string;
  actor: string;
}

export interface ReviewItem {
  kind: ReviewKind;
  personIds: string[];
  names: string[];
  reason: string;
  detail?: string;
  /** Contact data of each person named, in personIds order, so a pair can be compared side by side. */
  contacts?: ReviewContact[];
  /** For a 〒と住所の不一致: the codes of the address's town, the correction to offer. */
  suggestedPostalCodes?: string[];
  /** The live decision on this item: null while it is open (always null for import conflicts). */
  decision: ReviewDecision | null;
}

export interface ReviewContact {
  /** 7 digits, or null. */
  postalCode: string | null;
  /** Address lines 1 and 2, joined; '' when there is none. */
  address: string;
  phone: string | null;
  email: string | null;
}

export interface ReviewListOptions {
  /** Also list items that have a decision (each with it); by default only open items. */
  includeDecided?: boolean;
}

interface DecisionRow {
  id: number;
  kind: DecidableReviewKind;
  keyA: string;
  keyB: string;
  decision: ReviewDecisionCode;
  note: string | null;
  decidedAt: string;
  actor: string;
}

const DECISION_COLUMNS = 'id, kind, key_a AS keyA, key_b AS keyB, decision, note, decided_at AS decidedAt, actor';

function labelOf(kind: DecidableReviewKind, decision: ReviewDecisionCode): string {
  return REVIEW_DECISIONS[kind].find((d) => d.code === decision)?.label ?? decision;
}

function toDecision(row: DecisionRow): ReviewDecision {
  return { id: row.id, decision: row.decision, label: labelOf(row.kind, row.decision), note: row.note, decidedAt: row.decidedAt, actor: row.actor };
}

/**
 * A pair's keys in the order SQLite compares text (UTF-8 bytes), so that SQL's MIN/MAX find
 * the same row; JavaScript's < compares UTF-16 units and disagrees for 外字 vs 𠮷-like characters.
 */
function pairKeys(first: string, second: string): [string, string] {
  return Buffer.compare(Buffer.from(first, 'utf8'), Buffer.from(second, 'utf8')) <= 0 ? [first, second] : [second, first];
}

const mapKey = (kind: string, keyA: string, keyB: string) => `${kind}\u0000${keyA}\u0000${keyB}`;

/**
 * A 〒と住所の不一致 decision holds for the postal code and address it was made on: after a
 * correction the new address is checked afresh. The key is a digest, so it carries no address.
 */
export function postalDecisionKey(postalCode: string | null, address: string): string {
  return `addr:${createHash('sha256').update(`${postalCode ?? ''}\u0000${address}`).digest('hex').slice(0, 24)}`;
}

function liveDecisions(db: Db): Map<string, DecisionRow> {
  const rows = db.$client.prepare(`SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE undone_at IS NULL`).all() as DecisionRow[];
  return new Map(rows.map((r) => [mapKey(r.kind, r.keyA, r.keyB), r]));
}

/** What still needs a human (by default), or everything with its decision. */
export function reviewItems(db: Db, runId: number, options: ReviewListOptions = {}): ReviewItem[] {
  const client = db.$client;
  const decisions = liveDecisions(db);
  const items: ReviewItem[] = [];
  const add = (item: Omit<ReviewItem, 'decision'>, keys: [string, string] | null): void => {
    const row = keys ? decisions.get(mapKey(item.kind, keys[0], keys[1])) : undefined;
    if (row && !options.includeDecided) return;
    items.push({ ...item, decision: row ? toDecision(row) : null });
  };

  const undeliverable = client.prepare(
    `SELECT p.id, p.name, p.postal_code AS postalCode, p.address1, p.group_key AS groupKey FROM run_persons r JOIN persons p ON p.id = r.person_id
     WHERE r.run_id = ? AND p.mailable = 0 ORDER BY p.id`,
  ).all(runId) as Array<{ id: number; name: string | null; postalCode: string | null; address1: string | null; groupKey: string }>;
  for (const p of undeliverable) {
    add({
      kind: 'undeliverable',
      personIds: [formatPersonId(p.id)],
      names: [p.name ?? ''],
      reason: `通知対象ですが${missingForMail(p)}がないため郵送できません (電話・メール等で連絡するか、住所を確認してください)。`,
    }, [p.groupKey, '']);
  }

  for (const m of postalMismatches(db, runId)) {
    add({
      kind: 'postal-mismatch',
      personIds: [m.personId],
      names: [m.name ?? ''],
      reason: `${m.message}郵便番号を訂正するか、このままでよければ確認済みにしてください。`,
      suggestedPostalCodes: m.check.townCodes,
    }, [m.groupKey, postalDecisionKey(m.postalCode, m.address)]);
  }

  const personOf = client.prepare(
    'SELECT name, group_key AS groupKey, postal_code AS postalCode, address1, address2, phone, email FROM persons WHERE id = ?',
  );
  for (const pair of findNearDuplicates(db)) {
    const people = pair.personIds.map((id) => personOf.get(id) as {
      name: string | null; groupKey: string; postalCode: string | null; address1: string | null; address2: string | null; phone: string | null; email: string | null;
    });
    add({
      kind: 'near-duplicate',
      personIds: pair.personIds.map(formatPersonId),
      names: people.map((p) => p.name ?? ''),
      contacts: people.map((p) => ({ postalCode: p.postalCode, address: p.address1 ? addressOf(p.address1, p.address2) : '', phone: p.phone, email: p.email })),
      reason: `${pair.reason}。同じ人なら記録を確認してください (自動では統合しません)。`,
    }, pairKeys(people[0]!.groupKey, people[1]!.groupKey));
  }

  // Persons the newest letter batch held back because the font lacks a character (外字).
  const glyphs = client.prepare(
    `SELECT g.person_id AS personId, p.name, p.group_key AS groupKey,
       group_concat(g.field || ': 「' || g.character || '」 ' || g.code_point, '、') AS detail
     FROM glyph_reviews g JOIN persons p ON p.id = g.person_id
     WHERE g.batch_id = (SELECT MAX(id) FROM letter_batches) GROUP BY g.person_id ORDER BY g.person_id`,
  ).all() as Array<{ personId: number; name: string | null; groupKey: string; detail: string }>;
  for (const g of glyphs) {
    add({
      kind: 'missing-glyph',
      personIds: [formatPersonId(g.personId)],
      names: [g.name ?? ''],
      reason: 'フォントにない文字 (外字) があるため通知書を印刷していません。字形を確認し、手書きまたは代替表記で対応してください。',
      detail: g.detail,
    }, [g.groupKey, '']);
  }

  for (const c of openImportConflicts(db)) {
    add({ kind: 'import-conflict', personIds: [], names: [], reason: c.message, detail: `${c.file} ${c.line}行目` }, null);
  }
  return items;
}

/** The summary's review figures: open items per kind (the to-do) and items already decided. */
export interface ReviewCounts {
  nearDuplicates: number;
  undeliverable: number;
  missingGlyphs: number;
  postalMismatches: number;
  conflicts: number;
  decided: number;
}

const LIVE_SINGLE = (kind: DecidableReviewKind) =>
  `EXISTS (SELECT 1 FROM review_decisions d WHERE d.kind = '${kind}' AND d.undone_at IS NULL AND d.key_a = p.group_key AND d.key_b = '')`;

/** Counted in SQL (no item lists): the summary is read on every overview. */
export function reviewCounts(db: Db, runId: number, conflicts: number): ReviewCounts {
  const client = db.$client;
  const undeliverable = client.prepare(
    `SELECT COUNT(*) AS n, COALESCE(SUM(${LIVE_SINGLE('undeliverable')}), 0) AS decided
     FROM run_persons r JOIN persons p ON p.id = r.person_id WHERE r.run_id = ? AND p.mailable = 0`,
  ).get(runId) as { n: number; decided: number };
  const glyphs = client.prepare(
    `SELECT COUNT(*) AS n, COALESCE(SUM(${LIVE_SINGLE('missing-glyph')}), 0) AS decided
     FROM persons p WHERE p.id IN (SELECT person_id FROM glyph_reviews WHERE batch_id = (SELECT MAX(id) FROM letter_batches))`,
  ).get() as { n: number; decided: number };
  const pairs = countNearDuplicates(db);
  const postal = postalMismatches(db, runId);
  const postalDecided = countPostalDecided(db, postal);
  return {
    nearDuplicates: pairs.total - pairs.decided,
    undeliverable: undeliverable.n - undeliverable.decided,
    missingGlyphs: glyphs.n - glyphs.decided,
    postalMismatches: postal.length - postalDecided,
    conflicts,
    decided: pairs.decided + undeliverable.decided + glyphs.decided + postalDecided,
  };
}

function countPostalDecided(db: Db, mismatches: ReadonlyArray<{ groupKey: string; postalCode: string; address: string }>): number {
  const live = db.$client.prepare("SELECT 1 FROM review_decisions WHERE kind = 'postal-mismatch' AND undone_at IS NULL AND key_a = ? AND key_b = ?");
  return mismatches.filter((m) => live.get(m.groupKey, postalDecisionKey(m.postalCode, m.address)) !== undefined).length;
}

export interface ReviewTarget {
  kind: string;
  /** Two persons for a near-duplicate pair (either order), one otherwise. */
  personIds: number[];
}

export interface ReviewDecisionRequest extends ReviewTarget {
  decision: string;
  note?: string | null;
}

export interface ReviewDecisionResult extends ReviewDecision {
  kind: DecidableReviewKind;
  personIds: string[];
}

interface ResolvedTarget {
  kind: DecidableReviewKind;
  ids: number[];
  keys: [string, string];
}

function resolveTarget(db: Db, target: ReviewTarget): ResolvedTarget {
  const kind = target.kind as DecidableReviewKind;
  if (target.kind === 'import-conflict') {
    throw new InwError('review-not-decidable', '取込の矛盾は対応を記録できません。正しい内容のファイルを取り込み直すと、その内容で置き換わり、この項目はなくなります。');
  }
  if (!Object.hasOwn(REVIEW_DECISIONS, kind)) {
    throw new InwError('bad-review-kind', `要確認の種類「${target.kind}」は使えません (near-duplicate・undeliverable・missing-glyph・postal-mismatch)。`);
  }
  // Ascending, as the queue lists a pair.
  const ids = [...new Set(target.personIds)].sort((a, b) => a - b);
  const wanted = kind === 'near-duplicate' ? 2 : 1;
  if (ids.length !== wanted || target.personIds.length !== wanted) {
    throw new InwError(
      'bad-review-persons',
      kind === 'near-duplicate'
        ? '重複の疑いには異なる対象者IDを 2 つ指定してください (例: P000003,P000381)。'
        : `${REVIEW_KIND_LABELS[kind]}には対象者IDを 1 つ指定してください。`,
    );
  }
  const keyOf = db.$client.prepare('SELECT group_key AS groupKey, postal_code AS postalCode, address1, address2 FROM persons WHERE id = ?');
  const rows = ids.map((id) => {
    const row = keyOf.get(id) as { groupKey: string; postalCode: string | null; address1: string | null; address2: string | null } | undefined;
    if (!row) throw new InwError('person-not-found', `対象者 ${formatPersonId(id)} はいません。`);
    return row;
  });
  const keys = rows.map((r) => r.groupKey);
  if (kind === 'postal-mismatch') {
    const r = rows[0]!;
    return { kind, ids, keys: [keys[0]!, postalDecisionKey(normalizePostalCode(r.postalCode), addressOf(r.address1, r.address2))] };
  }
  return { kind, ids, keys: kind === 'near-duplicate' ? pairKeys(keys[0]!, keys[1]!) : [keys[0]!, ''] };
}

/** Whether the item is in the current queue: a decision on something never listed is a mistake. */
function isListed(db: Db, target: ResolvedTarget): boolean {
  const client = db.$client;
  const [first, second] = target.ids as [number, number?];
  switch (target.kind) {
    case 'near-duplicate':
      return isNearDuplicatePair(db, first, second!);
    case 'undeliverable':
      return client.prepare(
        `SELECT 1 FROM run_persons r JOIN persons p ON p.id = r.person_id
         WHERE r.run_id = (SELECT MAX(id) FROM classification_runs) AND r.person_id = ? AND p.mailable = 0`,
      ).get(first) !== undefined;
    case 'missing-glyph':
      return client.prepare(
        'SELECT 1 FROM glyph_reviews WHERE batch_id = (SELECT MAX(id) FROM letter_batches) AND person_id = ?',
      ).get(first) !== undefined;
    case 'postal-mismatch': {
      const run = client.prepare('SELECT MAX(id) AS id FROM classification_runs').get() as { id: number | null };
      return run.id !== null && postalMismatches(db, run.id).some((m) => m.id === first);
    }
  }
}

function liveDecision(db: Db, target: ResolvedTarget): DecisionRow | undefined {
  return db.$client.prepare(
    `SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE kind = ? AND key_a = ? AND key_b = ? AND undone_at IS NULL`,
  ).get(target.kind, target.keys[0], target.keys[1]) as DecisionRow | undefined;
}

function describeTarget(target: ResolvedTarget): string {
  return `${REVIEW_KIND_LABELS[target.kind]} ${target.ids.map(formatPersonId).join('・')}`;
}

function decisionOf(kind: DecidableReviewKind, code: string): { code: ReviewDecisionCode; label: string } {
  const allowed = REVIEW_DECISIONS[kind];
  const choice = allowed.find((d) => d.code === code);
  if (!choice) {
    throw new InwError(
      'bad-review-decision',
      `${REVIEW_KIND_LABELS[kind]}に「${code}」は使えません (${allowed.map((d) => `${d.code}=${d.label}`).join('、')})。`,
    );
  }
  return choice;
}

/** Inside a transaction: the item must be listed and open; returns the new decision's ID. */
function insertDecision(ctx: TrackingContext, target: ResolvedTarget, code: ReviewDecisionCode, note: string | null, at: string): number {
  const { db } = ctx;
  if (!isListed(db, target)) {
    throw new InwError('review-item-not-found', `${describeTarget(target)} は要確認の一覧にありません (最新の分類・通知書作成の結果を確認してください)。`);
  }
  const existing = liveDecision(db, target);
  if (existing) {
    throw new InwError(
      'review-already-decided',
      `${describeTarget(target)} は「${labelOf(target.kind, existing.decision)}」と記録済みです (${existing.actor})。変えるときは先に取り消してください。`,
    );
  }
  const info = db.$client.prepare(
    'INSERT INTO review_decisions (kind, key_a, key_b, decision, note, decided_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(target.kind, target.keys[0], target.keys[1], code, note, at, ctx.actor);
  return Number(info.lastInsertRowid);
}

/** Inside a transaction: marks the item's live decision undone and returns it. */
function withdrawDecision(ctx: TrackingContext, target: ResolvedTarget, at: string): DecisionRow {
  const existing = liveDecision(ctx.db, target);
  if (!existing) throw new InwError('review-not-decided', `${describeTarget(target)} には取り消す対応の記録がありません。`);
  ctx.db.$client.prepare('UPDATE review_decisions SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, ctx.actor, existing.id);
  return existing;
}

/** Records a decision on one open item of the latest run's queue. Checked first: on error nothing is written. */
export function decideReview(ctx: TrackingContext, request: ReviewDecisionRequest): ReviewDecisionResult {
  const { db } = ctx;
  const target = resolveTarget(db, request);
  const choice = decisionOf(target.kind, request.decision);
  const note = cleanNote(request.note);
  return inTransaction(db, () => {
    const now = ctx.now();
    const id = insertDecision(ctx, target, choice.code, note, now.toISOString());
    const personIds = target.ids.map(formatPersonId);
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'review-decision',
      detail: { decisionId: id, kind: target.kind, personIds, decision: choice.code, withNote: note !== null },
    });
    return { id, kind: target.kind, personIds, decision: choice.code, label: choice.label, note, decidedAt: now.toISOString(), actor: ctx.actor };
  });
}

/** Withdraws the live decision on an item (the row stays, marked undone); the item is open again. */
export function undoReviewDecision(ctx: TrackingContext, request: ReviewTarget): ReviewDecisionResult {
  const { db } = ctx;
  const target = resolveTarget(db, request);
  return inTransaction(db, () => {
    const now = ctx.now();
    const existing = withdrawDecision(ctx, target, now.toISOString());
    const personIds = target.ids.map(formatPersonId);
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'review-undo',
      detail: { decisionId: existing.id, kind: target.kind, personIds, decision: existing.decision },
    });
    return { ...toDecision(existing), kind: target.kind, personIds };
  });
}

/** Several items of one kind (each as a ReviewTarget's persons), decided or taken back together. */
export interface ReviewBulkTarget {
  kind: string;
  items: number[][];
}

export interface ReviewBulkResult {
  kind: DecidableReviewKind;
  decision: ReviewDecisionCode;
  label: string;
  count: number;
  /** Each item's persons, as the queue lists them. */
  personIds: string[][];
}

/** Every item resolved before anything is written; an empty list is a mistake, not a no-op. */
function resolveBulk(db: Db, request: ReviewBulkTarget): ResolvedTarget[] {
  if (request.items.length === 0) throw new InwError('review-bulk-empty', 'まとめて対応する要確認の項目がありません。');
  return request.items.map((personIds) => resolveTarget(db, { kind: request.kind, personIds }));
}

/**
 * One decision on many open items of one kind (e.g. every 郵送不可 the filter shows → 確認済み):
 * all or nothing in one transaction, one audit entry naming every item. Each item gets its own
 * decision row, so each can later be taken back alone, or all together with undoReviewBulk.
 */
export function decideReviewBulk(ctx: TrackingContext, request: ReviewBulkTarget & { decision: string; note?: string | null }): ReviewBulkResult {
  const { db } = ctx;
  const targets = resolveBulk(db, request);
  const kind = targets[0]!.kind;
  const choice = decisionOf(kind, request.decision);
  const note = cleanNote(request.note);
  return inTransaction(db, () => {
    const now = ctx.now();
    const decisionIds = targets.map((t) => insertDecision(ctx, t, choice.code, note, now.toISOString()));
    const personIds = targets.map((t) => t.ids.map(formatPersonId));
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'review-bulk-decision',
      detail: { kind, decision: choice.code, count: targets.length, personIds: personIds.map((ids) => ids.join('+')), decisionIds, withNote: note !== null },
    });
    return { kind, decision: choice.code, label: choice.label, count: targets.length, personIds };
  });
}

/** Takes back the live decisions of many items at once (all or nothing, one audit entry). */
export function undoReviewBulk(ctx: TrackingContext, request: ReviewBulkTarget): ReviewBulkResult {
  const { db } = ctx;
  const targets = resolveBulk(db, request);
  const kind = targets[0]!.kind;
  return inTransaction(db, () => {
    const now = ctx.now();
    const withdrawn = targets.map((t) => withdrawDecision(ctx, t, now.toISOString()));
    const personIds = targets.map((t) => t.ids.map(formatPersonId));
    const decisions = [...new Set(withdrawn.map((d) => d.decision))];
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'review-bulk-undo',
      detail: { kind, decision: decisions.join('・'), count: targets.length, personIds: personIds.map((ids) => ids.join('+')), decisionIds: withdrawn.map((d) => d.id) },
    });
    const code = withdrawn[0]!.decision;
    return { kind, decision: code, label: labelOf(kind, code), count: targets.length, personIds };
  });
}

export interface PersonReviewDecision extends ReviewDecision {
  kind: DecidableReviewKind;
  /** For a near-duplicate pair: the other person, when their group key still names a person. */
  other: { id: number; personId: string; name: string | null } | null;
}

/** Live decisions that concern one person (for the person's detail), newest first. */
export function personReviewDecisions(db: Db, personId: number): PersonReviewDecision[] {
  const client = db.$client;
  const person = client.prepare('SELECT group_key AS groupKey FROM persons WHERE id = ?').get(personId) as { groupKey: string } | undefined;
  if (!person) return [];
  const rows = client.prepare(
    `SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE undone_at IS NULL AND (key_a = ? OR key_b = ?) ORDER BY id DESC`,
  ).all(person.groupKey, person.groupKey) as DecisionRow[];
  const byKey = client.prepare('SELECT id, name FROM persons WHERE group_key = ?');
  return rows.map((row) => {
    let other: PersonReviewDecision['other'] = null;
    if (row.kind === 'near-duplicate') {
      const found = byKey.get(row.keyA === person.groupKey ? row.keyB : row.keyA) as { id: number; name: string | null } | undefined;
      if (found) other = { id: found.id, personId: formatPersonId(found.id), name: found.name };
    }
    return { ...toDecision(row), kind: row.kind, other };
  });
}

/**
 * Before a purge empties persons' group keys: decisions that name a purged person are re-keyed
 * to that person's new key ('purged:<id>', what purge writes) and lose their note, so neither
 * the normalised name and address nor free text about the person stays behind.
 */
export function forgetPurgedReviewKeys(db: Db, purged: ReadonlySet<number>): void {
  const client = db.$client;
  const idOf = client.prepare('SELECT id FROM persons WHERE group_key = ?');
  const update = client.prepare('UPDATE review_decisions SET key_a = ?, key_b = ?, note = NULL WHERE id = ?');
  const rows = client.prepare('SELECT id, key_a AS keyA, key_b AS keyB FROM review_decisions').all() as Array<{ id: number; keyA: string; keyB: string }>;
  const rekey = (key: string): string | null => {
    if (key === '') return null;
    const row = idOf.get(key) as { id: number } | undefined;
    return row && purged.has(row.id) ? `purged:${row.id}` : null;
  };
  for (const row of rows) {
    const a = rekey(row.keyA);
    const b = rekey(row.keyB);
    if (a === null && b === null) continue;
    const keys = row.keyB === '' || row.keyB.startsWith('addr:') ? [a ?? row.keyA, row.keyB] : pairKeys(a ?? row.keyA, b ?? row.keyB);
    update.run(keys[0], keys[1], row.id);
  }
}
