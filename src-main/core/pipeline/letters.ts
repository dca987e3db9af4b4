// Letters from the latest classification run: one per mailable person to notify, rendered by
// letters/, recorded as a batch with one letters row per person and version (a changed letter,
// or a re-send after the letter went out, makes a new version; an unchanged re-run of letters
// not yet mailed adds nothing). A re-send belongs in a new output folder: the per-person file
// name does not carry the version.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../store/db.js';
import { appendAudit, auditHead, formatAuditHead } from '../store/audit.js';
import { writeOutputFile } from '../store/output-guard.js';
import { fileSha256, recordOutputs, type OutputFile } from '../store/outputs.js';
import { InwError } from '../errors.js';
import { requireRun, type RunInfo } from '../classify/run.js';
import { getIncident } from '../incident/store.js';
import type { Incident } from '../incident/schema.js';
import { affectedPersonIds, affectedPersons, missingForMail, type AffectedPerson } from '../persons/affected.js';
import { jstDateOf, letterDateProblem, normalizeLetterDate } from '../text/dates.js';
import { metaps2022Letter } from '../incident/preset-metaps-2022.js';
import { letterSettingsSchema, printSettingsOf, type ContactDesk, type Organisation, type PrintSettings } from '../incident/letter-schema.js';
import { renderCalibrationPage, renderLetterBatch, renderLetterPreview } from '../letters/index.js';
import type { LetterIncident } from '../letters/compose.js';
import type { BatchLetters, LetterBatchResult, LetterInputSource, LetterProgress } from '../letters/batch.js';
import type { GlyphReviewItem, LetterFontPaths, LetterInput } from '../letters/types.js';
import { letterInputOf } from './letter-inputs.js';
import { postalIndexFor } from '../mail/postal-store.js';
import { recordLetterVersion } from '../tracking/letters.js';
import { parsePersonId } from '../store/ids.js';

/** What `inw incident template` writes for the user to fill in (never printed as is: the schema refuses these markers). */
export const SENDER_TEMPLATE = {
  organisation: {
    name: '（団体名）', postalCode: '（郵便番号）', address: '（住所）', representativeTitle: '（代表者の肩書）', representativeName: '（代表者名）',
  },
  contactDesk: { name: '（問い合わせ窓口の名称）', phone: '（フリーダイヤル番号）', hours: '（受付時間）' },
};

export interface LetterSource {
  incident: LetterIncident;
  /** Letters to try things out: 見本 across every page, print files named as drafts. */
  draft: boolean;
}

/**
 * Stands in for a sender not yet filled in, on drafts only. Every optional field is present, so
 * any wording the schema accepts can be filled; the brackets say what is missing.
 */
const DRAFT_ORGANISATION: Organisation = {
  ...SENDER_TEMPLATE.organisation, postalCode: '0000000', address2: '（建物名）', phone: '（電話番号）',
};
const DRAFT_CONTACT_DESK: ContactDesk = { ...SENDER_TEMPLATE.contactDesk, email: '（メールアドレス）' };

/**
 * Why no letter that could be mailed can be made for this incident (no sender or no contact
 * desk), or null. Sample values never stand in on a letter to mail: only drafts may have them.
 */
export function mailableLetterProblem(incident: Incident): string | null {
  const missing = [incident.organisation ? null : '差出人', incident.contactDesk ? null : '問い合わせ窓口'].filter((m) => m !== null);
  if (missing.length === 0) return null;
  return `事案 ${incident.code} の${missing.join('と')}が未記入のため、発送できる通知書は作れません。`
    + '事案の画面 (CLI では inw incident template) で記入し、分類をやり直してください。'
    + '試すだけなら見本として作れます (CLI は --draft。全ページに「見本」と入り、発送には使えません)。';
}

/** The letter-level part of an incident; refuses to make letters to mail without a sender. */
export function letterSourceOf(incident: Incident, options: { draft?: boolean; print?: Partial<PrintSettings> } = {}): LetterSource {
  if (!incident.letter) {
    throw new InwError(
      'letter-wording-missing',
      `事案 ${incident.code} に通知書の文面 (letter) がありません。プリセット metaps-2022 の文面を写して編集してください。`,
    );
  }
  const draft = options.draft === true;
  const problem = mailableLetterProblem(incident);
  if (problem && !draft) throw new InwError('sender-missing', problem);
  return {
    draft,
    incident: {
      title: incident.title,
      organisation: incident.organisation ?? DRAFT_ORGANISATION,
      contactDesk: incident.contactDesk ?? DRAFT_CONTACT_DESK,
      // The print settings in full (a definition stored before they existed prints double-sided),
      // with the command's or the screen's choice over the incident's.
      letter: { ...incident.letter, print: { ...printSettingsOf(incident.letter), ...definedOnly(options.print) } },
      ...(draft ? { draft: true as const } : {}),
    },
  };
}

function definedOnly(print: Partial<PrintSettings> | undefined): Partial<PrintSettings> {
  return Object.fromEntries(Object.entries(print ?? {}).filter(([, v]) => v !== undefined));
}

export interface NotMailable {
  personId: string;
  name: string | null;
  category: string;
  reason: string;
}

export interface GenerateLettersOptions {
  db: Db;
  outDir: string;
  categories?: string[];
  /** P000123 or 123. */
  personIds?: string[];
  outputs?: { split: boolean; print: boolean };
  /** At most this many letters per print file (default 1,000, in postal order). */
  printVolumeLetters?: number;
  /** YYYY-MM-DD, Japan-local; default: today in Japan. */
  letterDate?: string;
  /** Drafts to try things out (見本 on every page); nothing is recorded as a letter to mail. */
  draft?: boolean;
  /** Double-sided or not, print files split by letter length: over the incident's print settings. */
  print?: Partial<PrintSettings>;
  fontPaths: LetterFontPaths;
  /** The bundled letters worker (dist/letters/worker.js). */
  workerScript?: string;
  now: () => Date;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (progress: LetterProgress) => void;
}

export interface GenerateLettersResult extends Omit<LetterBatchResult, 'letters'> {
  /** Null for drafts: they are not letters and are not recorded as a batch. */
  batchId: number | null;
  runId: number;
  notMailable: NotMailable[];
  draft: boolean;
  newVersions: number;
  /** The date the letters carry (発行日), YYYY-MM-DD: the one asked for, else today in Japan. */
  letterDate: string;
}

/**
 * The letter date (発行日) a batch or a preview prints: the one staff typed (checked, full-width
 * digits folded), else today in Japan. The preview and the batch read it the same way, so a
 * preview shows the date the letters will carry.
 */
export function resolveLetterDate(letterDate: string | undefined, now: () => Date): string {
  if (letterDate === undefined) return jstDateOf(now().getTime());
  const date = normalizeLetterDate(letterDate);
  if (date === null) throw new InwError('letter-date-invalid', letterDateProblem(letterDate) ?? '');
  return date;
}

function notMailableReason(person: AffectedPerson): string {
  return `${missingForMail(person)}がありません`;
}

/**
 * Letters print the sender, contact desk and wording of the incident the run classified by.
 * When that incident was edited afterwards (a sender filled in, a sentence corrected), the
 * staff expect the edit in the letters and the preview already shows it: refused until the
 * run is redone, rather than mailing the old text.
 */
function refuseEditedIncident(db: Db, run: RunInfo): void {
  const stored = getIncident(db, run.incident.code);
  if (stored === null || isDeepStrictEqual(stored.definition, run.incident)) return;
  throw new InwError(
    'incident-changed',
    `事案「${run.incident.code}」の定義が分類の後で変更されています。通知書に変更を反映するため、先に分類をやり直してください (アプリ: 概要の「分類を実行」、CLI: inw classify)。`,
  );
}

export async function generateLetters(options: GenerateLettersOptions): Promise<GenerateLettersResult> {
  const { db } = options;
  const client = db.$client;
  const run = requireRun(db);
  refuseEditedIncident(db, run);
  const letterDate = resolveLetterDate(options.letterDate, options.now);
  const source = letterSourceOf(run.incident, { draft: options.draft, print: options.print });
  const personIds = options.personIds?.map(parsePersonId);
  const filter = { categories: options.categories, personIds };
  const notMailable: NotMailable[] = [];
  const postal = postalIndexFor(db);
  if (personIds && personIds.length > 0 && affectedPersonIds(db, run.runId, run.incident, filter).length < personIds.length) {
    throw new InwError('person-not-notified', '指定された対象者の一部は、最新の分類で通知対象になっていません。');
  }
  // The batch reads the persons once to check and plan, then again a few at a time to render
  // them, so that no step holds every person's letter input (the memory stays flat with the case).
  let firstPass = true;
  const inputs: LetterInputSource = {
    count: affectedPersonIds(db, run.runId, run.incident, { ...filter, mailableOnly: true }).length,
    *all() {
      for (const person of affectedPersons(db, run.runId, run.incident, filter)) {
        if (!person.mailable) {
          if (firstPass) notMailable.push({ personId: person.personId, name: person.name, category: person.category, reason: notMailableReason(person) });
          continue;
        }
        yield letterInputOf(person, run.incident, postal);
      }
      firstPass = false;
    },
    byIds(ids) {
      const byId = new Map<string, LetterInput>();
      for (const person of affectedPersons(db, run.runId, run.incident, { personIds: ids.map(parsePersonId) })) {
        byId.set(person.personId, letterInputOf(person, run.incident, postal));
      }
      return ids.map((id) => byId.get(id)!);
    },
  };
  const { letters, ...result } = await renderLetterBatch({
    inputs,
    incident: source.incident,
    fontPaths: options.fontPaths,
    outDir: options.outDir,
    letterDate,
    auditHead: formatAuditHead(auditHead(db)),
    outputs: options.outputs ?? { split: true, print: true },
    printVolumeLetters: options.printVolumeLetters,
    workerScript: options.workerScript,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  try {
    const recorded = source.draft
      ? recordDrafts(options, run.runId, letterDate, result, letters)
      : recordBatch(options, run.runId, letterDate, result, letters, notMailable.length);
    return { ...result, ...recorded, runId: run.runId, notMailable, draft: source.draft, letterDate };
  } finally {
    letters.close();
  }
}

type BatchSummary = Omit<LetterBatchResult, 'letters'>;

/** Drafts carry real names and addresses too: recorded, so that purge finds them. */
function recordDrafts(options: GenerateLettersOptions, runId: number, letterDate: string, result: BatchSummary, letters: BatchLetters): { batchId: null; newVersions: 0 } {
  const { db } = options;
  db.$client.transaction(() => {
    const auditSeq = appendAudit(db, {
      at: options.now(), actor: options.actor, action: 'letters-draft',
      detail: { runId, outDir: resolve(options.outDir), letterDate, letters: result.manifest.counts.letters, rendered: result.rendered },
    });
    recordOutputs(db, { at: options.now(), auditSeq }, batchOutputs(options.outDir, result, letters, true));
  }).immediate();
  return { batchId: null, newVersions: 0 };
}

/** The batch, a letter version per person (a changed or re-sent letter makes a new one), its 外字 reviews and its files. */
function recordBatch(
  options: GenerateLettersOptions, runId: number, letterDate: string, result: BatchSummary, letters: BatchLetters, notMailable: number,
): { batchId: number; newVersions: number } {
  const { db } = options;
  const client = db.$client;
  const createdAt = options.now().toISOString();
  const manifestSha256 = fileSha256(result.manifestPath);
  let newVersions = 0;
  const batchId = client.transaction(() => {
    const id = Number(
      client
        .prepare(
          `INSERT INTO letter_batches (run_id, out_dir, created_at, letters, skipped, review, manifest_sha256, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        // Absolute, so that purge finds the files whatever folder it is run from.
        .run(runId, resolve(options.outDir), createdAt, result.manifest.counts.letters, result.skipped, result.review.length, manifestSha256,
          result.manifest.complete ? 'complete' : 'cancelled')
        .lastInsertRowid,
    );
    const at = options.now();
    const printed = client.prepare('INSERT OR REPLACE INTO letter_print_files (batch_id, letter_id, file, first_page) VALUES (?, ?, ?, ?)');
    for (const entry of letters) {
      const personId = parsePersonId(entry.personId);
      // A letter in a print file only has the print file's hash; its input hash identifies it.
      const file = entry.file ?? `${entry.print?.file ?? ''}#page=${entry.print?.firstPage ?? 1}`;
      const recorded = recordLetterVersion(db, {
        personId, batchId: id, runId, category: entry.category, file, sha256: entry.sha256 ?? entry.inputHash,
        pages: entry.pages, inputHash: entry.inputHash, at, actor: options.actor,
      });
      if (recorded.created) newVersions++;
      if (entry.print) printed.run(id, recorded.id, entry.print.file, entry.print.firstPage);
    }
    const review = client.prepare('INSERT INTO glyph_reviews (batch_id, person_id, field, character, code_point) VALUES (?, ?, ?, ?, ?)');
    for (const item of result.review) {
      const personId = parsePersonId(item.personId);
      review.run(id, personId, item.field, item.char, item.codePoint);
    }
    const auditSeq = appendAudit(db, {
      at: options.now(),
      actor: options.actor,
      action: 'letters',
      detail: {
        batchId: id, runId, outDir: resolve(options.outDir), letterDate, letters: result.manifest.counts.letters, rendered: result.rendered,
        skipped: result.skipped, review: result.review.length, notMailable, manifestSha256,
      },
    });
    recordOutputs(db, { at: options.now(), auditSeq, batchId: id }, batchOutputs(options.outDir, result, letters, false));
    return id;
  }).immediate();
  return { batchId, newVersions };
}

/** Every file of a batch as the manifest lists it (a re-run writes unchanged files again, so all are recorded). */
function* batchOutputs(outDir: string, result: BatchSummary, letters: BatchLetters, draft: boolean): Generator<OutputFile> {
  for (const entry of letters) {
    if (entry.file === null || entry.sha256 === null) continue;
    yield { path: join(outDir, entry.file), kind: draft ? 'draft-letter' : 'letter', sha256: entry.sha256, personId: parsePersonId(entry.personId), persons: 1 };
  }
  for (const p of result.manifest.print) yield { path: join(outDir, p.file), kind: 'print', sha256: p.sha256, persons: p.letters };
  yield { path: result.manifestPath, kind: 'manifest', persons: result.manifest.counts.letters };
}

export interface PreviewLetterOptions {
  db: Db;
  personId: string;
  letterDate?: string;
  /** A draft (見本 across it) is the only preview possible before the sender is filled in. */
  draft?: boolean;
  fontPaths: LetterFontPaths;
  now: () => Date;
}

/** One person's letter exactly as the batch prints it (for the preview before a batch). */
export async function previewLetter(options: PreviewLetterOptions): Promise<{ pdf: Buffer; draft: boolean; review: GlyphReviewItem[]; letterDate: string }> {
  const run = requireRun(options.db);
  const letterDate = resolveLetterDate(options.letterDate, options.now);
  const id = parsePersonId(options.personId);
  const person = affectedPersons(options.db, run.runId, run.incident, { personIds: [id] }).next().value;
  if (!person) throw new InwError('person-not-notified', `対象者 ${options.personId} は最新の分類で通知対象ではありません。`);
  const source = letterSourceOf(run.incident, { draft: options.draft });
  const pdf = await renderLetterPreview(letterInputOf(person, run.incident, postalIndexFor(options.db)), {
    incident: source.incident,
    fontPaths: options.fontPaths,
    letterDate,
  });
  return { pdf, draft: source.draft, review: [], letterDate };
}

/**
 * Writes a preview to a file (guarded like every output) and records it with its person, so
 * that purge deletes it with the person's letters.
 */
export function savePreview(options: { db: Db; file: string; personId: string; pdf: Buffer; now: Date; actor: string; force?: boolean }): void {
  const { db } = options;
  writeOutputFile(options.file, options.pdf, { db, force: options.force });
  const personId = parsePersonId(options.personId);
  db.$client.transaction(() => {
    const auditSeq = appendAudit(db, {
      at: options.now, actor: options.actor, action: 'preview',
      detail: { file: resolve(options.file), personId, sha256: createHash('sha256').update(options.pdf).digest('hex') },
    });
    recordOutputs(db, { at: options.now, auditSeq }, [{ path: options.file, kind: 'preview', personId, persons: 1 }]);
  }).immediate();
}

/** The calibration page for the incident's window position (or the defaults). */
export async function calibrationPage(options: { incident?: Incident; fontPaths: LetterFontPaths; now: () => Date }): Promise<Buffer> {
  const letter = options.incident?.letter ?? letterSettingsSchema.parse(metaps2022Letter);
  return renderCalibrationPage({ letter, fontPaths: options.fontPaths, letterDate: jstDateOf(options.now().getTime()) });
}
