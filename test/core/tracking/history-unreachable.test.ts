// Issue 18.11 (a), (b): a person's history shows a return on the return date entered (and when
// it was recorded, if that is another day); the unreachable list tells 郵便番号なし (an address but
// no 7-digit postal code) from 住所なし, in the list and in the regulator's figures, after a purge
// too (run_persons.unmailable, migration 0009).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  classify, closeDb, createMailingBatch, formatPersonId, openDb, letterHistory, loadIncident, purgePersonalData, recordReturn, regulatorReport, unreachablePersons,
} from '../../../src-main/core/index.js';
import { PAYMENT_HEADER, migrationsBefore, now, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';
import { DONOR_HEADER, makeLetters, tickingClock, trackingDb } from './fixtures.js';

describe('a return in the history', () => {
  it('sits on the day it came back, with the day it was typed in beside it', async () => {
    const fx = await trackingDb();
    const p1 = fx.person['M-1']!;
    const letters = makeLetters(fx, [p1]);
    createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納' });
    // Typed in on 3/20 (Japan time) for a letter that came back on 3/10.
    const later = { ...fx.ctx, now: tickingClock(Date.parse('2022-03-20T00:00:00.000Z')) };
    recordReturn(later, { letter: letters.get(p1)!, returnedDate: '2022-03-10', reason: '転居先不明' });
    const history = letterHistory(fx.db, p1);
    const returned = history.find((h) => h.to === '返送')!;
    expect(returned.eventDate).toBe('2022-03-10');
    expect(returned.at.startsWith('2022-03-20')).toBe(true);
    expect(history.find((h) => h.to === '発送')!.eventDate).toBe('2022-03-05');
    // In the order recorded, each with the day staff gave: made, printed, mailed on 3/5, returned on 3/10.
    expect(history.map((h) => [h.to, h.eventDate])).toEqual([['生成', null], ['印刷', null], ['発送', '2022-03-05'], ['返送', '2022-03-10']]);
  });
});

describe('the unreachable list', () => {
  it('says 郵便番号なし for an address without a postal code and 住所なし without an address; a purge keeps the figures', async () => {
    const fx = await trackingDb();
    // 木村 七子 gave a postal code and no address; her card payment is in the window.
    const dir = tempDir('inw-unreachable-');
    await runImport(fx.db, { file: writeCsv(join(dir, 'donors-2.csv'), [DONOR_HEADER, ['D-7', 'M-7', '木村 七子', 'キムラ ナナコ', '100-0002', '', '', '', '2021/11/05']]), kind: 'donors' });
    await runImport(fx.db, { file: writeCsv(join(dir, 'payments-2.csv'), [PAYMENT_HEADER, ['T07', 'D-7', 'M-7', '2021/11/05 10:00', 'クレジットカード', '************7777', '7000', '売上確定']]), kind: 'payments' });
    await classify({ db: fx.db, incident: loadIncident('metaps-2022'), now: fx.ctx.now, actor: 'test' });
    const m3 = formatPersonId(fx.person['M-3']!); // 大阪府大阪市北区梅田2-2, postal code 12-34 (not one)
    const m7 = formatPersonId(Number((fx.db.$client.prepare("SELECT person_id AS id FROM donor_records WHERE member_id = 'M-7'").get() as { id: number }).id));
    const kinds = () => Object.fromEntries(unreachablePersons(fx.ctx).map((u) => [u.personId, [u.kind, u.reason]]));
    expect(kinds()).toMatchObject({
      [m3]: ['no-postal-code', '住所はありますが、7桁の郵便番号がありません'],
      [m7]: ['no-address', '郵送できる住所がありません'],
    });
    const before = regulatorReport(fx.db).notification;
    expect(before).toMatchObject({ unreachableNoPostalCode: 1, unreachableNoAddress: 1 });
    // Erasing the addresses does not turn 郵便番号なし into 住所なし.
    purgePersonalData(fx.ctx, { incident: 'metaps-2022', dryRun: false });
    expect(regulatorReport(fx.db).notification).toEqual(before);
  });
});

describe('migration 0009_unmailable', () => {
  it('fills in why each person of an earlier run could not be mailed', () => {
    const dir = tempDir('inw-unmailable-migration-');
    const file = join(dir, 'old.db');
    const old = openDb({ file, now, migrationsDir: migrationsBefore('0009_unmailable', dir) });
    const person = old.$client.prepare('INSERT INTO persons (group_key, postal_code, address1, mailable) VALUES (?, ?, ?, ?)');
    person.run('a', '1000001', '東京都千代田区千代田1-1', 1);
    person.run('b', null, '大阪府大阪市北区梅田2-2', 0);
    person.run('c', '1000002', null, 0);
    person.run('purged:4', null, null, 0);
    const run = old.$client.prepare('INSERT INTO run_persons (run_id, person_id, category_mask) VALUES (1, ?, 1)');
    for (const id of [1, 2, 3, 4]) run.run(id);
    closeDb(old);
    const db = openDb({ file, now });
    try {
      expect(db.$client.prepare('SELECT person_id AS id, unmailable AS u FROM run_persons ORDER BY person_id').all()).toEqual([
        { id: 1, u: null }, { id: 2, u: 'no-postal-code' }, { id: 3, u: 'no-address' }, { id: 4, u: 'no-address' },
      ]);
    } finally {
      closeDb(db);
    }
  });
});
