// The one source of table shapes. Migrations in db/migrations are generated from this file by
// drizzle-kit (`npm run db:generate`) and committed; openDb() applies them.
// Time: instants are ISO-8601 UTC text ("…Z"); calendar dates are Japan-local "YYYY-MM-DD".
// Card data: only the last 4 digits are ever stored.

import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const imports = sqliteTable('imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['payments', 'donors', 'confirmed'] }).notNull(),
  exposureCode: text('exposure_code'),
  fileName: text('file_name').notNull(),
  fileSize: integer('file_size').notNull(),
  sha256: text('sha256').notNull(),
  format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
  encoding: text('encoding').notNull(),
  sheetName: text('sheet_name'),
  headerLine: integer('header_line').notNull(),
  mapping: text('mapping', { mode: 'json' }).notNull().$type<Record<string, string>>(),
  unknownColumns: text('unknown_columns', { mode: 'json' }).notNull().$type<string[]>(),
  rowsRead: integer('rows_read').notNull(),
  rowsAccepted: integer('rows_accepted').notNull(),
  rowsRejected: integer('rows_rejected').notNull(),
  rowsDuplicate: integer('rows_duplicate').notNull(),
  rowsConflict: integer('rows_conflict').notNull(),
  warnings: text('warnings', { mode: 'json' }).notNull().$type<Array<{ code: string; message: string; count?: number }>>(),
  importedAt: text('imported_at').notNull(),
}, (t) => [uniqueIndex('imports_sha256_uq').on(t.sha256)]);

/** Rejected rows, conflicts and per-row warnings of an import, for the report and the review sheet. */
export const importIssues = sqliteTable('import_issues', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  importId: integer('import_id').notNull().references(() => imports.id),
  severity: text('severity', { enum: ['reject', 'conflict', 'warning'] }).notNull(),
  line: integer('line'),
  column: text('column'),
  code: text('code').notNull(),
  message: text('message').notNull(),
  recordKey: text('record_key'),
}, (t) => [index('import_issues_import_idx').on(t.importId, t.severity)]);

export const payments = sqliteTable('payments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  transactionId: text('transaction_id').notNull(),
  orderId: text('order_id'),
  memberId: text('member_id'),
  paidAt: text('paid_at').notNull(),
  paidDate: text('paid_date').notNull(),
  paidHasTime: integer('paid_has_time').notNull(),
  method: text('method'),
  /** 'card' for every card synonym, otherwise the NFKC-folded, lower-cased method as written. */
  methodClass: text('method_class'),
  cardLast4: text('card_last4'),
  cardBrand: text('card_brand'),
  amount: integer('amount'),
  status: text('status'),
  importId: integer('import_id').notNull().references(() => imports.id),
  line: integer('line').notNull(),
  /**
   * 1 when a donor record has this payment's order ID or member ID (core/store/payment-links.ts
   * keeps it current after every import): counting the unmatched then reads one column instead
   * of probing two donor indexes for each of hundreds of thousands of payments per classification.
   */
  donorLinked: integer('donor_linked').notNull().default(0),
}, (t) => [
  uniqueIndex('payments_transaction_uq').on(t.transactionId),
  // Covering index for classification's window rule. One index: each one more costs the import ~15%.
  index('payments_window_idx').on(t.methodClass, t.paidDate, t.orderId, t.memberId),
  // The unmatched payments only (a few hundred of 460k once donors are in): counted and listed
  // without reading the table. Appended to in rowid order while payments are imported.
  index('payments_unlinked_idx').on(t.id).where(sql`donor_linked = 0`),
]);

export const donorRecords = sqliteTable('donor_records', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** order ID when present, else a hash of the row's content: the duplicate key. */
  recordKey: text('record_key').notNull(),
  orderId: text('order_id'),
  memberId: text('member_id'),
  name: text('name'),
  kana: text('kana'),
  postalCode: text('postal_code'),
  postalRaw: text('postal_raw'),
  address1: text('address1'),
  address2: text('address2'),
  phone: text('phone'),
  email: text('email'),
  donatedAt: text('donated_at'),
  amount: integer('amount'),
  method: text('method'),
  /** Matching keys (spec §4 normalisation), copied to the person with the contact fields. */
  nameKey: text('name_key').notNull(),
  addressKey: text('address_key').notNull(),
  phoneKey: text('phone_key').notNull(),
  emailKey: text('email_key').notNull(),
  personId: integer('person_id').notNull().references(() => persons.id),
  importId: integer('import_id').notNull().references(() => imports.id),
  line: integer('line').notNull(),
}, (t) => [
  uniqueIndex('donor_records_key_uq').on(t.recordKey),
  index('donor_records_order_idx').on(t.orderId, t.personId),
  index('donor_records_member_idx').on(t.memberId, t.personId),
  index('donor_records_person_idx').on(t.personId),
]);

/**
 * A person: donor records grouped by member ID ("m:<id>") or, without one, by normalised
 * name + postal code + address ("k:<key>"). IDs are stable across imports and runs.
 * Contact fields mirror the newest record (or a later address correction).
 */
export const persons = sqliteTable('persons', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  groupKey: text('group_key').notNull(),
  name: text('name'),
  kana: text('kana'),
  postalCode: text('postal_code'),
  address1: text('address1'),
  address2: text('address2'),
  phone: text('phone'),
  email: text('email'),
  mailable: integer('mailable').notNull().default(0),
  nameKey: text('name_key').notNull().default(''),
  addressKey: text('address_key').notNull().default(''),
  phoneKey: text('phone_key').notNull().default(''),
  emailKey: text('email_key').notNull().default(''),
}, (t) => [
  uniqueIndex('persons_group_key_uq').on(t.groupKey),
  index('persons_name_postal_idx').on(t.nameKey, t.postalCode),
  index('persons_phone_idx').on(t.phoneKey),
  index('persons_email_idx').on(t.emailKey),
]);

export const confirmedIds = sqliteTable('confirmed_ids', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  exposureCode: text('exposure_code').notNull(),
  transactionId: text('transaction_id').notNull(),
  importId: integer('import_id').notNull().references(() => imports.id),
  line: integer('line').notNull(),
}, (t) => [uniqueIndex('confirmed_ids_uq').on(t.exposureCode, t.transactionId)]);

/** Incident definitions in use (the JSON as validated); presets are copied here when first used. */
export const incidents = sqliteTable('incidents', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull(),
  definition: text('definition', { mode: 'json' }).notNull().$type<unknown>(),
  updatedAt: text('updated_at').notNull(),
  /** 1 for the incident the app works on, chosen by staff (at most one row). */
  active: integer('active').notNull().default(0),
}, (t) => [uniqueIndex('incidents_code_uq').on(t.code)]);

export const classificationRuns = sqliteTable('classification_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentCode: text('incident_code').notNull(),
  incidentDefinition: text('incident_definition', { mode: 'json' }).notNull().$type<unknown>(),
  incidentSha256: text('incident_sha256').notNull(),
  lastImportId: integer('last_import_id'),
  createdAt: text('created_at').notNull(),
  summary: text('summary', { mode: 'json' }).notNull().$type<unknown>(),
});

/** Per run: each person with at least one exposed payment. Persons absent here are `none`. */
export const runPersons = sqliteTable('run_persons', {
  // No foreign keys on the per-run tables: a check per inserted row would double classification time.
  runId: integer('run_id').notNull(),
  personId: integer('person_id').notNull(),
  categoryMask: integer('category_mask').notNull(),
  /**
   * Why the person could not be mailed when the run classified them: 'no-address', or
   * 'no-postal-code' (an address but no 7-digit code); null when mailable. Not personal data: it
   * stays after a purge, so the regulator's figures (住所なし / 郵便番号なし) do not change then.
   */
  unmailable: text('unmailable', { enum: ['no-address', 'no-postal-code'] }),
}, (t) => [primaryKey({ columns: [t.runId, t.personId] })]);

/** Per run: each exposed payment, the exposures (bit i = exposure i) and its person (null = unmatched). */
export const runPayments = sqliteTable('run_payments', {
  runId: integer('run_id').notNull(),
  paymentId: integer('payment_id').notNull(),
  exposureMask: integer('exposure_mask').notNull(),
  personId: integer('person_id'),
}, (t) => [
  primaryKey({ columns: [t.runId, t.paymentId] }),
  // With the mask, a run's persons and its exposed counts are read from the index alone.
  index('run_payments_person_idx').on(t.runId, t.personId, t.exposureMask),
]);

/** Append-only, hash-chained log of every action. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  detail: text('detail').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});



/** A run of `inw letters`: which classification run, where, how many, the manifest's hash. */
export const letterBatches = sqliteTable('letter_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  runId: integer('run_id').notNull().references(() => classificationRuns.id),
  outDir: text('out_dir').notNull(),
  createdAt: text('created_at').notNull(),
  letters: integer('letters').notNull(),
  skipped: integer('skipped').notNull(),
  review: integer('review').notNull(),
  manifestSha256: text('manifest_sha256'),
  state: text('state', { enum: ['complete', 'cancelled'] }).notNull(),
});

/**
 * One letter per person and version (a re-send after an address correction is a new version).
 * status: 生成 → 印刷 → 発送 → 返送 | 対応完了.
 */
export const letters = sqliteTable('letters', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id').notNull().references(() => persons.id),
  version: integer('version').notNull(),
  batchId: integer('batch_id').notNull().references(() => letterBatches.id),
  runId: integer('run_id').notNull(),
  category: text('category').notNull(),
  file: text('file').notNull(),
  sha256: text('sha256').notNull(),
  pages: integer('pages').notNull(),
  inputHash: text('input_hash').notNull(),
  createdAt: text('created_at').notNull(),
  status: text('status').notNull().default('生成'),
  statusAt: text('status_at').notNull(),
  mailedDate: text('mailed_date'),
  notes: text('notes'),
}, (t) => [uniqueIndex('letters_person_version_uq').on(t.personId, t.version)]);

/**
 * Where each letter of a batch was printed: its print file (print/<category>[-NNN].pdf, relative
 * to the batch's folder) and its first page there. Staff mail a printed volume as one pile, so a
 * mailing record can be limited to exactly the letters of one file.
 */
export const letterPrintFiles = sqliteTable('letter_print_files', {
  batchId: integer('batch_id').notNull().references(() => letterBatches.id),
  letterId: integer('letter_id').notNull().references(() => letters.id),
  file: text('file').notNull(),
  firstPage: integer('first_page').notNull(),
}, (t) => [primaryKey({ columns: [t.batchId, t.letterId] }), index('letter_print_files_letter_idx').on(t.letterId)]);

/** Persons held back from printing because the font lacks a character of theirs (外字). */
export const glyphReviews = sqliteTable('glyph_reviews', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  batchId: integer('batch_id').notNull().references(() => letterBatches.id),
  personId: integer('person_id').notNull().references(() => persons.id),
  field: text('field').notNull(),
  character: text('character').notNull(),
  codePoint: text('code_point').notNull(),
}, (t) => [index('glyph_reviews_batch_idx').on(t.batchId)]);

// ---------------------------------------------------------------------------------------------
// After the letters go out (issue 6): mailing, returns, address corrections, inquiries,
// follow-up, Excel round trip, purge. History tables are append-only: a change is a new row.
// Migration 0001_tracking.sql also creates SQL triggers that drizzle does not model:
//   audit_log_no_update / audit_log_no_delete  (the audit log is append-only)
//   persons_keep_address_correction            (a donors import cannot undo a correction)
// A later migration that rebuilds `persons` or `audit_log` must create them again
// (test/core/tracking/migration.test.ts checks that they exist).

/** A set of letters printed and handed to the post office on one day. */
export const mailingBatches = sqliteTable('mailing_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Japan-local date the letters were mailed. */
  mailedDate: text('mailed_date').notNull(),
  /** e.g. 料金別納, 料金後納, 切手. */
  postageMethod: text('postage_method').notNull(),
  pieces: integer('pieces').notNull(),
  /** Piece count per postal-code area (first 3 digits), for the post office's sorting form. */
  byArea: text('by_area', { mode: 'json' }).notNull().$type<Record<string, number>>(),
  /** SHA-256 of the sorted letter IDs with their file hashes. */
  manifestSha256: text('manifest_sha256').notNull(),
  note: text('note'),
  createdAt: text('created_at').notNull(),
  actor: text('actor').notNull(),
});

export const mailingBatchLetters = sqliteTable('mailing_batch_letters', {
  batchId: integer('batch_id').notNull().references(() => mailingBatches.id),
  letterId: integer('letter_id').notNull().references(() => letters.id),
}, (t) => [primaryKey({ columns: [t.batchId, t.letterId] }), uniqueIndex('mailing_batch_letters_letter_uq').on(t.letterId)]);

/** Every change of a letter's status or mailed date; the letters row holds the current values. */
export const letterStatusHistory = sqliteTable('letter_status_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  letterId: integer('letter_id').notNull().references(() => letters.id),
  personId: integer('person_id').notNull(),
  /** null for the letter's creation. */
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  mailedDate: text('mailed_date'),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  /** generate, mailing, return, sheet, manual, inquiry. */
  source: text('source').notNull(),
  /** The mailing batch, returned-mail row or sheet apply that caused it. */
  ref: integer('ref'),
  note: text('note'),
}, (t) => [index('letter_status_history_letter_idx').on(t.letterId, t.id), index('letter_status_history_person_idx').on(t.personId, t.at)]);

/** A returned-mail list file (CSV/XLSX): refused when the same file comes again. */
export const returnImports = sqliteTable('return_imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  rowsRead: integer('rows_read').notNull(),
  rowsAccepted: integer('rows_accepted').notNull(),
  rowsRejected: integer('rows_rejected').notNull(),
  issues: text('issues', { mode: 'json' }).notNull().$type<Array<{ line: number; code: string; message: string }>>(),
  importedAt: text('imported_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [uniqueIndex('return_imports_sha256_uq').on(t.sha256)]);

/** One returned letter (Japan Post's reason, or free text under その他). */
export const returnedMail = sqliteTable('returned_mail', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  letterId: integer('letter_id').notNull().references(() => letters.id),
  personId: integer('person_id').notNull(),
  /** Japan-local date the letter came back. */
  returnedDate: text('returned_date').notNull(),
  /** not-found, moved-unknown, absent, refused, incomplete-address, other. */
  reasonCode: text('reason_code').notNull(),
  reasonText: text('reason_text').notNull(),
  importId: integer('import_id'),
  line: integer('line'),
  createdAt: text('created_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [uniqueIndex('returned_mail_letter_uq').on(t.letterId), index('returned_mail_person_idx').on(t.personId)]);

/** Address corrections, newest last; the newest one is a person's effective address. */
export const addressCorrections = sqliteTable('address_corrections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id').notNull().references(() => persons.id),
  postalCode: text('postal_code'),
  address1: text('address1'),
  address2: text('address2'),
  /** What the person had before this correction (for the history view). */
  previousPostalCode: text('previous_postal_code'),
  previousAddress1: text('previous_address1'),
  previousAddress2: text('previous_address2'),
  reason: text('reason'),
  returnedMailId: integer('returned_mail_id'),
  createdAt: text('created_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [index('address_corrections_person_idx').on(t.personId, t.id)]);

/** 問い合わせ: a call, e-mail or letter from (or about) a person. */
export const inquiries = sqliteTable('inquiries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id').references(() => persons.id),
  /** Instant (UTC) and Japan-local date received. */
  receivedAt: text('received_at').notNull(),
  receivedDate: text('received_date').notNull(),
  channel: text('channel').notNull(),
  topic: text('topic').notNull(),
  body: text('body'),
  resolution: text('resolution'),
  /** Typed by the user (never the OS account). */
  staff: text('staff'),
  createdAt: text('created_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [index('inquiries_person_idx').on(t.personId)]);

/**
 * A person's follow-up state as staff record it (電話済 / 対応完了, memo). Append-only: each
 * row is the whole state after a change, so the state at any past instant can be rebuilt
 * (the Excel round trip compares against the state when the sheet was made).
 */
export const personFollowups = sqliteTable('person_followups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id').notNull().references(() => persons.id),
  status: text('status'),
  notes: text('notes'),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  source: text('source').notNull(),
  ref: integer('ref'),
}, (t) => [index('person_followups_person_idx').on(t.personId, t.id)]);

/** `inw sheet apply`: one row per applied workbook (the same file is never applied twice). */
export const sheetApplies = sqliteTable('sheet_applies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  /** When the workbook was made (its own creation date). */
  sheetCreatedAt: text('sheet_created_at').notNull(),
  applied: integer('applied').notNull(),
  conflicts: integer('conflicts').notNull(),
  issues: integer('issues').notNull(),
  appliedAt: text('applied_at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [uniqueIndex('sheet_applies_sha256_uq').on(t.sha256)]);

/** A purge of personal data: its scope and the figures that must outlive the data. */
export const purges = sqliteTable('purges', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  scope: text('scope', { mode: 'json' }).notNull().$type<{ before?: string; incident?: string }>(),
  persons: integer('persons').notNull(),
  /** The regulator-report figures just before the purge. */
  report: text('report', { mode: 'json' }).notNull().$type<unknown>(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
});

/**
 * Staff decisions on the review queue (要確認): 別人 / 同一人物 for a near-duplicate pair, 確認済み
 * for an undeliverable or 外字 person. Keyed by the persons' group keys, not their numeric IDs,
 * so a decision outlives re-classification and a rebuild of `persons`: a pair by both keys
 * sorted (key_a < key_b), a single person by key_a with key_b ''. An undo keeps the row
 * (undone_at/undone_by); at most one live decision per item. Group keys hold normalised names
 * and addresses: purge rewrites them with the persons' own keys ('purged:<id>') and drops notes.
 */
export const reviewDecisions = sqliteTable('review_decisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['near-duplicate', 'undeliverable', 'missing-glyph', 'postal-mismatch'] }).notNull(),
  keyA: text('key_a').notNull(),
  keyB: text('key_b').notNull().default(''),
  /** different (別人), same (同一人物・確認済み; never merged), handled (確認済み). */
  decision: text('decision', { enum: ['different', 'same', 'handled'] }).notNull(),
  note: text('note'),
  decidedAt: text('decided_at').notNull(),
  actor: text('actor').notNull(),
  undoneAt: text('undone_at'),
  undoneBy: text('undone_by'),
}, (t) => [uniqueIndex('review_decisions_live_uq').on(t.kind, t.keyA, t.keyB).where(sql`undone_at IS NULL`)]);

/**
 * Japan Post postal-code data loaded by staff (KEN_ALL.CSV, JIGYOSYO.CSV), newer than the
 * edition bundled with the app; the newest row is used. `dataset` is the gzipped JSON of
 * core/mail/postal-data.ts's PostalDataset (about 1.5 MB), so a backup carries it.
 */
export const postalData = sqliteTable('postal_data', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  source: text('source').notNull(),
  /** Date of the data (YYYY-MM-DD), as staff gave it or the file's date. */
  dataDate: text('data_date').notNull(),
  codeCount: integer('code_count').notNull(),
  dataset: blob('dataset', { mode: 'buffer' }).notNull(),
  loadedAt: text('loaded_at').notNull(),
  actor: text('actor').notNull(),
});

/**
 * Japan Post's postage and bulk-mail discounts as staff loaded them (core/mail/rates.ts's
 * MailRates as JSON), replacing the table shipped with the app; the newest row is used.
 */
export const mailRates = sqliteTable('mail_rates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  rates: text('rates').notNull(),
  /** The rates' own date (YYYY-MM-DD), from the table. */
  effectiveFrom: text('effective_from').notNull(),
  /** The file's name as loaded. */
  file: text('file').notNull(),
  loadedAt: text('loaded_at').notNull(),
  actor: text('actor').notNull(),
});

/**
 * Every file inw writes that may hold personal data, by absolute path (so that purge finds it
 * from any working directory), with its SHA-256 and size as written, so that a later change or
 * a missing file is visible. One row per path: writing the same path again replaces the row.
 * `auditSeq` is the audit entry that recorded the write; `batchId` the letter batch (letters,
 * print files and manifests); `personId` the one person a letter or preview is for; `persons`
 * how many persons' data the file holds.
 */
export const outputs = sqliteTable('outputs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  path: text('path').notNull(),
  kind: text('kind', { enum: ['letter', 'draft-letter', 'print', 'manifest', 'preview', 'contact-sheet', 'csv', 'backup'] }).notNull(),
  sha256: text('sha256').notNull(),
  bytes: integer('bytes'),
  writtenAt: text('written_at').notNull(),
  auditSeq: integer('audit_seq'),
  batchId: integer('batch_id'),
  personId: integer('person_id'),
  persons: integer('persons'),
  /** Set when purge deleted the file. */
  deletedAt: text('deleted_at'),
}, (t) => [uniqueIndex('outputs_path_uq').on(t.path), index('outputs_person_idx').on(t.personId)]);
