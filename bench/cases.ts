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
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  affectedPersons, allCategories, classify, parseDate, closeDb, defaultFontPaths, demoIncident, exportContactSheet, generateLetters, importFile,
  checkPostalAddress, letterSourceOf, loadIncident, openDb, postalIndexFor, requireRun, reviewItems, unmatchedPayments,
} from '../src-main/core/index.js';
import { exposureSelect } from '../src-main/core/classify/run.js';
import { personOfPayment } from '../src-main/core/store/payment-links.js';
import { composeLetter, letterTexts } from '../src-main/core/letters/compose.js';
import { defaultLetterThreads } from '../src-main/core/letters/batch.js';
import { letterBarcodeOf, letterInputOf } from '../src-main/core/pipeline/letter-inputs.js';
import { generateDemoData } from '../src-main/core/demo/generate.js';
import { excelWallClock } from '../src-main/core/demo/calendar.js';
import { boundHeapGrowth } from '../src-main/core/heap-growth.js';
import { openSource } from '../src-main/core/import/source.js';
import ExcelJS from 'exceljs';

/**
 * `matches` over `count` persons (the database's mailable ones, repeated), the postal data
 * loaded before the clock starts: a process loads it once (the postal-letters case includes
 * that). CPU time, not wall time: the loop is single-threaded and CPU-bound, and on this shared
 * machine (load average ≈20 on 2 cores) the wall clock measures the other sessions.
 */
function postalLoop(
  dbFile: string,
  count: string | undefined,
  matches: (index: ReturnType<typeof postalIndexFor>, row: { code: string }, address: string) => boolean,
): number {
  const db = openDb({ file: dbFile });
  const rows = db.$client.prepare('SELECT postal_code AS code, address1, address2 FROM persons WHERE mailable = 1').all() as
    Array<{ code: string; address1: string; address2: string | null }>;
  const n = Number(count ?? 100_000);
  const index = postalIndexFor(db);
  matches(index, rows[0]!, rows[0]!.address1);
  const started = mark();
  let matched = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i % rows.length]!;
    if (matches(index, row, row.address2 ? `${row.address1} ${row.address2}` : row.address1)) matched++;
  }
  timeInner(started, null);
  closeDb(db);
  if (matched === 0) throw new Error('postal check: no address matched its code');
  return n;
}

type CaseFn = (args: string[]) => Promise<number> | number;

/** A point in time on both clocks: the wall and the CPU of every thread of the process. */
interface Mark {
  wall: number;
  cpu: NodeJS.CpuUsage;
}

function mark(): Mark {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

/**
 * A case's own work when it differs from the process's (data loading left out), in wall and in
 * CPU seconds; run.mjs reports the clock the case's definition names. Set by the case, printed
 * once at the end.
 */
let inner: { seconds: number; cpuSeconds: number } | null = null;
/** Read through a call: TypeScript would keep `inner` narrowed to null across an await. */
const innerTime = () => inner;
function timeInner<T>(started: Mark, result: T, scale = 1): T {
  const cpu = process.cpuUsage(started.cpu);
  inner = { seconds: ((performance.now() - started.wall) / 1000) * scale, cpuSeconds: ((cpu.user + cpu.system) / 1e6) * scale };
  return result;
}

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
    await importFile({ db, file: join(dir, file), kind, exposure: 'payment-db', now, actor: 'bench' });
  }
  await classify({ db, incident: withDonors ? demoIncident() : loadIncident('metaps-2022'), now, actor: 'bench' });
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

/**
 * Each stage's seconds and the most memory seen during it (RSS, V8 heap, buffers outside the
 * heap; sampled every 100 ms), so a case that grows shows where. Printed as one JSON line.
 */
function stageMeter(): { end: (stage: string) => void; print: () => void } {
  const stages: Record<string, { seconds: number; rssMB: number; heapMB: number; externalMB: number }> = {};
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  let current = { rss: 0, heap: 0, external: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    current = { rss: Math.max(current.rss, m.rss), heap: Math.max(current.heap, m.heapUsed), external: Math.max(current.external, m.external) };
  };
  const timer = setInterval(sample, 100);
  let started = performance.now();
  return {
    end(stage) {
      sample();
      stages[stage] = { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), rssMB: mb(current.rss), heapMB: mb(current.heap), externalMB: mb(current.external) };
      current = { rss: 0, heap: 0, external: 0 };
      started = performance.now();
    },
    print() {
      clearInterval(timer);
      process.stdout.write(`${JSON.stringify({ stages })}\n`);
    },
  };
}

const cases: Record<string, CaseFn> = {
  /** Preparation (not timed by run.mjs): the synthetic sets and their databases. */
  async 'prepare'([workDir]) {
    const dir = workDir!;
    mkdirSync(dir, { recursive: true });
    const large = await generateDemoData({ outDir: join(dir, 'large'), persons: 98_000, paymentsCsvRows: 460_395, seed: 7 });
    await importAll(join(dir, 'classify.db'), join(dir, 'large'), true);
    await importAll(join(dir, 'unmatched.db'), join(dir, 'large'), false);
    return large.expected.payments.total + (await cases['prepare-letters']!([dir]));
  },
  /** Preparation (not timed): the real case's scale (≈5,300 letters), alone, e.g. after the demo's addresses changed. */
  async 'prepare-letters'([workDir]) {
    const dir = workDir!;
    const real = await generateDemoData({ outDir: join(dir, 'real'), seed: 20220125, persons: 12_100 });
    await importAll(join(dir, 'letters.db'), join(dir, 'real'), true);
    return real.expected.payments.total;
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
  /** Preparation (not timed): the demo's input files for `persons` persons, for the scale case. */
  async 'prepare-scale'([dir, persons]) {
    const data = await generateDemoData({ outDir: dir!, persons: Number(persons), seed: 20220125 });
    return data.expected.payments.total;
  },
  /**
   * The demo's pipeline on prepared input files, in one process: the four imports, classify,
   * the print files (in volumes) and the contact sheet. Prints the letters made.
   */
  async 'pipeline'([dir, outDir]) {
    rmSync(outDir!, { recursive: true, force: true });
    mkdirSync(outDir!, { recursive: true });
    const dbFile = join(outDir!, 'case.db');
    const stages = stageMeter();
    await importAll(dbFile, dir!, true);
    stages.end('import+classify');
    const db = openDb({ file: dbFile });
    const result = await generateLetters({
      db, outDir: join(outDir!, 'letters'), outputs: { split: false, print: true }, letterDate: LETTER_DATE, fontPaths: defaultFontPaths(),
      workerScript: bundled('letters/worker'), now, actor: 'bench',
    });
    stages.end('letters');
    await exportContactSheet({ db, file: join(outDir!, 'contacts.xlsx'), now, actor: 'bench' });
    stages.end('sheet');
    closeDb(db);
    stages.print();
    return result.manifest.counts.letters;
  },
  /** The real import path: detection, parsing, normalisation, masking, dedupe, one transaction. */
  async 'import'([csv, dbFile]) {
    removeDb(dbFile!);
    const db = openDb({ file: dbFile! });
    const report = await importFile({ db, file: csv!, kind: 'payments', now, actor: 'bench' });
    closeDb(db);
    return report.rowsAccepted;
  },
  /**
   * Ceiling: decode the whole file, split on newlines and commas, one prepared INSERT per row,
   * a row whose first column (the transaction ID) is already stored left out: the import's result
   * holds each transaction once, so the least work for the same rows keeps that one unique index.
   */
  'import-ceiling'([csv, dbFile, encoding = 'shift_jis']) {
    removeDb(dbFile!);
    const db = new Database(dbFile!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const text = new TextDecoder(encoding).decode(readFileSync(csv!));
    const lines = text.split('\n');
    const columns = lines[0]!.split(',').length;
    db.exec(`CREATE TABLE t (${Array.from({ length: columns }, (_, i) => `c${i} TEXT`).join(', ')}); CREATE UNIQUE INDEX t_c0 ON t (c0)`);
    const insert = db.prepare(`INSERT OR IGNORE INTO t VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`);
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
  /** Ceiling for an XLSX file: exceljs's streaming reader, each row's cell values into one prepared INSERT. */
  async 'import-xlsx-ceiling'([xlsx, dbFile]) {
    removeDb(dbFile!);
    const db = new Database(dbFile!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const COLUMNS = 32;
    db.exec(`CREATE TABLE t (${Array.from({ length: COLUMNS }, (_, i) => `c${i}`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: COLUMNS }, () => '?').join(', ')})`);
    let n = 0;
    db.exec('BEGIN');
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(xlsx!, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' })) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1, COLUMNS + 1).map((v) => (v instanceof Date ? v.toISOString() : v === undefined || typeof v === 'object' ? null : v));
        values.length = COLUMNS;
        insert.run(Array.from(values, (v) => v ?? null));
        n++;
      }
    }
    db.exec('COMMIT');
    db.close();
    return n;
  },
  /**
   * The demo's ceiling: the sum of its stages' ceilings on the demo's own files and database
   * (`inw demo` ran into demoDir just before): each input file's import ceiling, classify's,
   * the print file's and the per-person files', the contact sheet's.
   */
  async 'demo-ceiling'([demoDir, workDir]) {
    mkdirSync(workDir!, { recursive: true });
    const input = (name: string) => join(demoDir!, 'input', name);
    const dbFile = join(demoDir!, 'demo.db');
    const stages: Array<[string, string[]]> = [
      ['import-ceiling', [input('payments.csv'), join(workDir!, 'i1.db')]],
      ['import-xlsx-ceiling', [input('payments.xlsx'), join(workDir!, 'i2.db')]],
      ['import-ceiling', [input('donors.csv'), join(workDir!, 'i3.db'), 'utf-8']],
      ['import-ceiling', [input('confirmed-payment-db.csv'), join(workDir!, 'i4.db'), 'utf-8']],
      ['classify-ceiling', [dbFile]],
      ['letters-print-ceiling', [dbFile, join(workDir!, 'print')]],
      ['letters-split-ceiling', [dbFile, join(workDir!, 'split'), '8']],
      ['sheet-ceiling', [dbFile, join(workDir!, 'contacts.xlsx')]],
    ];
    const total = { seconds: 0, cpuSeconds: 0 };
    for (const [name, args] of stages) {
      inner = null;
      const started = mark();
      await cases[name]!(args);
      // A stage that times no part of itself counts whole.
      if (innerTime() === null) timeInner(started, null);
      const stage = innerTime()!;
      total.seconds += stage.seconds;
      total.cpuSeconds += stage.cpuSeconds;
    }
    inner = total;
    return stages.length;
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
    const started = mark();
    const result = await classify({ db, incident: demoIncident(), now, actor: 'bench' });
    timeInner(started, null);
    closeDb(db);
    return result.summary.payments.total;
  },
  /**
   * Ceiling: the same categories from one read-only query over the covering indexes — the
   * incident's exposure rules, each payment's person by order or member ID, one mask per
   * person, counted per category — with no run tables, summary, statistics or audit. Checked
   * against the classification stored in the database, so it cannot do less than the real work.
   */
  'classify-ceiling'([source]) {
    const db = openDb({ file: source! });
    const run = requireRun(db);
    const stored = new Map(
      (db.$client.prepare('SELECT category_mask AS mask, COUNT(*) AS n FROM run_persons WHERE run_id = ? GROUP BY category_mask').all(run.runId) as Array<{ mask: number; n: number }>).map((r) => [r.mask, r.n]),
    );
    const payments = (db.$client.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n;
    db.$client.prepare('SELECT COUNT(*) FROM donor_records').get();
    const exposed = exposureSelect(run.incident);
    const orMask = run.incident.exposures.map((_, i) => `MAX(mask & ${1 << i})`).join(' | ');
    const started = mark();
    const counted = db.$client
      .prepare(
        `SELECT mask, COUNT(*) AS n FROM (
           SELECT ${orMask} AS mask FROM (
             SELECT e.mask, ${personOfPayment('p')} AS person
             FROM (SELECT id, SUM(bit) AS mask FROM (${exposed.sql}) GROUP BY id) AS e JOIN payments p ON p.id = e.id)
           WHERE person IS NOT NULL GROUP BY person)
         GROUP BY mask`,
      )
      .all(...exposed.params) as Array<{ mask: number; n: number }>;
    timeInner(started, null);
    closeDb(db);
    if (counted.length !== stored.size || counted.some((r) => stored.get(r.mask) !== r.n)) {
      throw new Error(`classify-ceiling: categories differ from the stored run: ${JSON.stringify(counted)} vs ${JSON.stringify([...stored])}`);
    }
    return payments;
  },
  async 'letters-print'([dbFile, outDir]) {
    rmSync(outDir!, { recursive: true, force: true });
    const db = openDb({ file: dbFile! });
    const started = mark();
    const result = await generateLetters({
      db, outDir: outDir!, outputs: { split: false, print: true }, letterDate: LETTER_DATE, fontPaths: defaultFontPaths(),
      workerScript: bundled('letters/worker'), now, actor: 'bench',
    });
    timeInner(started, null);
    closeDb(db);
    return result.manifest.counts.letters;
  },
  async 'letters-split'([dbFile, outDir]) {
    rmSync(outDir!, { recursive: true, force: true });
    const db = openDb({ file: dbFile! });
    const started = mark();
    const result = await generateLetters({
      db, outDir: outDir!, outputs: { split: true, print: false }, letterDate: LETTER_DATE, fontPaths: defaultFontPaths(),
      workerScript: bundled('letters/worker'), now, actor: 'bench',
    });
    timeInner(started, null);
    closeDb(db);
    return result.manifest.counts.letters;
  },
  /**
 * Ceiling: bare pdfkit, same font, each letter's whole text as one paragraph on one page (at a
 * size where it fits: nothing may be cut off, or the ceiling would do less work than a letter).
 */
  async 'letters-print-ceiling'([dbFile, outDir]) {
    const paragraphs = letterParagraphs(dbFile!);
    rmSync(outDir!, { recursive: true, force: true });
    mkdirSync(outDir!, { recursive: true });
    const started = mark();
    const font = readFileSync(defaultFontPaths().regular);
    const doc = bareDocument(font);
    for (const text of paragraphs) {
      doc.addPage();
      doc.font('serif').fontSize(CEILING_FONT_PT).text(text, { width: 483 });
    }
    await finish(doc, join(outDir!, 'all.pdf'));
    return timeInner(started, paragraphs.length);
  },
  /**
   * Ceiling: the same one-paragraph pages as one file per person, the font read once per thread. With
   * `every` = k only every k-th letter is made and the time multiplied by k: files are
   * independent, so the rate holds, and the demo's ceiling does not take minutes.
   */
  async 'letters-split-ceiling'([dbFile, outDir, every = '1']) {
    const step = Number(every);
    const paragraphs = letterParagraphs(dbFile!).filter((_, i) => i % step === 0);
    rmSync(outDir!, { recursive: true, force: true });
    mkdirSync(outDir!, { recursive: true });
    // On as many threads as the batch paints on, each every n-th file: the bench compares CPU
    // seconds (run.mjs), and the demo's ceiling, in wall seconds, stands beside a batch on as many.
    // The clock starts when every thread has loaded its modules and the font: that start-up is
    // paid once, not once per file, so it must not be multiplied by `every`.
    const threads = defaultLetterThreads();
    const workers = Array.from({ length: threads }, (_, first) =>
      new Worker(fileURLToPath(import.meta.url), { workerData: { paragraphs, outDir: outDir!, first, stride: threads } satisfies BareFilesPart }));
    const done = workers.map((worker) => new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ceiling thread exited with ${code}`))));
    }));
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    const started = mark();
    for (const worker of workers) worker.postMessage('go');
    await Promise.all(done);
    timeInner(started, null, step);
    return paragraphs.length * step;
  },
  async 'sheet'([dbFile, file]) {
    // A new export each run: a sheet left by a database prepared earlier is not this one's to replace.
    rmSync(file!, { force: true });
    const db = openDb({ file: dbFile! });
    const result = await exportContactSheet({ db, file: file!, now, actor: 'bench' });
    closeDb(db);
    return Object.entries(result.rows).filter(([name]) => !['概要', '未照合', '要確認'].includes(name)).reduce((s, [, n]) => s + n, 0);
  },
  /**
   * Ceiling: a bare exceljs streaming writer (no styles, formats, validations or summary
   * sheet) fed the same rows from the same read models: each category's persons, the
   * unmatched payments and the review queue. Prints the persons written, like `sheet`.
   */
  async 'sheet-ceiling'([dbFile, file]) {
    const db = openDb({ file: dbFile! });
    const run = requireRun(db);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file!, useStyles: false, useSharedStrings: false });
    let persons = 0;
    const codes = allCategories(run.incident).filter((c) => c.mask !== 0).map((c) => c.code);
    for (const code of codes) {
      const ws = wb.addWorksheet(code.slice(0, 31));
      for (const p of affectedPersons(db, run.runId, run.incident, { categories: [code] })) {
        const dates = p.payments.map((x) => x.jstDate).sort();
        ws.addRow([
          p.personId, p.category, p.name, p.kana, p.postalCode, [p.address1, p.address2].filter(Boolean).join(' '), p.phone, p.email,
          p.payments.length, dates[0] ?? null, dates.at(-1) ?? null, [...new Set(p.payments.map((x) => x.cardLast4))].join(' '),
        ]).commit();
        persons++;
      }
      ws.commit();
    }
    const unmatched = wb.addWorksheet('未照合');
    let rows = 0;
    for (const u of unmatchedPayments(db, run.runId, run.incident)) {
      unmatched.addRow(Object.values(u)).commit();
      // Without back-pressure exceljs queues a long sheet in memory; a turn of the event loop now and then lets zlib drain it.
      if (++rows % 5000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    unmatched.commit();
    const review = wb.addWorksheet('要確認');
    for (const item of reviewItems(db, run.runId, { includeDecided: true })) review.addRow(Object.values(item).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v))).commit();
    review.commit();
    await wb.commit();
    closeDb(db);
    return codes.length > 0 && persons > 0 ? persons : rows;
  },
  /**
   * What the postal-code check and the customer barcode cost letters-print-5300: for every letter
   * of that run, the check of its postal code against its address and its barcode, as
   * generateLetters does them (letterBarcodeOf), the postal data's load included; the persons are
   * read before the clock starts (letters-print reads them anyway).
   */
  'postal-letters'([dbFile]) {
    const db = openDb({ file: dbFile! });
    const run = requireRun(db);
    const persons = [...affectedPersons(db, run.runId, run.incident, { mailableOnly: true })];
    const started = mark();
    const index = postalIndexFor(db);
    let barcoded = 0;
    for (const person of persons) if ('symbols' in letterBarcodeOf(index, person)) barcoded++;
    timeInner(started, null);
    closeDb(db);
    if (barcoded === 0) throw new Error('postal-letters: no letter got a barcode');
    return persons.length;
  },
  /**
   * The postal-code ↔ address check over 100,000 persons (the database's persons with a code and
   * an address, taken again from the start when there are fewer). The rows are read and the
   * postal data loaded before the clock starts: a process loads the data once (the postal-letters
   * case includes that load; `inner` here is the checks' CPU time, `seconds` the whole process).
   */
  'postal-check'([dbFile, count]) {
    return postalLoop(dbFile!, count, (index, row, address) => checkPostalAddress(index, row.code, address).status === 'match');
  },
  /**
   * Ceiling of postal-check: the same rows and loaded index, each code's areas looked up and the
   * address compared as it is with each area's prefecture + municipality + town (no parsing, no
   * variant spellings, no 丁目 or 番地 handling), in CPU time like the check.
   */
  'postal-check-ceiling'([dbFile, count]) {
    return postalLoop(dbFile!, count, (index, row, address) => index.areasOf(row.code).some((a) => address.startsWith(`${a.pref}${a.city}${a.town}`)));
  },
  /** The contact sheet of a database whose 460k payments match no donor: the streamed 未照合 sheet. */
  async 'sheet-stream'([dbFile, file]) {
    rmSync(file!, { force: true });
    const db = openDb({ file: dbFile! });
    const result = await exportContactSheet({ db, file: file!, now, actor: 'bench' });
    closeDb(db);
    return result.rows['未照合'] ?? 0;
  },
};

/** One thread's share of the split ceiling's files: every `stride`-th letter from `first`. */
interface BareFilesPart {
  paragraphs: string[];
  outDir: string;
  first: number;
  stride: number;
}

/** Bare pdfkit, each letter its own file with its own font subset, the font read once per thread. */
async function writeBareFiles({ paragraphs, outDir, first, stride }: BareFilesPart): Promise<void> {
  const font = readFileSync(defaultFontPaths().regular);
  bareDocument(font).font('serif');
  await new Promise((go) => {
    parentPort!.once('message', go);
    parentPort!.postMessage('ready');
  });
  for (let i = first; i < paragraphs.length; i += stride) {
    const doc = bareDocument(font);
    doc.addPage();
    doc.font('serif').fontSize(CEILING_FONT_PT).text(paragraphs[i]!, { width: 483 });
    await finish(doc, join(outDir, `${i}.pdf`));
  }
}

// Measured as the CLI and the app's job worker run the core.
boundHeapGrowth();
if (!isMainThread) {
  await writeBareFiles(workerData as BareFilesPart);
  process.exit(0);
}
const [name, ...args] = process.argv.slice(2);
const fn = name ? cases[name] : undefined;
if (!fn) {
  process.stderr.write(`unknown case ${name}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}
const started = performance.now();
const n = await fn(args);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage();
const measured = innerTime();
process.stdout.write(
  `${JSON.stringify({
    seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, n, peakRssMB: process.resourceUsage().maxRSS / 1024,
    ...(measured === null ? {} : { inner: measured.seconds, innerCpu: measured.cpuSeconds }),
  })}\n`,
);
