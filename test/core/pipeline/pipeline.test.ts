// The pipeline layer end to end through the public API: the demo on generated files must give
// the generator's own answer key, one letter per mailable person to notify, a contact sheet
// with the same figures, and a person whose name the font cannot print goes to 要確認.
import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LetterManifest } from '../../../src-main/core/letters/batch.js';
import {
  classify, closeDb, defaultFontPaths, demoIncident, exportContactSheet, formatPersonId, generateLetters, importFile, openDb, parseReferenceNumber, runDemo,
} from '../../../src-main/core/index.js';
import { now, tempDir, writeCsv } from '../../helpers/fixtures.js';

describe('inw demo pipeline', () => {
  it('gives the generator answer key, one letter per mailable person to notify, and a sheet with the same figures', async () => {
    const out = tempDir('inw-pipeline-');
    const result = await runDemo({ outDir: out, persons: 300, seed: 11, fontPaths: defaultFontPaths(), now, actor: 'test' });
    const expected = result.expected as Record<string, unknown>;
    // Every figure of the answer key; the summary may carry more keys (spec §5).
    const actual = result.summary as unknown as Record<string, unknown>;
    for (const key of ['payments', 'persons', 'unmatchedPayments', 'imports']) expect(actual[key], key).toMatchObject(expected[key] as object);
    expect(actual.undeliverable).toBe(expected.undeliverable);
    expect(actual.warnings).toEqual(expected.warnings);
    const notifyMailable = result.summary.persons.notify - result.summary.undeliverable;
    expect(result.letters.manifest.counts.letters).toBe(notifyMailable);
    expect(result.letters.notMailable).toHaveLength(result.summary.undeliverable);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { letters: Array<{ file: string; personId: string; referenceNumber: string }> };
    for (const entry of manifest.letters) expect(existsSync(join(out, entry.file))).toBe(true);
    // Each letter's お問い合わせ番号 leads back to its person, so a returned envelope finds its entry.
    for (const entry of manifest.letters) expect(formatPersonId(parseReferenceNumber(entry.referenceNumber))).toBe(entry.personId);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(result.sheet);
    const tokenSheet = wb.worksheets.find((w) => w.name === '①のみ')!;
    expect(tokenSheet.actualRowCount - 1).toBe(result.summary.persons.byCategory['token-db']);
    // 郵送できる通知対象者 is the persons to notify who have an address: as many as letters made.
    expect(result.summary.persons.mailable).toBe(notifyMailable);
    const overview = wb.getWorksheet('概要')!;
    let mailableCell: unknown;
    overview.eachRow((row) => {
      if (row.getCell(1).value === '郵送できる通知対象者') mailableCell = row.getCell(2).value;
    });
    expect(mailableCell).toBe(notifyMailable);
  });
});

describe('letters from the latest run', () => {
  async function smallCase() {
    const dir = tempDir('inw-letters-');
    const payments = writeCsv(join(dir, 'payments.csv'), [
      ['取引ID', 'オーダーID', '決済日時', '決済方法', 'カード番号', '金額'],
      ['T1', 'O1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000'],
      ['T2', 'O2', '2021/11/02 10:00', 'クレジットカード', '************2222', '2000'],
      ['T3', 'O3', '2021/11/03 10:00', 'クレジットカード', '************3333', '3000'],
    ], { encoding: 'cp932' });
    const donors = writeCsv(join(dir, 'donors.csv'), [
      ['注文番号', '氏名', '郵便番号', '住所'],
      ['O1', '山田　太郎', '100-0001', '東京都千代田区千代田1-1'],
      ['O2', '\ue000田 花子', '100-0002', '東京都千代田区皇居外苑2-2'],
      ['O3', '佐藤 一郎', '', '東京都千代田区丸の内3-3'],
    ], { encoding: 'utf8bom' });
    const db = openDb({ file: join(dir, 'case.db') });
    await importFile({ db, file: payments, kind: 'payments', now, actor: 'test' });
    await importFile({ db, file: donors, kind: 'donors', now, actor: 'test' });
    await classify({ db, incident: demoIncident(), now, actor: 'test' });
    return { dir, db };
  }

  it('prints the mailable, lists the unmailable and the 外字 person, and an unchanged re-run adds no version', async () => {
    const { dir, db } = await smallCase();
    const out = join(dir, 'letters');
    const first = await generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), letterDate: '2022-03-15', now, actor: 'test' });
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as LetterManifest).letters.map((l) => l.name)).toEqual(['山田　太郎']);
    expect(first.notMailable.map((p) => p.name)).toEqual(['佐藤 一郎']);
    expect(first.review.map((r) => r.codePoint)).toEqual(['U+E000']);
    expect(first.newVersions).toBe(1);
    const again = await generateLetters({ db, outDir: out, fontPaths: defaultFontPaths(), letterDate: '2022-03-15', now, actor: 'test' });
    expect(again.newVersions).toBe(0);
    expect(again.skipped).toBe(1);

    const sheet = join(dir, 'contacts.xlsx');
    await exportContactSheet({ db, file: sheet, now, actor: 'test' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheet);
    const review = wb.getWorksheet('要確認')!;
    const texts: string[] = [];
    review.eachRow((row) => texts.push(row.values!.toString()));
    expect(texts.some((t) => t.includes('外字') && t.includes('U+E000'))).toBe(true);
    expect(texts.some((t) => t.includes('佐藤 一郎') && t.includes('郵便番号'))).toBe(true);
    closeDb(db);
  });
});
