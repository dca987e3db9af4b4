// `inw import` and 取込の矛盾: a payment a later file contradicts is kept and listed in the
// review queue with what a re-import does; a corrected file replaces it and the item leaves the
// queue and the summary's to-do; a corrected file refused by --strict leaves the database as it was.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_HEADER, inw, inwOk, tempDir, writeCsv } from '../helpers/fixtures.js';

const dir = tempDir('inw-cli-conflict-');
const db = join(dir, 'conflict.db');

const openConflicts = async () =>
  (JSON.parse((await inwOk(['review', 'list', '--json', '--db', db])).stdout) as Array<{ kind: string; reason: string }>).filter((i) => i.kind === 'import-conflict');

function tables(): Record<string, unknown[]> {
  const client = new Database(db, { readonly: true });
  try {
    const names = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    return Object.fromEntries(names.map(({ name }) => [name, client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  } finally {
    client.close();
  }
}

const row = (amount: string) => ['T2', 'D-2', 'M-2', '2021/11/02 10:00', 'クレジットカード', '************2222', amount, '売上確定'];

beforeAll(async () => {
  await inwOk(['import', 'donors', writeCsv(join(dir, 'donors.csv'), [
    ['注文番号', '会員番号', '氏名', '郵便番号', '住所'],
    ['D-1', 'M-1', '高橋 五郎', '100-0001', '東京都千代田区千代田1-1'],
    ['D-2', 'M-2', '佐藤 三郎', '530-0001', '大阪府大阪市北区梅田1-1'],
  ]), '--db', db]);
  await inwOk(['import', 'payments', writeCsv(join(dir, 'payments-1.csv'), [
    PAYMENT_HEADER,
    ['T1', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000', '売上確定'],
    row('2000'),
  ]), '--db', db]);
  await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
}, 120_000);

describe('inw import: 取込の矛盾 and a re-import', () => {
  it('keeps the first value and lists the conflict; a corrected file replaces it and clears the item; a refused one changes nothing', async () => {
    const conflicting = await inwOk(['import', 'payments', writeCsv(join(dir, 'payments-2.csv'), [PAYMENT_HEADER, row('2500')]), '--db', db]);
    expect(conflicting.stdout).toContain('矛盾 1');
    expect(conflicting.stdout).toContain('取り込み直すと、その内容で置き換えます');
    expect((await openConflicts()).map((c) => c.reason)).toEqual([expect.stringContaining('取引ID T2')]);
    const summary = () => inwOk(['summary', '--json', '--db', db]).then((r) => (JSON.parse(r.stdout) as { reviewItems: { conflicts: number } }).reviewItems.conflicts);
    expect(await summary()).toBe(1);

    const before = tables();
    const refused = await inw(['import', 'payments', writeCsv(join(dir, 'payments-bad.csv'), [PAYMENT_HEADER, row('2500'), ['T3', 'D-1', 'M-1', 'いつか', 'クレジットカード', '', '1000', '売上確定']]), '--strict', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--strict');
    expect(tables()).toEqual(before);
    expect(await openConflicts()).toHaveLength(1);

    // The first file, corrected (the second one was right), imported again.
    const corrected = await inwOk(['import', 'payments', writeCsv(join(dir, 'payments-1-corrected.csv'), [
      PAYMENT_HEADER,
      ['T1', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000', '売上確定'],
      row('2500'),
    ]), '--db', db]);
    expect(corrected.stdout).toContain('取込の矛盾の解消 1');
    expect(corrected.stdout).toContain('取込の矛盾 1 件を、このファイルの内容で解消しました');
    expect(corrected.stdout).toContain('「2000」→「2500」');
    expect(await openConflicts()).toEqual([]);
    expect(await summary()).toBe(0);
    const client = new Database(db, { readonly: true });
    expect(client.prepare("SELECT amount FROM payments WHERE transaction_id = 'T2'").get()).toEqual({ amount: 2500 });
    client.close();
    expect((await inwOk(['audit', 'verify', '--db', db])).status).toBe(0);
  }, 180_000);
});
