// Returned mail: a list file (CSV and XLSX) with every Japan Post reason and free text,
// bad rows reported as data, the same file refused twice; address correction with history,
// a re-send as the next letter version; the unreachable list.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addressHistory, classifyReturnReason, correctAddress, createMailingBatch, importReturns, isInwError, letterHistory, listReturns,
  pendingResends, recordReturn, unreachablePersons, RETURN_REASONS,
} from '../../../src-main/core/index.js';
import { excelWallClock, runImport, tempDir, writeCsv, writeXlsx } from '../../helpers/fixtures.js';
import { DONOR_HEADER, DONORS, makeLetters, rows, trackingDb } from './fixtures.js';

async function rejects(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (error) {
    if (isInwError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('return reasons', () => {
  it('recognises every Japan Post reason as written on slips, and keeps anything else as その他', () => {
    expect(classifyReturnReason('あて所に尋ねあたりません').code).toBe('not-found');
    expect(classifyReturnReason('宛所に尋ね当たりません').code).toBe('not-found');
    expect(classifyReturnReason('転居先不明').code).toBe('moved-unknown');
    expect(classifyReturnReason('受取人不在 (保管期間経過)').code).toBe('absent');
    expect(classifyReturnReason('保管期間経過').code).toBe('absent');
    expect(classifyReturnReason('受取拒絶').code).toBe('refused');
    expect(classifyReturnReason('受け取り拒否').code).toBe('refused');
    expect(classifyReturnReason('あて名不完全').code).toBe('incomplete-address');
    expect(classifyReturnReason('宛名不完全で配達できません').code).toBe('incomplete-address');
    expect(classifyReturnReason('封筒破損')).toEqual({ code: 'other', text: '封筒破損' });
    expect(RETURN_REASONS.map((r) => r.label)).toEqual(['あて所に尋ねあたりません', '転居先不明', '受取人不在 (保管期間経過)', '受取拒絶', 'あて名不完全']);
  });
});

describe('returned-mail import, correction and re-send', async () => {
  const dir = tempDir('inw-returns-');
  const fx = await trackingDb(dir);
  const letters = makeLetters(fx);
  createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納' });
  const [p1, p2, p4, p5] = [fx.person['M-1']!, fx.person['M-2']!, fx.person['M-4']!, fx.person['M-5']!];
  const lid = (p: number) => `L${String(letters.get(p)!).padStart(6, '0')}`;
  const pid = (p: number) => `P${String(p).padStart(6, '0')}`;

  it('previews a CSV list (dry run) without recording anything', async () => {
    const file = writeCsv(join(dir, 'returns-preview.csv'), [['通知書ID', '返送日', '返送理由'], [lid(p1), '2022/03/10', '転居先不明']]);
    const report = await importReturns(fx.ctx, { file, dryRun: true });
    expect(report.accepted).toHaveLength(1);
    expect(report.importId).toBeNull();
    expect(rows(fx.db, 'SELECT * FROM returned_mail')).toEqual([]);
    expect(rows(fx.db, 'SELECT * FROM return_imports')).toEqual([]);
  });

  it('imports a CSV by letter ID or person ID, with reasons, reporting bad rows by line', async () => {
    const file = writeCsv(join(dir, 'returns.csv'), [
      ['返送一覧 2022年3月'],
      ['通知書ID', '通知ID', '返送日', '返送理由', '備考'],
      [lid(p1), '', '2022/03/10', 'あて所に尋ねあたりません', ''],
      ['', pid(p2), '令和4年3月11日', '受取人不在（保管期間経過）', ''],
      ['L999999', '', '2022/03/10', '転居先不明', ''],
      [lid(p4), '', '2022/03/01', '受取拒絶', '発送日より前'],
      [lid(p4), '', 'あした', '受取拒絶', ''],
      ['', pid(fx.person['M-3']!), '2022/03/10', '転居先不明', '通知書なし'],
      [lid(p5), '', '2022/03/12', '', ''],
    ], { encoding: 'cp932' });
    const report = await importReturns(fx.ctx, { file });
    expect(report.accepted.map((a) => [a.personId, a.reasonCode])).toEqual([[pid(p1), 'not-found'], [pid(p2), 'absent']]);
    expect(report.issues.map((i) => [i.line, i.code])).toEqual([
      [5, 'letter-not-found'], [6, 'returned-before-mailed'], [7, 'bad-date'], [8, 'no-letter'], [9, 'reason-required'],
    ]);
    expect(report.byReason).toEqual({ 'not-found': 1, absent: 1 });
    expect(rows(fx.db, 'SELECT status FROM letters WHERE person_id IN (?, ?)', p1, p2)).toEqual([{ status: '返送' }, { status: '返送' }]);
    expect(letterHistory(fx.db, p1).at(-1)).toMatchObject({ from: '発送', to: '返送', source: 'return', note: 'あて所に尋ねあたりません' });
    expect(await rejects(importReturns(fx.ctx, { file }))).toBe('already-imported');
  });

  it('imports an XLSX list with date cells, the remaining reasons and a free-text one', async () => {
    const file = await writeXlsx(join(dir, 'returns.xlsx'), {
      header: ['通知書ID', '返戻日', '理由'],
      rows: [[lid(p4), excelWallClock(2022, 3, 14), '受取拒絶'], [lid(p5), excelWallClock(2022, 3, 15), 'あて名不完全']],
      dateFormat: 'yyyy/mm/dd',
    });
    const report = await importReturns(fx.ctx, { file });
    expect(report.issues).toEqual([]);
    expect(report.accepted.map((a) => [a.returnedDate, a.reasonCode, a.reasonText])).toEqual([
      ['2022-03-14', 'refused', '受取拒絶'], ['2022-03-15', 'incomplete-address', 'あて名不完全'],
    ]);
  });

  it('lists the persons who stay unreachable (returned, or no postal code) for the public-announcement route', () => {
    const list = unreachablePersons(fx.ctx);
    // M-3 has an address but 12-34 is no postal code: 郵便番号なし, not 住所なし.
    expect(list.map((u) => [u.personId, u.kind])).toEqual([
      [pid(p1), 'returned'], [pid(p2), 'returned'], [pid(fx.person['M-3']!), 'no-postal-code'], [pid(p4), 'returned'], [pid(p5), 'returned'],
    ]);
    expect(list[0]!.reason).toContain('あて所に尋ねあたりません');
    // Dates in staff-facing text are written the Japanese way, like the letters.
    expect(list.find((u) => u.personId === pid(p4))!.reason).toBe('2022年3月14日に返送 (受取拒絶)');
  });

  it('corrects an address without overwriting history; the person becomes a re-send; the correction survives a donors import', async () => {
    expect(pendingResends(fx.db).map((r) => [r.personId, r.basis])).toEqual([[pid(p2), 'absent']]);
    const c = correctAddress(fx.ctx, p1, { postalCode: '１０２－０００２', address1: '東京都千代田区九段南2-2-2', address2: '九段ハイツ101', reason: '本人に電話で確認' });
    expect(c.previous).toEqual({ postalCode: '1000001', address1: '東京都千代田区千代田1-1', address2: null });
    expect(c.returnedMailId).not.toBeNull();
    correctAddress(fx.ctx, p1, { postalCode: '1020002', address1: '東京都千代田区九段南2-2-3', address2: '九段ハイツ101' });
    expect(addressHistory(fx.db, p1).map((h) => [h.address1, h.previous.address1])).toEqual([
      ['東京都千代田区九段南2-2-2', '東京都千代田区千代田1-1'], ['東京都千代田区九段南2-2-3', '東京都千代田区九段南2-2-2'],
    ]);
    expect(pendingResends(fx.db).map((r) => [r.personId, r.basis])).toEqual([[pid(p1), 'address-corrected'], [pid(p2), 'absent']]);
    // A later donors import (a new donation of the same member with the old address) refreshes persons…
    const again = writeCsv(join(dir, 'donors-2.csv'), [DONOR_HEADER, ['D-1b', 'M-1', '山田 花子', 'ヤマダ ハナコ', '100-0001', '東京都千代田区千代田1-1', '03-1234-5678', '', '2022/02/01']]);
    await runImport(fx.db, { file: again, kind: 'donors' });
    // …and the correction stays the effective address.
    expect(rows(fx.db, 'SELECT postal_code AS p, address1 AS a1, address2 AS a2, mailable FROM persons WHERE id = ?', p1)).toEqual([
      { p: '1020002', a1: '東京都千代田区九段南2-2-3', a2: '九段ハイツ101', mailable: 1 },
    ]);
    expect(DONORS.length).toBe(6);
  });

  it('the re-send is the next letter version, mailed in a new batch; v1 keeps 返送', () => {
    const [v2] = makeLetters(fx, [p1]).values();
    expect(rows(fx.db, 'SELECT version, status FROM letters WHERE person_id = ? ORDER BY version', p1)).toEqual([
      { version: 1, status: '返送' }, { version: 2, status: '生成' },
    ]);
    createMailingBatch(fx.ctx, { mailedDate: '2022-03-20', postageMethod: '切手', letterIds: [v2!] });
    expect(pendingResends(fx.db).map((r) => r.personId)).toEqual([pid(p2)]);
    expect(unreachablePersons(fx.ctx).map((u) => u.personId)).not.toContain(pid(p1));
  });

  it('a second round: re-sent letters can come back too (転居先不明, and free text as その他)', async () => {
    const [v2p2] = makeLetters(fx, [p2]).values();
    createMailingBatch(fx.ctx, { mailedDate: '2022-03-21', postageMethod: '切手', letterIds: [v2p2!] });
    const v2p1 = rows<{ id: number }>(fx.db, 'SELECT id FROM letters WHERE person_id = ? AND version = 2', p1)[0]!.id;
    const file = writeCsv(join(dir, 'returns-2.csv'), [
      ['letter_id', 'returned_date', 'reason'],
      [`L${String(v2p1).padStart(6, '0')}`, '2022-03-25', '転居先不明'],
      [`L${String(v2p2).padStart(6, '0')}`, '2022-03-26', '封筒が破れていた'],
    ]);
    const report = await importReturns(fx.ctx, { file });
    expect(report.issues).toEqual([]);
    expect(listReturns(fx.ctx).map((r) => r.reason)).toEqual([
      'あて所に尋ねあたりません', '受取人不在 (保管期間経過)', '受取拒絶', 'あて名不完全', '転居先不明', 'その他 (封筒が破れていた)',
    ]);
    expect(new Set(listReturns(fx.ctx).map((r) => r.reasonCode))).toEqual(new Set([...RETURN_REASONS.map((r) => r.code), 'other']));
    expect(unreachablePersons(fx.ctx).map((u) => u.personId)).toContain(pid(p1));
  });

  it('refuses a second return of the same letter, and a correction that is not an address', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isInwError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => recordReturn(fx.ctx, { letter: letters.get(p2)!, returnedDate: '2022-03-30', reason: '転居先不明' }))).toBe('already-returned');
    expect(code(() => correctAddress(fx.ctx, p2, { postalCode: '12-3', address1: 'x' }))).toBe('bad-postal-code');
    expect(code(() => correctAddress(fx.ctx, p2, { postalCode: '5300001', address1: ' ' }))).toBe('address-required');
  });
});
