// A mailing record for part of the waiting letters (by category, by postal range), the plan the
// confirmation shows being exactly what is recorded, its 備考 listed, and taking a record back:
// its letters return to 印刷 with the reason in their history, the audit log keeps what it was,
// and a record whose letters moved on (returned) is refused with the letters named (issue 18.6).
import { describe, expect, it } from 'vitest';
import {
  createMailingBatch, letterHistory, listMailingBatches, lettersToMail, planMailing, recordReturn, undoMailingBatch, verifyAudit,
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
