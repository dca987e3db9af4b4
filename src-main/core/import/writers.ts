// The writing half of an import: one writer per kind puts a normalised record into its table
// and says whether it was new, a repeat of a stored record, or a conflict with one (same key,
// different content). Records arrive as flat value arrays (import/read.ts RECORD_FIELDS order),
// as they cross from the worker thread; they are read back as objects only on the rare
// repeat/conflict path.
import type Database from 'better-sqlite3';
import { FIELDS } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import type { DonorRecord, PaymentRecord } from './rows.js';
import { RECORD_FIELDS } from './read.js';
import { nfkc } from '../text/normalize.js';
import { refreshPersons } from './refresh-persons.js';

export type Outcome = 'accepted' | 'duplicate' | { conflict: string };

/** Writes one record given as `values[offset …]` in RECORD_FIELDS order of its kind. */
export interface KindWriter {
  write(values: unknown[], offset: number, line: number): Outcome;
  /** The duplicate key of the record, for the conflict's issue row. */
  key(values: unknown[], offset: number): string;
  finish(): void;
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

function differences(pairs: Array<[string, unknown, unknown]>): string | null {
  const diffs = pairs.filter(([, a, b]) => !same(a, b)).map(([label, a, b]) => `${label}: 「${String(a)}」→「${String(b)}」`);
  return diffs.length > 0 ? diffs.join('、') : null;
}

class PaymentsWriter implements KindWriter {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(client: Database.Database, private readonly importId: number) {
    this.insert = client.prepare(
      `INSERT INTO payments (transaction_id, order_id, member_id, paid_at, paid_date, paid_has_time, method, method_class,
         card_last4, card_brand, amount, status, import_id, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transaction_id) DO NOTHING`,
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
      this.importId, line,
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
    return diff === null ? 'duplicate' : { conflict: `取引ID ${p.transactionId} は取込済みで内容が異なります (${diff})。先に取り込んだ内容を残します。` };
  }

  finish(): void {}
}

class DonorsWriter implements KindWriter {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly findPerson: Database.Statement;
  private readonly addPerson: Database.Statement;
  private readonly personIds = new Map<string, number>();

  constructor(private readonly client: Database.Database, private readonly importId: number) {
    this.insert = client.prepare(
      `INSERT INTO donor_records (record_key, order_id, member_id, name, kana, postal_code, postal_raw, address1, address2,
         phone, email, donated_at, amount, method, name_key, address_key, phone_key, email_key, person_id, import_id, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_key) DO NOTHING`,
    );
    this.select = client.prepare(
      `SELECT member_id AS memberId, name_key AS nameKey, kana, postal_code AS postalCode, address_key AS addressKey,
         phone_key AS phoneKey, email_key AS emailKey, donated_at AS donatedAt, amount
       FROM donor_records WHERE record_key = ?`,
    );
    this.findPerson = client.prepare('SELECT id FROM persons WHERE group_key = ?');
    this.addPerson = client.prepare('INSERT INTO persons (group_key) VALUES (?)');
  }

  private personFor(groupKey: string): number {
    let id = this.personIds.get(groupKey);
    if (id === undefined) {
      const row = this.findPerson.get(groupKey) as { id: number } | undefined;
      id = row ? row.id : Number(this.addPerson.run(groupKey).lastInsertRowid);
      this.personIds.set(groupKey, id);
    }
    return id;
  }

  key(values: unknown[], offset: number): string {
    return values[offset] as string;
  }

  write(values: unknown[], offset: number, line: number): Outcome {
    const d = recordAt('donors', values, offset) as unknown as DonorRecord;
    const old = this.select.get(d.recordKey) as (Omit<DonorRecord, 'recordKey'>) | undefined;
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
      return diff === null
        ? 'duplicate'
        : { conflict: `注文番号 ${d.orderId ?? ''} は取込済みで内容が異なります (${diff})。先に取り込んだ内容を残します。` };
    }
    this.insert.run(
      d.recordKey, d.orderId, d.memberId, d.name, d.kana, d.postalCode, d.postalRaw, d.address1, d.address2,
      d.phone, d.email, d.donatedAt, d.amount, d.method, d.nameKey, d.addressKey, d.phoneKey, d.emailKey,
      this.personFor(d.groupKey), this.importId, line,
    );
    return 'accepted';
  }

  /** Persons touched by this import take their contact data from their newest record. */
  finish(): void {
    refreshPersons(this.client, 'SELECT DISTINCT person_id FROM donor_records WHERE import_id = ?', [this.importId]);
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

  finish(): void {}
}
