// The writing half of an import: one writer per kind puts a normalised record into its table
// and says whether it was new, a repeat of a stored record, or a conflict with one (same key,
// different content: the stored content stays). A record whose key has an open conflict from an
// earlier import settles it: this, the newer file, wins; its content replaces the stored one
// where they differ (store/import-conflicts.ts). Records arrive as flat value arrays (import/read.ts
// RECORD_FIELDS order), a batch at a time; they are read back as objects only on the rare
// repeat/conflict path.
import type Database from 'better-sqlite3';
import { FIELDS } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import type { DonorRecord, PaymentRecord, RowIssue } from './rows.js';
import { RECORD_FIELDS } from './read.js';
import { nfkc } from '../text/normalize.js';
import { refreshPersons, settleLeftPersons, type LeftPerson } from './refresh-persons.js';
import { openConflictKeys } from '../store/import-conflicts.js';
import { LINK_OF_NEW_PAYMENT, refreshPaymentLinks } from '../store/payment-links.js';

/** `resolved`: an open conflict settled by this row; `corrected` when the stored content changed. */
export type Outcome = 'accepted' | 'duplicate' | { conflict: string } | { resolved: string; corrected: boolean };

/** Writes one record given as `values[offset …]` in RECORD_FIELDS order of its kind. */
export interface KindWriter {
  write(values: unknown[], offset: number, line: number): Outcome;
  /** The duplicate key of the record, for the conflict's issue row. */
  key(values: unknown[], offset: number): string;
  /** After the last record: the row warnings it leads to (persons a correction emptied). */
  finish(): RowIssue[];
}

export function writerFor(kind: ImportKind, client: Database.Database, importId: number, exposure: string | null): KindWriter {
  if (kind === 'payments') return new PaymentsWriter(client, importId);
  if (kind === 'donors') return new DonorsWriter(client, importId);
  return new ConfirmedWriter(client, importId, exposure!);
}

/** Reads a flat record back as an object (only on the rare duplicate/conflict path). */
function recordAt<K extends ImportKind>(kind: K, values: unknown[], offset: number): Record<(typeof RECORD_FIELDS)[K][number], never> {
  const out: Record<string, unknown> = {};
  RECORD_FIELDS[kind].forEach((field, i) => (out[field] = values[offset + i]));
  return out as never;
}

function same(a: unknown, b: unknown): boolean {
  return a === null || a === undefined || b === null || b === undefined || a === b;
}

function foldText(value: string | null): string | null {
  return value === null ? null : nfkc(value).replace(/[\s\u3000]+/g, '').toLowerCase();
}

/** What the user reads about a conflict, and about its end. */
function conflictMessage(what: string, diff: string): string {
  return `${what} は取込済みで内容が異なります (${diff})。先に取り込んだ内容を残します。正しい内容のファイルを取り込み直すと、その内容で置き換えます。`;
}

function resolvedMessage(what: string, diff: string | null): string {
  return diff === null
    ? `${what} の取込の矛盾を解消しました (取込済みの内容と同じです)。`
    : `${what} の取込の矛盾を解消しました: このファイルの内容で置き換えました (${diff})。`;
}

function differences(pairs: Array<[string, unknown, unknown]>): string | null {
  const diffs = pairs.filter(([, a, b]) => !same(a, b)).map(([label, a, b]) => `${label}: 「${String(a)}」→「${String(b)}」`);
  return diffs.length > 0 ? diffs.join('、') : null;
}

class PaymentsWriter implements KindWriter {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly update: Database.Statement;
  private readonly open: Set<string>;
  private corrected = false;

  constructor(private readonly client: Database.Database, private readonly importId: number) {
    this.open = openConflictKeys(client, 'payments');
    // A value the newer file leaves empty keeps the stored one.
    this.update = client.prepare(
      `UPDATE payments SET order_id = COALESCE(?, order_id), member_id = COALESCE(?, member_id), paid_at = ?, paid_date = ?,
         paid_has_time = ?, method = COALESCE(?, method), method_class = COALESCE(?, method_class), card_last4 = COALESCE(?, card_last4),
         card_brand = COALESCE(?, card_brand), amount = COALESCE(?, amount), status = COALESCE(?, status), import_id = ?, line = ?
       WHERE transaction_id = ?`,
    );
    this.insert = client.prepare(
      `INSERT INTO payments (transaction_id, order_id, member_id, paid_at, paid_date, paid_has_time, method, method_class,
         card_last4, card_brand, amount, status, import_id, line, donor_linked)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${LINK_OF_NEW_PAYMENT}) ON CONFLICT (transaction_id) DO NOTHING`,
    );
    this.select = client.prepare(
      `SELECT order_id AS orderId, member_id AS memberId, paid_at AS paidAt, paid_date AS paidDate, paid_has_time AS paidHasTime,
         method_class AS methodClass, card_last4 AS cardLast4, card_brand AS cardBrand, amount, status
       FROM payments WHERE transaction_id = ?`,
    );
  }

  key(values: unknown[], offset: number): string {
    return values[offset] as string;
  }

  write(v: unknown[], o: number, line: number): Outcome {
    const info = this.insert.run(
      v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6], v[o + 7], v[o + 8], v[o + 9], v[o + 10], v[o + 11],
      this.importId, line, v[o + 1], v[o + 2],
    );
    if (info.changes > 0) return 'accepted';
    const p = recordAt('payments', v, o) as unknown as PaymentRecord;
    const old = this.select.get(p.transactionId) as PaymentRecord;
    // Content is compared on the normalised fields both rows provide (spec §2); a date
    // without a time is compared by its Japan-local date.
    const bothTimed = old.paidHasTime === 1 && p.paidHasTime === 1;
    const diff = differences([
      [FIELDS.orderId.label, old.orderId, p.orderId],
      [FIELDS.memberId.label, old.memberId, p.memberId],
      [FIELDS.paidAt.label, bothTimed ? old.paidAt : old.paidDate, bothTimed ? p.paidAt : p.paidDate],
      [FIELDS.method.label, old.methodClass, p.methodClass],
      ['カード下4桁', old.cardLast4, p.cardLast4],
      [FIELDS.cardBrand.label, foldText(old.cardBrand), foldText(p.cardBrand)],
      [FIELDS.amount.label, old.amount, p.amount],
      [FIELDS.status.label, foldText(old.status), foldText(p.status)],
    ]);
    const what = `取引ID ${p.transactionId}`;
    if (!this.open.delete(p.transactionId)) return diff === null ? 'duplicate' : { conflict: conflictMessage(what, diff) };
    if (diff !== null) {
      // A date without a time does not replace the same date with one.
      const paid = p.paidHasTime === 0 && old.paidHasTime === 1 && p.paidDate === old.paidDate ? old : p;
      this.update.run(
        p.orderId, p.memberId, paid.paidAt, paid.paidDate, paid.paidHasTime, p.method, p.methodClass, p.cardLast4, p.cardBrand, p.amount, p.status,
        this.importId, line, p.transactionId,
      );
      this.corrected = true;
    }
    return { resolved: resolvedMessage(what, diff), corrected: diff !== null };
  }

  /** Stored payments this import corrected link to the donors as their new IDs say. */
  finish(): RowIssue[] {
    if (this.corrected) refreshPaymentLinks(this.client, { importId: this.importId });
    return [];
  }
}

class DonorsWriter implements KindWriter {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly findPerson: Database.Statement;
  private readonly addPerson: Database.Statement;
  private readonly update: Database.Statement;
  private readonly personIds = new Map<string, number>();
  private readonly open: Set<string>;
  /** Persons a corrected record was moved away from, settled when the import ends. */
  private readonly leftPersons = new Map<number, LeftPerson>();
  /** Persons this import created (a person emptied by a correction may take one's place). */
  private readonly created = new Set<number>();

  constructor(private readonly client: Database.Database, private readonly importId: number) {
    this.open = openConflictKeys(client, 'donors');
    // A value the newer file leaves empty keeps the stored one.
    this.update = client.prepare(
      `UPDATE donor_records SET member_id = COALESCE(?, member_id), name = COALESCE(?, name), kana = COALESCE(?, kana),
         postal_code = COALESCE(?, postal_code), postal_raw = COALESCE(?, postal_raw), address1 = COALESCE(?, address1),
         address2 = COALESCE(?, address2), phone = COALESCE(?, phone), email = COALESCE(?, email), donated_at = COALESCE(?, donated_at),
         amount = COALESCE(?, amount), method = COALESCE(?, method), name_key = COALESCE(NULLIF(?, ''), name_key),
         address_key = COALESCE(NULLIF(?, ''), address_key), phone_key = COALESCE(NULLIF(?, ''), phone_key),
         email_key = COALESCE(NULLIF(?, ''), email_key), person_id = ?, import_id = ?, line = ?
       WHERE record_key = ?`,
    );
    this.insert = client.prepare(
      `INSERT INTO donor_records (record_key, order_id, member_id, name, kana, postal_code, postal_raw, address1, address2,
         phone, email, donated_at, amount, method, name_key, address_key, phone_key, email_key, person_id, import_id, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_key) DO NOTHING`,
    );
    this.select = client.prepare(
      `SELECT member_id AS memberId, name_key AS nameKey, kana, postal_code AS postalCode, address_key AS addressKey,
         phone_key AS phoneKey, email_key AS emailKey, donated_at AS donatedAt, amount, person_id AS personId
       FROM donor_records WHERE record_key = ?`,
    );
    this.findPerson = client.prepare('SELECT id FROM persons WHERE group_key = ?');
    this.addPerson = client.prepare('INSERT INTO persons (group_key) VALUES (?)');
  }

  private personFor(groupKey: string): number {
    let id = this.personIds.get(groupKey);
    if (id === undefined) {
      const row = this.findPerson.get(groupKey) as { id: number } | undefined;
      if (row) id = row.id;
      else {
        id = Number(this.addPerson.run(groupKey).lastInsertRowid);
        this.created.add(id);
      }
      this.personIds.set(groupKey, id);
    }
    return id;
  }

  key(values: unknown[], offset: number): string {
    return values[offset] as string;
  }

  write(values: unknown[], offset: number, line: number): Outcome {
    const d = recordAt('donors', values, offset) as unknown as DonorRecord;
    const old = this.select.get(d.recordKey) as (Omit<DonorRecord, 'recordKey'> & { personId: number }) | undefined;
    if (old) {
      const diff = differences([
        [FIELDS.memberId.label, old.memberId, d.memberId],
        [FIELDS.name.label, old.nameKey || null, d.nameKey || null],
        [FIELDS.kana.label, foldText(old.kana), foldText(d.kana)],
        [FIELDS.postalCode.label, old.postalCode, d.postalCode],
        [FIELDS.address.label, old.addressKey || null, d.addressKey || null],
        [FIELDS.phone.label, old.phoneKey || null, d.phoneKey || null],
        [FIELDS.email.label, old.emailKey || null, d.emailKey || null],
        [FIELDS.paidAt.label, old.donatedAt, d.donatedAt],
        [FIELDS.amount.label, old.amount, d.amount],
      ]);
      const what = `注文番号 ${d.orderId ?? ''}`;
      if (!this.open.delete(d.recordKey)) return diff === null ? 'duplicate' : { conflict: conflictMessage(what, diff) };
      if (diff !== null) {
        const personId = this.personFor(d.groupKey);
        if (personId !== old.personId) {
          const left = this.leftPersons.get(old.personId) ?? { targets: new Set<number>(), line, orderId: d.orderId };
          left.targets.add(personId);
          left.line = line;
          left.orderId = d.orderId;
          this.leftPersons.set(old.personId, left);
        }
        this.update.run(
          d.memberId, d.name, d.kana, d.postalCode, d.postalRaw, d.address1, d.address2, d.phone, d.email, d.donatedAt, d.amount, d.method,
          d.nameKey, d.addressKey, d.phoneKey, d.emailKey, personId, this.importId, line, d.recordKey,
        );
      }
      return { resolved: resolvedMessage(what, diff), corrected: diff !== null };
    }
    this.insert.run(
      d.recordKey, d.orderId, d.memberId, d.name, d.kana, d.postalCode, d.postalRaw, d.address1, d.address2,
      d.phone, d.email, d.donatedAt, d.amount, d.method, d.nameKey, d.addressKey, d.phoneKey, d.emailKey,
      this.personFor(d.groupKey), this.importId, line,
    );
    return 'accepted';
  }

  /**
   * Persons touched by this import take their contact data from their newest record; persons it
   * emptied are settled; payments link to the records as they now are.
   */
  finish(): RowIssue[] {
    refreshPersons(this.client, 'SELECT DISTINCT person_id FROM donor_records WHERE import_id = ?', [this.importId]);
    if (this.client.prepare('SELECT 1 FROM donor_records WHERE import_id = ? LIMIT 1').get(this.importId)) refreshPaymentLinks(this.client, 'every-payment');
    return this.leftPersons.size > 0 ? settleLeftPersons(this.client, this.leftPersons, this.created) : [];
  }
}

class ConfirmedWriter implements KindWriter {
  private readonly insert: Database.Statement;

  constructor(client: Database.Database, private readonly importId: number, private readonly exposure: string) {
    this.insert = client.prepare(
      'INSERT INTO confirmed_ids (exposure_code, transaction_id, import_id, line) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
  }

  key(values: unknown[], offset: number): string {
    return values[offset] as string;
  }

  write(values: unknown[], offset: number, line: number): Outcome {
    const info = this.insert.run(this.exposure, values[offset], this.importId, line);
    return info.changes > 0 ? 'accepted' : 'duplicate';
  }

  finish(): RowIssue[] {
    return [];
  }
}
