// A corrected donor list that changes what persons are grouped by (member ID, or name + postal
// code + address without one), through the real import path: the donor list, a classification,
// the corrected list (a conflict), the corrected list again (it wins). Persons must reflect the
// current records: a person whose records all moved keeps its ID under the new key when nobody
// else has that key (its letters stay its own); moved into an existing person, the emptied one
// is removed, or, when it has letters or other history, kept as a record that is neither
// counted nor notified, and the import says so.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedPersons, classify, findNearDuplicates, loadIncident, requireRun, type Db } from '../../../src-main/core/index.js';
import { browsePersons } from '../../../src-main/core/persons/browse.js';
import { all, now, one, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';
import { DONOR_HEADER, DONORS, makeLetters, trackingDb, type TrackingFixture } from '../tracking/fixtures.js';

const incident = loadIncident('metaps-2022');
let files = 0;

/** The donor list with some rows replaced (by order number) and others added. */
function donorRows(changes: Record<string, string[]>, extra: string[][] = []): string[][] {
  return [...DONORS.map((row) => changes[row[0]!] ?? row), ...extra];
}

/** A corrected list as staff bring it: first met as a conflict, then imported again, which wins. */
async function importCorrected(fx: TrackingFixture, rows: string[][]) {
  const first = await runImport(fx.db, { file: writeCsv(join(fx.dir, `fix-${++files}.csv`), [DONOR_HEADER, ...rows]), kind: 'donors' });
  expect(first.rowsConflict).toBeGreaterThan(0);
  // The same rows with other line ends: another file (its SHA-256 differs), the same content.
  return runImport(fx.db, { file: writeCsv(join(fx.dir, `fix-${++files}.csv`), [DONOR_HEADER, ...rows], { eol: '\n' }), kind: 'donors' });
}

const reclassify = (db: Db) => classify({ db, incident, now, actor: 'test' });

function personsWithoutRecords(db: Db): number[] {
  return all<{ id: number }>(db, 'SELECT id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM donor_records d WHERE d.person_id = p.id) ORDER BY id').map((r) => r.id);
}

/** The persons a run's letters go to. */
const notified = (db: Db, runId: number) => [...affectedPersons(db, runId, incident)].map((p) => p.id);

const personOfOrder = (db: Db, orderId: string) => one<{ id: number }>(db, 'SELECT person_id AS id FROM donor_records WHERE order_id = ?', orderId).id;

describe('a corrected donor list that changes a grouping key', () => {
  it('a corrected member ID: the person keeps its ID, its letters and its place in the run, under the new key', async () => {
    const fx = await trackingDb(tempDir('inw-fix-member-'));
    const letters = makeLetters(fx, [fx.person['M-1']!]);
    const before = all(fx.db, 'SELECT COUNT(*) AS n FROM persons');
    const report = await importCorrected(fx, donorRows({ 'D-1': ['D-1', 'M-91', '山田 花子', 'ヤマダ ハナコ', '100-0001', '東京都千代田区千代田1-1', '03-1234-5678', 'hanako@example.jp', '2021/11/01'] }));
    expect(report).toMatchObject({ conflictsResolved: 1, rowsAccepted: 1 });
    const id = fx.person['M-1']!;
    expect(personOfOrder(fx.db, 'D-1')).toBe(id);
    expect(one(fx.db, 'SELECT group_key AS key, name FROM persons WHERE id = ?', id)).toEqual({ key: 'm:M-91', name: '山田 花子' });
    expect(all(fx.db, 'SELECT COUNT(*) AS n FROM persons')).toEqual(before);
    expect(personsWithoutRecords(fx.db)).toEqual([]);
    expect(all(fx.db, 'SELECT id FROM letters WHERE person_id = ?', id)).toEqual([{ id: letters.get(id) }]);
    const { summary } = await reclassify(fx.db);
    expect(summary.persons.total).toBe(DONORS.length);
    expect(notified(fx.db, requireRun(fx.db).runId)).toContain(id);
    expect(findNearDuplicates(fx.db)).toEqual([]);
  });

  it("a guest's corrected address (no member ID): one person still, with the new address, even when two of their records move", async () => {
    const fx = await trackingDb(tempDir('inw-fix-guest-'));
    const guest = (order: string, address: string, date: string) => [order, '', '中村 七海', 'ナカムラ ナナミ', '150-0001', address, '', '', date];
    await runImport(fx.db, {
      file: writeCsv(join(fx.dir, 'guest.csv'), [DONOR_HEADER, guest('G-1', '東京都渋谷区神宮前1-1', '2021/11/05'), guest('G-2', '東京都渋谷区神宮前1-1', '2021/11/06')]),
      kind: 'donors',
    });
    const id = personOfOrder(fx.db, 'G-1');
    const count = all(fx.db, 'SELECT COUNT(*) AS n FROM persons');
    await importCorrected(fx, [guest('G-1', '東京都渋谷区神宮前9-9', '2021/11/05'), guest('G-2', '東京都渋谷区神宮前9-9', '2021/11/06')]);
    expect([personOfOrder(fx.db, 'G-1'), personOfOrder(fx.db, 'G-2')]).toEqual([id, id]);
    expect(one(fx.db, 'SELECT address1 FROM persons WHERE id = ?', id)).toEqual({ address1: '東京都渋谷区神宮前9-9' });
    expect(all(fx.db, 'SELECT COUNT(*) AS n FROM persons')).toEqual(count);
    expect(personsWithoutRecords(fx.db)).toEqual([]);
    expect(findNearDuplicates(fx.db)).toEqual([]);
  });

  it('corrected into another existing person: the emptied person without history is removed', async () => {
    const fx = await trackingDb(tempDir('inw-fix-merge-'));
    const gone = fx.person['M-2']!;
    const report = await importCorrected(fx, donorRows({ 'D-2': ['D-2', 'M-1', '鈴木 一郎', 'スズキ イチロウ', '530-0001', '大阪府大阪市北区梅田1-2-3', '06-2222-3333', '', '2021/11/02'] }));
    expect(personOfOrder(fx.db, 'D-2')).toBe(fx.person['M-1']);
    expect(all(fx.db, 'SELECT id FROM persons WHERE id = ?', gone)).toEqual([]);
    expect(personsWithoutRecords(fx.db)).toEqual([]);
    expect(report.rowWarnings.map((w) => w.code)).toEqual(['conflict-resolved']);
    const { summary } = await reclassify(fx.db);
    expect(summary.persons.total).toBe(DONORS.length - 1);
  });

  it('corrected into another existing person: an emptied person with letters is kept for its history, not counted, not notified, and named in the import', async () => {
    const fx = await trackingDb(tempDir('inw-fix-kept-'));
    const kept = fx.person['M-2']!;
    makeLetters(fx, [kept]);
    const staleRun = fx.runId;
    const report = await importCorrected(fx, donorRows({ 'D-2': ['D-2', 'M-1', '鈴木 一郎', 'スズキ イチロウ', '530-0001', '大阪府大阪市北区梅田1-2-3', '06-2222-3333', '', '2021/11/02'] }));
    expect(personsWithoutRecords(fx.db)).toEqual([kept]);
    const notice = report.rowWarnings.find((w) => w.code === 'person-without-records');
    expect(notice?.message).toContain(`P${String(kept).padStart(6, '0')}`);
    expect(notice?.message).toContain('通知書');
    expect(report.warnings.find((w) => w.code === 'person-without-records')).toMatchObject({ count: 1 });
    // Letters from a run classified before the correction skip the person too.
    expect(notified(fx.db, staleRun)).not.toContain(kept);
    expect(all(fx.db, 'SELECT COUNT(*) AS n FROM letters WHERE person_id = ?', kept)).toEqual([{ n: 1 }]);
    const { summary } = await reclassify(fx.db);
    expect(summary.persons.total).toBe(DONORS.length - 1);
    expect(notified(fx.db, requireRun(fx.db).runId)).not.toContain(kept);
    expect(findNearDuplicates(fx.db)).toEqual([]);
    // Staff still find the person, with no donor record, and their letters.
    const row = browsePersons(fx.db, { run: requireRun(fx.db), search: `P${kept}`, offset: 0, limit: 10 }).rows;
    expect(row).toEqual([expect.objectContaining({ id: kept, records: 0 })]);
  });
});
