// `inw scan` (issue 12): nothing the demo pipeline writes holds a full card number or a
// security-code column, while the demo's own input files (which do) are reported, masked; a
// number left on a free page or in the -wal, in a sheet cell, a CSV or a PDF is found. Every
// file the outputs register records is among what the test scans, and the app's scan (through
// the register) covers the same files.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { scanCase, scanPaths } from '../../../src-main/core/index.js';
import { closeDb, inw, now, openDb, smallDemo, tempDir, writeCsv } from '../../helpers/fixtures.js';

const VISA = '4111111111111111';
const DISCOVER = '6011111111111117';
const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

describe('inw scan over what the demo pipeline produces', () => {
  it('finds nothing in the database, letters, print files, sheet, manifest, export and backup; finds the inputs\' numbers', { timeout: 600_000 }, async () => {
    const { out, db } = await smallDemo('inw-scan-demo-', 5);
    const extra = tempDir('inw-scan-extra-');
    const reader = new Database(db, { readonly: true });
    const person = reader.prepare('SELECT person_id AS id FROM letters ORDER BY id LIMIT 1').get() as { id: number };
    reader.close();
    for (const args of [
      ['export', 'persons', '--out', join(extra, 'persons.csv')],
      ['backup', '--out', join(extra, 'backup.db')],
      ['letters', '--out', join(extra, 'letters2')],
      ['letters', '--draft', '--out', join(extra, 'drafts')],
      ['preview', '--person', String(person.id), '--out', join(extra, 'preview.pdf')],
      ['sheet', '--out', join(extra, 'contacts2.xlsx')],
    ]) {
      const r = await inw([...args, '--db', db]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const outputs = [db, join(out, 'letters'), join(out, 'print'), join(out, 'contacts.xlsx'), join(out, 'manifest.json'), extra];
    // Everything the pipeline wrote, as its outputs register knows it, is among what is scanned.
    const registered = new Database(db, { readonly: true });
    const written = registered.prepare('SELECT path FROM outputs').pluck().all() as string[];
    registered.close();
    expect(written.length).toBeGreaterThan(40);
    for (const file of written) expect(outputs.some((o) => file === o || file.startsWith(`${o}${sep}`)), `${file} is scanned`).toBe(true);
    const clean = await inw(['scan', ...outputs]);
    expect(clean.stdout).toContain('見つかりませんでした');
    expect(clean.status, clean.stdout).toBe(0);
    const report = await scanPaths(outputs);
    expect(report.scanned.pdfs).toBeGreaterThan(10);
    expect(report.scanned.databases).toBe(2);
    expect(report.scanned.sheets).toBe(2);
    // The app's check (報告・保全) finds its own way to the same files through the register.
    const reopened = openDb({ file: db, mode: 'read' });
    const progress: Array<[number, number]> = [];
    const app = await scanCase(reopened, { onProgress: (done, total) => progress.push([done, total]) });
    // The screen's bar: counted up front, never going back, ending at every file.
    expect(progress[0]).toEqual([0, app.files.length]);
    expect(progress.at(-1)).toEqual([app.files.length, app.files.length]);
    expect(progress.every(([done, total], i) => total === app.files.length && (i === 0 || done >= progress[i - 1]![0]))).toBe(true);
    const stop = new AbortController();
    const cancelled = scanCase(reopened, { signal: stop.signal, onProgress: (done) => { if (done === 3) stop.abort(); } });
    await expect(cancelled).rejects.toThrow();
    closeDb(reopened);
    expect(app.findings).toEqual([]);
    expect(app.targets).toEqual(expect.arrayContaining([
      db, join(out, 'letters'), join(out, 'print'), join(out, 'manifest.json'), join(out, 'contacts.xlsx'), join(extra, 'letters2', 'letters'),
      join(extra, 'drafts', 'print'), join(extra, 'preview.pdf'), join(extra, 'persons.csv'), join(extra, 'backup.db'), join(extra, 'contacts2.xlsx'),
    ]));
    expect(app.scanned).toEqual(report.scanned);

    // The generated inputs hold full numbers and a security-code column: reported, masked.
    const input = await inw(['scan', join(out, 'input')]);
    expect(input.status).toBe(3);
    expect(input.stdout).toContain('セキュリティコードの列');
    expect(input.stdout).toMatch(/payments\.csv\s+\d+行目 「カード番号」列: \*\*\*\*\d{4}/);
    expect(digitsOf(input.stdout)).not.toMatch(/4111111111111111|5555555555554444/);
  });
});

describe('inw scan finds', () => {
  it('a number on a free page of the database and in the -wal, which SQL no longer shows', async () => {
    const dir = tempDir('inw-scan-db-');
    const file = join(dir, 'case.db');
    const db = openDb({ file, now });
    const client = db.$client;
    client.pragma('secure_delete = OFF');
    client.prepare("INSERT INTO inquiries (received_at, received_date, channel, topic, body, created_at, actor) VALUES ('2022-03-01T00:00:00Z', '2022-03-01', 'phone', 'other', ?, 'x', 't')")
      .run(`カード ${VISA.match(/.{4}/g)!.join('ー')} の件`);
    const live = await scanPaths([file]);
    expect(live.findings.map((f) => f.where)).toEqual([expect.stringMatching(/^テーブル inquiries 列 body/)]);
    // Deleted: SQL no longer shows it, the -wal frames still hold it.
    client.prepare('DELETE FROM inquiries').run();
    const inWal = await scanPaths([file]);
    expect(inWal.findings.length).toBeGreaterThan(0);
    for (const f of inWal.findings) expect([f.file, f.excerpt, f.where]).toEqual([`${file}-wal`, '****1111', expect.stringMatching(/WAL フレーム/)]);
    // Checkpointed into the file: the freed cell is still in a page of the database.
    client.pragma('wal_checkpoint(TRUNCATE)');
    const freed = await scanPaths([file]);
    expect(freed.findings.length).toBeGreaterThan(0);
    for (const f of freed.findings) expect([f.file, f.excerpt]).toEqual([file, '****1111']);
    closeDb(db);
    const r = await inw(['scan', '--db', file]);
    expect(r.status).toBe(3);
    expect(r.stdout).not.toContain(VISA);
  });

  it('a number in a sheet cell, a CSV column, a PDF page, and security-code headers', async () => {
    const dir = tempDir('inw-scan-files-');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('一覧');
    ws.addRow(['氏名', '会員番号', 'CVV2']);
    ws.addRow(['山田', DISCOVER.match(/.{4}/g)!.join('\u2212'), '123']);
    await wb.xlsx.writeFile(join(dir, 'sheet.xlsx'));
    writeCsv(join(dir, 'export.csv'), [['氏名', '備考'], ['山田', `再決済 ${VISA.match(/.{4}/g)!.join('.')}`]], { encoding: 'cp932' });
    const pdf = new PDFDocument({ compress: true });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => pdf.on('end', resolve));
    pdf.text('page one');
    pdf.addPage().text(`card ${VISA.match(/.{4}/g)!.join(' / ')}`);
    pdf.end();
    await done;
    writeFileSync(join(dir, 'letter.pdf'), Buffer.concat(chunks));
    copyFileSync(join(dir, 'letter.pdf'), join(dir, 'letter-copy.bin'));
    const report = await scanPaths([dir]);
    const where = report.findings.map((f) => `${f.kind} ${f.file.slice(dir.length + 1)} ${f.where} ${f.excerpt}`);
    expect(where).toContain('card-number sheet.xlsx シート「一覧」 B2 ****1117');
    expect(where).toContain('security-code sheet.xlsx シート「一覧」 C1 CVV2');
    expect(where).toContain('card-number export.csv 2行目 「備考」列 再決済 ****1111');
    expect(where).toContain('card-number letter.pdf 2ページ card ****1111');
    expect(where).toContain('card-number letter-copy.bin 2ページ card ****1111');
    expect(report.findings.every((f) => !digitsOf(f.excerpt).includes(VISA) && !digitsOf(f.excerpt).includes(DISCOVER))).toBe(true);
  });

  it('reads a database another connection has open in WAL mode without changing its files', async () => {
    const dir = tempDir('inw-scan-copy-');
    const file = join(dir, 'x.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('memo ${VISA}');`);
    const before = [readFileSync(file), readFileSync(`${file}-wal`)];
    const report = await scanPaths([file]);
    expect(report.findings.some((f) => f.where.startsWith('テーブル notes 列 body'))).toBe(true);
    expect(readFileSync(file).equals(before[0]!)).toBe(true);
    expect(readFileSync(`${file}-wal`).equals(before[1]!)).toBe(true);
    raw.close();
  });
});
