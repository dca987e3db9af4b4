// One benchmark case per process (so peak RSS belongs to that case alone). Prints one JSON
// line: {seconds, n, peakRssMB}. Driven by bench/run.mjs; bundled to dist/bench/cases.js.
// Cases time the product's real code paths; `*-ceiling` cases time the bare minimum the same
// work needs on this machine (see README, Performance).
import Database from 'better-sqlite3';
import PDFDocument from 'pdfkit';
import { copyFileSync, createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import {
  affectedPersons, classify, parseDate, closeDb, defaultFontPaths, demoIncident, exportContactSheet, generateLetters, importFile,
  letterSourceOf, loadIncident, openDb, requireRun,
} from '../src-main/core/index.js';
import { composeLetter, letterTexts } from '../src-main/core/letters/compose.js';
import { letterInputOf } from '../src-main/core/pipeline/letter-inputs.js';
import { generateDemoData } from '../src-main/core/demo/generate.js';
import { excelWallClock } from '../src-main/core/demo/calendar.js';
import { openSource } from '../src-main/core/import/source.js';
import ExcelJS from 'exceljs';

type CaseFn = (args: string[]) => Promise<number> | number;

const bundled = (name: string) => fileURLToPath(new URL(`../${name}.js`, import.meta.url));
const now = () => new Date('2026-01-01T00:00:00Z');
const LETTER_DATE = '2026-01-05';
/** Small enough that a whole letter's text fits one A4 page as one paragraph. */
const CEILING_FONT_PT = 6.5;

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

async function importAll(dbFile: string, dir: string, withDonors: boolean): Promise<void> {
  removeDb(dbFile);
  const db = openDb({ file: dbFile });
  const plan: Array<[string, 'payments' | 'donors' | 'confirmed']> = [['payments.csv', 'payments'], ['payments.xlsx', 'payments']];
  if (withDonors) plan.push(['donors.csv', 'donors'], ['confirmed-payment-db.csv', 'confirmed']);
  for (const [file, kind] of plan) {
    await importFile({ db, file: join(dir, file), kind, exposure: 'payment-db', now, actor: 'bench', workerScript: bundled('import/worker') });
  }
  await classify({ db, incident: withDonors ? demoIncident() : loadIncident('metaps-2022'), now, actor: 'bench', statsWorker: bundled('classify/stats-worker') });
  closeDb(db);
}

/** The one-paragraph text of every letter of the run, for the ceilings. */
function letterParagraphs(dbFile: string): string[] {
  const db = openDb({ file: dbFile });
  const run = requireRun(db);
  const source = letterSourceOf(run.incident);
  const out: string[] = [];
  for (const person of affectedPersons(db, run.runId, run.incident, { mailableOnly: true })) {
    out.push(letterTexts(composeLetter(letterInputOf(person, run.incident), source.incident, LETTER_DATE)).join(''));
  }
  closeDb(db);
  return out;
}

function bareDocument(fontBuffer: Buffer) {
  const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, info: { CreationDate: new Date(0) } });
  doc.registerFont('serif', fontBuffer);
  return doc;
}

function finish(doc: PDFKit.PDFDocument, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.pipe(out);
    doc.end();
  });
}

const cases: Record<string, CaseFn> = {
  /** Preparation (not timed by run.mjs): the synthetic sets and their databases. */
  async 'prepare'([workDir]) {
    const dir = workDir!;
    mkdirSync(dir, { recursive: true });
    const large = await generateDemoData({ outDir: join(dir, 'large'), persons: 98_000, paymentsCsvRows: 460_395, seed: 7 });
    const real = await generateDemoData({ outDir: join(dir, 'real'), seed: 20220125, persons: 12_100 });
    await importAll(join(dir, 'classify.db'), join(dir, 'large'), true);
    await importAll(join(dir, 'letters.db'), join(dir, 'real'), true);
    await importAll(join(dir, 'unmatched.db'), join(dir, 'large'), false);
    return large.expected.payments.total + real.expected.payments.total;
  },
  /**
   * Preparation (not timed): the 460k payment rows of payments.csv as one XLSX, written as Excel
   * writes it (shared strings, date cells with a date format, amounts as numbers).
   */
  async 'prepare-xlsx'([csv, xlsx]) {
    const source = await openSource({ file: csv! });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx!, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('決済明細');
    let header: string[] | null = null;
    let n = 0;
    for await (const batch of source.batches) {
      for (const row of batch.rows) {
        const cells = row.cells.map((c) => (c === '' ? null : c)) as Array<string | number | Date | null>;
        if (header === null) {
          header = cells.map(String);
          ws.addRow(cells).commit();
          continue;
        }
        cells.forEach((c, i) => {
          if (typeof c !== 'string') return;
          if (header![i] === '決済日時') {
            const parsed = parseDate(c);
            if (parsed) cells[i] = excelWallClock(parsed.instantMs);
          } else if (header![i] === '金額' && /^[￥¥]?[\d,]+$/.test(c)) cells[i] = Number(c.replace(/[^\d]/g, ''));
        });
        ws.addRow(cells).commit();
        n++;
      }
    }
    ws.getColumn(header!.indexOf('決済日時') + 1).numFmt = 'yyyy/mm/dd hh:mm:ss';
    ws.commit();
    await wb.commit();
    return n;
  },
  /** The real import path: detection, parsing, normalisation, masking, dedupe, one transaction. */
  async 'import'([csv, dbFile]) {
    removeDb(dbFile!);
    const db = openDb({ file: dbFile! });
    const report = await importFile({ db, file: csv!, kind: 'payments', now, actor: 'bench', workerScript: bundled('import/worker') });
    closeDb(db);
    return report.rowsAccepted;
  },
  /** Ceiling: decode the whole file, split on newlines and commas, one prepared INSERT per row. */
  'import-ceiling'([csv, dbFile]) {
    removeDb(dbFile!);
    const db = new Database(dbFile!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const text = new TextDecoder('shift_jis').decode(readFileSync(csv!));
    const lines = text.split('\n');
    const columns = lines[0]!.split(',').length;
    db.exec(`CREATE TABLE t (${Array.from({ length: columns }, (_, i) => `c${i} TEXT`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`);
    let n = 0;
    db.transaction(() => {
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === '') continue;
        const cells = line.split(',');
        cells.length = columns;
        insert.run(cells.map((c) => c ?? null));
        n++;
      }
    })();
    db.close();
    return n;
  },
  /** Persons and classification over an imported database; prints the in-process time too. */
  async 'classify'([source, dbFile]) {
    // Every run classifies the same state: a copy of the prepared database (runs accumulate).
    removeDb(dbFile!);
    const prepared = openDb({ file: source! });
    prepared.$client.pragma('wal_checkpoint(TRUNCATE)');
    closeDb(prepared);
    copyFileSync(source!, dbFile!);
    const db = openDb({ file: dbFile! });
    // Warm the page cache as a user's second classification would find it; timing starts after.
    db.$client.prepare('SELECT COUNT(*) FROM donor_records').get();
    const started = performance.now();
    const result = await classify({ db, incident: demoIncident(), now, actor: 'bench', statsWorker: bundled('classify/stats-worker') });
    const inner = (performance.now() - started) / 1000;
    closeDb(db);
    process.stdout.write(`${JSON.stringify({ inner })}\n`);
    return result.summary.payments.total;
  },
  async 'letters-print'([dbFile, outDir]) {
    rmSync(outDir!, { recursive: true, force: true });
    const db = openDb({ file: dbFile! });
    const result = await generateLetters({
      db, outDir: outDir!, outputs: { split: false, print: true }, letterDate: LETTER_DATE, fontPaths: defaultFontPaths(),
      workerScript: bundled('letters/worker'), now, actor: 'bench',
    });
    closeDb(db);
    return result.manifest.letters.length;
  },
  async 'letters-split'([dbFile, outDir]) {
    rmSync(outDir!, { recursive: true, force: true });
    const db = openDb({ file: dbFile! });
    const result = await generateLetters({
      db, outDir: outDir!, outputs: { split: true, print: false }, letterDate: LETTER_DATE, fontPaths: defaultFontPaths(),
      workerScript: bundled('letters/worker'), now, actor: 'bench',
    });
    closeDb(db);
    return result.manifest.letters.length;
  },
  /**
 * Ceiling: bare pdfkit, same font, each letter's whole text as one paragraph on one page (at a
 * size where it fits: nothing may be cut off, or the ceiling would do less work than a letter).
 */
  async 'letters-print-ceiling'([dbFile, outDir]) {
    const paragraphs = letterParagraphs(dbFile!);
    rmSync(outDir!, { recursive: true, force: true });
    mkdirSync(outDir!, { recursive: true });
    const started = performance.now();
    const font = readFileSync(defaultFontPaths().regular);
    const doc = bareDocument(font);
    for (const text of paragraphs) {
      doc.addPage();
      doc.font('serif').fontSize(CEILING_FONT_PT).text(text, { width: 483 });
    }
    await finish(doc, join(outDir!, 'all.pdf'));
    process.stdout.write(`${JSON.stringify({ inner: (performance.now() - started) / 1000 })}\n`);
    return paragraphs.length;
  },
  /** Ceiling: the same one-paragraph pages as one file per person, the font read once. */
  async 'letters-split-ceiling'([dbFile, outDir]) {
    const paragraphs = letterParagraphs(dbFile!);
    rmSync(outDir!, { recursive: true, force: true });
    mkdirSync(outDir!, { recursive: true });
    const started = performance.now();
    const font = readFileSync(defaultFontPaths().regular);
    let i = 0;
    for (const text of paragraphs) {
      const doc = bareDocument(font);
      doc.addPage();
      doc.font('serif').fontSize(CEILING_FONT_PT).text(text, { width: 483 });
      await finish(doc, join(outDir!, `${i++}.pdf`));
    }
    process.stdout.write(`${JSON.stringify({ inner: (performance.now() - started) / 1000 })}\n`);
    return paragraphs.length;
  },
  async 'sheet'([dbFile, file]) {
    const db = openDb({ file: dbFile! });
    const result = await exportContactSheet({ db, file: file!, now, actor: 'bench' });
    closeDb(db);
    return Object.entries(result.rows).filter(([name]) => !['概要', '未照合', '要確認'].includes(name)).reduce((s, [, n]) => s + n, 0);
  },
  /** The contact sheet of a database whose 460k payments match no donor: the streamed 未照合 sheet. */
  async 'sheet-stream'([dbFile, file]) {
    const db = openDb({ file: dbFile! });
    const result = await exportContactSheet({ db, file: file!, now, actor: 'bench' });
    closeDb(db);
    return result.rows['未照合'] ?? 0;
  },
};

const [name, ...args] = process.argv.slice(2);
const fn = name ? cases[name] : undefined;
if (!fn) {
  process.stderr.write(`unknown case ${name}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}
const started = performance.now();
const n = await fn(args);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, n, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
