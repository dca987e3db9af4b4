// The mailing plan (郵送計画): pieces, bundles per 郵便区番号 in print order, barcode counts, the
// Japan Post discounts with their thresholds taken from the rate table (data, not code), the
// postage before and after; the rate table's checks, its loading with audit, and the plan of a
// classified database through the CLI and the contact sheet.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  bundledMailRates, classify, exportContactSheet, isInwError, listAudit, loadIncident, mailPlan, mailRatesFor, parseMailRatesText,
  runMailPlan, saveMailRates, type MailPiece, type MailRatesInfo,
} from '../../../src-main/core/index.js';
import { PAYMENT_HEADER, inw, now, openTempDb, runImport, snapshot, writeCsv } from '../../helpers/fixtures.js';

const shipped: MailRatesInfo = { rates: bundledMailRates(), loaded: false, loadedAt: null, actor: null, file: null };
const options = { rates: shipped, duplex: true, splitByPages: false };

function pieces(n: number, barcoded: number, pages = 2, category = 'token-db'): MailPiece[] {
  return Array.from({ length: n }, (_, i) => ({
    category, postalCode: `${String(100 + (i % 7)).padStart(3, '0')}0013`, pages, barcoded: i < barcoded,
  }));
}

describe('mailPlan', () => {
  it('the shipped table is Japan Post\'s: 定形 110 円, 区分 from 2,000 pieces at 3 %, barcode from 1,000 at 3 %, dated, with sources', () => {
    const r = shipped.rates;
    expect(r.effectiveFrom).toBe('2024-10-01');
    expect(r.postage[0]).toMatchObject({ name: '定形郵便物', maxGrams: 50, yen: 110, standard: true });
    expect(r.discounts.sorted.tiers[0]).toEqual({ minPieces: 2000, percent: 3 });
    expect(r.discounts.barcode).toMatchObject({ minPieces: 1000, percent: 3 });
    expect(r.sources.map((s) => s.url)).toContain('https://www.post.japanpost.jp/service/discount/kubun_discount.html');
  });

  it('below both thresholds: no discount, and how many pieces are missing', () => {
    const plan = mailPlan(pieces(1999, 999), options);
    expect(plan.postage).toEqual({ before: 1999 * 110, discount: 0, after: 1999 * 110 });
    expect(plan.discounts.map((d) => [d.code, d.applies, d.percent])).toEqual([['sorted', false, 0], ['barcode', false, 0]]);
    expect(plan.discounts[0]!.reason).toContain('2,000通に 1通足りません');
    expect(plan.discounts[1]!.reason).toContain('1,000通に 1通足りません');
  });

  it('at 2,000 pieces with 1,000 barcoded: 3 % on all, plus 3 % on the barcoded ones', () => {
    const plan = mailPlan(pieces(2000, 1000), options);
    expect(plan.pieces).toBe(2000);
    expect(plan.barcoded).toBe(1000);
    const before = 2000 * 110;
    expect(plan.discounts.map((d) => [d.applies, d.percent, d.amount])).toEqual([[true, 3, before * 0.03], [true, 3, 1000 * 110 * 0.03]]);
    expect(plan.postage).toEqual({ before, discount: 6600 + 3300, after: before - 9900 });
  });

  it('thresholds and percentages come from the rate table: another table gives another plan', () => {
    const edited = structuredClone(shipped);
    edited.rates.discounts.sorted.tiers = [{ minPieces: 100, percent: 5 }];
    edited.rates.discounts.barcode.minPieces = 50;
    edited.rates.postage[0]!.yen = 120;
    const plan = mailPlan(pieces(100, 50), { ...options, rates: edited });
    expect(plan.postage.before).toBe(12000);
    expect(plan.discounts.map((d) => [d.applies, d.amount])).toEqual([[true, 600], [true, 180]]);
  });

  it('weight from sheets: a 12-page letter is 6 sheets double-sided (定形) but 12 single-sided (定形外)', () => {
    const long = pieces(3, 3, 12);
    expect(mailPlan(long, options).bands[0]!.pieces).toBe(3);
    const simplex = mailPlan(long, { ...options, duplex: false });
    expect(simplex.bands.find((b) => b.pieces > 0)).toMatchObject({ name: '定形外郵便物 (規格内)', yen: 180 });
    // The barcode discount takes 定形郵便物 only.
    expect(simplex.discounts[1]!.eligiblePieces).toBe(0);
  });

  it('bundles per 郵便区番号 in the order given (the print files\'), per page count when print files are split by it', () => {
    const list: MailPiece[] = [
      { category: 'a', postalCode: '0600001', pages: 2, barcoded: true },
      { category: 'a', postalCode: '0600002', pages: 2, barcoded: false },
      { category: 'a', postalCode: '1000013', pages: 3, barcoded: true },
      { category: 'b', postalCode: '0600001', pages: null, barcoded: true },
    ];
    const plan = mailPlan(list, options);
    expect(plan.bundles.map((b) => [b.category, b.area, b.pieces, b.barcoded])).toEqual([['a', '060', 2, 1], ['a', '100', 1, 1], ['b', '060', 1, 1]]);
    expect(plan.areas).toEqual([{ area: '060', pieces: 3 }, { area: '100', pieces: 1 }]);
    expect(plan.byCategory[0]!.byPages).toEqual({ 2: 2, 3: 1 });
    expect(plan.estimatedPieces).toBe(1);
    const split = mailPlan(list.slice(0, 3), { ...options, splitByPages: true });
    expect(split.bundles.map((b) => [b.pages, b.area, b.pieces])).toEqual([[2, '060', 2], [3, '100', 1]]);
  });
});

describe('the rate table as data', () => {
  it('a file with a JSON error names its line and column; a wrong field names its path', () => {
    const text = JSON.stringify(shipped.rates, null, 2).split('\n');
    text[3] = `${text[3]!} oops`;
    const bad = parseMailRatesError(text.join('\n'));
    expect(bad).toMatch(/^料金表 rates.json 4行目 \d+文字目: JSON として読めません/);
    const wrong = structuredClone(shipped.rates) as unknown as Record<string, unknown>;
    (wrong.discounts as { barcode: Record<string, unknown> }).barcode.minPieces = -1;
    wrong.effectivefrom = '2025-01-01';
    const message = parseMailRatesError(JSON.stringify(wrong));
    expect(message).toContain('discounts.barcode.minPieces');
    expect(message).toContain('不明な項目「effectivefrom」（「effectiveFrom」の誤りではありませんか）');
  });

  it('a loaded table replaces the shipped one for that database, with an audit entry', () => {
    const { db } = openTempDb();
    expect(mailRatesFor(db).loaded).toBe(false);
    const edited = { ...structuredClone(shipped.rates), effectiveFrom: '2027-04-01', title: '新料金' };
    const info = saveMailRates({ db, now, actor: 'staff' }, edited, 'rates-2027.json');
    expect(info).toMatchObject({ loaded: true, file: 'rates-2027.json', actor: 'staff', rates: { effectiveFrom: '2027-04-01', title: '新料金' } });
    expect(listAudit(db).find((e) => e.action === 'mail-rates-load')?.detail).toMatchObject({ file: 'rates-2027.json', effectiveFrom: '2027-04-01' });
  });
});

function parseMailRatesError(text: string): string {
  try {
    parseMailRatesText(text, 'rates.json');
  } catch (error) {
    expect(isInwError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const DONOR_HEADER = ['注文番号', '会員番号', '氏名', '郵便番号', '住所'];
const DONORS = [
  ['D-1', 'M-1', '山田 太郎', '100-0013', '東京都千代田区霞が関1-3-2'],
  ['D-2', 'M-2', '鈴木 花子', '921-6381', '石川県金沢市長町1-2-3'], // unknown code: no barcode
  ['D-3', 'M-3', '佐藤 次郎', '060-0906', '北海道札幌市東区北六条東4丁目'],
  ['D-4', 'M-4', '高橋 三郎', '', '東京都千代田区霞が関1-3-2'], // not mailable: no piece
];

describe('the plan of a classified database', () => {
  it('runMailPlan, inw mail plan --json, inw mail rates load, and the 郵送計画 sheet agree', async () => {
    const { db, dir, file, close } = openTempDb();
    await runImport(db, { file: writeCsv(join(dir, 'donors.csv'), [DONOR_HEADER, ...DONORS]), kind: 'donors' });
    const payments = [PAYMENT_HEADER, ...DONORS.map((d, i) => [`T${i}`, d[0]!, d[1]!, '2021/11/01 10:00', 'クレジットカード', `************${1000 + i}`, '1000', '売上確定'])];
    await runImport(db, { file: writeCsv(join(dir, 'payments.csv'), payments), kind: 'payments' });
    await classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'test' });
    const plan = runMailPlan(db);
    expect(plan).toMatchObject({ pieces: 3, barcoded: 2, withoutBarcode: 1, duplex: true, estimatedPieces: 3 });
    expect(plan.bundles.map((b) => b.area)).toEqual(['060', '100', '921']);
    expect(runMailPlan(db, { duplex: false }).duplex).toBe(false);

    const sheet = join(dir, 'contacts.xlsx');
    const result = await exportContactSheet({ db, file: sheet, now, actor: 'test' });
    expect(result.sheets.at(-1)).toBe('郵送計画');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheet);
    const rows: unknown[][] = [];
    wb.getWorksheet('郵送計画')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[0] === '郵送する通知書')?.[1]).toBe(3);
    expect(rows.find((r) => r[0] === '料金（割引後）')?.[1]).toBe(330);
    expect(rows.filter((r) => r[0] === 'token-db' && typeof r[2] === 'string').map((r) => r[2])).toEqual(['060', '100', '921']);
    close();

    const cli = await inw(['mail', 'plan', '--json', '--simplex', '--db', file]);
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ pieces: 3, barcoded: 2, duplex: false, postage: { before: 330, after: 330 } });
    const rates = join(dir, 'rates.json');
    writeFileSync(rates, JSON.stringify({ ...shipped.rates, postage: [{ name: '定形郵便物', maxGrams: 50, yen: 140, standard: true }] }));
    expect((await inw(['mail', 'rates', 'load', rates, '--db', file])).status).toBe(0);
    expect(JSON.parse((await inw(['mail', 'plan', '--json', '--db', file])).stdout).postage.before).toBe(420);
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, '{\n  "title": "x",\n  oops\n}');
    const again = openTempDb(dir);
    const before = snapshot(again.db);
    again.close();
    const bad = await inw(['mail', 'rates', 'load', badFile, '--db', file]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('料金表 bad.json 3行目 3文字目: JSON として読めません');
    const { db: after } = openTempDb(dir);
    expect(snapshot(after)).toEqual(before);
  }, 60_000);
});
