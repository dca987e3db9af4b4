// payments.donor_linked (store/payment-links.ts) is what the unmatched count and the 未照合 sheet
// read: it must agree with the link rule itself (a donor record with the payment's order ID or
// member ID) whatever order files arrive in, after a correction, and in a database made before
// the column existed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, closeDb, loadIncident, openDb, requireRun, unmatchedPayments, type Db } from '../../../src-main/core/index.js';
import { linksToDonor } from '../../../src-main/core/store/payment-links.js';
import { all, fillOlderDb, migrationsBefore, now, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir('inw-links-');
let n = 0;
const path = (name: string) => join(dir, `${++n}-${name}`);
const DONOR_HEADER = ['注文番号', '会員番号', '氏名', '郵便番号', '住所', '電話番号', 'メールアドレス'];
const PAYMENT_HEADER = ['取引ID', 'オーダーID', '会員番号', '決済日時', '決済方法'];
const incident = loadIncident('metaps-2022');

const donorRow = (order: string, member: string, name: string) => [order, member, name, '1000001', `東京都千代田区千代田${order}`, '', ''];
const importDonors = (db: Db, rows: string[][], eol = '\r\n') =>
  runImport(db, { file: writeCsv(path('donors.csv'), [DONOR_HEADER, ...rows], { eol }), kind: 'donors' });
const importPayments = (db: Db, rows: string[][]) => runImport(db, { file: writeCsv(path('payments.csv'), [PAYMENT_HEADER, ...rows]), kind: 'payments' });

/** Transaction IDs by stored link, with any payment whose flag disagrees with the rule. */
function links(db: Db) {
  const rows = all<{ id: string; stored: number; rule: number }>(
    db,
    `SELECT transaction_id AS id, donor_linked AS stored, ${linksToDonor('p')} AS rule FROM payments p ORDER BY transaction_id`,
  );
  return {
    unlinked: rows.filter((r) => r.stored === 0).map((r) => r.id),
    stale: rows.filter((r) => r.stored !== r.rule).map((r) => r.id),
  };
}

/** The classification's unmatched count and the 未照合 list, both read from the stored link. */
async function unmatchedSeen(db: Db) {
  const { summary } = await classify({ db, incident, now, actor: 'test' });
  const listed = [...unmatchedPayments(db, requireRun(db).runId, incident)].map((p) => p.transactionId).sort();
  return { total: summary.unmatchedPayments.total, listed };
}

const PAYMENTS = [
  ['T-order', 'O-1', '', '2021/11/01 10:00', 'クレジットカード'],
  ['T-member', 'O-UNKNOWN', 'M-2', '2021/11/01 10:00', 'クレジットカード'],
  ['T-nobody', 'O-NOBODY', 'M-NOBODY', '2021/11/01 10:00', 'クレジットカード'],
  ['T-no-ids', '', '', '2021/11/01 10:00', 'コンビニ'],
];
const DONORS = [donorRow('O-1', 'M-1', '一 一郎'), donorRow('O-2', 'M-2', '二 二郎')];

describe('the stored payment → donor link', () => {
  it('payments first, then donors: the donors import links the payments already there', async () => {
    const { db } = openTempDb();
    await importPayments(db, PAYMENTS);
    expect(links(db)).toEqual({ unlinked: ['T-member', 'T-no-ids', 'T-nobody', 'T-order'], stale: [] });
    await importDonors(db, DONORS);
    expect(links(db)).toEqual({ unlinked: ['T-no-ids', 'T-nobody'], stale: [] });
    expect(await unmatchedSeen(db)).toEqual({ total: 2, listed: ['T-no-ids', 'T-nobody'] });
  });

  it('donors first, then payments: each payment is linked as it is imported', async () => {
    const { db } = openTempDb();
    await importDonors(db, DONORS);
    await importPayments(db, PAYMENTS);
    expect(links(db)).toEqual({ unlinked: ['T-no-ids', 'T-nobody'], stale: [] });
    // A later donor list with the missing member: linked without importing the payments again.
    await importDonors(db, [donorRow('O-9', 'M-NOBODY', '九 九郎')]);
    expect(links(db)).toEqual({ unlinked: ['T-no-ids'], stale: [] });
    expect(await unmatchedSeen(db)).toEqual({ total: 1, listed: ['T-no-ids'] });
  });

  it('a corrected member ID (the newer list wins) unlinks the payments of the old one', async () => {
    const { db } = openTempDb();
    await importDonors(db, DONORS);
    await importPayments(db, PAYMENTS);
    const corrected = [DONORS[0]!, donorRow('O-2', 'M-22', '二 二郎')];
    expect((await importDonors(db, corrected)).rowsConflict).toBe(1);
    expect(links(db).unlinked).toEqual(['T-no-ids', 'T-nobody']);
    // The same rows as another file: the newer file wins the conflict.
    expect((await importDonors(db, corrected, '\n')).conflictsResolved).toBe(1);
    expect(links(db)).toEqual({ unlinked: ['T-member', 'T-no-ids', 'T-nobody'], stale: [] });
    expect(await unmatchedSeen(db)).toEqual({ total: 3, listed: ['T-member', 'T-no-ids', 'T-nobody'] });
  });

  it('a corrected payment (its member ID filled in by the newer export) is linked', async () => {
    const { db } = openTempDb();
    await importDonors(db, DONORS);
    await importPayments(db, PAYMENTS);
    const corrected = [['T-nobody', 'O-NOBODY', 'M-1', '2021/11/01 10:00', 'クレジットカード']];
    await importPayments(db, corrected);
    const report = await runImport(db, { file: writeCsv(path('payments.csv'), [PAYMENT_HEADER, ...corrected], { eol: '\n' }), kind: 'payments' });
    expect(report.conflictsResolved).toBe(1);
    expect(links(db)).toEqual({ unlinked: ['T-no-ids'], stale: [] });
  });

  it('a database from before the column: the upgrade links the payments imported then', async () => {
    const file = join(tempDir('inw-links-upgrade-'), 'case.db');
    const old = openDb({ file, now, migrationsDir: migrationsBefore('0010_payment_donor_link') });
    expect(all(old, "SELECT name FROM pragma_table_info('payments') WHERE name = 'donor_linked'")).toEqual([]);
    await fillOlderDb(old, async (db) => {
      await importDonors(db, DONORS);
      await importPayments(db, PAYMENTS);
    });
    closeDb(old);
    const db = openDb({ file, now });
    expect(links(db)).toEqual({ unlinked: ['T-no-ids', 'T-nobody'], stale: [] });
    closeDb(db);
  });
});
