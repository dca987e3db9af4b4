// The persons table of the app: search, category filter and paging over `persons` joined with a
// classification run, and one person's detail (donor records, linked payments, and for each
// exposure the reason it applies). Read-only; prepared statements; indexes from db/schema.ts.
// Dates: `jstDate` is the Japan-local calendar date stored at import.
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { categoryOf, exposuresIn, maskOfCategory } from '../incident/categories.js';
import type { Incident } from '../incident/schema.js';
import { emailKey, KANJI_VARIANTS, nfkc, normalizeId, phoneKey, searchKey } from '../text/normalize.js';
import { looksLikeReferenceNumber, parseReferenceNumber, referenceNumberOf } from '../store/reference-number.js';
import { exposureItemsFor, type AffectedPayment, type PaymentFacts, type PersonContact } from './affected.js';
import { personReviewDecisions, type PersonReviewDecision } from './review.js';
import { formatPersonId } from '../store/ids.js';
import { personByMember, personByOrder } from '../store/payment-links.js';

export type PersonSort = 'id' | 'postal' | 'kana';

export interface BrowseOptions {
  /** The run whose categories are shown; null before the first classification. */
  run: { runId: number; incident: Incident } | null;
  /** Name, kana, postal code (with or without hyphen) or person ID (P000123 / 123). */
  search?: string;
  /** A category code, 'notify' (any exposure), 'none', or undefined for everyone. */
  category?: string;
  mailable?: boolean;
  sort?: PersonSort;
  offset: number;
  limit: number;
}

export interface PersonListRow {
  id: number;
  personId: string;
  /** お問い合わせ番号. */
  referenceNumber: string;
  name: string | null;
  kana: string | null;
  postalCode: string | null;
  address: string;
  phone: string | null;
  email: string | null;
  mailable: boolean;
  category: string;
  /** Exposed payments of this person in the run. */
  affectedPayments: number;
  records: number;
}

export interface PersonPage {
  total: number;
  /** Why the search may have missed someone (a reference number with a wrong check digit). */
  note?: string;
  offset: number;
  rows: PersonListRow[];
}

const MAX_LIMIT = 1000;

function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Where {
  sql: string[];
  params: unknown[];
}

/**
 * A column's text with variant kanji folded as searchKey() folds them, for the common forms
 * the search key contains only (so a search without such a kanji costs nothing more). The
 * table is ours: no quotes in it.
 */
function foldedSql(column: string, key: string): string {
  return KANJI_VARIANTS.filter(([, common]) => key.includes(common)).reduce((sql, [variant, common]) => `REPLACE(${sql}, '${variant}', '${common}')`, column);
}

/**
 * The search box: one text matched against name and address (variant kanji folded), kana
 * (hiragana too), postal code, phone, e-mail, member and order number (exact), person ID and
 * お問い合わせ番号. A number shaped like a reference number with a wrong check digit finds
 * nobody by that route and says so in `note`.
 */
function addSearch(where: Where, search: string): string | undefined {
  const parts: string[] = [];
  const like = (sql: string, value: string) => {
    parts.push(`${sql} LIKE ? ESCAPE '\\'`);
    where.params.push(`%${likeEscape(value)}%`);
  };
  const key = searchKey(search);
  like(foldedSql('p.name_key', key), key);
  like(foldedSql('p.address_key', key), key);
  like("REPLACE(REPLACE(p.kana, ' ', ''), '　', '')", toKatakana(nfkc(search)).replace(/[\s\u3000]+/g, ''));
  const digits = key.replace(/[〒-]/g, '');
  if (/^[0-9]{3,7}$/.test(digits)) {
    parts.push('p.postal_code LIKE ?');
    where.params.push(`${digits}%`);
  }
  const phone = phoneKey(search);
  if (phone.length >= 4 && /^[0-9()+\-]+$/.test(key)) like('p.phone_key', phone);
  if (/[a-z@]/i.test(key)) like('p.email_key', emailKey(search));
  const id = normalizeId(search);
  if (id !== null) {
    parts.push('EXISTS (SELECT 1 FROM donor_records d WHERE d.person_id = p.id AND (d.member_id = ? OR d.order_id = ?))');
    where.params.push(id, id);
  }
  const personId = /^P?0*(\d{1,9})$/i.exec(key);
  if (personId) {
    parts.push('p.id = ?');
    where.params.push(Number(personId[1]));
  }
  let note: string | undefined;
  if (looksLikeReferenceNumber(search)) {
    try {
      const referenced = parseReferenceNumber(search);
      parts.push('p.id = ?');
      where.params.push(referenced);
    } catch (error) {
      if (!(error instanceof InwError)) throw error;
      note = error.message;
    }
  }
  where.sql.push(`(${parts.join(' OR ')})`);
  return note;
}

function buildWhere(options: BrowseOptions): Where & { note?: string } {
  const where: Where & { note?: string } = { sql: [], params: [] };
  const search = options.search?.trim() ?? '';
  if (search !== '') {
    const note = addSearch(where, search);
    if (note) where.note = note;
  }
  const category = options.category;
  if (category && category !== 'all') {
    if (!options.run) {
      if (category !== 'none') where.sql.push('0');
    } else if (category === 'notify') {
      where.sql.push('r.person_id IS NOT NULL');
    } else if (category === 'none') {
      where.sql.push('r.person_id IS NULL');
    } else {
      const mask = maskOfCategory(options.run.incident, category);
      if (mask === null) {
        throw new InwError('bad-category', `区分「${category}」はこの事案にありません。`);
      }
      where.sql.push('r.category_mask = ?');
      where.params.push(mask);
    }
  }
  if (options.mailable !== undefined) {
    where.sql.push('p.mailable = ?');
    where.params.push(options.mailable ? 1 : 0);
  }
  return where;
}

const ORDER: Record<PersonSort, string> = {
  id: 'p.id',
  postal: 'p.postal_code IS NULL, p.postal_code, p.id',
  kana: 'p.kana IS NULL, p.kana, p.id',
};

export function browsePersons(db: Db, options: BrowseOptions): PersonPage {
  const client = db.$client;
  const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(options.limit)));
  const offset = Math.max(0, Math.floor(options.offset));
  const where = buildWhere(options);
  const runId = options.run?.runId ?? -1;
  const whereSql = where.sql.length > 0 ? `WHERE ${where.sql.join(' AND ')}` : '';
  const from = `FROM persons p LEFT JOIN run_persons r ON r.run_id = ? AND r.person_id = p.id ${whereSql}`;
  const total = (client.prepare(`SELECT COUNT(*) AS n ${from}`).get(runId, ...where.params) as { n: number }).n;
  const rows = client
    .prepare(
      `SELECT p.id, p.name, p.kana, p.postal_code AS postalCode, p.address1, p.address2, p.phone, p.email, p.mailable,
         COALESCE(r.category_mask, 0) AS mask,
         (SELECT COUNT(*) FROM run_payments rp WHERE rp.run_id = ? AND rp.person_id = p.id) AS affected,
         (SELECT COUNT(*) FROM donor_records d WHERE d.person_id = p.id) AS records
       ${from} ORDER BY ${ORDER[options.sort ?? 'id']} LIMIT ? OFFSET ?`,
    )
    .all(runId, runId, ...where.params, limit, offset) as Array<{
      id: number; name: string | null; kana: string | null; postalCode: string | null; address1: string | null;
      address2: string | null; phone: string | null; email: string | null; mailable: number; mask: number; affected: number; records: number;
    }>;
  return {
    total,
    ...(where.note ? { note: where.note } : {}),
    offset,
    rows: rows.map((r) => ({
      id: r.id,
      personId: formatPersonId(r.id),
      referenceNumber: referenceNumberOf(r.id),
      name: r.name,
      kana: r.kana,
      postalCode: r.postalCode,
      address: [r.address1, r.address2].filter(Boolean).join(' '),
      phone: r.phone,
      email: r.email,
      mailable: r.mailable === 1,
      category: options.run ? categoryOf(options.run.incident, r.mask) : 'none',
      affectedPayments: r.affected,
      records: r.records,
    })),
  };
}

export interface PersonRecord extends PersonContact {
  id: number;
  orderId: string | null;
  memberId: string | null;
  donatedAt: string | null;
  amount: number | null;
  method: string | null;
  source: { file: string; line: number };
}

export interface PersonPayment extends PaymentFacts {
  paymentId: number;
  status: string | null;
  /** How the payment was tied to this person. */
  linkedBy: 'order' | 'member';
  exposures: Array<{ code: string; reason: string }>;
  source: { file: string; line: number };
}

export interface PersonExposure {
  code: string;
  label: string;
  certainty: 'possible' | 'confirmed';
  items: string[];
  payments: number;
  reason: string;
}

export interface PersonDetail extends PersonContact {
  id: number;
  personId: string;
  /** お問い合わせ番号. */
  referenceNumber: string;
  mailable: boolean;
  groupedBy: 'member' | 'name-address';
  category: string;
  records: PersonRecord[];
  payments: PersonPayment[];
  exposures: PersonExposure[];
  /** Letters generated for this person, newest version first (empty before any batch). */
  letters: PersonLetter[];
  /** Staff decisions on review items about this person (e.g. 同一人物 with another person). */
  reviewDecisions: PersonReviewDecision[];
}

export interface PersonLetter {
  version: number;
  category: string;
  file: string;
  pages: number;
  status: string;
  createdAt: string;
  mailedDate: string | null;
  outDir: string | null;
}

function lettersOf(client: Db['$client'], id: number): PersonLetter[] {
  // The letters tables arrive with the letters module; before that the history is simply empty.
  const present = client.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('letters', 'letter_batches')").get() as { n: number };
  if (present.n < 2) return [];
  return client
    .prepare(
      `SELECT l.version, l.category, l.file, l.pages, l.status, l.created_at AS createdAt, l.mailed_date AS mailedDate, b.out_dir AS outDir
       FROM letters l LEFT JOIN letter_batches b ON b.id = l.batch_id WHERE l.person_id = ? ORDER BY l.version DESC`,
    )
    .all(id) as PersonLetter[];
}

function windowText(from: string, to: string): string {
  return `${from.replace(/-/g, '/')}〜${to.replace(/-/g, '/')}`;
}

/** Why one exposure applies to one payment, in the words of the incident's rule. */
export function exposureReason(incident: Incident, code: string, payment: { jstDate: string; method: string | null; transactionId: string }): string {
  const exposure = incident.exposures.find((e) => e.code === code);
  if (!exposure) return '';
  const rule = exposure.rule;
  if (rule.type === 'window') {
    const status = rule.statuses && rule.statuses.length > 0 ? `・状態 ${rule.statuses.join('/')}` : '(状態を問わず)';
    return `決済方法「${payment.method ?? '不明'}」・決済日 ${payment.jstDate.replace(/-/g, '/')} が対象期間 ${windowText(rule.from, rule.to)} 内${status}`;
  }
  let text = `取引ID ${payment.transactionId} が流出確認リスト (${exposure.code}) に記載`;
  if (rule.window && (payment.jstDate < rule.window.from || payment.jstDate > rule.window.to)) {
    text += ` (期間 ${windowText(rule.window.from, rule.window.to)} の外ですが、リストに従い対象)`;
  }
  return text;
}

export function personDetail(db: Db, id: number, run: { runId: number; incident: Incident } | null): PersonDetail {
  const client = db.$client;
  const person = client
    .prepare(
      `SELECT id, group_key AS groupKey, name, kana, postal_code AS postalCode, address1, address2, phone, email, mailable
       FROM persons WHERE id = ?`,
    )
    .get(id) as {
      id: number; groupKey: string; name: string | null; kana: string | null; postalCode: string | null; address1: string | null;
      address2: string | null; phone: string | null; email: string | null; mailable: number;
    } | undefined;
  if (!person) throw new InwError('person-not-found', `対象者 ${formatPersonId(id)} は見つかりません。`);
  const records = (client
    .prepare(
      `SELECT d.id, d.order_id AS orderId, d.member_id AS memberId, d.name, d.kana, d.postal_code AS postalCode, d.address1, d.address2,
         d.phone, d.email, d.donated_at AS donatedAt, d.amount, d.method, i.file_name AS file, d.line
       FROM donor_records d JOIN imports i ON i.id = d.import_id WHERE d.person_id = ? ORDER BY d.id`,
    )
    .all(id) as Array<Omit<PersonRecord, 'source'> & { file: string; line: number }>)
    .map(({ file, line, ...r }) => ({ ...r, source: { file, line } }));
  // The link classification uses: a payment with this person's order ID, else one with their member ID.
  const payments = client
    .prepare(
      `WITH owner AS (
         SELECT p.id,
           ${personByOrder('p')} AS byOrder,
           ${personByMember('p')} AS byMember
         FROM payments p
         WHERE p.order_id IN (SELECT order_id FROM donor_records WHERE person_id = @id AND order_id IS NOT NULL)
            OR p.member_id IN (SELECT member_id FROM donor_records WHERE person_id = @id AND member_id IS NOT NULL))
       SELECT p.id AS paymentId, p.transaction_id AS transactionId, p.order_id AS orderId, p.member_id AS memberId,
         p.paid_date AS jstDate, p.method, p.method_class AS methodClass, p.card_last4 AS cardLast4, p.amount, p.status,
         CASE WHEN o.byOrder IS NOT NULL THEN 'order' ELSE 'member' END AS linkedBy,
         COALESCE(rp.exposure_mask, 0) AS mask, i.file_name AS file, p.line
       FROM owner o JOIN payments p ON p.id = o.id JOIN imports i ON i.id = p.import_id
       LEFT JOIN run_payments rp ON rp.run_id = @run AND rp.payment_id = p.id
       WHERE COALESCE(o.byOrder, o.byMember) = @id
       ORDER BY p.paid_at, p.id`,
    )
    .all({ id, run: run?.runId ?? -1 }) as Array<{
      paymentId: number; transactionId: string; orderId: string | null; memberId: string | null; jstDate: string; method: string | null; methodClass: string | null;
      cardLast4: string | null; amount: number | null; status: string | null; linkedBy: 'order' | 'member'; mask: number; file: string; line: number;
    }>;
  const incident = run?.incident ?? null;
  const shaped: PersonPayment[] = payments.map(({ mask, file, line, methodClass: _m, ...p }) => ({
    ...p,
    source: { file, line },
    exposures: incident
      ? exposuresIn(incident, mask).map((e) => ({ code: e.code, reason: exposureReason(incident, e.code, p) }))
      : [],
  }));
  let categoryMask = 0;
  for (const p of payments) categoryMask |= p.mask;
  const exposures: PersonExposure[] = [];
  if (incident) {
    const affected = payments
      .filter((p) => p.mask !== 0)
      .map((p) => ({ exposureMask: p.mask, methodClass: p.methodClass }) as Pick<AffectedPayment, 'exposureMask' | 'methodClass'> as AffectedPayment);
    incident.exposures.forEach((exposure, index) => {
      const hit = payments.filter((p) => (p.mask & (1 << index)) !== 0);
      if (hit.length === 0) return;
      const rule = exposure.rule;
      exposures.push({
        code: exposure.code,
        label: exposure.label,
        certainty: exposure.certainty,
        items: exposureItemsFor(incident, index, affected),
        payments: hit.length,
        reason: rule.type === 'window'
          ? `${hit.length} 件の決済が対象期間 ${windowText(rule.from, rule.to)} 内の該当決済です`
          : `${hit.length} 件の取引IDが流出確認リストに記載されています`,
      });
    });
  }
  return {
    id: person.id,
    personId: formatPersonId(person.id),
    referenceNumber: referenceNumberOf(person.id),
    name: person.name,
    kana: person.kana,
    postalCode: person.postalCode,
    address1: person.address1,
    address2: person.address2,
    phone: person.phone,
    email: person.email,
    mailable: person.mailable === 1,
    groupedBy: person.groupKey.startsWith('m:') ? 'member' : 'name-address',
    category: incident ? categoryOf(incident, categoryMask) : 'none',
    records,
    payments: shaped,
    exposures,
    letters: lettersOf(client, person.id),
    reviewDecisions: personReviewDecisions(db, person.id),
  };
}
