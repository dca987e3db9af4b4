// Address corrections. Each correction is a new row (the address before it is kept beside
// it), never an overwrite; the newest one is the person's effective address. It is written to
// `persons` at once, and a trigger of migration 0001 (persons_keep_address_correction) puts it
// back whenever a later donors import refreshes the person's contact fields from the records.
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { cleanDisplay, normalizePostalCode } from '../text/normalize.js';
import { inTransaction, personExists, type TrackingContext } from '../store/context.js';
import { latestLetter } from './letters.js';
import { formatPersonId } from '../store/ids.js';
import { addressOf, checkPostalAddress, describePostalCheck } from '../mail/address-check.js';
import { postalIndexFor } from '../mail/postal-store.js';
import { postalMark } from '../vocabulary/postal-code.js';

export interface AddressInput {
  postalCode: string;
  address1: string;
  address2?: string | null;
  reason?: string | null;
}

export interface AddressCorrection {
  id: number;
  personId: string;
  postalCode: string | null;
  address1: string | null;
  address2: string | null;
  previous: { postalCode: string | null; address1: string | null; address2: string | null };
  reason: string | null;
  returnedMailId: number | null;
  createdAt: string;
  actor: string;
}

export function correctAddress(ctx: TrackingContext, personId: number, input: AddressInput): AddressCorrection {
  const { db } = ctx;
  const postalCode = normalizePostalCode(input.postalCode);
  if (!postalCode) throw new InwError('bad-postal-code', `郵便番号「${input.postalCode}」は7桁の郵便番号ではありません。`);
  const address1 = cleanDisplay(input.address1);
  if (!address1) throw new InwError('address-required', '住所 (1行目) を入力してください。');
  const address2 = cleanDisplay(input.address2 ?? null);
  const reason = cleanDisplay(input.reason ?? null);
  return inTransaction(db, () => {
    if (!personExists(db, personId)) throw new InwError('person-not-found', `対象者 ${formatPersonId(personId)} はいません。`);
    const before = db.$client.prepare('SELECT postal_code AS postalCode, address1, address2 FROM persons WHERE id = ?').get(personId) as {
      postalCode: string | null; address1: string | null; address2: string | null;
    };
    if (before.postalCode === postalCode && before.address1 === address1 && before.address2 === address2) {
      throw new InwError('address-unchanged', `対象者 ${formatPersonId(personId)} の住所は既にこの内容です。`);
    }
    // The return this correction answers: the newest letter's, when it came back.
    const letter = latestLetter(db, personId);
    const returned = letter?.status === '返送'
      ? (db.$client.prepare('SELECT id FROM returned_mail WHERE letter_id = ?').get(letter.id) as { id: number } | undefined)
      : undefined;
    const now = ctx.now();
    const createdAt = now.toISOString();
    const info = db.$client.prepare(
      `INSERT INTO address_corrections (person_id, postal_code, address1, address2, previous_postal_code, previous_address1, previous_address2,
         reason, returned_mail_id, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(personId, postalCode, address1, address2, before.postalCode, before.address1, before.address2, reason, returned?.id ?? null, createdAt, ctx.actor);
    const id = Number(info.lastInsertRowid);
    db.$client.prepare('UPDATE persons SET postal_code = ?, address1 = ?, address2 = ?, mailable = 1 WHERE id = ?').run(postalCode, address1, address2, personId);
    // No address in the audit log: it outlives a purge, personal data must not.
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'address-correction',
      detail: { correctionId: id, personId: formatPersonId(personId), returnedMailId: returned?.id ?? null },
    });
    return {
      id, personId: formatPersonId(personId), postalCode, address1, address2, previous: before, reason, returnedMailId: returned?.id ?? null, createdAt, actor: ctx.actor,
    };
  });
}

export function addressHistory(db: Db, personId: number): AddressCorrection[] {
  const rows = db.$client.prepare(
    `SELECT id, postal_code AS postalCode, address1, address2, previous_postal_code AS pp, previous_address1 AS pa1, previous_address2 AS pa2,
       reason, returned_mail_id AS returnedMailId, created_at AS createdAt, actor
     FROM address_corrections WHERE person_id = ? ORDER BY id`,
  ).all(personId) as Array<Omit<AddressCorrection, 'previous' | 'personId'> & { pp: string | null; pa1: string | null; pa2: string | null }>;
  return rows.map(({ pp, pa1, pa2, ...r }) => ({ ...r, personId: formatPersonId(personId), previous: { postalCode: pp, address1: pa1, address2: pa2 } }));
}

export interface PendingResend {
  id: number;
  personId: string;
  /** Why a re-send can go out now. */
  basis: 'address-corrected' | 'absent';
}

/**
 * Persons whose newest letter came back and who can be written to again: their address was
 * corrected after the return, or the letter came back only because nobody was home
 * (受取人不在). Feed these to the letter batch (person filter) to make the next version.
 */
export function pendingResends(db: Db): PendingResend[] {
  const rows = db.$client.prepare(
    `SELECT l.person_id AS id, rm.reason_code AS reasonCode, rm.created_at AS returnedAt,
       (SELECT MAX(c.created_at) FROM address_corrections c WHERE c.person_id = l.person_id) AS correctedAt,
       (SELECT f.status FROM person_followups f WHERE f.person_id = l.person_id ORDER BY f.id DESC LIMIT 1) AS followup
     FROM letters l JOIN returned_mail rm ON rm.letter_id = l.id
     WHERE l.status = '返送' AND l.version = (SELECT MAX(version) FROM letters x WHERE x.person_id = l.person_id)
     ORDER BY l.person_id`,
  ).all() as Array<{ id: number; reasonCode: string; returnedAt: string; correctedAt: string | null; followup: string | null }>;
  const out: PendingResend[] = [];
  for (const r of rows) {
    if (r.followup === '対応完了') continue;
    if (r.correctedAt !== null && Date.parse(r.correctedAt) >= Date.parse(r.returnedAt)) out.push({ id: r.id, personId: formatPersonId(r.id), basis: 'address-corrected' });
    else if (r.reasonCode === 'absent') out.push({ id: r.id, personId: formatPersonId(r.id), basis: 'absent' });
  }
  return out;
}

/**
 * The one-step correction of a 〒と住所の不一致: the person's postal code becomes the code of
 * their address's town (or `code`, which must fit the address), recorded as an address
 * correction with its history and audit entry. The address itself is kept as written.
 */
export function fixPostalCode(ctx: TrackingContext, personId: number, code?: string): AddressCorrection {
  const { db } = ctx;
  const row = db.$client.prepare('SELECT postal_code AS postalCode, address1, address2 FROM persons WHERE id = ?').get(personId) as
    { postalCode: string | null; address1: string | null; address2: string | null } | undefined;
  if (!row) throw new InwError('person-not-found', `対象者 ${formatPersonId(personId)} はいません。`);
  if (!row.address1) throw new InwError('address-required', `対象者 ${formatPersonId(personId)} には住所がありません。inw address で住所ごと訂正してください。`);
  const index = postalIndexFor(db);
  const address = addressOf(row.address1, row.address2);
  const current = normalizePostalCode(row.postalCode);
  const check = checkPostalAddress(index, current ?? '', address);
  let target: string;
  if (code !== undefined) {
    const given = normalizePostalCode(code);
    if (!given) throw new InwError('bad-postal-code', `郵便番号「${code}」は7桁の郵便番号ではありません。`);
    if (checkPostalAddress(index, given, address).status !== 'match') {
      throw new InwError('postal-still-mismatch', `${postalMark(given)} もこの住所と一致しません。${describePostalCheck(given, checkPostalAddress(index, given, address))} 住所ごと直すときは inw address を使ってください。`);
    }
    target = given;
  } else {
    if (check.status === 'match' && current) throw new InwError('postal-already-match', `対象者 ${formatPersonId(personId)} の郵便番号は住所と一致しています。`);
    if (check.townCodes.length === 0) {
      throw new InwError('postal-no-suggestion', `対象者 ${formatPersonId(personId)} の住所から郵便番号を決められません (${describePostalCheck(current ?? '', check)})。--code で指定するか、inw address で住所ごと訂正してください。`);
    }
    if (check.townCodes.length > 1) {
      throw new InwError('postal-several-codes', `住所の町域には郵便番号が複数あります (${check.townCodes.map(postalMark).join('・')}、丁目や番地で分かれます)。--code で指定してください。`);
    }
    target = check.townCodes[0]!;
  }
  return correctAddress(ctx, personId, {
    postalCode: target, address1: row.address1, address2: row.address2,
    reason: `〒と住所の不一致の訂正 (${current ? postalMark(current) : row.postalCode ?? 'なし'} → ${postalMark(target)})`,
  });
}
