// Import = preview, then commit in one database transaction: a failure, a cancel or a killed
// process leaves the database as it was. Every import is recorded with its counts and warnings.
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { InwError } from '../errors.js';
import type { Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { Worker } from 'node:worker_threads';
import { inspectFile } from './decode.js';
import { ENCODING_LABELS, type EncodingChoice } from '../vocabulary/encodings.js';
import { FIELDS, type ColumnMapping, type FieldId, type UserMapping } from './fields.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';
import type { DonorRecord, PaymentRecord, RowCounters, RowIssue } from './rows.js';
import { RECORD_FIELDS, readImportBatches, type ReadEvent, type ReadParams } from './read.js';
import { nfkc } from '../text/normalize.js';
import { maskCardNumbers } from '../text/card.js';

export interface ImportWarning {
  code: string;
  message: string;
  count?: number;
}

export interface ImportReport {
  importId: number;
  kind: ImportKind;
  exposure: string | null;
  file: string;
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  sheet: string | null;
  headerLine: number;
  mapping: Partial<Record<FieldId, string>>;
  unknownColumns: string[];
  securityCodeColumns: string[];
  /** Full card numbers reduced or masked to their last 4 (card column and every other value). */
  cardNumbersMasked: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsConflict: number;
  warnings: ImportWarning[];
  /** The first rejected rows, conflicts and warnings about kept rows (all of them are stored in import_issues). */
  rejects: RowIssue[];
  conflicts: RowIssue[];
  rowWarnings: RowIssue[];
}

export interface ImportProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  db: Db;
  file: string;
  kind: ImportKind;
  /** Exposure code a confirmed list belongs to. */
  exposure?: string;
  encoding?: EncodingChoice;
  map?: UserMapping;
  sheet?: string;
  strict?: boolean;
  now: () => Date;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The bundled import worker (dist/import/worker.js). Given, the file is parsed on a second
   * thread while this one writes; omitted, both happen here.
   */
  workerScript?: string;
}

const REPORTED_ISSUES = 200;

type Outcome = 'accepted' | 'duplicate' | { conflict: string };

/** Writes one record given as `values[offset …]` in RECORD_FIELDS order of its kind. */
interface KindWriter {
  write(values: unknown[], offset: number, line: number): Outcome;
  /** The duplicate key of the record, for the conflict's issue row. */
  key(values: unknown[], offset: number): string;
  finish(): void;
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

/**
 * Contact fields of a person: name, postal code and address from the newest record (by
 * donation date, then import order); kana, phone and e-mail from the newest record that has one.
 */
export function refreshPersons(client: Database.Database, personIdsSql: string, params: unknown[]): void {
  const newest = (column: string) =>
    `(SELECT d.${column} FROM donor_records d WHERE d.person_id = persons.id AND d.${column} IS NOT NULL AND d.${column} <> ''
       ORDER BY d.donated_at DESC NULLS LAST, d.id DESC LIMIT 1)`;
  client.prepare(
    `UPDATE persons SET
       name = r.name, postal_code = r.postal_code, address1 = r.address1, address2 = r.address2,
       name_key = r.name_key, address_key = r.address_key,
       kana = ${newest('kana')}, phone = ${newest('phone')}, email = ${newest('email')},
       phone_key = COALESCE(${newest('phone_key')}, ''), email_key = COALESCE(${newest('email_key')}, ''),
       mailable = (r.postal_code IS NOT NULL AND COALESCE(r.address1, '') <> '')
     FROM (
       SELECT * FROM (
         SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.person_id ORDER BY d.donated_at DESC NULLS LAST, d.id DESC) AS rn
         FROM donor_records d WHERE d.person_id IN (${personIdsSql})
       ) WHERE rn = 1
     ) AS r
     WHERE persons.id = r.person_id`,
  ).run(...params);
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

function counterWarnings(kind: ImportKind, counters: RowCounters): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (counters.fullCardNumbers > 0) {
    warnings.push({
      code: 'full-card-number',
      count: counters.fullCardNumbers,
      message: `カード番号の列に完全なカード番号が ${counters.fullCardNumbers} 件ありました。下4桁だけを保存しています。`,
    });
  }
  if (counters.maskedCardNumbers > 0) {
    warnings.push({
      code: 'card-number-masked',
      count: counters.maskedCardNumbers,
      message: `カード番号と思われる数字列 ${counters.maskedCardNumbers} 件を伏せて保存しました (下4桁のみ)。`,
    });
  }
  if (counters.badAmounts > 0) {
    warnings.push({ code: 'invalid-amount', count: counters.badAmounts, message: `金額を読めない行が ${counters.badAmounts} 行あります (金額なしとして保存)。` });
  }
  if (kind === 'donors' && counters.badPostalCodes > 0) {
    warnings.push({
      code: 'invalid-postal-code',
      count: counters.badPostalCodes,
      message: `郵便番号が7桁でない行が ${counters.badPostalCodes} 行あります (郵送できない宛先として扱います)。`,
    });
  }
  return warnings;
}

/** One line of the report per kind of row warning; each row is in import_issues. */
function rowWarningSummary(code: string, count: number): ImportWarning {
  const message =
    code === 'phone-leading-zero'
      ? `電話番号の先頭の 0 が欠けているように見える行が ${count} 行あります (そのまま取り込みました。行番号は取込結果を参照)。`
      : `確認が必要な行が ${count} 行あります (行番号は取込結果を参照)。`;
  return { code, count, message };
}

function columnWarnings(kind: ImportKind, mapping: ColumnMapping): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (mapping.securityCodeColumns.length > 0) {
    warnings.push({
      code: 'security-code-column',
      message: `セキュリティコードの列 (${mapping.securityCodeColumns.join('、')}) がありました。この列は読み込まず、保存していません。元のファイルの取り扱いにご注意ください。`,
    });
  }
  if (mapping.unknownColumns.length > 0) {
    warnings.push({ code: 'unknown-columns', message: `使わない列を無視しました: ${mapping.unknownColumns.join('、')}` });
  }
  if (mapping.duplicateColumns.length > 0) {
    warnings.push({ code: 'duplicate-columns', message: `同じ項目の列が複数あり、最初の列を使いました: ${mapping.duplicateColumns.join('、')}` });
  }
  if (kind === 'payments' && mapping.columns.method === undefined) {
    warnings.push({ code: 'no-method-column', message: '決済方法の列がありません。すべての取引をカード以外として扱います (--map method=見出し で指定できます)。' });
  }
  if (kind === 'payments' && mapping.columns.orderId === undefined && mapping.columns.memberId === undefined) {
    warnings.push({ code: 'no-link-columns', message: 'オーダーIDと会員番号の列がありません。取引を寄付者に結び付けられません。' });
  }
  if (kind === 'donors' && mapping.columns.orderId === undefined && mapping.columns.memberId === undefined) {
    warnings.push({ code: 'no-link-columns', message: '注文番号と会員番号の列がありません。取引を寄付者に結び付けられません。' });
  }
  return warnings;
}

function writerFor(kind: ImportKind, client: Database.Database, importId: number, exposure: string | null): KindWriter {
  if (kind === 'payments') return new PaymentsWriter(client, importId);
  if (kind === 'donors') return new DonorsWriter(client, importId);
  return new ConfirmedWriter(client, importId, exposure!);
}

const EXPOSURE_CODE = /^[a-z0-9][a-z0-9_-]{0,40}$/;

/** Read events from a worker thread, with the worker's errors rethrown here. */
async function* workerEvents(script: string, params: ReadParams, signal?: AbortSignal): AsyncGenerator<ReadEvent> {
  const worker = new Worker(script, { workerData: params });
  const queue: Array<ReadEvent | { type: 'error'; name: string; code?: string; message: string; location?: never } | { type: 'exit' }> = [];
  let wake: (() => void) | null = null;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ type: 'error', name: error.name, message: error.message }));
  worker.on('exit', () => push({ type: 'exit' }));
  try {
    for (;;) {
      signal?.throwIfAborted();
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (item.type === 'exit') throw new InwError('import-failed', '取込の処理スレッドが途中で終了しました。');
      if (item.type === 'error') {
        if (item.name === 'AbortError') signal?.throwIfAborted();
        throw item.code ? new InwError(item.code, item.message, item.location) : new InwError('import-failed', item.message);
      }
      yield item;
      if (item.type === 'batch') worker.postMessage({ type: 'ack' });
      if (item.type === 'end') return;
    }
  } finally {
    await worker.terminate();
  }
}

export async function importFile(options: ImportOptions): Promise<ImportReport> {
  const { db, kind, file } = options;
  const client = db.$client;
  // Even the file's name is kept and printed only with card numbers masked.
  const fileName = maskCardNumbers(basename(file)).value;
  const exposure = kind === 'confirmed' ? (options.exposure ?? null) : null;
  if (kind === 'confirmed' && (exposure === null || !EXPOSURE_CODE.test(exposure))) {
    throw new InwError('exposure-required', '確認済みリストの取込には --exposure (例: payment-db) が必要です。');
  }
  const facts = await inspectFile(file, options.encoding ?? 'auto');
  const earlier = client.prepare('SELECT file_name AS fileName, imported_at AS importedAt FROM imports WHERE sha256 = ?').get(facts.sha256) as
    | { fileName: string; importedAt: string } | undefined;
  if (earlier) {
    throw new InwError(
      'already-imported',
      `${fileName} は取込済みです (同じ内容のファイル「${earlier.fileName}」を ${earlier.importedAt} に取り込みました)。同じファイルは二度取り込めません。`,
      { file: fileName },
    );
  }

  const params: ReadParams = { file, kind, facts, sheet: options.sheet, map: options.map ?? {} };
  const events = options.workerScript
    ? workerEvents(options.workerScript, params, options.signal)
    : readImportBatches(params, options.signal);
  const width = RECORD_FIELDS[kind].length;
  let header: Extract<ReadEvent, { type: 'header' }> | null = null;
  let writer: KindWriter | null = null;
  let counters: RowCounters | null = null;
  let sheet: string | null = null;
  let importId = 0;
  const rejects: RowIssue[] = [];
  const conflicts: RowIssue[] = [];
  const rowWarnings: RowIssue[] = [];
  const rowWarningCounts = new Map<string, number>();
  let rowsRead = 0;
  let accepted = 0;
  let rejected = 0;
  let duplicates = 0;
  let conflictCount = 0;
  let maskedInMessages = 0;
  const insertIssue = client.prepare(
    'INSERT INTO import_issues (import_id, severity, line, column, code, message, record_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const startedAt = options.now().toISOString();

  client.exec('BEGIN IMMEDIATE');
  try {
    importId = Number(
      client
        .prepare(
          `INSERT INTO imports (kind, exposure_code, file_name, file_size, sha256, format, encoding, sheet_name, header_line, mapping,
             unknown_columns, rows_read, rows_accepted, rows_rejected, rows_duplicate, rows_conflict, warnings, imported_at)
           VALUES (?, ?, ?, ?, ?, 'csv', ?, NULL, 0, '{}', '[]', 0, 0, 0, 0, 0, '[]', ?)`,
        )
        .run(kind, exposure, fileName, facts.size, facts.sha256, facts.encoding, startedAt).lastInsertRowid,
    );
    for await (const event of events) {
      if (event.type === 'header') {
        header = event;
        writer = writerFor(kind, client, importId, exposure);
        continue;
      }
      if (event.type === 'end') {
        counters = event.counters;
        sheet = event.sheet;
        continue;
      }
      options.signal?.throwIfAborted();
      rowsRead += event.rowsRead;
      for (const issue of event.issues) {
        // Last guard: a message that quotes a cell never carries a full card number.
        const masked = maskCardNumbers(issue.message);
        if (masked.masked > 0) {
          issue.message = masked.value;
          maskedInMessages += masked.masked;
        }
        rejected++;
        if (rejects.length < REPORTED_ISSUES) rejects.push(issue);
        insertIssue.run(importId, 'reject', issue.line, issue.column, issue.code, issue.message, null);
      }
      for (const warning of event.warnings) {
        rowWarningCounts.set(warning.code, (rowWarningCounts.get(warning.code) ?? 0) + 1);
        if (rowWarnings.length < REPORTED_ISSUES) rowWarnings.push(warning);
        insertIssue.run(importId, 'warning', warning.line, warning.column, warning.code, warning.message, null);
      }
      const { values, lines } = event;
      for (let r = 0, offset = 0; r < lines.length; r++, offset += width) {
        const outcome = writer!.write(values, offset, lines[r]!);
        if (outcome === 'accepted') accepted++;
        else if (outcome === 'duplicate') duplicates++;
        else {
          conflictCount++;
          const issue: RowIssue = { line: lines[r]!, column: null, code: 'conflict', message: outcome.conflict };
          if (conflicts.length < REPORTED_ISSUES) conflicts.push(issue);
          insertIssue.run(importId, 'conflict', lines[r]!, null, 'conflict', outcome.conflict, writer!.key(values, offset));
        }
      }
      options.onProgress?.({ rows: rowsRead, bytesRead: event.bytesRead, totalBytes: facts.size });
    }
    if (header === null || counters === null) throw new InwError('import-failed', `${fileName}: 取込が完了しませんでした。`);
    writer!.finish();
    // An import always expects rows: a file with only its header is the wrong file or sheet,
    // and recording it would only block importing the right one. Nothing is kept.
    if (rowsRead === 0) {
      throw new InwError('import-no-rows', `${fileName}: 見出し (${header.line}行目) の後にデータの行がありません。何も取り込んでいません。ファイルやシート (--sheet) を確かめてください。`, { file: fileName, line: header.line });
    }
    rejects.sort((a, b) => a.line - b.line);
    if (options.strict && rejected > 0) {
      const first = rejects.slice(0, 5).map((r) => `${r.line}行目: ${r.message}`).join(' / ');
      throw new InwError(
        'strict-rejected',
        `${fileName}: 取り込めない行が ${rejected} 行あるため、--strict によりファイル全体を取り込みませんでした。${first}`,
        { file: fileName, line: rejects[0]?.line },
      );
    }
    counters.maskedCardNumbers += maskedInMessages;
    const warnings = [
      ...columnWarnings(kind, header.mapping),
      ...counterWarnings(kind, counters),
      ...[...rowWarningCounts].map(([code, count]) => rowWarningSummary(code, count)),
    ];
    if (rejected > 0) warnings.push({ code: 'rejected-rows', count: rejected, message: `${rejected} 行を取り込めませんでした (行番号と理由は取込結果を参照)。` });
    if (conflictCount > 0) warnings.push({ code: 'conflicts', count: conflictCount, message: `${conflictCount} 行が取込済みの内容と食い違っています (先の内容を残しました)。` });
    const mappingHeaders = header.mapping.headers;
    const encoding = header.format === 'xlsx' ? 'xlsx' : facts.encoding;
    client
      .prepare(
        `UPDATE imports SET format = ?, encoding = ?, sheet_name = ?, header_line = ?, mapping = ?, unknown_columns = ?, rows_read = ?,
           rows_accepted = ?, rows_rejected = ?, rows_duplicate = ?, rows_conflict = ?, warnings = ? WHERE id = ?`,
      )
      .run(
        header.format, encoding, sheet, header.line, JSON.stringify(mappingHeaders), JSON.stringify(header.mapping.unknownColumns),
        rowsRead, accepted, rejected, duplicates, conflictCount, JSON.stringify(warnings), importId,
      );
    appendAudit(db, {
      at: options.now(),
      actor: options.actor,
      action: 'import',
      detail: {
        importId, kind, exposure, file: fileName, size: facts.size, sha256: facts.sha256,
        rowsRead, accepted, rejected, duplicates, conflicts: conflictCount,
      },
    });
    client.exec('COMMIT');
    return {
      importId, kind, exposure, file: fileName, size: facts.size, sha256: facts.sha256, format: header.format,
      encoding: header.format === 'xlsx' ? 'xlsx' : ENCODING_LABELS[facts.encoding],
      sheet, headerLine: header.line, mapping: mappingHeaders,
      unknownColumns: header.mapping.unknownColumns, securityCodeColumns: header.mapping.securityCodeColumns,
      cardNumbersMasked: counters.fullCardNumbers + counters.maskedCardNumbers,
      rowsRead, rowsAccepted: accepted, rowsRejected: rejected, rowsDuplicate: duplicates, rowsConflict: conflictCount,
      warnings, rejects, conflicts, rowWarnings,
    };
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK');
    await events.return(undefined);
    if ((error as Error).name === 'AbortError') throw new InwError('cancelled', `${fileName} の取込を取り消しました。データベースは変更していません。`);
    throw error;
  }
}
