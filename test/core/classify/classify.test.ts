// spec §3/§5: the metaps-2022 preset (window rule on Japan-local dates, whatever the status;
// confirmed list authoritative with warnings), categories per person, history of runs, and
// incidents as validated JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classify, latestRun, loadIncident, parseIncident, PRESETS, type Db, type Summary,
} from '../../../src-main/core/index.js';
import { all, now, one, openTempDb, PAYMENT_HEADER, runImport, tempDir, writeCsv, writeXlsx, excelWallClock } from '../../helpers/fixtures.js';

const dir = tempDir();
let n = 0;
const path = (name: string) => join(dir, `${++n}-${name}`);

const metaps = () => loadIncident('metaps-2022');

function run(db: Db, incident = metaps()) {
  return classify({ db, incident, now, actor: 'test' });
}

function exposedIds(db: Db, runId: number, bit: number): string[] {
  return all<{ id: string }>(
    db,
    `SELECT p.transaction_id AS id FROM run_payments r JOIN payments p ON p.id = r.payment_id
     WHERE r.run_id = ? AND (r.exposure_mask & ?) <> 0 ORDER BY p.transaction_id`,
    runId, bit,
  ).map((r) => r.id);
}

describe('token-db window (2021-10-14 … 2022-01-25, Japan-local, card only, any status)', () => {
  it('includes 00:00:00 of the first day and 23:59:59 of the last day, also written as ISO Z', async () => {
    const { db } = openTempDb();
    const rows: Array<[string, string, string, string]> = [
      ['IN-first-midnight', '2021/10/14 00:00:00', 'クレジットカード', '売上確定'],
      ['IN-first-Z', '2021-10-13T15:00:00Z', 'クレジットカード', '売上確定'],
      ['IN-first-offset', '2021-10-14T00:00:00+09:00', 'card', '売上確定'],
      ['IN-first-date-only', '2021/10/14', 'クレジット', '売上確定'],
      ['IN-first-era', '令和3年10月14日', 'カード', '売上確定'],
      ['IN-last-235959', '2022/01/25 23:59:59', 'クレジットカード', '売上確定'],
      ['IN-last-Z', '2022-01-25T14:59:59Z', 'credit', '売上確定'],
      ['IN-last-era-short', 'R4.1.25', 'クレジットカード', '売上確定'],
      ['IN-declined', '2021/12/01 10:00', 'クレジットカード', '与信NG'],
      ['IN-cancelled', '2021/12/02 10:00', 'クレジットカード', 'キャンセル'],
      ['OUT-before-235959', '2021/10/13 23:59:59', 'クレジットカード', '売上確定'],
      ['OUT-before-Z', '2021-10-13T14:59:59Z', 'クレジットカード', '売上確定'],
      ['OUT-after-Z', '2022-01-25T15:00:00Z', 'クレジットカード', '売上確定'],
      ['OUT-after-midnight', '2022/01/26 00:00:00', 'クレジットカード', '売上確定'],
      ['OUT-not-card', '2021/12/01 10:00', 'コンビニ', '入金済'],
      ['OUT-payeasy', '2021/12/01 10:00', 'ペイジー', '入金済'],
    ];
    const file = writeCsv(path('window.csv'), [['取引ID', '決済日時', '決済方法', 'ステータス'], ...rows]);
    await runImport(db, { file, kind: 'payments' });
    const { runId, summary } = await run(db);
    const expected = rows.filter(([id]) => id.startsWith('IN-')).map(([id]) => id).sort();
    expect(exposedIds(db, runId, 1)).toEqual(expected);
    expect(summary.payments).toMatchObject({ total: 16, card: 14, exposed: { 'token-db': 10, 'payment-db': 0 } });
  });

  it('applies the same window to XLSX date cells (Japan wall-clock)', async () => {
    const { db } = openTempDb();
    const file = await writeXlsx(path('window.xlsx'), {
      header: ['取引ID', '決済日時', '決済方法'],
      rows: [
        ['X-in-first', excelWallClock(2021, 10, 14, 0, 0, 0), 'クレジット'],
        ['X-out-before', excelWallClock(2021, 10, 13, 23, 59, 59), 'クレジット'],
        ['X-in-last', excelWallClock(2022, 1, 25, 23, 59, 59), 'クレジット'],
        ['X-out-after', excelWallClock(2022, 1, 26, 0, 0, 0), 'クレジット'],
      ],
    });
    await runImport(db, { file, kind: 'payments' });
    const { runId } = await run(db);
    expect(exposedIds(db, runId, 1)).toEqual(['X-in-first', 'X-in-last']);
  });
});

/** Donors and payments for the category tests; each person's story is in its name. */
async function categoryCorpus(db: Db) {
  const donors = writeCsv(path('donors.csv'), [
    ['注文番号', '会員番号', '氏名', '郵便番号', '住所'],
    ['D-TOKEN', 'M-TOKEN', 'トークン 太郎', '1000001', '東京都千代田区1-1'],
    ['D-PAY', 'M-PAY', '決済 花子', '1000002', '東京都千代田区1-2'],
    ['D-BOTH', 'M-BOTH', '両方 次郎', '1000003', '東京都千代田区1-3'],
    ['D-NONE', 'M-NONE', '対象外 三郎', '1000004', '東京都千代田区1-4'],
    ['D-NOPAY', 'M-NOPAY', '取引なし 四郎', '1000005', '東京都千代田区1-5'],
  ]);
  await runImport(db, { file: donors, kind: 'donors' });
  const payments = writeCsv(path('payments.csv'), [
    PAYMENT_HEADER,
    ['P-TOKEN', 'D-TOKEN', 'M-TOKEN', '2021/11/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
    ['P-PAY', 'D-PAY', 'M-PAY', '2021/06/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
    ['P-BOTH-1', 'D-BOTH', 'M-BOTH', '2021/12/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
    ['P-BOTH-2', 'D-BOTH', 'M-BOTH', '2021/07/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
    ['P-NONE', 'D-NONE', 'M-NONE', '2021/09/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
    ['P-OLD', '', '', '2021/04/01 10:00', 'クレジットカード', '', '1000', '売上確定'],
  ]);
  await runImport(db, { file: payments, kind: 'payments' });
  const confirmed = writeCsv(path('confirmed.csv'), [['取引ID'], ['P-PAY'], ['P-BOTH-2'], ['P-OLD'], ['P-UNKNOWN-1'], ['P-UNKNOWN-2']]);
  await runImport(db, { file: confirmed, kind: 'confirmed', exposure: 'payment-db' });
}

function categories(db: Db, runId: number): Record<string, string> {
  const masks = new Map(all<{ p: number; m: number }>(db, 'SELECT person_id AS p, category_mask AS m FROM run_persons WHERE run_id = ?', runId).map((r) => [r.p, r.m]));
  const names = ['none', 'token-db', 'payment-db', 'token-db+payment-db'];
  return Object.fromEntries(
    all<{ id: number; name: string }>(db, 'SELECT id, name FROM persons ORDER BY id').map((p) => [p.name, names[masks.get(p.id) ?? 0]!]),
  );
}

describe('categories and confirmed-list warnings', () => {
  it('gives each person the set of exposures of their payments', async () => {
    const { db } = openTempDb();
    await categoryCorpus(db);
    const { runId, summary } = await run(db);
    expect(categories(db, runId)).toEqual({
      'トークン 太郎': 'token-db',
      '決済 花子': 'payment-db',
      '両方 次郎': 'token-db+payment-db',
      '対象外 三郎': 'none',
      '取引なし 四郎': 'none',
    });
    expect(summary.persons).toMatchObject({
      total: 5, notify: 3, byCategory: { 'token-db': 1, 'payment-db': 1, 'token-db+payment-db': 1, none: 2 },
    });
    expect(summary.payments).toMatchObject({ total: 6, card: 6, exposed: { 'token-db': 2, 'payment-db': 3 } });
    // P-OLD: confirmed, outside the payment-db window (before 2021-05-06), and linked to nobody.
    expect(summary.unmatchedPayments).toEqual({ total: 1, exposed: { 'token-db': 0, 'payment-db': 1 } });
    expect(summary.warnings.map((w) => ({ code: w.code, count: w.count }))).toEqual([
      { code: 'confirmed-outside-window', count: 1 },
      { code: 'confirmed-unknown-id', count: 2 },
    ]);
    expect(summary.undeliverable).toBe(0);
  });

  it('a confirmed ID outside the window still counts (with a warning); without a confirmed list, payment-db is empty', async () => {
    const { db } = openTempDb();
    const donors = writeCsv(path('d.csv'), [['注文番号', '氏名', '郵便番号', '住所'], ['D-1', '早期 一郎', '1000001', '東京都1-1']]);
    await runImport(db, { file: donors, kind: 'donors' });
    const payments = writeCsv(path('p.csv'), [['取引ID', 'オーダーID', '決済日時', '決済方法'], ['E-1', 'D-1', '2021/05/05 23:59:59', 'クレジット']]);
    await runImport(db, { file: payments, kind: 'payments' });
    const before = (await run(db)).summary;
    expect(before.payments.exposed).toEqual({ 'token-db': 0, 'payment-db': 0 });
    expect(before.persons.byCategory.none).toBe(1);
    expect(before.warnings.map((w) => w.count)).toEqual([0, 0]);

    await runImport(db, { file: writeCsv(path('c.csv'), [['取引ID'], ['E-1']]), kind: 'confirmed', exposure: 'payment-db' });
    const after = (await run(db)).summary;
    expect(after.persons.byCategory).toEqual({ 'token-db': 0, 'payment-db': 1, 'token-db+payment-db': 0, none: 0 });
    expect(after.warnings.find((w) => w.code === 'confirmed-outside-window')?.count).toBe(1);
  });
});

describe('history of runs', () => {
  it('classifying again after a new import gives the new answer and keeps the earlier run', async () => {
    const { db } = openTempDb();
    await categoryCorpus(db);
    const first = await run(db);
    const firstPersons = all(db, 'SELECT * FROM run_persons WHERE run_id = ? ORDER BY person_id', first.runId);
    expect(latestRun(db)?.summary.stale).toBe(false);

    // 対象外 三郎 pays again inside the window.
    const more = writeCsv(path('more.csv'), [PAYMENT_HEADER, ['P-NONE-2', 'D-NONE', 'M-NONE', '2022/01/10 10:00', 'クレジット', '', '500', '売上確定']]);
    await runImport(db, { file: more, kind: 'payments' });
    expect(latestRun(db)?.summary.stale).toBe(true);

    const second = await run(db);
    expect(second.runId).toBeGreaterThan(first.runId);
    expect(categories(db, second.runId)['対象外 三郎']).toBe('token-db');
    expect(second.summary.persons.byCategory).toEqual({ 'token-db': 2, 'payment-db': 1, 'token-db+payment-db': 1, none: 1 });
    // The earlier run is kept as it was.
    expect(categories(db, first.runId)['対象外 三郎']).toBe('none');
    expect(all(db, 'SELECT * FROM run_persons WHERE run_id = ? ORDER BY person_id', first.runId)).toEqual(firstPersons);
    expect(one(db, 'SELECT COUNT(*) AS n FROM classification_runs')).toEqual({ n: 2 });
    const stored = JSON.parse(one<{ s: string }>(db, 'SELECT summary AS s FROM classification_runs WHERE id = ?', first.runId).s) as Summary;
    expect(stored.persons.byCategory.none).toBe(2);
    expect(latestRun(db)?.runId).toBe(second.runId);
    expect(latestRun(db)?.summary.stale).toBe(false);
  });

  it('an edited incident (wider window) gives the new answer', async () => {
    const { db } = openTempDb();
    await categoryCorpus(db);
    const edited = structuredClone(PRESETS['metaps-2022']) as { code: string; exposures: Array<{ rule: { from?: string } }> };
    edited.exposures[0]!.rule.from = '2021-08-01';
    const file = path('edited.json');
    writeFileSync(file, JSON.stringify(edited));
    const { runId, summary } = await run(db, loadIncident(file));
    expect(categories(db, runId)['対象外 三郎']).toBe('token-db');
    expect(summary.incident).toBe('metaps-2022');
  });
});

describe('incident definitions', () => {
  it('the preset metaps-2022 says what the spec says', () => {
    const incident = metaps();
    expect(incident.exposures.map((e) => [e.code, e.certainty])).toEqual([
      ['token-db', 'possible'],
      ['payment-db', 'confirmed'],
    ]);
    expect(incident.exposures[0]!.rule).toMatchObject({ type: 'window', methods: ['card'], from: '2021-10-14', to: '2022-01-25' });
    expect(incident.exposures[0]!.rule).not.toHaveProperty('statuses');
    expect(incident.exposures[0]!.items.card).toEqual(['カード番号', '有効期限', 'セキュリティコード']);
    expect(incident.exposures[1]!.items.card).toEqual(['カード番号', '有効期限']);
    expect(incident.exposures[1]!.rule).toMatchObject({ type: 'confirmed-list', window: { from: '2021-05-06', to: '2022-01-25' } });
  });

  it('a user-defined incident for another processor works without code changes (non-card methods, statuses)', async () => {
    const { db } = openTempDb();
    const incident = parseIncident({
      code: 'other-2023',
      title: '別の事案',
      processor: '別の決済代行',
      exposures: [
        { code: 'konbini', label: 'コンビニ決済', certainty: 'confirmed', items: { コンビニ: ['氏名', '電話番号'] },
          rule: { type: 'window', methods: ['コンビニ'], from: '2023-01-01', to: '2023-01-31' } },
        { code: 'card-ok', label: 'カード売上', certainty: 'possible', items: { card: ['カード番号'] },
          rule: { type: 'window', methods: ['card'], from: '2023-01-01', to: '2023-01-31', statuses: ['売上確定'] } },
      ],
    }, 'test');
    const file = writeCsv(path('other.csv'), [
      ['取引ID', '決済日時', '決済方法', 'ステータス'],
      ['K1', '2023/01/15', 'コンビニ', '入金済'],
      ['K2', '2023/01/15', 'クレジット', '売上確定'],
      ['K3', '2023/01/15', 'クレジット', '与信NG'],
      ['K4', '2023/02/01', 'コンビニ', '入金済'],
    ]);
    await runImport(db, { file, kind: 'payments' });
    const { runId, summary } = await run(db, incident);
    expect(exposedIds(db, runId, 1)).toEqual(['K1']);
    expect(exposedIds(db, runId, 2)).toEqual(['K2']);
    expect(Object.keys(summary.persons.byCategory)).toEqual(['konbini', 'card-ok', 'konbini+card-ok', 'none']);
  });

  it('an invalid definition is refused with the reason', () => {
    const file = path('bad.json');
    writeFileSync(file, JSON.stringify({ code: 'x', title: 't', processor: 'p', exposures: [{ code: 'a', label: 'A', certainty: 'maybe', items: {}, rule: { type: 'window', methods: ['card'], from: '2022-02-01', to: '2022-01-01' } }] }));
    expect(() => loadIncident(file)).toThrow(/certainty|開始日/);
    expect(() => loadIncident(path('missing.json'))).toThrow(/ファイルがありません/);
  });
});
