// Returned mail (返送): letters Japan Post brought back, with its reason. A list file (CSV or
// XLSX, read by the import readers) names each letter by letter ID or person ID; bad rows are
// reported as data, the rest is recorded in one transaction, and the same file is refused the
// second time. Persons whose newest letter came back (and who were not reached otherwise) are
// the unreachable list for the public-announcement route.
import { basename } from 'node:path';
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { InwError } from '../errors.js';
import { inspectFile } from '../import/decode.js';
import type { EncodingChoice } from '../vocabulary/encodings.js';
import { openSource, HEADER_SCAN_ROWS, type SourceRow } from '../import/source.js';
import { latestRun } from '../classify/run.js';
import { categoryOf } from '../incident/categories.js';
import { fromExcelWallClock, jstDateTime, parseDate, westernKanjiDate } from '../text/dates.js';
import { headerKey, nfkc } from '../text/normalize.js';
import { dryRunTransaction, inTransaction, type TrackingContext } from '../store/context.js';
import { getLetter, latestLetter, moveLetter, type LetterRow } from './letters.js';
import { formatPersonId, parsePersonId, formatLetterId, parseLetterId } from '../store/ids.js';
import { RETURN_REASONS, type ReturnReasonCode } from '../vocabulary/tracking.js';

export { RETURN_REASONS, type ReturnReasonCode };
import { UNREACHABLE_KIND_LABELS } from '../vocabulary/labels.js';

function reasonKey(text: string): string {
  return nfkc(text)
    .replace(/[\s()（）「」・、。]/g, '')
    .replace(/宛/g, 'あて')
    .replace(/尋ね当たり|たずねあたり|尋ね当り/g, '尋ねあたり')
    .replace(/受け取り|受取り/g, '受取');
}

/** A reason as written on the return slip → Japan Post's code, or 'other' with the text kept. */
export function classifyReturnReason(text: string): { code: ReturnReasonCode; text: string } {
  const key = reasonKey(text);
  for (const r of RETURN_REASONS) {
    if (r.keys.some((k) => key.includes(reasonKey(k)))) return { code: r.code, text: r.label };
  }
  return { code: 'other', text: text.trim() };
}

export function returnReasonLabel(code: string, text: string): string {
  return code === 'other' ? `その他 (${text})` : (RETURN_REASONS.find((r) => r.code === code)?.label ?? text);
}

export interface ReturnInput {
  /** Letter ID (L000012) or person ID (P000123: their newest mailed letter). */
  letter?: number;
  person?: number;
  returnedDate: string;
  reason: string;
}

export interface RecordedReturn {
  id: number;
  letterId: string;
  personId: string;
  returnedDate: string;
  reasonCode: ReturnReasonCode;
  reasonText: string;
}

function letterFor(db: Db, input: { letter?: number; person?: number }): LetterRow {
  if (input.letter !== undefined) return getLetter(db, input.letter);
  if (input.person === undefined) throw new InwError('letter-required', '通知書IDか対象者IDを指定してください。');
  const letter = latestLetter(db, input.person);
  if (!letter) throw new InwError('no-letter', `対象者 ${formatPersonId(input.person)} には通知書がありません。`);
  return letter;
}

/** Records one returned letter: a returned_mail row and the move 発送 → 返送. */
export function recordReturn(
  ctx: TrackingContext,
  input: ReturnInput,
  source: { importId?: number; line?: number; audit?: boolean } = {},
): RecordedReturn {
  const { db } = ctx;
  return inTransaction(db, () => {
    const letter = letterFor(db, input);
    const existing = db.$client.prepare('SELECT id FROM returned_mail WHERE letter_id = ?').get(letter.id) as { id: number } | undefined;
    if (existing) throw new InwError('already-returned', `通知書 ${letter.letterId} の返送は記録済みです (#${existing.id})。`);
    if (letter.status !== '発送') {
      throw new InwError('not-mailed', `通知書 ${letter.letterId} (${formatPersonId(letter.personId)}) は「${letter.status}」で、発送中ではありません。`);
    }
    if (letter.mailedDate && input.returnedDate < letter.mailedDate) {
      throw new InwError('returned-before-mailed', `返送日 ${input.returnedDate} が発送日 ${letter.mailedDate} より前です (${letter.letterId})。`);
    }
    const reason = classifyReturnReason(input.reason);
    if (reason.text === '') throw new InwError('reason-required', `返送理由がありません (${letter.letterId})。`);
    const now = ctx.now();
    const info = db.$client.prepare(
      `INSERT INTO returned_mail (letter_id, person_id, returned_date, reason_code, reason_text, import_id, line, created_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(letter.id, letter.personId, input.returnedDate, reason.code, reason.text, source.importId ?? null, source.line ?? null, now.toISOString(), ctx.actor);
    const id = Number(info.lastInsertRowid);
    moveLetter(db, letter.id, { to: '返送', source: 'return', ref: id, note: returnReasonLabel(reason.code, reason.text), at: now, actor: ctx.actor });
    if (source.audit !== false) {
      appendAudit(db, {
        at: now, actor: ctx.actor, action: 'returned-mail',
        detail: { returnedMailId: id, letterId: letter.letterId, personId: formatPersonId(letter.personId), reasonCode: reason.code, returnedDate: input.returnedDate },
      });
    }
    return { id, letterId: letter.letterId, personId: formatPersonId(letter.personId), returnedDate: input.returnedDate, reasonCode: reason.code, reasonText: reason.text };
  });
}

// ---------------------------------------------------------------------------------------------
// The returned-mail list file.

const HEADERS: Record<'letter' | 'person' | 'date' | 'reason', string[]> = {
  letter: ['通知書ID', '通知書番号', '書状ID', 'letter_id', 'letterid', 'letter'],
  person: ['通知ID', '対象者ID', '対象者番号', 'お問い合わせ番号', '問い合わせ番号', '問合せ番号', 'person_id', 'personid', 'person', 'reference'],
  date: ['返送日', '返戻日', '返還日', '返送受付日', '到着日', '日付', 'returned_date', 'returneddate', 'date'],
  reason: ['返送理由', '返戻理由', '返還理由', '還付理由', '理由', 'reason'],
};
type ReturnField = keyof typeof HEADERS;

export interface ReturnIssue {
  line: number;
  code: string;
  message: string;
}

export interface ReturnImportReport {
  importId: number | null;
  file: string;
  sha256: string;
  rowsRead: number;
  accepted: RecordedReturn[];
  issues: ReturnIssue[];
  byReason: Record<string, number>;
  dryRun: boolean;
}

function cellText(cell: SourceRow['cells'][number] | undefined): string {
  if (cell === null || cell === undefined) return '';
  return cell instanceof Date ? cell.toISOString() : String(cell).trim();
}

function mapHeader(cells: SourceRow['cells']): Partial<Record<ReturnField, number>> | null {
  const found: Partial<Record<ReturnField, number>> = {};
  cells.forEach((cell, index) => {
    const key = headerKey(cellText(cell));
    for (const field of Object.keys(HEADERS) as ReturnField[]) {
      if (found[field] === undefined && HEADERS[field].some((h) => headerKey(h) === key)) found[field] = index;
    }
  });
  const hasTarget = found.letter !== undefined || found.person !== undefined;
  return hasTarget && found.date !== undefined && found.reason !== undefined ? found : null;
}

function dateOf(cell: SourceRow['cells'][number] | undefined): string | null {
  if (cell instanceof Date) return fromExcelWallClock(cell)?.jstDate ?? null;
  const text = cellText(cell);
  return text === '' ? null : (parseDate(text)?.jstDate ?? null);
}

export interface ReturnImportOptions {
  file: string;
  encoding?: EncodingChoice;
  sheet?: string;
  /** Check and report without recording anything (the preview). */
  dryRun?: boolean;
}

export async function importReturns(ctx: TrackingContext, options: ReturnImportOptions): Promise<ReturnImportReport> {
  const { db } = ctx;
  const fileName = basename(options.file);
  const facts = await inspectFile(options.file, options.encoding ?? 'auto');
  const seen = db.$client.prepare('SELECT id, imported_at AS at FROM return_imports WHERE sha256 = ?').get(facts.sha256) as { id: number; at: string } | undefined;
  if (seen) throw new InwError('already-imported', `${fileName} は取込済みです (返送取込 #${seen.id}、${jstDateTime(seen.at)})。同じファイルは二度取り込みません。`);
  const source = await openSource({ file: options.file, facts, encoding: options.encoding, sheet: options.sheet });
  const rows: SourceRow[] = [];
  for await (const batch of source.batches) rows.push(...batch.rows);
  const headerIndex = rows.slice(0, HEADER_SCAN_ROWS).findIndex((r) => mapHeader(r.cells) !== null);
  if (headerIndex < 0) {
    throw new InwError('header-not-found', `${fileName}: 見出し行が見つかりません (通知書ID または 通知ID、返送日、返送理由 の列が必要です)。`, { file: fileName });
  }
  const columns = mapHeader(rows[headerIndex]!.cells)!;
  const data = rows.slice(headerIndex + 1).filter((r) => r.cells.some((c) => cellText(c) !== ''));
  const report: ReturnImportReport = { importId: null, file: fileName, sha256: facts.sha256, rowsRead: data.length, accepted: [], issues: [], byReason: {}, dryRun: options.dryRun ?? false };
  const now = ctx.now();
  const run = () => {
    const info = db.$client.prepare(
      `INSERT INTO return_imports (file_name, sha256, rows_read, rows_accepted, rows_rejected, issues, imported_at, actor) VALUES (?, ?, ?, 0, 0, '[]', ?, ?)`,
    ).run(fileName, facts.sha256, data.length, now.toISOString(), ctx.actor);
    const importId = Number(info.lastInsertRowid);
    for (const row of data) {
      const cell = (f: ReturnField) => (columns[f] === undefined ? undefined : row.cells[columns[f]!]);
      try {
        const letterText = cellText(cell('letter'));
        const personText = cellText(cell('person'));
        if (letterText === '' && personText === '') throw new InwError('target-missing', '通知書IDも通知IDもありません。');
        const returnedDate = dateOf(cell('date'));
        if (!returnedDate) throw new InwError('bad-date', `返送日「${cellText(cell('date'))}」を日付として読めません。`);
        const reason = cellText(cell('reason'));
        if (reason === '') throw new InwError('reason-required', '返送理由がありません。');
        const recorded = recordReturn(
          ctx,
          { ...(letterText !== '' ? { letter: parseLetterId(letterText) } : { person: parsePersonId(personText) }), returnedDate, reason },
          { importId, line: row.line, audit: false },
        );
        report.accepted.push(recorded);
        report.byReason[recorded.reasonCode] = (report.byReason[recorded.reasonCode] ?? 0) + 1;
      } catch (error) {
        if (!(error instanceof InwError)) throw error;
        report.issues.push({ line: row.line, code: error.code, message: error.message });
      }
    }
    db.$client.prepare('UPDATE return_imports SET rows_accepted = ?, rows_rejected = ?, issues = ? WHERE id = ?')
      .run(report.accepted.length, report.issues.length, JSON.stringify(report.issues), importId);
    report.importId = importId;
    if (report.dryRun) return;
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'returned-mail-import',
      detail: { returnImportId: importId, file: fileName, sha256: facts.sha256, rowsRead: data.length, accepted: report.accepted.length, rejected: report.issues.length, byReason: report.byReason },
    });
  };
  if (!dryRunTransaction(db, report.dryRun, run)) report.importId = null;
  return report;
}

export interface ReturnedMailRow {
  id: number;
  letterId: string;
  personId: string;
  returnedDate: string;
  reasonCode: string;
  reason: string;
}

export function listReturns(ctx: Pick<TrackingContext, 'db'>): ReturnedMailRow[] {
  return (ctx.db.$client.prepare(
    'SELECT id, letter_id AS l, person_id AS p, returned_date AS returnedDate, reason_code AS reasonCode, reason_text AS t FROM returned_mail ORDER BY id',
  ).all() as Array<{ id: number; l: number; p: number; returnedDate: string; reasonCode: string; t: string }>).map((r) => ({
    id: r.id, letterId: formatLetterId(r.l), personId: formatPersonId(r.p), returnedDate: r.returnedDate, reasonCode: r.reasonCode,
    reason: returnReasonLabel(r.reasonCode, r.t),
  }));
}

// ---------------------------------------------------------------------------------------------
// Unreachable persons (公表による通知の対象候補).

export interface UnreachablePerson {
  id: number;
  personId: string;
  category: string;
  name: string | null;
  /**
   * no-address: no letter, and no address to mail to; no-postal-code: no letter, an address but
   * no 7-digit postal code (a phone call or a looked-up code may still reach them); returned:
   * the newest letter came back.
   */
  kind: keyof typeof UNREACHABLE_KIND_LABELS;
  reason: string;
  phone: string | null;
  email: string | null;
}

/**
 * Persons to notify in the latest run who have not been reached: no mailable address and no
 * letter, or their newest letter came back — unless staff recorded 電話済 / 対応完了.
 */
export function unreachablePersons(ctx: Pick<TrackingContext, 'db'>): UnreachablePerson[] {
  const { db } = ctx;
  const run = latestRun(db);
  if (!run) return [];
  const rows = db.$client.prepare(
    `SELECT p.id, r.category_mask AS mask, p.name, p.phone, p.email, p.mailable, r.unmailable,
       l.status AS letterStatus, rm.reason_code AS reasonCode, rm.reason_text AS reasonText, rm.returned_date AS returnedDate,
       (SELECT f.status FROM person_followups f WHERE f.person_id = p.id ORDER BY f.id DESC LIMIT 1) AS followup
     FROM run_persons r JOIN persons p ON p.id = r.person_id
     LEFT JOIN letters l ON l.person_id = p.id AND l.version = (SELECT MAX(version) FROM letters x WHERE x.person_id = p.id)
     LEFT JOIN returned_mail rm ON rm.letter_id = l.id
     WHERE r.run_id = ? ORDER BY p.id`,
  ).all(run.runId) as Array<{
    id: number; mask: number; name: string | null; phone: string | null; email: string | null; mailable: number; unmailable: 'no-address' | 'no-postal-code' | null;
    letterStatus: string | null; reasonCode: string | null; reasonText: string | null; returnedDate: string | null; followup: string | null;
  }>;
  const out: UnreachablePerson[] = [];
  for (const r of rows) {
    if (r.followup === '電話済' || r.followup === '対応完了') continue;
    let kind: UnreachablePerson['kind'] | null = null;
    let reason = '';
    if (r.letterStatus === null && r.mailable === 0) {
      // Recorded by the run (run_persons.unmailable), so that it outlives a purge of the address.
      kind = r.unmailable ?? 'no-address';
      reason = kind === 'no-postal-code' ? '住所はありますが、7桁の郵便番号がありません' : '郵送できる住所がありません';
    } else if (r.letterStatus === '返送') {
      kind = 'returned';
      const when = r.returnedDate ? `${westernKanjiDate(r.returnedDate)}に` : '';
      reason = `${when}返送 (${returnReasonLabel(r.reasonCode ?? 'other', r.reasonText ?? '')})`;
    }
    if (kind) {
      out.push({ id: r.id, personId: formatPersonId(r.id), category: categoryOf(run.incident, r.mask), name: r.name, kind, reason, phone: r.phone, email: r.email });
    }
  }
  return out;
}
