// Mailing batches and the letter flow 生成 → 印刷 → 発送 → (返送 | 対応完了), with history kept.
import { describe, expect, it } from 'vitest';
import {
  createMailingBatch, formatLetterId, letterHistory, listMailingBatches, lettersToMail, recordLetterVersion, setLetterStatus,
} from '../../../src-main/core/index.js';
import { codeOf, makeLetters, rows, trackingDb } from './fixtures.js';

describe('mailing batches and status history', async () => {
  const fx = await trackingDb();
  const letters = makeLetters(fx);
  const [p1, p2, p4, p5] = [fx.person['M-1']!, fx.person['M-2']!, fx.person['M-4']!, fx.person['M-5']!];

  it('makes version 1 letters in 生成 for the mailable persons to notify', () => {
    expect([...letters.keys()].sort()).toEqual([p1, p2, p4, p5].sort());
    expect(rows(fx.db, 'SELECT DISTINCT status, version FROM letters')).toEqual([{ status: '生成', version: 1 }]);
    expect(lettersToMail(fx.ctx)).toEqual([...letters.values()].sort((a, b) => a - b));
  });

  it('a manual step to 印刷 is recorded; a backwards move is refused', () => {
    const r = setLetterStatus(fx.ctx, { person: p1, status: '印刷' });
    expect(r.steps).toEqual(['生成 → 印刷']);
    expect(codeOf(() => setLetterStatus(fx.ctx, { person: p1, status: '生成' }))).toBe('bad-transition');
    expect(codeOf(() => setLetterStatus(fx.ctx, { person: p1, status: '発送' }))).toBe('mailed-date-required');
  });

  it('a mailing batch moves letters to 発送 with the date, counts pieces by postal area, and is audited', () => {
    const batch = createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納', letterIds: [letters.get(p1)!, letters.get(p2)!, letters.get(p4)!] });
    expect(batch.pieces).toBe(3);
    expect(batch.byArea).toEqual({ '060': 1, '100': 1, '530': 1 });
    expect(batch.letterIds).toEqual([letters.get(p1)!, letters.get(p2)!, letters.get(p4)!].sort((a, b) => a - b).map(formatLetterId));
    expect(batch.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows(fx.db, 'SELECT status, mailed_date AS d FROM letters WHERE person_id = ?', p2)).toEqual([{ status: '発送', d: '2022-03-05' }]);
    expect(listMailingBatches(fx.ctx)).toHaveLength(1);
    const audit = rows<{ action: string; detail: string }>(fx.db, "SELECT action, detail FROM audit_log WHERE action = 'mailing-batch'");
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ batchId: batch.id, pieces: 3, postageMethod: '料金別納' });
  });

  it('keeps the whole history: 生成 → 印刷 → 発送 (printed and mailed in one go for a 生成 letter)', () => {
    expect(letterHistory(fx.db, p1).map((h) => [h.from, h.to, h.source])).toEqual([
      [null, '生成', 'generate'], ['生成', '印刷', 'manual'], ['印刷', '発送', 'mailing'],
    ]);
    expect(letterHistory(fx.db, p2).map((h) => [h.from, h.to, h.mailedDate])).toEqual([
      [null, '生成', null], ['生成', '印刷', null], ['印刷', '発送', '2022-03-05'],
    ]);
  });

  it('refuses to mail a letter twice, and an empty batch', () => {
    expect(codeOf(() => createMailingBatch(fx.ctx, { mailedDate: '2022-03-06', postageMethod: '料金別納', letterIds: [letters.get(p1)!] }))).toBe('already-mailed');
    createMailingBatch(fx.ctx, { mailedDate: '2022-03-06', postageMethod: '切手' });
    expect(codeOf(() => createMailingBatch(fx.ctx, { mailedDate: '2022-03-07', postageMethod: '切手' }))).toBe('nothing-to-mail');
  });

  it('発送 → 対応完了 by hand also marks the person done; 対応完了 is final', () => {
    setLetterStatus(fx.ctx, { person: p5, status: '対応完了' });
    expect(rows(fx.db, 'SELECT status FROM person_followups WHERE person_id = ?', p5)).toEqual([{ status: '対応完了' }]);
    expect(codeOf(() => setLetterStatus(fx.ctx, { person: p5, status: '印刷' }))).toBe('bad-transition');
    expect(letterHistory(fx.db, p5).at(-1)).toMatchObject({ from: '発送', to: '対応完了' });
  });

  it('a person without a letter can be marked 電話済 (follow-up), and a letter status is refused for them', () => {
    const p3 = fx.person['M-3']!;
    expect(setLetterStatus(fx.ctx, { person: p3, status: '電話済', note: '本人と通話' }).steps).toEqual(['対応: 電話済']);
    expect(codeOf(() => setLetterStatus(fx.ctx, { person: p3, status: '印刷' }))).toBe('no-letter');
  });

  it('recording the same unmailed file again adds no version; a new file adds the next version', () => {
    const p = fx.person['M-2']!;
    const batchId = (rows<{ id: number }>(fx.db, 'SELECT id FROM letter_batches')[0]!).id;
    const base = { personId: p, batchId, runId: fx.runId, category: 'token-db', file: 'letters/x.pdf', pages: 2, inputHash: 'h2', at: fx.ctx.now(), actor: 't' };
    const v2 = recordLetterVersion(fx.db, { ...base, sha256: 'new' });
    expect(v2).toMatchObject({ version: 2, created: true });
    expect(recordLetterVersion(fx.db, { ...base, sha256: 'new' })).toEqual({ id: v2.id, version: 2, created: false });
    expect(letterHistory(fx.db, p).at(-1)).toMatchObject({ to: '生成', version: 2, note: '再送 (第2版)' });
  });

  it('a letter recorded without a creation row (plain INSERT) still shows 生成 first in its history', () => {
    const p = fx.person['M-4']!;
    const batchId = (rows<{ id: number }>(fx.db, 'SELECT id FROM letter_batches')[0]!).id;
    fx.db.$client.prepare(
      `INSERT INTO letters (person_id, version, batch_id, run_id, category, file, sha256, pages, input_hash, created_at, status_at)
       VALUES (?, 9, ?, ?, 'payment-db', 'f.pdf', 's', 1, 'i', '2022-03-02T00:00:00.000Z', '2022-03-02T00:00:00.000Z')`,
    ).run(p, batchId, fx.runId);
    expect(letterHistory(fx.db, p).at(-1)).toMatchObject({ from: null, to: '生成', version: 9, source: 'generate', note: '再送 (第9版)' });
    expect(letterHistory(fx.db, p)[0]).toMatchObject({ from: null, to: '生成', version: 1 });
  });
});
