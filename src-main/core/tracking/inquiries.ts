// 問い合わせ: calls, e-mails and letters received about the incident, per person when known.
// The topic comes from a fixed list (for the report's counts); body and resolution are free
// text (card numbers masked); the staff name is typed by the user, never taken from the OS.
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { jstDateOf, parseDate } from '../text/dates.js';
import { cleanDisplay } from '../text/normalize.js';
import { cleanNote, personExists, type TrackingContext } from '../store/context.js';
import { formatPersonId } from '../store/ids.js';

import { INQUIRY_CHANNELS, INQUIRY_TOPICS, type InquiryTopic } from '../vocabulary/tracking.js';

export { INQUIRY_CHANNELS, INQUIRY_TOPICS, type InquiryTopic };

/** A topic given as its code or its Japanese label. */
export function parseInquiryTopic(text: string): InquiryTopic {
  const t = text.trim();
  const found = INQUIRY_TOPICS.find((x) => x.code === t || x.label === t || x.label.startsWith(t));
  if (!found) throw new InwError('bad-topic', `問い合わせの種類「${text}」は使えません (${INQUIRY_TOPICS.map((x) => `${x.code}=${x.label}`).join('、')})。`);
  return found.code;
}

export interface InquiryInput {
  personId?: number | null;
  /** When it came in: a Date, or text read as Japan time (2022/03/05 10:30). */
  receivedAt: Date | string;
  channel: string;
  topic: string;
  body?: string | null;
  resolution?: string | null;
  staff?: string | null;
}

export interface Inquiry {
  id: number;
  personId: string | null;
  receivedAt: string;
  receivedDate: string;
  channel: string;
  topic: InquiryTopic;
  topicLabel: string;
  body: string | null;
  resolution: string | null;
  staff: string | null;
}

/** The checked, stored form of an inquiry's fields (shared by logging and editing). */
function inquiryValues(db: Db, input: InquiryInput) {
  const channel = input.channel.trim();
  if (!(INQUIRY_CHANNELS as readonly string[]).includes(channel)) {
    throw new InwError('bad-channel', `受付方法「${input.channel}」は使えません (${INQUIRY_CHANNELS.join('・')})。`);
  }
  if (input.topic.trim() === '') {
    throw new InwError('bad-topic', `問い合わせの種類を選んでください (${INQUIRY_TOPICS.map((x) => x.label).join('・')})。`);
  }
  const topic = parseInquiryTopic(input.topic);
  let receivedMs: number;
  if (input.receivedAt instanceof Date) receivedMs = input.receivedAt.getTime();
  else {
    const parsed = parseDate(input.receivedAt);
    if (!parsed) throw new InwError('bad-date', `受付日時「${input.receivedAt}」を日付として読めません。`);
    receivedMs = parsed.instantMs;
  }
  if (input.personId != null && !personExists(db, input.personId)) {
    throw new InwError('person-not-found', `対象者 ${formatPersonId(input.personId)} はいません。`);
  }
  const body = cleanNote(input.body);
  const resolution = cleanNote(input.resolution);
  // A form sent as it opened (no person, no content) is not an inquiry: it would count in the report.
  if (input.personId == null && body === null && resolution === null) {
    throw new InwError('empty-inquiry', '問い合わせの中身がありません: 対象者・内容・対応のいずれかを入力してください。');
  }
  return {
    personId: input.personId ?? null, receivedAt: new Date(receivedMs).toISOString(), receivedDate: jstDateOf(receivedMs),
    channel, topic, body, resolution, staff: cleanDisplay(input.staff ?? null),
  };
}

export function logInquiry(ctx: TrackingContext, input: InquiryInput): Inquiry {
  const { db } = ctx;
  const v = inquiryValues(db, input);
  const now = ctx.now();
  return db.$client.transaction(() => {
    const info = db.$client.prepare(
      `INSERT INTO inquiries (person_id, received_at, received_date, channel, topic, body, resolution, staff, created_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(v.personId, v.receivedAt, v.receivedDate, v.channel, v.topic, v.body, v.resolution, v.staff, now.toISOString(), ctx.actor);
    const id = Number(info.lastInsertRowid);
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'inquiry',
      detail: { inquiryId: id, personId: v.personId != null ? formatPersonId(v.personId) : null, channel: v.channel, topic: v.topic, receivedDate: v.receivedDate },
    });
    return getInquiry(db, id);
  })();
}

/**
 * Corrects a logged inquiry (every field as in logInquiry). The audit entry names the fields that
 * changed, not their text: notes may hold personal data, which the audit log never keeps.
 */
export function updateInquiry(ctx: TrackingContext, id: number, input: InquiryInput): Inquiry {
  const { db } = ctx;
  const before = getInquiry(db, id);
  const v = inquiryValues(db, input);
  const now = ctx.now();
  const after: Record<string, unknown> = { ...v, personId: v.personId === null ? null : formatPersonId(v.personId) };
  const changed = ['personId', 'receivedAt', 'channel', 'topic', 'body', 'resolution', 'staff']
    .filter((k) => after[k] !== (before as unknown as Record<string, unknown>)[k]);
  if (changed.length === 0) return before;
  return db.$client.transaction(() => {
    db.$client.prepare(
      `UPDATE inquiries SET person_id = ?, received_at = ?, received_date = ?, channel = ?, topic = ?, body = ?, resolution = ?, staff = ? WHERE id = ?`,
    ).run(v.personId, v.receivedAt, v.receivedDate, v.channel, v.topic, v.body, v.resolution, v.staff, id);
    appendAudit(db, { at: now, actor: ctx.actor, action: 'inquiry-edit', detail: { inquiryId: id, changed } });
    return getInquiry(db, id);
  })();
}

/** Deletes an inquiry logged by mistake (a duplicate, a test); it no longer counts in the report. */
export function deleteInquiry(ctx: TrackingContext, id: number): void {
  const { db } = ctx;
  const before = getInquiry(db, id);
  const now = ctx.now();
  db.$client.transaction(() => {
    db.$client.prepare('DELETE FROM inquiries WHERE id = ?').run(id);
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'inquiry-delete',
      detail: { inquiryId: id, personId: before.personId, topic: before.topic, receivedDate: before.receivedDate },
    });
  })();
}

type InquiryRow = Omit<Inquiry, 'personId' | 'topicLabel'> & { personId: number | null };

function toInquiry(r: InquiryRow): Inquiry {
  return {
    ...r,
    personId: r.personId === null ? null : formatPersonId(r.personId),
    topicLabel: INQUIRY_TOPICS.find((t) => t.code === r.topic)?.label ?? r.topic,
  };
}

const COLUMNS = `id, person_id AS personId, received_at AS receivedAt, received_date AS receivedDate, channel, topic, body, resolution, staff`;

export function getInquiry(db: Db, id: number): Inquiry {
  const row = db.$client.prepare(`SELECT ${COLUMNS} FROM inquiries WHERE id = ?`).get(id) as InquiryRow | undefined;
  if (!row) throw new InwError('inquiry-not-found', `問い合わせ #${id} はありません。`);
  return toInquiry(row);
}

export function listInquiries(db: Db, filter: { personId?: number } = {}): Inquiry[] {
  const rows = (filter.personId === undefined
    ? db.$client.prepare(`SELECT ${COLUMNS} FROM inquiries ORDER BY received_at, id`).all()
    : db.$client.prepare(`SELECT ${COLUMNS} FROM inquiries WHERE person_id = ? ORDER BY received_at, id`).all(filter.personId)) as InquiryRow[];
  return rows.map(toInquiry);
}
