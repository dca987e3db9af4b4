// Decisions on the review queue (要確認): a decision takes an item off the open list and
// outlives re-classification, re-import and renumbered persons (keyed by group keys); undo
// puts it back; both are in the audit log (persons by ID, no note, no group key) and the chain
// still verifies; a refused request writes nothing; the person detail shows a pair's decision;
// the contact sheet keeps decided rows with their decision; purge leaves no personal data in
// the decisions; migration 0003 keeps an older database's data; many items of one kind are
// decided (and taken back) at once, all or nothing, in one audit entry.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  appendAudit, classify, closeDb, decideReview, decideReviewBulk, exportContactSheet, undoReviewBulk, isInwError, listAudit, loadIncident, openDb,
  purgePersonalData, requireRun, reviewItems, undoReviewDecision, verifyAudit, type Db, type ReviewItem, type TrackingContext,
} from '../../../src-main/core/index.js';
import { personDetail } from '../../../src-main/core/persons/browse.js';
import { PAYMENT_HEADER, all, fillOlderDb, migrationsBefore, now, openTempDb, runImport, snapshot, tempDir, writeCsv } from '../../helpers/fixtures.js';
import { tickingClock } from '../tracking/fixtures.js';

const DONOR_HEADER = ['注文番号', '会員番号', '氏名', '郵便番号', '住所', '電話番号'];
const DONORS = [
  // A near-duplicate pair of guests (no member ID): same name and postal code, other address.
  ['D-1', '', '高橋 五郎', '100-0001', '東京都千代田区千代田1-1', '03-1111-1111'],
  ['D-2', '', '高橋 五郎', '100-0001', '東京都千代田区千代田2-2', ''],
  // To notify but not mailable (postal code of 4 digits).
  ['D-3', 'M-3', '佐藤 三郎', '12-34', '大阪府大阪市北区梅田1-1', '06-3333-3333'],
  // Held back by a letter batch for 外字 (the glyph review is recorded below).
  ['D-4', 'M-4', '\ue000田 花子', '100-0004', '東京都千代田区大手町4-4', ''],
  // Nothing to review.
  ['D-5', 'M-5', '山田 太郎', '100-0005', '東京都千代田区丸の内5-5', ''],
];
const PAYMENTS = [PAYMENT_HEADER, ...DONORS.map((d, i) => [`T${i + 1}`, d[0]!, d[1]!, '2021/11/01 10:00', 'クレジットカード', `************${1111 * (i + 1)}`.slice(-16), '1000', '売上確定'])];

interface Fixture {
  db: Db;
  file: string;
  dir: string;
  ctx: TrackingContext;
  /** persons.id by order ID. */
  person: Record<string, number>;
}

async function reclassify(db: Db): Promise<void> {
  await classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'test' });
}

function personIds(db: Db): Record<string, number> {
  return Object.fromEntries(all<{ o: string; p: number }>(db, 'SELECT order_id AS o, person_id AS p FROM donor_records').map((r) => [r.o, r.p]));
}

async function fixture(): Promise<Fixture> {
  const temp = openTempDb();
  const { db, dir } = temp;
  await runImport(db, { file: writeCsv(join(dir, 'donors.csv'), [DONOR_HEADER, ...DONORS]), kind: 'donors' });
  await runImport(db, { file: writeCsv(join(dir, 'payments.csv'), PAYMENTS), kind: 'payments' });
  await reclassify(db);
  const person = personIds(db);
  const { runId } = requireRun(db);
  const batch = Number(db.$client.prepare(
    "INSERT INTO letter_batches (run_id, out_dir, created_at, letters, skipped, review, manifest_sha256, state) VALUES (?, ?, ?, 0, 0, 1, 'x', 'complete')",
  ).run(runId, join(dir, 'letters'), now().toISOString()).lastInsertRowid);
  // Logged as the letters pipeline logs a batch: verifyAudit requires every batch to find its entry.
  appendAudit(db, { at: now(), actor: 'test', action: 'letters', detail: { batchId: batch, runId, letters: 0 } });
  db.$client.prepare("INSERT INTO glyph_reviews (batch_id, person_id, field, character, code_point) VALUES (?, ?, 'name', '\ue000', 'U+E000')").run(batch, person['D-4']);
  return { ...temp, ctx: { db, now: tickingClock(), actor: '担当 太郎' }, person };
}

const open = (db: Db) => reviewItems(db, requireRun(db).runId);
const everything = (db: Db) => reviewItems(db, requireRun(db).runId, { includeDecided: true });
const kinds = (items: ReviewItem[]) => items.map((i) => `${i.kind} ${i.personIds.join(',')}`).sort();
const pid = (id: number) => `P${String(id).padStart(6, '0')}`;

describe('review decisions', () => {
  it('lists every open item, and a decision takes it off the open list (listed with it on request)', async () => {
    const { db, ctx, person } = await fixture();
    const pair = [person['D-1']!, person['D-2']!];
    expect(kinds(open(db))).toEqual([
      `missing-glyph ${pid(person['D-4']!)}`,
      `near-duplicate ${pair.map(pid).join(',')}`,
      `undeliverable ${pid(person['D-3']!)}`,
    ]);
    expect(open(db).every((i) => i.decision === null)).toBe(true);
    // The pair carries both addresses (and phones), so staff compare them side by side.
    expect(open(db).find((i) => i.kind === 'near-duplicate')!.contacts).toEqual([
      { postalCode: '1000001', address: '東京都千代田区千代田1-1', phone: '03-1111-1111', email: null },
      { postalCode: '1000001', address: '東京都千代田区千代田2-2', phone: null, email: null },
    ]);
    expect(requireRun(db, { reviewCounts: true }).summary.reviewItems).toEqual({ nearDuplicates: 1, undeliverable: 1, missingGlyphs: 1, postalMismatches: 0, conflicts: 0, decided: 0 });

    // Either order of the pair names the same item.
    const decided = decideReview(ctx, { kind: 'near-duplicate', personIds: [pair[1]!, pair[0]!], decision: 'different', note: '電話で別人と確認' });
    expect(decided).toMatchObject({ kind: 'near-duplicate', personIds: pair.map(pid), decision: 'different', label: '別人', note: '電話で別人と確認', actor: '担当 太郎' });
    expect(kinds(open(db))).toEqual([`missing-glyph ${pid(person['D-4']!)}`, `undeliverable ${pid(person['D-3']!)}`]);
    const listed = everything(db).find((i) => i.kind === 'near-duplicate')!;
    expect(listed.decision).toEqual({ id: decided.id, decision: 'different', label: '別人', note: '電話で別人と確認', decidedAt: decided.decidedAt, actor: '担当 太郎' });

    decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'handled' });
    // Card numbers typed into a note are masked like every other staff note.
    const glyph = decideReview(ctx, { kind: 'missing-glyph', personIds: [person['D-4']!], decision: 'handled', note: '手書きで送付 4111 1111 1111 1111' });
    expect(glyph.note).not.toContain('4111 1111 1111 1111');
    expect(glyph.note).toContain('1111');
    expect(open(db)).toEqual([]);
    expect(everything(db).map((i) => i.decision?.label)).toEqual(['確認済み', '別人', '確認済み']);
    expect(requireRun(db, { reviewCounts: true }).summary.reviewItems).toEqual({ nearDuplicates: 0, undeliverable: 0, missingGlyphs: 0, postalMismatches: 0, conflicts: 0, decided: 3 });
  });

  it('survives re-classification, a re-import and persons renumbered (keyed by group keys)', async () => {
    const { db, dir, ctx, person } = await fixture();
    decideReview(ctx, { kind: 'near-duplicate', personIds: [person['D-1']!, person['D-2']!], decision: 'same' });
    decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'handled' });
    decideReview(ctx, { kind: 'missing-glyph', personIds: [person['D-4']!], decision: 'handled' });
    await reclassify(db);
    expect(kinds(open(db))).toEqual([]);

    // A later donors file adds records to the same persons (same member ID, same guest key).
    await runImport(db, { file: writeCsv(join(dir, 'donors-2.csv'), [DONOR_HEADER, ['D-6', '', '高橋　五郎', '１００－０００１', '東京都千代田区千代田２－２', ''], ['D-7', 'M-3', '佐藤 三郎', '12-34', '大阪府大阪市北区梅田1-1', '']]), kind: 'donors' });
    await reclassify(db);
    expect(personIds(db)['D-6']).toBe(person['D-2']);
    expect(kinds(open(db))).toEqual([]);

    // Persons rebuilt under other IDs: the decisions follow the persons, not the numbers.
    db.$client.pragma('foreign_keys = OFF');
    db.$client.exec('UPDATE persons SET id = id + 100; UPDATE donor_records SET person_id = person_id + 100; DELETE FROM glyph_reviews;');
    db.$client.pragma('foreign_keys = ON');
    await reclassify(db);
    const items = everything(db);
    expect(kinds(items)).toEqual([
      `near-duplicate ${[person['D-1']! + 100, person['D-2']! + 100].map(pid).join(',')}`,
      `undeliverable ${pid(person['D-3']! + 100)}`,
    ]);
    expect(items.map((i) => i.decision?.decision).sort()).toEqual(['handled', 'same']);
    expect(open(db)).toEqual([]);
  });

  it('undo puts the item back; both steps are audited by person ID without note or group key; the chain verifies', async () => {
    const { db, ctx, person } = await fixture();
    const pair = [person['D-1']!, person['D-2']!];
    const decided = decideReview(ctx, { kind: 'near-duplicate', personIds: pair, decision: 'same', note: '高橋様本人に電話で確認' });
    const undone = undoReviewDecision(ctx, { kind: 'near-duplicate', personIds: [pair[1]!, pair[0]!] });
    expect(undone).toMatchObject({ id: decided.id, decision: 'same' });
    expect(kinds(open(db))).toContain(`near-duplicate ${pair.map(pid).join(',')}`);
    expect(everything(db).find((i) => i.kind === 'near-duplicate')!.decision).toBeNull();
    // The undone row stays (history), and the item can be decided again.
    decideReview(ctx, { kind: 'near-duplicate', personIds: pair, decision: 'different' });
    expect(all(db, 'SELECT decision, undone_by AS undoneBy FROM review_decisions ORDER BY id')).toEqual([
      { decision: 'same', undoneBy: '担当 太郎' }, { decision: 'different', undoneBy: null },
    ]);

    const entries = listAudit(db).filter((e) => e.action.startsWith('review-')).reverse();
    expect(entries.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['review-decision', '担当 太郎', { decisionId: decided.id, kind: 'near-duplicate', personIds: pair.map(pid), decision: 'same', withNote: true }],
      ['review-undo', '担当 太郎', { decisionId: decided.id, kind: 'near-duplicate', personIds: pair.map(pid), decision: 'same' }],
      ['review-decision', '担当 太郎', { decisionId: decided.id + 1, kind: 'near-duplicate', personIds: pair.map(pid), decision: 'different', withNote: false }],
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('高橋');
    expect(text).not.toContain('k:');
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('refuses bad requests with a stable code and leaves the database as it was', async () => {
    const { db, ctx, person } = await fixture();
    decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'handled' });
    const before = snapshot(db);
    const refused = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        expect(isInwError(error)).toBe(true);
        expect((error as Error).message).toMatch(/[ぁ-んァ-ン一-龥]/);
        return (error as { code: string }).code;
      }
      throw new Error('not refused');
    };
    const pair = [person['D-1']!, person['D-2']!];
    expect(refused(() => decideReview(ctx, { kind: 'near-duplicate', personIds: [pair[0]!, 9999], decision: 'different' }))).toBe('person-not-found');
    expect(refused(() => decideReview(ctx, { kind: 'near-duplicate', personIds: pair, decision: 'handled' }))).toBe('bad-review-decision');
    expect(refused(() => decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'same' }))).toBe('bad-review-decision');
    expect(refused(() => decideReview(ctx, { kind: 'near-duplicate', personIds: [pair[0]!], decision: 'different' }))).toBe('bad-review-persons');
    expect(refused(() => decideReview(ctx, { kind: 'near-duplicate', personIds: [pair[0]!, pair[0]!], decision: 'different' }))).toBe('bad-review-persons');
    expect(refused(() => decideReview(ctx, { kind: 'import-conflict', personIds: [], decision: 'handled' }))).toBe('review-not-decidable');
    expect(refused(() => decideReview(ctx, { kind: 'whatever', personIds: [pair[0]!], decision: 'handled' }))).toBe('bad-review-kind');
    // Persons that are not in the queue as that kind.
    expect(refused(() => decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-5']!], decision: 'handled' }))).toBe('review-item-not-found');
    expect(refused(() => decideReview(ctx, { kind: 'near-duplicate', personIds: [pair[0]!, person['D-5']!], decision: 'same' }))).toBe('review-item-not-found');
    expect(refused(() => decideReview(ctx, { kind: 'missing-glyph', personIds: [person['D-3']!], decision: 'handled' }))).toBe('review-item-not-found');
    // Twice, and an undo of nothing.
    expect(refused(() => decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'handled' }))).toBe('review-already-decided');
    expect(refused(() => undoReviewDecision(ctx, { kind: 'near-duplicate', personIds: pair }))).toBe('review-not-decided');
    expect(refused(() => undoReviewDecision(ctx, { kind: 'missing-glyph', personIds: [12345] }))).toBe('person-not-found');
    expect(snapshot(db)).toEqual(before);
  });

  it('shows a pair\'s decision on both persons\' details', async () => {
    const { db, ctx, person } = await fixture();
    const [a, b] = [person['D-1']!, person['D-2']!];
    decideReview(ctx, { kind: 'near-duplicate', personIds: [a, b], decision: 'same', note: '同じ方 (転居前後)' });
    const run = requireRun(db);
    for (const [self, other] of [[a, b], [b, a]] as const) {
      expect(personDetail(db, self, run).reviewDecisions).toEqual([
        expect.objectContaining({ kind: 'near-duplicate', decision: 'same', label: '同一人物 (確認済み)', note: '同じ方 (転居前後)', other: { id: other, personId: pid(other), name: '高橋 五郎' } }),
      ]);
    }
    expect(personDetail(db, person['D-5']!, run).reviewDecisions).toEqual([]);
    undoReviewDecision(ctx, { kind: 'near-duplicate', personIds: [a, b] });
    expect(personDetail(db, a, run).reviewDecisions).toEqual([]);
  });

  it('keeps decided rows on the contact sheet\'s 要確認 with their decision; 概要 counts open and decided apart', async () => {
    const { db, dir, ctx, person } = await fixture();
    decideReview(ctx, { kind: 'near-duplicate', personIds: [person['D-1']!, person['D-2']!], decision: 'different', note: '別の方と確認' });
    const file = join(dir, 'contacts.xlsx');
    await exportContactSheet({ db, file, now, actor: 'test' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('要確認')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['種別', '通知ID', '氏名', '理由', '詳細', '対応', '対応日', '対応者', '対応メモ']);
    const byKind = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(rows).toHaveLength(4);
    const pairRow = byKind.get('重複の可能性')!;
    expect(pairRow.slice(5, 9).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))).toEqual(['別人', '2022-03-01', '担当 太郎', '別の方と確認']);
    expect(byKind.get('郵送不可')![5]).toBe('未対応');
    const overview = new Map<string, unknown>();
    wb.getWorksheet('概要')!.eachRow((row) => {
      const key = row.getCell(4).value;
      if (typeof key === 'string') overview.set(key, row.getCell(2).value);
    });
    expect([overview.get('reviewItems.nearDuplicates'), overview.get('reviewItems.undeliverable'), overview.get('reviewItems.missingGlyphs'), overview.get('reviewItems.decided')])
      .toEqual([0, 1, 1, 1]);
  });

  it('purge re-keys decisions of purged persons and drops their notes; nothing of the name stays there', async () => {
    const { db, ctx, person } = await fixture();
    const pair = [person['D-1']!, person['D-2']!];
    decideReview(ctx, { kind: 'near-duplicate', personIds: pair, decision: 'same', note: '高橋様と電話' });
    decideReview(ctx, { kind: 'undeliverable', personIds: [person['D-3']!], decision: 'handled', note: '佐藤様に電話済み' });
    expect(JSON.stringify(all(db, 'SELECT * FROM review_decisions'))).toContain('高橋');
    purgePersonalData(ctx, { incident: 'metaps-2022' });
    const rows = all<{ keyA: string; keyB: string; note: string | null }>(db, 'SELECT key_a AS keyA, key_b AS keyB, note FROM review_decisions ORDER BY id');
    expect(rows).toEqual([
      { keyA: `purged:${Math.min(...pair)}`, keyB: `purged:${Math.max(...pair)}`, note: null },
      { keyA: `purged:${person['D-3']}`, keyB: '', note: null },
    ]);
    // The single person's decision still names that (purged) person.
    expect(everything(db).filter((i) => i.kind === 'undeliverable').map((i) => i.decision?.label)).toEqual(['確認済み']);
  });
});

describe('deciding many items at once', () => {
  async function withMoreUndeliverable(): Promise<Fixture> {
    const fx = await fixture();
    // Two more persons to notify that cannot be mailed (no 7-digit postal code).
    const more = [['D-6', 'M-6', '伊藤 六子', '', '大阪府大阪市北区梅田6-6', ''], ['D-7', 'M-7', '田中 七郎', '98-1', '宮城県仙台市青葉区7-7', '']];
    await runImport(fx.db, { file: writeCsv(join(fx.dir, 'more-donors.csv'), [DONOR_HEADER, ...more]), kind: 'donors' });
    await runImport(fx.db, {
      file: writeCsv(join(fx.dir, 'more-payments.csv'), [PAYMENT_HEADER, ...more.map((d, i) => [`T${6 + i}`, d[0]!, d[1]!, '2021/11/01 10:00', 'クレジットカード', '************7777', '1000', '売上確定'])]),
      kind: 'payments',
    });
    await reclassify(fx.db);
    return { ...fx, person: personIds(fx.db) };
  }
  const itemsOf = (items: ReviewItem[]) => items.map((i) => i.personIds.map((id) => Number(id.slice(1))));

  it('records one decision on every item given, in one audit entry; each can be taken back alone, or all together', async () => {
    const { db, ctx } = await withMoreUndeliverable();
    const undeliverable = open(db).filter((i) => i.kind === 'undeliverable');
    expect(undeliverable).toHaveLength(3);
    const others = kinds(open(db).filter((i) => i.kind !== 'undeliverable'));
    const result = decideReviewBulk(ctx, { kind: 'undeliverable', items: itemsOf(undeliverable), decision: 'handled', note: '電話で住所を確認中' });
    expect(result).toEqual({ kind: 'undeliverable', decision: 'handled', label: '確認済み', count: 3, personIds: undeliverable.map((i) => i.personIds) });
    // Only those items: the rest of the queue is as it was.
    expect(kinds(open(db))).toEqual(others);
    const decided = everything(db).filter((i) => i.kind === 'undeliverable');
    expect(decided.map((i) => [i.decision?.label, i.decision?.note, i.decision?.actor])).toEqual(Array(3).fill(['確認済み', '電話で住所を確認中', '担当 太郎']));
    const bulk = listAudit(db).filter((e) => e.action === 'review-bulk-decision');
    expect(bulk).toHaveLength(1);
    expect(bulk[0]!.detail).toMatchObject({ kind: 'undeliverable', decision: 'handled', count: 3, personIds: undeliverable.map((i) => i.personIds.join('+')), withNote: true });
    expect(JSON.stringify(bulk[0]!.detail)).not.toContain('電話で住所');

    // One of them taken back alone, like any decision; then the other two together.
    undoReviewDecision(ctx, { kind: 'undeliverable', personIds: itemsOf(undeliverable)[0]! });
    expect(open(db).filter((i) => i.kind === 'undeliverable').map((i) => i.personIds)).toEqual([undeliverable[0]!.personIds]);
    const undone = undoReviewBulk(ctx, { kind: 'undeliverable', items: itemsOf(undeliverable.slice(1)) });
    expect(undone).toMatchObject({ count: 2, label: '確認済み' });
    expect(kinds(open(db).filter((i) => i.kind !== 'undeliverable'))).toEqual(others);
    expect(open(db).filter((i) => i.kind === 'undeliverable')).toHaveLength(3);
    expect(listAudit(db).filter((e) => e.action === 'review-bulk-undo').map((e) => e.detail)).toEqual([
      expect.objectContaining({ kind: 'undeliverable', count: 2, personIds: undeliverable.slice(1).map((i) => i.personIds.join('+')) }),
    ]);
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('is all or nothing: one item already decided or not listed refuses the whole request and writes nothing', async () => {
    const { db, ctx, person } = await withMoreUndeliverable();
    const items = itemsOf(open(db).filter((i) => i.kind === 'undeliverable'));
    decideReview(ctx, { kind: 'undeliverable', personIds: items[2]!, decision: 'handled' });
    const before = snapshot(db);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    expect(codeOf(() => decideReviewBulk(ctx, { kind: 'undeliverable', items, decision: 'handled' }))).toBe('review-already-decided');
    expect(codeOf(() => decideReviewBulk(ctx, { kind: 'undeliverable', items: [items[0]!, [person['D-5']!]], decision: 'handled' }))).toBe('review-item-not-found');
    expect(codeOf(() => decideReviewBulk(ctx, { kind: 'undeliverable', items: [], decision: 'handled' }))).toBe('review-bulk-empty');
    expect(codeOf(() => decideReviewBulk(ctx, { kind: 'undeliverable', items: items.slice(0, 2), decision: 'same' }))).toBe('bad-review-decision');
    expect(codeOf(() => undoReviewBulk(ctx, { kind: 'undeliverable', items }))).toBe('review-not-decided');
    expect(snapshot(db)).toEqual(before);
  });
});

describe('migration 0003_review_decisions', () => {
  it('a database made before it migrates with its data kept and the audit chain intact', async () => {
    const dir = tempDir('inw-review-migrate-');
    const migrations = migrationsBefore('0003_review_decisions', dir);
    const file = join(dir, 'old.db');
    const old = openDb({ file, now, migrationsDir: migrations });
    await fillOlderDb(old, (db) => runImport(db, { file: writeCsv(join(dir, 'donors.csv'), [DONOR_HEADER, ...DONORS]), kind: 'donors' }));
    appendAudit(old, { at: now(), actor: 'test', action: 'x', detail: {} });
    expect(old.$client.prepare("SELECT name FROM sqlite_master WHERE name = 'review_decisions'").get()).toBeUndefined();
    const before = snapshot(old);
    closeDb(old);

    const db = openDb({ file, now });
    const after = snapshot(db);
    for (const table of Object.keys(before)) if (table !== '__drizzle_migrations') expect([table, after[table]]).toEqual([table, before[table]]);
    expect(after.review_decisions).toEqual([]);
    expect(verifyAudit(db)).toMatchObject({ ok: true });
    closeDb(db);
  });
});
