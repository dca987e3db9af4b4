// The acceptance path (issue 2): a small corpus to the spec's contract (payments as CP932 CSV
// and as XLSX, donors as UTF-8 CSV, a confirmed list) imported with `inw import`, classified
// with `inw classify --incident metaps-2022`; `inw summary --json` matches a hand-computed key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PAYMENT_HEADER, closeDb, dbFiles, ensureBuilt, now, openDb, excelWallClock, filesContaining, inw, inwOk, tempDir, writeCsv, writeXlsx,
} from '../helpers/fixtures.js';

const dir = tempDir('inw-cli-');
const db = join(dir, 'corpus.db');

// Persons (6): 山田 (M-1, two records), 鈴木 (guest written two ways), 佐藤 (M-5, postal code
// not mailable), 田中 (M-6, nothing exposed), 高橋 (M-7, confirmed only), 伊藤 (M-8, both).
const DONORS = [
  ['注文番号', '会員番号', '氏名', 'フリガナ', '郵便番号', '住所', '電話番号', 'メールアドレス'],
  ['D-1', 'M-1', '山田 花子', 'ヤマダ ハナコ', '100-0001', '東京都千代田区千代田1-1', '03-0000-0001', 'hanako@example.jp'],
  ['D-2', 'M-1', '山田 花子', 'ヤマダ ハナコ', '100-0001', '東京都千代田区千代田1-1', '03-0000-0001', 'hanako@example.jp'],
  ['D-3', '', '鈴木 一郎', 'スズキ イチロウ', '〒100-0002', '東京都港区芝1-2-3', '', ''],
  ['D-4', '', '鈴木　一郎', 'スズキ イチロウ', '１００－０００２', '東京都港区芝１－２－３', '', ''],
  ['D-5', 'M-5', '佐藤 三郎', 'サトウ サブロウ', '12-34', '大阪府大阪市北区梅田1-1', '', ''],
  ['D-6', 'M-6', '田中 四郎', 'タナカ シロウ', '530-0001', '大阪府大阪市北区梅田2-2', '', ''],
  ['D-7', 'M-7', '高橋 五郎', 'タカハシ ゴロウ', '060-0001', '北海道札幌市中央区北1条西1', '', ''],
  ['D-8', 'M-8', '伊藤 六子', 'イトウ ムツコ', '980-0001', '宮城県仙台市青葉区1-1', '', ''],
];

const PAYMENTS = [
  PAYMENT_HEADER,
  ['T01', 'D-1', 'M-1', '2021/10/14 00:00:00', 'クレジットカード', '4111111111111111', '1,000', '売上確定'],
  ['T02', 'D-2', 'M-1', '2022/01/25 23:59:59', 'クレジットカード', '************1111', '2,000', '与信NG'],
  ['T03', 'D-3', '', '2021-10-13T15:00:00Z', 'クレジットカード', '************2222', '3,000円', '売上確定'],
  ['T04', 'D-4', '', '2021/10/13 23:59:59', 'クレジットカード', '************2222', '4000', '売上確定'],
  ['T05', '', 'M-5', '令和3年12月1日 10:00', 'カード', '************3333', '５０００', '売上確定'],
  ['T06', 'D-6', 'M-6', '2022-01-25T15:00:00Z', 'クレジットカード', '************4444', '6000', '売上確定'],
  ['T07', 'D-6', 'M-6', '2021/11/01 10:00', 'コンビニ', '', '7000', '入金済'],
  ['T08', 'D-7', 'M-7', '2021/06/01 10:00', 'クレジットカード', '5555555555554444', '8000', '売上確定'],
  ['T09', 'D-8', 'M-8', 'R3.11.15', 'クレジットカード', '************6666', '9000', 'キャンセル'],
  ['T10', 'X-99', 'X-99', '2021/11/20 12:00', 'クレジットカード', '************7777', '10000', '売上確定'],
  ['T11', '', '', '2021年12月24日 18:00', 'クレジットカード', '************8888', '11000', '売上確定'],
  ['T12', '', '', '2021/05/01 10:00', 'クレジットカード', '************9999', '12000', '売上確定'],
  ['T13', 'D-1', 'M-1', '2021/09/30 10:00', 'クレジットカード', '************1111', '13000', '売上確定'],
  ['T14', 'D-1', 'M-1', '不明', 'クレジットカード', '************1111', '14000', '売上確定'],
  ['', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '15000', '売上確定'],
];

/** The answer key, computed by hand from the rows above. */
const EXPECTED = {
  incident: 'metaps-2022',
  payments: { total: 14, card: 13, exposed: { 'token-db': 7, 'payment-db': 3 } },
  persons: { total: 6, notify: 5, byCategory: { 'token-db': 3, 'payment-db': 1, 'token-db+payment-db': 1, none: 1 } },
  // Unmatched: T10 (unknown order and member), T11 and T12 (no link), T15 (XLSX without link columns).
  unmatchedPayments: { total: 4, exposed: { 'token-db': 2, 'payment-db': 1 } },
  undeliverable: 1,
  imports: { rejectedRows: 2, duplicateRows: 3, conflicts: 1 },
  warnings: [{ code: 'confirmed-outside-window', count: 1 }, { code: 'confirmed-unknown-id', count: 1 }],
};

/** The summary reduced to the spec's keys (extra keys are allowed by the spec). */
function specShape(s: Record<string, any>) {
  const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));
  return {
    incident: s.incident,
    payments: { total: s.payments?.total, card: s.payments?.card, exposed: s.payments?.exposed },
    persons: { total: s.persons?.total, notify: s.persons?.notify, byCategory: s.persons?.byCategory },
    unmatchedPayments: pick(s.unmatchedPayments, ['total', 'exposed']),
    undeliverable: s.undeliverable,
    imports: pick(s.imports, ['rejectedRows', 'duplicateRows', 'conflicts']),
    warnings: (s.warnings as Array<{ code: string; count: number }>)
      .filter((w) => w.code === 'confirmed-outside-window' || w.code === 'confirmed-unknown-id')
      .map((w) => ({ code: w.code, count: w.count })),
  };
}

let paymentsCsv = '';

beforeAll(async () => {
  ensureBuilt();
  paymentsCsv = writeCsv(join(dir, 'payments.csv'), PAYMENTS, { encoding: 'cp932' });
  const donors = writeCsv(join(dir, 'donors.csv'), DONORS, { encoding: 'utf8', eol: '\n' });
  const xlsx = await writeXlsx(join(dir, 'payments-2.xlsx'), {
    titleRows: [['決済データ (再出力)'], []],
    header: ['取引ID', '決済日時', '決済方法', '金額'],
    rows: [
      ['T01', excelWallClock(2021, 10, 14, 0, 0, 0), 'クレジット', 1000],
      ['T03', excelWallClock(2021, 10, 14, 0, 0, 0), 'クレジット', 3000],
      ['T09', excelWallClock(2021, 11, 15), 'クレジット', 9999],
      ['T15', excelWallClock(2022, 1, 26, 0, 0, 0), 'クレジット', 15000],
    ],
  });
  const confirmed = writeCsv(join(dir, 'confirmed.csv'), [['取引ID'], ['T08'], ['T09'], ['T12'], ['T99'], ['T08']]);
  await inwOk(['import', 'donors', donors, '--db', db]);
  await inwOk(['import', 'payments', paymentsCsv, '--db', db]);
  await inwOk(['import', 'payments', xlsx, '--db', db]);
  await inwOk(['import', 'confirmed', confirmed, '--exposure', 'payment-db', '--db', db]);
}, 60_000);

describe('inw summary --json on a hand-computed corpus', () => {
  it('classify and summary give exactly the answer key', async () => {
    const classified = await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
    // Categories by the incident's labels, not by code (the codes stay in --json).
    expect(classified.stdout).toContain('① トークン方式のクレジットカード決済データベース');
    expect(classified.stdout).not.toMatch(/token-db|payment-db/);
    const result = await inwOk(['summary', '--json', '--db', db]);
    const summary = JSON.parse(result.stdout) as Record<string, any>;
    for (const key of Object.keys(EXPECTED)) expect(summary, key).toHaveProperty(key);
    expect(specShape(summary)).toEqual(EXPECTED);
    // The spec's warnings come first, in the spec's order.
    expect(summary.warnings.slice(0, 2).map((w: { code: string }) => w.code)).toEqual(['confirmed-outside-window', 'confirmed-unknown-id']);
  });

  it('prints a readable Japanese table without --json', async () => {
    const result = await inwOk(['summary', '--db', db]);
    expect(result.stdout).toContain('通知対象 5 人');
    expect(result.stdout).toContain('宛先不備 1 人');
    expect(result.stdout).toContain('①+② トークン方式のクレジットカード決済データベース・決済情報データベース: 1 人');
    expect(result.stdout).toContain('対象外 (該当なし): 1 人');
    // Japan time, as staff read it (issue 18.11 f).
    expect(result.stdout).toMatch(/分類 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 日本時間、実行 #\d+/);
    expect(result.stdout).not.toMatch(/UTC|token-db|payment-db|none/);
  });

  it('lists the audit log in words and Japan time; --json keeps the codes', async () => {
    const human = (await inwOk(['audit', 'list', '--db', db])).stdout;
    expect(human).toMatch(/^#\d+ \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} \S+ 分類: 分類 #1、事案 metaps-2022/m);
    expect(human).toContain('取込: 取込 #4、種類 流出確認リスト、流出区分 ② 決済情報データベース');
    // The exposure is a confirmed list's only: the other imports do not show it empty.
    expect(human).toMatch(/取込: 取込 #1、種類 寄付者データ、ファイル donors.csv、/);
    expect(human.split('\n').filter((line) => line.includes('流出区分'))).toEqual([expect.stringContaining('取込 #4、種類 流出確認リスト')]);
    // No English key, code or null reaches the reader.
    expect(human).not.toMatch(/[ 、](importId|runId|kind|exposure|rowsRead|null|true|false|confirmed|payments|donors|import|classify)[ 、:\n]|T\d{2}:\d{2}:\d{2}/);
    const json = JSON.parse((await inwOk(['audit', 'list', '--json', '--db', db])).stdout) as Array<{ action: string; detail: Record<string, unknown> }>;
    expect(json.find((e) => e.action === 'import')?.detail).toHaveProperty('importId');
  });

  it('no full card number is anywhere in the database files', () => {
    expect(dbFiles(db).length).toBeGreaterThan(0);
    expect(filesContaining(db, '4111111111111111')).toEqual([]);
    expect(filesContaining(db, '5555555555554444')).toEqual([]);
  });

  it('importing the same file again fails with a non-zero exit and a one-line reason', async () => {
    const result = await inw(['import', 'payments', paymentsCsv, '--db', db]);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('取込済み');
    expect(result.stderr).toContain('payments.csv');
  });
});

describe('CLI options and errors', () => {
  it('--encoding, --map and --strict work from the command line', async () => {
    const cliDb = join(dir, 'options.db');
    const file = writeCsv(join(dir, 'mapped.csv'), [['伝票番号', '利用日時', '支払方法'], ['Z1', '2021/11/01 10:00', 'クレジット']], { encoding: 'cp932' });
    const wrong = await inw(['import', 'payments', file, '--encoding', 'utf8', '--map', 'transactionId=伝票番号', '--map', 'paidAt=利用日時', '--db', cliDb]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/1行目|UTF-8/);
    const ok = await inw(['import', 'payments', file, '--encoding', 'cp932', '--map', 'transactionId=伝票番号', '--map', 'paidAt=利用日時', '--db', cliDb, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { rowsAccepted: number; mapping: Record<string, string> };
    expect(report.rowsAccepted).toBe(1);
    expect(report.mapping).toMatchObject({ transactionId: '伝票番号', paidAt: '利用日時', method: '支払方法' });

    const bad = writeCsv(join(dir, 'strict.csv'), [['取引ID', '決済日時'], ['Z2', '2021/11/01'], ['Z3', 'x']]);
    const strict = await inw(['import', 'payments', bad, '--strict', '--db', cliDb]);
    expect(strict.status).not.toBe(0);
    expect(strict.stderr).toContain('3行目');
    const summaryRun = await inwOk(['classify', '--db', cliDb, '--json']);
    expect(JSON.parse(summaryRun.stdout).payments.total).toBe(1);
  });

  it('unknown commands and missing arguments exit non-zero with a reason on stderr', async () => {
    const unknown = await inw(['frobnicate', '--db', join(dir, 'x.db')]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('frobnicate');
    const noKind = await inw(['import', 'nonsense', 'file.csv', '--db', join(dir, 'x.db')]);
    expect(noKind.status).not.toBe(0);
    const noExposure = await inw(['import', 'confirmed', join(dir, 'confirmed.csv'), '--db', join(dir, 'x.db')]);
    expect(noExposure.status).not.toBe(0);
    expect(noExposure.stderr).toContain('--exposure');
    // A read command never creates a database (nor its folder) for a mistyped path.
    const typo = await inw(['summary', '--db', join(dir, 'typo', 'dir', 'x.db')]);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('がありません');
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    closeDb(openDb({ file: join(dir, 'empty.db'), now }));
    const notClassified = await inw(['summary', '--db', join(dir, 'empty.db')]);
    expect(notClassified.status).not.toBe(0);
    expect(notClassified.stderr).toContain('classify');
  });

  it('audit verify succeeds on a clean log and fails after an entry is edited', async () => {
    const ok = await inw(['audit', 'verify', '--db', db]);
    expect(ok.status, ok.stderr).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const copy = join(dir, 'tampered.db');
    const src = new Database(db);
    await src.backup(copy);
    src.close();
    const tampered = new Database(copy);
    tampered.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE id = 2").run();
    tampered.close();
    const broken = await inw(['audit', 'verify', '--db', copy]);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('#2');
  });
});
