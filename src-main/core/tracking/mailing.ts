// Mailing batches: a set of letters printed and handed to the post office on one day, with
// the postage method and the piece count per postal-code area (first 3 digits, the unit the
// post office sorts bulk mail by). Each letter moves to 発送 with that date, history kept.
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { appendAudit } from '../store/audit.js';
import { InwError } from '../errors.js';
import { inTransaction, type TrackingContext, cleanNote } from '../store/context.js';
import { canMove, getLetter, moveLetter, type LetterStatus } from './letters.js';
import { formatPersonId, formatLetterId } from '../store/ids.js';
import { nfkc } from '../text/normalize.js';

export const POSTAGE_METHODS = ['料金別納', '料金後納', '料金計器別納', '切手'] as const;

export interface MailingOptions {
  /** Japan-local YYYY-MM-DD. */
  mailedDate: string;
  postageMethod: string;
  /** Letters to mail; default: every newest-version letter that is still 生成 or 印刷. */
  letterIds?: number[];
  note?: string | null;
  /** The print file the letters were chosen by (as the plan found it), kept in the audit entry by its full path. */
  printFile?: { letterBatch: number; file: string };
}

export interface MailingBatch {
  id: number;
  mailedDate: string;
  postageMethod: string;
  pieces: number;
  byArea: Record<string, number>;
  manifestSha256: string;
  letterIds: string[];
  /** 備考 as typed (card numbers masked). */
  note: string | null;
  createdAt: string;
}

/** Which of the waiting letters a partial mailing takes (all waiting letters when empty). */
export interface MailingSelection {
  /** Category codes as classified (token-db, token-db+payment-db …). */
  categories?: string[];
  /** Postal codes from … to, inclusive, by their leading digits (100 … 199 takes 100-0000 … 199-9999). */
  postalFrom?: string;
  postalTo?: string;
  /**
   * One print file (a printed volume, mailed as one pile): print/token-db-003.pdf as the batch
   * names it, its file name alone, or its full path.
   */
  printFile?: string;
  /** The letter batch of that print file, when several batches made a file of that name. */
  letterBatch?: number;
}

/** A print file of a letter batch and how many of its letters still wait to be mailed. */
export interface PrintFileToMail {
  letterBatch: number;
  /** As the batch names it: print/<category>[-NNN].pdf, relative to `outDir`. */
  file: string;
  path: string;
  outDir: string;
  categories: string[];
  letters: number;
  waiting: number;
}

export interface MailingPlan {
  letterIds: number[];
  byCategory: Record<string, number>;
  /** The lowest and highest postal code among them (7 digits), null when none. */
  postalRange: { from: string; to: string } | null;
  /** The print file the selection named, as found. */
  printFile: PrintFileToMail | null;
}

/**
 * Every print file of the letter batches with its letters (a letter reprinted by a later batch
 * counts in that batch's file only: the newest print is the one on the table) and how many of
 * them still wait; newest batch first, files in name order.
 */
export function printFilesToMail(ctx: Pick<TrackingContext, 'db'>): PrintFileToMail[] {
  return printFileLetters(ctx).files;
}

function printFileLetters(ctx: Pick<TrackingContext, 'db'>): { files: PrintFileToMail[]; letters: Map<string, number[]> } {
  const rows = ctx.db.$client.prepare(
    `SELECT f.batch_id AS batchId, f.file, f.letter_id AS letterId, l.category, b.out_dir AS outDir
     FROM letter_print_files f
     JOIN (SELECT letter_id, MAX(batch_id) AS batch_id FROM letter_print_files GROUP BY letter_id) n ON n.letter_id = f.letter_id AND n.batch_id = f.batch_id
     JOIN letters l ON l.id = f.letter_id JOIN letter_batches b ON b.id = f.batch_id
     ORDER BY f.batch_id DESC, f.file, f.first_page`,
  ).all() as Array<{ batchId: number; file: string; letterId: number; category: string; outDir: string }>;
  const waiting = new Set(lettersToMail(ctx));
  const files = new Map<string, PrintFileToMail>();
  const letters = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.batchId}\t${r.file}`;
    let f = files.get(key);
    if (!f) {
      f = { letterBatch: r.batchId, file: r.file, path: join(r.outDir, r.file), outDir: r.outDir, categories: [], letters: 0, waiting: 0 };
      files.set(key, f);
      letters.set(key, []);
    }
    f.letters++;
    if (!f.categories.includes(r.category)) f.categories.push(r.category);
    if (waiting.has(r.letterId)) {
      f.waiting++;
      letters.get(key)!.push(r.letterId);
    }
  }
  return { files: [...files.values()], letters };
}

function printFilePath(ctx: Pick<TrackingContext, 'db'>, printFile: { letterBatch: number; file: string }): string {
  const batch = ctx.db.$client.prepare('SELECT out_dir AS outDir FROM letter_batches WHERE id = ?').get(printFile.letterBatch) as { outDir: string } | undefined;
  if (!batch) throw new InwError('print-file-unknown', `通知書の作成 #${printFile.letterBatch} は記録されていません。`);
  return join(batch.outDir, printFile.file);
}

/** The one print file a selection names, with its waiting letters; refused when unknown or ambiguous. */
function selectedPrintFile(ctx: Pick<TrackingContext, 'db'>, name: string, letterBatch: number | undefined): { file: PrintFileToMail; letterIds: Set<number> } {
  const { files, letters } = printFileLetters(ctx);
  const wanted = nfkc(name).trim().replace(/\\/g, '/');
  const matches = files.filter((f) => (letterBatch === undefined || f.letterBatch === letterBatch)
    && (f.file === wanted || basename(f.file) === wanted || resolve(f.path) === resolve(name.trim())));
  const known = () => {
    const names = [...new Set(files.filter((f) => f.waiting > 0).map((f) => `${f.file} (作成 #${f.letterBatch}、発送待ち ${f.waiting} 通)`))];
    return names.length > 0 ? `発送待ちのある印刷ファイル: ${names.slice(0, 8).join('、')}${names.length > 8 ? ` ほか ${names.length - 8} 件` : ''}` : '発送待ちの通知書のある印刷ファイルはありません';
  };
  if (matches.length === 0) {
    throw new InwError('print-file-unknown', `印刷ファイル「${name}」${letterBatch !== undefined ? ` (作成 #${letterBatch})` : ''}は、記録された通知書の作成にありません。${known()}。`);
  }
  const open = matches.filter((f) => f.waiting > 0);
  if (open.length > 1) {
    throw new InwError('print-file-ambiguous', `印刷ファイル「${name}」は複数の作成 (${open.map((f) => `#${f.letterBatch} ${f.outDir}`).join('、')}) にあります。どの作成のものか指定してください (CLI: --letter-batch N)。`);
  }
  const file = open[0] ?? matches[0]!;
  return { file, letterIds: new Set(letters.get(`${file.letterBatch}\t${file.file}`)) };
}

function postalBound(text: string | undefined, what: string): string | null {
  if (text === undefined || text.trim() === '') return null;
  const digits = nfkc(text).replace(/[〒\s-]/g, '');
  if (!/^\d{1,7}$/.test(digits)) throw new InwError('bad-postal-range', `${what}「${text}」は郵便番号 (先頭の 1～7 桁) で指定してください。`);
  return digits;
}

/**
 * The waiting letters a selection takes, in postal order, with what the confirmation shows:
 * the count per category and the postal range. The same IDs go to createMailingBatch, so what is
 * recorded is exactly what was confirmed.
 */
export function planMailing(ctx: Pick<TrackingContext, 'db'>, selection: MailingSelection = {}): MailingPlan {
  const from = postalBound(selection.postalFrom, '郵便番号の範囲 (から)');
  const to = postalBound(selection.postalTo, '郵便番号の範囲 (まで)');
  const categories = selection.categories && selection.categories.length > 0 ? new Set(selection.categories) : null;
  const printFile = selection.printFile?.trim() ? selectedPrintFile(ctx, selection.printFile, selection.letterBatch) : null;
  const waiting = printFile ? printFile.letterIds : new Set(lettersToMail(ctx));
  const rows = ctx.db.$client.prepare(
    `SELECT l.id, l.category, p.postal_code AS postal FROM letters l JOIN persons p ON p.id = l.person_id
     WHERE l.status IN ('生成', '印刷') ORDER BY p.postal_code, l.id`,
  ).all() as Array<{ id: number; category: string; postal: string | null }>;
  const picked = rows.filter((r) => {
    if (!waiting.has(r.id)) return false;
    if (categories && !categories.has(r.category)) return false;
    const postal = r.postal ?? '';
    if (from !== null && postal.slice(0, from.length) < from) return false;
    if (to !== null && postal.slice(0, to.length) > to) return false;
    return true;
  });
  const byCategory: Record<string, number> = {};
  for (const r of picked) byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
  const postals = picked.map((r) => r.postal).filter((p): p is string => !!p);
  return {
    letterIds: picked.map((r) => r.id),
    byCategory,
    postalRange: postals.length > 0 ? { from: postals[0]!, to: postals.at(-1)! } : null,
    printFile: printFile?.file ?? null,
  };
}

/** Letters waiting to be mailed: the newest version of each person, still 生成 or 印刷. */
export function lettersToMail(ctx: Pick<TrackingContext, 'db'>): number[] {
  return (ctx.db.$client.prepare(
    `SELECT l.id FROM letters l
     WHERE l.status IN ('生成', '印刷') AND l.version = (SELECT MAX(version) FROM letters x WHERE x.person_id = l.person_id)
     ORDER BY l.id`,
  ).all() as Array<{ id: number }>).map((r) => r.id);
}

export function createMailingBatch(ctx: TrackingContext, options: MailingOptions): MailingBatch {
  const { db } = ctx;
  const postage = options.postageMethod.trim();
  if (postage === '') throw new InwError('postage-required', '差出方法 (料金別納など) を指定してください。');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.mailedDate)) throw new InwError('bad-date', `発送日「${options.mailedDate}」は YYYY-MM-DD で指定してください。`);
  return inTransaction(db, () => {
    const ids = [...new Set(options.letterIds ?? lettersToMail(ctx))].sort((a, b) => a - b);
    if (ids.length === 0) throw new InwError('nothing-to-mail', '発送する通知書がありません (生成・印刷済みの通知書がありません)。');
    const letters = ids.map((id) => getLetter(db, id));
    const already = db.$client.prepare('SELECT batch_id AS b FROM mailing_batch_letters WHERE letter_id = ?');
    for (const l of letters) {
      const previous = already.get(l.id) as { b: number } | undefined;
      if (previous) throw new InwError('already-mailed', `通知書 ${l.letterId} は発送記録 #${previous.b} で発送済みです。`);
      if (!canMove(l.status, '発送' as LetterStatus)) {
        throw new InwError('bad-transition', `通知書 ${l.letterId} (${formatPersonId(l.personId)}) は「${l.status}」なので発送できません。`);
      }
    }
    const postal = db.$client.prepare('SELECT postal_code AS p FROM persons WHERE id = ?');
    const byArea: Record<string, number> = {};
    for (const l of letters) {
      const code = (postal.get(l.personId) as { p: string | null } | undefined)?.p;
      const area = code ? code.slice(0, 3) : '不明';
      byArea[area] = (byArea[area] ?? 0) + 1;
    }
    const sortedAreas = Object.fromEntries(Object.entries(byArea).sort(([a], [b]) => a.localeCompare(b)));
    const manifestSha256 = createHash('sha256').update(letters.map((l) => `${formatLetterId(l.id)}\t${l.sha256}`).join('\n')).digest('hex');
    const now = ctx.now();
    const createdAt = now.toISOString();
    const info = db.$client.prepare(
      `INSERT INTO mailing_batches (mailed_date, postage_method, pieces, by_area, manifest_sha256, note, created_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(options.mailedDate, postage, letters.length, JSON.stringify(sortedAreas), manifestSha256, cleanNote(options.note), createdAt, ctx.actor);
    const batchId = Number(info.lastInsertRowid);
    const link = db.$client.prepare('INSERT INTO mailing_batch_letters (batch_id, letter_id) VALUES (?, ?)');
    for (const l of letters) {
      link.run(batchId, l.id);
      moveLetter(db, l.id, { to: '発送', mailedDate: options.mailedDate, source: 'mailing', ref: batchId, at: now, actor: ctx.actor });
    }
    appendAudit(db, {
      at: now,
      actor: ctx.actor,
      action: 'mailing-batch',
      detail: {
        batchId, mailedDate: options.mailedDate, postageMethod: postage, pieces: letters.length, byArea: sortedAreas, manifestSha256,
        ...(options.printFile ? { printFile: printFilePath(ctx, options.printFile) } : {}),
      },
    });
    return {
      id: batchId, mailedDate: options.mailedDate, postageMethod: postage, pieces: letters.length, byArea: sortedAreas, manifestSha256,
      letterIds: letters.map((l) => l.letterId), note: cleanNote(options.note), createdAt,
    };
  });
}

/**
 * Takes back a mailing record made by mistake (wrong letters, wrong date): its letters return to
 * 印刷 (history kept, with the reason), the record is removed and the audit log keeps what it
 * was. Refused when a letter of it has moved on since (returned, 対応完了): undo that first.
 */
export function undoMailingBatch(ctx: TrackingContext, batchId: number, reason: string): { batchId: number; pieces: number } {
  const { db } = ctx;
  const why = cleanNote(reason);
  if (why === null) throw new InwError('reason-required', '発送記録を取り消す理由を入力してください。');
  return inTransaction(db, () => {
    const batch = listMailingBatches(ctx).find((b) => b.id === batchId);
    if (!batch) throw new InwError('mailing-not-found', `発送記録 #${batchId} はありません。`);
    const ids = (db.$client.prepare('SELECT letter_id AS id FROM mailing_batch_letters WHERE batch_id = ? ORDER BY letter_id').all(batchId) as Array<{ id: number }>).map((r) => r.id);
    const moved = ids.map((id) => getLetter(db, id)).filter((l) => l.status !== '発送');
    if (moved.length > 0) {
      throw new InwError(
        'mailing-moved-on',
        `発送記録 #${batchId} は取り消せません: ${moved.slice(0, 5).map((l) => `${l.letterId} (${formatPersonId(l.personId)}) は「${l.status}」`).join('、')}${moved.length > 5 ? ` ほか ${moved.length - 5} 通` : ''}。先にそれらの記録を取り消してください。`,
      );
    }
    const now = ctx.now();
    const at = now.toISOString();
    const history = db.$client.prepare(
      `INSERT INTO letter_status_history (letter_id, person_id, from_status, to_status, mailed_date, at, actor, source, ref, note)
       VALUES (?, ?, '発送', '印刷', NULL, ?, ?, 'mailing-undo', ?, ?)`,
    );
    const reset = db.$client.prepare(`UPDATE letters SET status = '印刷', status_at = ?, mailed_date = NULL WHERE id = ?`);
    for (const id of ids) {
      history.run(id, getLetter(db, id).personId, at, ctx.actor, batchId, `発送記録 #${batchId} の取り消し: ${why}`);
      reset.run(at, id);
    }
    db.$client.prepare('DELETE FROM mailing_batch_letters WHERE batch_id = ?').run(batchId);
    db.$client.prepare('DELETE FROM mailing_batches WHERE id = ?').run(batchId);
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'mailing-undo',
      detail: { batchId, mailedDate: batch.mailedDate, postageMethod: batch.postageMethod, pieces: ids.length, manifestSha256: batch.manifestSha256 },
    });
    return { batchId, pieces: ids.length };
  });
}

export function listMailingBatches(ctx: Pick<TrackingContext, 'db'>): MailingBatch[] {
  const rows = ctx.db.$client.prepare(
    `SELECT id, mailed_date AS mailedDate, postage_method AS postageMethod, pieces, by_area AS byArea, manifest_sha256 AS manifestSha256,
       note, created_at AS createdAt FROM mailing_batches ORDER BY id`,
  ).all() as Array<Omit<MailingBatch, 'byArea' | 'letterIds'> & { byArea: string }>;
  const letters = ctx.db.$client.prepare('SELECT letter_id AS id FROM mailing_batch_letters WHERE batch_id = ? ORDER BY letter_id');
  return rows.map((r) => ({
    ...r,
    byArea: JSON.parse(r.byArea) as Record<string, number>,
    letterIds: (letters.all(r.id) as Array<{ id: number }>).map((l) => formatLetterId(l.id)),
  }));
}
