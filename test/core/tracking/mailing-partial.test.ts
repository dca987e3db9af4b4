// A mailing record for part of the waiting letters (by category, by postal range), the plan the
// confirmation shows being exactly what is recorded, its 備考 listed, and taking a record back:
// its letters return to 印刷 with the reason in their history, the audit log keeps what it was,
// and a record whose letters moved on (returned) is refused with the letters named; a record
// limited to one print file takes exactly the letters the batch printed there (issue 18.6).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMailingBatch, letterHistory, listMailingBatches, lettersToMail, planMailing, printFilesToMail, recordReturn, undoMailingBatch, verifyAudit,
} from '../../../src-main/core/index.js';
import { codeOf, makeLetters, rows, trackingDb } from './fixtures.js';

describe('partial mailing records and their undo', async () => {
  const fx = await trackingDb();
  const letters = makeLetters(fx);
  const postalOf = (letterId: number) => (rows<{ p: string }>(fx.db, 'SELECT p.postal_code AS p FROM letters l JOIN persons p ON p.id = l.person_id WHERE l.id = ?', letterId)[0]!.p);
  const waiting = [...letters.values()].sort((a, b) => postalOf(a).localeCompare(postalOf(b)));
  // One letter of another category, as a person in both exposures would have.
  fx.db.$client.prepare("UPDATE letters SET category = 'token-db+payment-db' WHERE id = ?").run(waiting[1]);

  it('plans by category and by postal range, in postal order, with the counts the confirmation shows', () => {
    const all = planMailing(fx.ctx);
    expect(all.letterIds).toEqual(waiting);
    expect(all.byCategory).toEqual({ 'token-db': waiting.length - 1, 'token-db+payment-db': 1 });
    expect(all.postalRange).toEqual({ from: postalOf(waiting[0]!), to: postalOf(waiting.at(-1)!) });
    expect(planMailing(fx.ctx, { categories: ['token-db+payment-db'] }).letterIds).toEqual([waiting[1]]);
    const from = postalOf(waiting[1]!).slice(0, 3);
    const to = postalOf(waiting[2]!).slice(0, 3);
    const ranged = planMailing(fx.ctx, { postalFrom: from, postalTo: `${to.slice(0, 1)}${to.slice(1, 2)}${to.slice(2)}` });
    expect(ranged.letterIds).toEqual(waiting.slice(1, 3));
    expect(planMailing(fx.ctx, { postalFrom: '１００－０００１'.slice(0, 3), categories: ['none'] }).letterIds).toEqual([]);
    expect(codeOf(() => planMailing(fx.ctx, { postalFrom: '東京' }))).toBe('bad-postal-range');
  });

  it('records exactly the planned letters with the 備考, and takes the record back with a reason', () => {
    const plan = planMailing(fx.ctx, { categories: ['token-db'] });
    const batch = createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納', letterIds: plan.letterIds, note: '第1回 (①のみ)' });
    expect(batch.pieces).toBe(plan.letterIds.length);
    expect(listMailingBatches(fx.ctx).map((b) => [b.id, b.note])).toEqual([[batch.id, '第1回 (①のみ)']]);
    expect(lettersToMail(fx.ctx)).toEqual([waiting[1]]);

    expect(codeOf(() => undoMailingBatch(fx.ctx, batch.id, '  '))).toBe('reason-required');
    expect(codeOf(() => undoMailingBatch(fx.ctx, 999, '誤り'))).toBe('mailing-not-found');
    const undone = undoMailingBatch(fx.ctx, batch.id, '発送日を誤って記録');
    expect(undone).toEqual({ batchId: batch.id, pieces: plan.letterIds.length });
    expect(listMailingBatches(fx.ctx)).toEqual([]);
    expect(lettersToMail(fx.ctx).sort()).toEqual([...waiting].sort());
    expect(rows(fx.db, 'SELECT DISTINCT status, mailed_date AS d FROM letters ORDER BY status')).toEqual([{ status: '印刷', d: null }, { status: '生成', d: null }]);
    const history = letterHistory(fx.db, rows<{ p: number }>(fx.db, 'SELECT person_id AS p FROM letters WHERE id = ?', plan.letterIds[0])[0]!.p);
    expect(history.at(-1)).toMatchObject({ from: '発送', to: '印刷', source: 'mailing-undo', note: `発送記録 #${batch.id} の取り消し: 発送日を誤って記録` });
    const audit = rows<{ detail: string }>(fx.db, "SELECT detail FROM audit_log WHERE action = 'mailing-undo'").map((r) => JSON.parse(r.detail));
    expect(audit).toEqual([expect.objectContaining({ batchId: batch.id, mailedDate: '2022-03-05', pieces: plan.letterIds.length })]);
    expect(verifyAudit(fx.db)).toMatchObject({ ok: true });
  });

  it('refuses to take back a record whose letters moved on, naming them', () => {
    const batch = createMailingBatch(fx.ctx, { mailedDate: '2022-03-06', postageMethod: '切手' });
    recordReturn(fx.ctx, { letter: waiting[0]!, returnedDate: '2022-03-10', reason: '転居先不明' });
    expect(codeOf(() => undoMailingBatch(fx.ctx, batch.id, '誤り'))).toBe('mailing-moved-on');
    expect(() => undoMailingBatch(fx.ctx, batch.id, '誤り')).toThrow(/は「返送」/);
    expect(listMailingBatches(fx.ctx)).toHaveLength(1);
  });
});

describe('a mailing record limited to one print file (a printed volume)', async () => {
  const fx = await trackingDb();
  const letters = makeLetters(fx);
  const ids = [...letters.values()].sort((a, b) => a - b);
  const batchOf = (letterId: number) => rows<{ b: number }>(fx.db, 'SELECT batch_id AS b FROM letters WHERE id = ?', letterId)[0]!.b;
  const batch = batchOf(ids[0]!);
  const outDir = rows<{ d: string }>(fx.db, 'SELECT out_dir AS d FROM letter_batches WHERE id = ?', batch)[0]!.d;
  // As generateLetters records them: two volumes of token-db, the second holding the last two letters.
  const place = fx.db.$client.prepare('INSERT INTO letter_print_files (batch_id, letter_id, file, first_page) VALUES (?, ?, ?, ?)');
  ids.forEach((id, i) => place.run(batch, id, i < ids.length - 2 ? 'print/token-db-001.pdf' : 'print/token-db-002.pdf', 1 + 2 * i));

  it('lists each print file with its waiting letters and plans exactly the letters of the one named', () => {
    expect(printFilesToMail(fx.ctx).map((f) => [f.letterBatch, f.file, f.letters, f.waiting, f.categories])).toEqual([
      [batch, 'print/token-db-001.pdf', ids.length - 2, ids.length - 2, ['token-db']],
      [batch, 'print/token-db-002.pdf', 2, 2, ['token-db']],
    ]);
    const plan = planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf' });
    expect([...plan.letterIds].sort((a, b) => a - b)).toEqual(ids.slice(-2));
    expect(plan.printFile).toMatchObject({ letterBatch: batch, file: 'print/token-db-002.pdf', path: join(outDir, 'print/token-db-002.pdf') });
    // The file name alone, its full path and full-width input name the same file.
    expect(planMailing(fx.ctx, { printFile: 'token-db-002.pdf' }).letterIds).toEqual(plan.letterIds);
    expect(planMailing(fx.ctx, { printFile: join(outDir, 'print', 'token-db-002.pdf') }).letterIds).toEqual(plan.letterIds);
    expect(planMailing(fx.ctx, { printFile: 'ｔｏｋｅｎ-ｄｂ-００２.ｐｄｆ' }).letterIds).toEqual(plan.letterIds);
    // With other conditions, only the file's letters that meet them.
    expect(planMailing(fx.ctx, { printFile: 'token-db-002.pdf', categories: ['token-db+payment-db'] }).letterIds).toEqual([]);
  });

  it('refuses a file no batch made, naming the files there are', () => {
    expect(codeOf(() => planMailing(fx.ctx, { printFile: 'print/token-db-003.pdf' }))).toBe('print-file-unknown');
    expect(() => planMailing(fx.ctx, { printFile: 'print/token-db-003.pdf' })).toThrow(/print\/token-db-001\.pdf \(作成 #\d+、発送待ち \d+ 通\)/);
    expect(codeOf(() => planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf', letterBatch: batch + 1 }))).toBe('print-file-unknown');
  });

  it('records the file\'s letters with the file in the audit entry, and the undo puts them back', () => {
    const plan = planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf' });
    const mailed = createMailingBatch(fx.ctx, {
      mailedDate: '2022-03-07', postageMethod: '料金別納', letterIds: plan.letterIds, printFile: { letterBatch: batch, file: 'print/token-db-002.pdf' },
    });
    expect(mailed.pieces).toBe(2);
    const audit = rows<{ detail: string }>(fx.db, "SELECT detail FROM audit_log WHERE action = 'mailing-batch' ORDER BY id DESC LIMIT 1").map((r) => JSON.parse(r.detail));
    expect(audit[0]).toMatchObject({ batchId: mailed.id, pieces: 2, printFile: join(outDir, 'print/token-db-002.pdf') });
    expect(printFilesToMail(fx.ctx).map((f) => f.waiting)).toEqual([ids.length - 2, 0]);
    expect(planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf' }).letterIds).toEqual([]);
    undoMailingBatch(fx.ctx, mailed.id, '別の束と取り違えた');
    expect(printFilesToMail(fx.ctx).map((f) => f.waiting)).toEqual([ids.length - 2, 2]);
  });

  it('counts a letter printed again by a later batch in that batch\'s file only, and asks which batch when a name is in two', () => {
    const later = Number(fx.db.$client.prepare(
      "INSERT INTO letter_batches (run_id, out_dir, created_at, letters, skipped, review, manifest_sha256, state) VALUES (?, ?, ?, 1, 0, 0, 'y', 'complete')",
    ).run(fx.runId, join(fx.dir, 'resend-out'), fx.ctx.now().toISOString()).lastInsertRowid);
    place.run(later, ids.at(-1)!, 'print/token-db-002.pdf', 1);
    expect(printFilesToMail(fx.ctx).map((f) => [f.letterBatch, f.file, f.waiting])).toEqual([
      [later, 'print/token-db-002.pdf', 1],
      [batch, 'print/token-db-001.pdf', ids.length - 2],
      [batch, 'print/token-db-002.pdf', 1],
    ]);
    expect(codeOf(() => planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf' }))).toBe('print-file-ambiguous');
    expect(planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf', letterBatch: later }).letterIds).toEqual([ids.at(-1)]);
    expect(planMailing(fx.ctx, { printFile: 'print/token-db-002.pdf', letterBatch: batch }).letterIds).toEqual([ids.at(-2)]);
  });
});
