// A small classified database for the tracking tests: six persons (five to notify, one not
// mailable, one with nothing exposed), letters recorded through recordLetterVersion (the
// renderer is not needed here), and a clock that ticks one minute per call so that history
// rows are ordered in time.
import { join } from 'node:path';
import {
  appendAudit, classify, isInwError, loadIncident, recordLetterVersion, requireRun, type Db, type TrackingContext,
} from '../../../src-main/core/index.js';
import { PAYMENT_HEADER, openTempDb, runImport, tempDir, writeCsv, type TempDb } from '../../helpers/fixtures.js';

export const DONOR_HEADER = ['注文番号', '会員番号', '氏名', 'フリガナ', '郵便番号', '住所', '電話番号', 'メールアドレス', '決済日'];

export const DONORS = [
  ['D-1', 'M-1', '山田 花子', 'ヤマダ ハナコ', '100-0001', '東京都千代田区千代田1-1', '03-1234-5678', 'hanako@example.jp', '2021/11/01'],
  ['D-2', 'M-2', '鈴木 一郎', 'スズキ イチロウ', '530-0001', '大阪府大阪市北区梅田1-2-3', '06-2222-3333', '', '2021/11/02'],
  ['D-3', 'M-3', '佐藤 三郎', 'サトウ サブロウ', '12-34', '大阪府大阪市北区梅田2-2', '090-4444-5555', '', '2021/11/03'],
  ['D-4', 'M-4', '高橋 五郎', 'タカハシ ゴロウ', '060-0001', '北海道札幌市中央区北1条西1', '', '', '2021/06/01'],
  ['D-5', 'M-5', '伊藤 六子', 'イトウ ムツコ', '980-0001', '宮城県仙台市青葉区1-1', '', 'mutsuko@example.jp', '2021/11/15'],
  ['D-6', 'M-6', '田中 四郎', 'タナカ シロウ', '101-0001', '東京都千代田区神田1-1', '', '', '2021/01/01'],
];

const PAYMENTS = [
  PAYMENT_HEADER,
  ['T01', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000', '売上確定'],
  ['T02', 'D-2', 'M-2', '2021/11/02 10:00', 'クレジットカード', '************2222', '2000', '売上確定'],
  ['T03', 'D-3', 'M-3', '2021/11/03 10:00', 'クレジットカード', '************3333', '3000', '売上確定'],
  ['T04', 'D-4', 'M-4', '2021/06/01 10:00', 'クレジットカード', '************4444', '4000', '売上確定'],
  ['T05', 'D-5', 'M-5', '2021/11/15 10:00', 'クレジットカード', '************5555', '5000', '売上確定'],
  ['T06', 'D-6', 'M-6', '2021/01/01 10:00', 'クレジットカード', '************6666', '6000', '売上確定'],
];

/** A clock starting at 2022-03-01T00:00Z that moves one minute per call. */
export function tickingClock(start = Date.parse('2022-03-01T00:00:00.000Z')): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

export interface TrackingFixture extends TempDb {
  ctx: TrackingContext;
  /** persons.id by member ID (M-1 …). */
  person: Record<string, number>;
  runId: number;
}

export async function trackingDb(dir = tempDir('inw-track-')): Promise<TrackingFixture> {
  const temp = openTempDb(dir);
  const { db } = temp;
  await runImport(db, { file: writeCsv(join(dir, 'donors.csv'), [DONOR_HEADER, ...DONORS]), kind: 'donors' });
  await runImport(db, { file: writeCsv(join(dir, 'payments.csv'), PAYMENTS), kind: 'payments' });
  await runImport(db, { file: writeCsv(join(dir, 'confirmed.csv'), [['取引ID'], ['T04']]), kind: 'confirmed', exposure: 'payment-db' });
  const now = tickingClock();
  await classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'test' });
  const person: Record<string, number> = {};
  for (const r of db.$client.prepare('SELECT person_id AS id, member_id AS m FROM donor_records').all() as Array<{ id: number; m: string }>) person[r.m] = r.id;
  return { ...temp, ctx: { db, now, actor: '担当 太郎' }, person, runId: requireRun(db).runId };
}

/** Records version-N letters for every mailable person to notify (or the given ones), as generateLetters would. */
export function makeLetters(fx: TrackingFixture, personIds?: number[]): Map<number, number> {
  const { db } = fx;
  const at = fx.ctx.now();
  const ids = personIds ?? (db.$client.prepare(
    'SELECT p.id FROM run_persons r JOIN persons p ON p.id = r.person_id WHERE r.run_id = ? AND p.mailable = 1 ORDER BY p.id',
  ).all(fx.runId) as Array<{ id: number }>).map((r) => r.id);
  const batchId = Number(db.$client.prepare(
    "INSERT INTO letter_batches (run_id, out_dir, created_at, letters, skipped, review, manifest_sha256, state) VALUES (?, ?, ?, ?, 0, 0, 'x', 'complete')",
  ).run(fx.runId, join(fx.dir, 'letters-out'), at.toISOString(), ids.length).lastInsertRowid);
  // As generateLetters does: the batch is recorded in the audit log (audit verify checks that).
  appendAudit(db, { at, actor: 'test', action: 'letters', detail: { batchId, runId: fx.runId, letters: ids.length } });
  const out = new Map<number, number>();
  for (const personId of ids) {
    const letter = recordLetterVersion(db, {
      personId, batchId, runId: fx.runId, category: 'token-db', file: `letters/P${String(personId).padStart(6, '0')}.pdf`,
      sha256: `sha-${personId}-${batchId}`, pages: 2, inputHash: `in-${personId}-${batchId}`, at, actor: 'test',
    });
    out.set(personId, letter.id);
  }
  return out;
}

export function rows<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.$client.prepare(sql).all(...params) as T[];
}

/** The InwError code a call throws, or undefined when it succeeds (other errors fail the test). */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isInwError(error)) return error.code;
    throw error;
  }
  return undefined;
}
