// Faults and clumsy use, through `node bin/inw.js` as a user runs it (issue 13): a read-only
// database file or folder (as a non-root user: root ignores file modes), a second process
// holding a write transaction, kill -9 during import, letters and backup, a full disk (a
// file-size limit on the child) during letters and backup, output paths that point at the
// database or an input, a closed stdout, --help everywhere. No scenario may end in a stack
// trace, a hang, a database changed by a failed command, or outputs that disagree with their
// manifest.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, loadIncident } from '../../src-main/core/index.js';
import { linksToDonor } from '../../src-main/core/store/payment-links.js';
import type { LetterManifest } from '../../src-main/core/letters/batch.js';
import { INW, PAYMENT_HEADER, ROOT, closeDb, ensureBuilt, now, one, openDb, readLetterManifest, runImport, tempDir, writeCsv, type CliResult } from '../helpers/fixtures.js';

const root = tempDir('inw-faults-');
const isRoot = process.getuid?.() === 0;
/** Root without these ignores file modes; dropping them (not switching to another user) keeps the
 *  checkout readable wherever it is, even in a private 0700 folder. */
const FILE_MODE_OVERRIDES = '-dac_override,-dac_read_search';
const PERSONS = 160;

interface RunOptions {
  /** Run so that file modes bind, as they do for a staff account. */
  unprivileged?: boolean;
  /** File-size limit for the child, in bytes (a full disk without root). */
  fileSizeLimit?: number;
  stdin?: 'ignore';
}

function command(args: string[], options: RunOptions): [string, string[]] {
  let argv = [process.execPath, INW, ...args];
  if (options.fileSizeLimit !== undefined) argv = ['sh', '-c', 'ulimit -f "$0" && exec "$@"', String(Math.ceil(options.fileSizeLimit / 512)), ...argv];
  if (options.unprivileged && isRoot) argv = ['setpriv', `--inh-caps=${FILE_MODE_OVERRIDES}`, `--bounding-set=${FILE_MODE_OVERRIDES}`, ...argv];
  return [argv[0]!, argv.slice(1)];
}

function start(args: string[], options: RunOptions = {}): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  ensureBuilt();
  const [file, argv] = command(args, options);
  const child = spawn(file, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

const run = (args: string[], options: RunOptions = {}) => start(args, options).done;

/** A failure a user can act on: exit 1, a short message, never a stack trace. */
function expectCleanFailure(result: CliResult, text: string | RegExp): void {
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toMatch(typeof text === 'string' ? new RegExp(text) : text);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:|SqliteError/);
  expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts that must move together, and the payments whose stored donor link disagrees with the rule (always none). */
interface Integrity { ok: string; audit: number; payments: number; linked: number; staleLinks: number; letters: number }

function integrity(file: string): Integrity {
  const db = openDb({ file, mode: 'read' });
  const count = (sql: string) => (one(db, sql) as { n: number }).n;
  try {
    return {
      ok: String(db.$client.pragma('integrity_check', { simple: true })),
      audit: count('SELECT COUNT(*) AS n FROM audit_log'),
      payments: count('SELECT COUNT(*) AS n FROM payments'),
      linked: count('SELECT COUNT(*) AS n FROM payments WHERE donor_linked = 1'),
      staleLinks: count(`SELECT COUNT(*) AS n FROM payments p WHERE p.donor_linked <> ${linksToDonor('p')}`),
      letters: count('SELECT COUNT(*) AS n FROM letters'),
    };
  } finally {
    closeDb(db);
  }
}

/** A folder of letters agrees with its manifest: every listed file has its hash, every PDF is listed. */
function expectConsistent(outDir: string): LetterManifest {
  const manifest = readLetterManifest(outDir);
  const listed = [...manifest.letters.map((e) => e.file), ...manifest.print.map((p) => p.file)].filter((f): f is string => f !== null);
  for (const e of manifest.letters) if (e.file) expect(sha256(join(outDir, e.file)), e.file).toBe(e.sha256);
  for (const p of manifest.print) expect(sha256(join(outDir, p.file)), p.file).toBe(p.sha256);
  const pdfs = ['letters', 'print'].flatMap((sub) => (existsSync(join(outDir, sub)) ? readdirSync(join(outDir, sub)).filter((f) => f.endsWith('.pdf')).map((f) => `${sub}/${f}`) : []));
  expect(pdfs.sort()).toEqual([...new Set(listed)].sort());
  expect(manifest.counts.letters).toBe(manifest.letters.length);
  return manifest;
}

let caseDb: string;

/** A classified case with PERSONS mailable persons to notify. */
async function makeCase(file: string): Promise<void> {
  const payments: string[][] = [PAYMENT_HEADER];
  const donors: string[][] = [['注文番号', '会員番号', '氏名', '郵便番号', '住所']];
  for (let i = 1; i <= PERSONS; i++) {
    payments.push([`T${i}`, `D-${i}`, `M-${i}`, `2021/11/${String(1 + (i % 28)).padStart(2, '0')} 10:00`, 'クレジットカード', `************${String(1000 + i).slice(-4)}`, '1000', '売上確定']);
    donors.push([`D-${i}`, `M-${i}`, `山田 太郎${i}`, `100-${String(i).padStart(4, '0')}`, `東京都千代田区千代田${i}-1`]);
  }
  const db = openDb({ file, now });
  await runImport(db, { file: writeCsv(join(root, `${file.length}-payments.csv`), payments), kind: 'payments' });
  await runImport(db, { file: writeCsv(join(root, `${file.length}-donors.csv`), donors), kind: 'donors' });
  await classify({ db, incident: loadIncident('metaps-2022'), now, actor: 'test' });
  closeDb(db);
}

beforeAll(async () => {
  ensureBuilt();
  caseDb = join(root, 'case.db');
  await makeCase(caseDb);
}, 120_000);

describe('a read-only database', () => {
  function copyCase(name: string): { dir: string; db: string } {
    const dir = join(root, name);
    mkdirSync(dir);
    const db = join(dir, 'case.db');
    writeFileSync(db, readFileSync(caseDb));
    return { dir, db };
  }

  it('read-only file: reading works and leaves no -wal/-shm; a change is refused in one line; the file is unchanged', async () => {
    const { dir, db } = copyCase('ro-file');
    chmodSync(db, 0o444);
    const before = sha256(db);
    const summary = await run(['summary', '--db', db], { unprivileged: true });
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('通知対象');
    const again = await run(['audit', 'list', '--db', db], { unprivileged: true });
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['case.db']);
    expectCleanFailure(await run(['classify', '--db', db], { unprivileged: true }), `${db} は読み取り専用`);
    expectCleanFailure(await run(['status', 'P000001', '電話済', '--db', db], { unprivileged: true }), '読み取り専用');
    // A backup of a read-only database still works; it just cannot be recorded in it.
    const backup = await run(['backup', '--out', join(dir, 'copy.db'), '--db', db], { unprivileged: true });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('監査ログに記録していません');
    expect(integrity(join(dir, 'copy.db')).ok).toBe('ok');
    expect(sha256(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['case.db', 'copy.db']);
  }, 120_000);

  it('read-only folder: reading works, a change names the folder, nothing is written', async () => {
    const { dir, db } = copyCase('ro-folder');
    chmodSync(dir, 0o555);
    const before = sha256(db);
    try {
      const summary = await run(['summary', '--db', db], { unprivileged: true });
      expect(summary.status, summary.stderr).toBe(0);
      expectCleanFailure(await run(['classify', '--db', db], { unprivileged: true }), `フォルダ ${dir} に書き込めません`);
      expect(readdirSync(dir)).toEqual(['case.db']);
      expect(sha256(db)).toBe(before);
    } finally {
      chmodSync(dir, 0o755);
    }
  }, 120_000);

  it('a mistyped --db is refused by read commands and creates nothing', async () => {
    const typo = join(root, 'typo', 'dir', 'x.db');
    expectCleanFailure(await run(['summary', '--db', typo]), 'がありません');
    expectCleanFailure(await run(['audit', 'list', '--db', typo]), 'がありません');
    expect(existsSync(join(root, 'typo'))).toBe(false);
  }, 60_000);
});

describe('a second process holding a write transaction', () => {
  /** Another program with BEGIN IMMEDIATE open on `file` until it is told to stop or `ms` pass. */
  async function holdWriteLock(file: string, ms: number): Promise<{ release: () => Promise<void> }> {
    const sqlite = createRequire(join(ROOT, 'package.json')).resolve('better-sqlite3');
    const script = `const D = require(${JSON.stringify(sqlite)}); const db = new D(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n'); const end = () => { db.exec('ROLLBACK'); db.close(); process.exit(0); };
      setTimeout(end, ${ms}); process.stdin.on('data', end);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const exited = new Promise<void>((resolve) => holder.on('exit', () => resolve()));
    return { release: async () => { holder.stdin.write('x'); await exited; } };
  }

  it('a write command waits with one line, then stops with a clear error after --wait; reading goes on; nothing changes', async () => {
    const before = integrity(caseDb);
    const lock = await holdWriteLock(caseDb, 60_000);
    try {
      const started = Date.now();
      const result = await run(['status', 'P000001', '電話済', '--wait', '1', '--db', caseDb]);
      expect(Date.now() - started).toBeLessThan(30_000);
      expectCleanFailure(result, '別のプログラム');
      expect(result.stderr).toContain('待っています');
      const summary = await run(['summary', '--db', caseDb]);
      expect(summary.status, summary.stderr).toBe(0);
    } finally {
      await lock.release();
    }
    expect(integrity(caseDb)).toEqual(before);
  }, 120_000);

  it('a write command that gets the database within --wait goes ahead', async () => {
    const lock = await holdWriteLock(caseDb, 60_000);
    const { child, done } = start(['inquiry', 'add', '--at', '2022-03-01 10:00', '--channel', '電話', '--topic', 'other', '--body', '名乗らず', '--wait', '60', '--db', caseDb]);
    // The other program finishes once this command has said it is waiting.
    await new Promise<void>((resolve) => child.stderr!.on('data', (d: string) => d.includes('待っています') && resolve()));
    await lock.release();
    const result = await done;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('問い合わせ');
  }, 120_000);
});

/**
 * Runs `inw <args>` (an import) and kills it with SIGKILL after 0.3, 1.2 and 2.5 s: each time the
 * database passes integrity_check, every stored donor link agrees with the rule, and the database
 * is as before — unless the kill landed after the commit, when it holds the whole file
 * (`expectWhole`). When every kill was in time, a last run to the end must hold it too.
 */
async function killAtSeveralPoints(args: string[], db: string, expectWhole: (after: Integrity, before: Integrity) => void): Promise<void> {
  const before = integrity(db);
  for (const delay of [300, 1200, 2500]) {
    const { child, done } = start(args);
    await sleep(delay);
    child.kill('SIGKILL');
    const result = await done;
    const after = integrity(db);
    expect(after.ok).toBe('ok');
    expect(after.staleLinks).toBe(0);
    // An import records itself in the audit log in its own transaction: no new entry, nothing stored.
    if (result.signal === 'SIGKILL' && after.audit === before.audit) {
      expect(after).toEqual(before);
      continue;
    }
    if (result.signal !== 'SIGKILL') expect(result.status, result.stderr).toBe(0);
    expectWhole(after, before);
    return;
  }
  const finished = await run(args);
  expect(finished.status, finished.stderr).toBe(0);
  const after = integrity(db);
  expect(after.staleLinks).toBe(0);
  expectWhole(after, before);
}

describe('kill -9', () => {
  it('during import, at several points: the database passes integrity_check and is as before or has the whole file', async () => {
    const db = join(root, 'kill-import.db');
    writeFileSync(db, readFileSync(caseDb));
    const rows = [PAYMENT_HEADER];
    // Every other payment has a donor's member ID: the import stores those linked as it inserts them.
    for (let i = 0; i < 40_000; i++) rows.push([`K${i}`, `KO${i}`, i % 2 === 0 ? `M-${1 + (i % PERSONS)}` : `KM${i}`, '2021/11/02 10:00', 'クレジットカード', '', '1000', '売上確定']);
    const csv = writeCsv(join(root, 'kill-import.csv'), rows);
    await killAtSeveralPoints(['import', 'payments', csv, '--db', db], db, (after, before) => {
      expect(after.payments).toBe(before.payments + 40_000);
      expect(after.linked).toBe(before.linked + 20_000);
      expect(after.audit).toBe(before.audit + 1);
    });
  }, 240_000);

  it('during a donors import that links the payments already there: every stored link still agrees with the rule', async () => {
    const db = join(root, 'kill-donors.db');
    writeFileSync(db, readFileSync(caseDb));
    const payments = [PAYMENT_HEADER];
    const donors = [['注文番号', '会員番号', '氏名', '郵便番号', '住所']];
    for (let i = 0; i < 20_000; i++) {
      payments.push([`L${i}`, `LO${i}`, `LM${i}`, '2021/11/03 10:00', 'クレジットカード', '', '1000', '売上確定']);
      donors.push([`LD${i}`, `LM${i}`, `佐藤 花子${i}`, '100-0001', `東京都千代田区千代田${i}`]);
    }
    expect((await run(['import', 'payments', writeCsv(join(root, 'kill-donors-payments.csv'), payments), '--db', db])).status).toBe(0);
    const csv = writeCsv(join(root, 'kill-donors.csv'), donors);
    expect(integrity(db).staleLinks).toBe(0);
    await killAtSeveralPoints(['import', 'donors', csv, '--db', db], db, (after, before) => {
      expect(after.linked).toBe(before.linked + 20_000);
      expect(after.audit).toBe(before.audit + 1);
    });
  }, 240_000);

  it('during letters: the manifest lists exactly the files on disk, and the re-run keeps them and completes', async () => {
    const db = join(root, 'kill-letters.db');
    writeFileSync(db, readFileSync(caseDb));
    const out = join(root, 'kill-letters');
    const { child, done } = start(['letters', '--draft', '--out', out, '--date', '2022-03-01', '--db', db]);
    const deadline = Date.now() + 120_000;
    let listed = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished && Date.now() < deadline) {
      try {
        const m = readLetterManifest(out);
        listed = m.letters.length;
      } catch {
        // not written yet
      }
      // Killed at the first checkpoint: on an idle machine the 160 letters take about half a
      // second, less than the second between checkpoints, so waiting for a later one found the
      // batch already finished.
      if (listed >= 1) break;
      await sleep(20);
    }
    expect(finished, 'letters finished before they could be killed').toBe(false);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const killed = expectConsistent(out);
    expect(killed.complete).toBe(false);
    expect(integrity(db).letters).toBe(0);

    const resumed = await run(['letters', '--draft', '--out', out, '--date', '2022-03-01', '--db', db]);
    expect(resumed.status, resumed.stderr).toBe(0);
    const skipped = Number(/変更なしで省略 (\d+)/.exec(resumed.stdout)?.[1]);
    expect(skipped).toBeGreaterThanOrEqual(killed.letters.filter((e) => e.file).length);
    const complete = expectConsistent(out);
    expect(complete.complete).toBe(true);
    expect(complete.letters).toHaveLength(PERSONS);

    // Another date: the old batch goes aside whole, the folder holds only the new one.
    const redated = await run(['letters', '--draft', '--out', out, '--date', '2022-03-02', '--db', db]);
    expect(redated.status, redated.stderr).toBe(0);
    expect(redated.stdout).toContain(`${join(out, 'old-2022-03-01')} へ移しました`);
    expect(expectConsistent(out).letterDate).toBe('2022-03-02');
    expect(expectConsistent(join(out, 'old-2022-03-01')).letterDate).toBe('2022-03-01');
  }, 300_000);

  it('during backup, at several points: no half backup under the real name, the database intact', async () => {
    const before = integrity(caseDb);
    for (const [i, delay] of [200, 700, 1500].entries()) {
      const out = join(root, `kill-backup-${i}.db`);
      const { child, done } = start(['backup', '--out', out, '--db', caseDb]);
      await sleep(delay);
      child.kill('SIGKILL');
      const result = await done;
      expect(integrity(caseDb).ok).toBe('ok');
      if (existsSync(out)) expect(integrity(out).ok).toBe('ok');
      if (result.signal === 'SIGKILL') expect(existsSync(out) ? integrity(caseDb).audit - before.audit : 0).toBeLessThanOrEqual(1);
    }
    // A later backup clears what a killed one left.
    const out = join(root, 'kill-backup-0.db');
    rmSync(out, { force: true });
    const again = await run(['backup', '--out', out, '--db', caseDb]);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 120_000);
});

describe('a full disk (file-size limit on the child)', () => {
  it('during letters: one line, the manifest still matches the files, no temporary files left', async () => {
    const db = join(root, 'full-letters.db');
    writeFileSync(db, readFileSync(caseDb));
    const out = join(root, 'full-letters');
    // Room for single letters, not for a print file of all of them.
    const result = await run(['letters', '--draft', '--out', out, '--date', '2022-03-01', '--db', db], { fileSizeLimit: 256 * 1024 });
    expectCleanFailure(result, 'ディスクの空きが足りない');
    if (existsSync(join(out, 'manifest.json'))) expect(expectConsistent(out).complete).toBe(false);
    for (const sub of ['letters', 'print']) {
      if (existsSync(join(out, sub))) expect(readdirSync(join(out, sub)).filter((f) => !f.endsWith('.pdf'))).toEqual([]);
    }
    expect(integrity(db).letters).toBe(0);
    // With room again the batch completes.
    const again = await run(['letters', '--draft', '--out', out, '--date', '2022-03-01', '--db', db]);
    expect(again.status, again.stderr).toBe(0);
    expect(expectConsistent(out).complete).toBe(true);
  }, 300_000);

  it('during backup: one line, no backup and no partial file, the database unchanged', async () => {
    const before = integrity(caseDb);
    const out = join(root, 'full-backup.db');
    const result = await run(['backup', '--out', out, '--db', caseDb], { fileSizeLimit: 64 * 1024 });
    expectCleanFailure(result, 'バックアップ .* を書き込めませんでした');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('full-backup'))).toEqual([]);
    expect(integrity(caseDb)).toEqual(before);
  }, 120_000);
});

describe('outputs never replace the database or an input', () => {
  it('refuses the database, its -wal, a backup and an imported file as --out; a file inw did not write needs --force', async () => {
    const db = join(root, 'guard.db');
    writeFileSync(db, readFileSync(caseDb));
    const input = join(root, `${caseDb.length}-payments.csv`);
    const inputHash = sha256(input);
    const backup = join(root, 'guard-backup.db');
    expect((await run(['backup', '--out', backup, '--db', db])).status).toBe(0);
    const before = integrity(db);
    const dbHash = sha256(db);
    expectCleanFailure(await run(['export', 'persons', '--out', db, '--db', db]), 'データベース .* そのもの');
    expectCleanFailure(await run(['sheet', '--out', `${db}-wal`, '--db', db]), '作業用ファイル');
    expectCleanFailure(await run(['export', 'persons', '--out', backup, '--db', db, '--force']), 'データベースファイル');
    expectCleanFailure(await run(['sheet', '--out', input, '--db', db]), '取り込んだファイル');
    expectCleanFailure(await run(['preview', '--draft', '--person', 'P000001', '--out', input, '--db', db]), '取り込んだファイル');
    expectCleanFailure(await run(['backup', '--out', backup, '--db', db]), 'データベースファイル');
    const mine = join(root, 'notes.csv');
    writeFileSync(mine, 'my own notes\n');
    expectCleanFailure(await run(['export', 'persons', '--out', mine, '--db', db]), '--force');
    expectCleanFailure(await run(['calibrate', '--out', mine]), '--force');
    expect(readFileSync(mine, 'utf8')).toBe('my own notes\n');
    expect(sha256(input)).toBe(inputHash);
    expect(integrity(db)).toEqual(before);
    expect(sha256(db)).toBe(dbHash);
    // Re-running an export over its own earlier output is fine; --force replaces a user's file.
    const exported = join(root, 'persons.csv');
    expect((await run(['export', 'persons', '--out', exported, '--db', db])).status).toBe(0);
    expect((await run(['export', 'persons', '--out', exported, '--db', db])).status).toBe(0);
    expect((await run(['export', 'persons', '--out', mine, '--db', db, '--force'])).status).toBe(0);
  }, 180_000);

  it('a manifest.json inw did not write is not overwritten', async () => {
    const out = join(root, 'users-folder');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"my": "list"}\n');
    const db = join(root, 'guard-letters.db');
    writeFileSync(db, readFileSync(caseDb));
    expectCleanFailure(await run(['letters', '--draft', '--out', out, '--db', db]), 'manifest.json は inw が作った');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('{"my": "list"}\n');
    expect(readdirSync(out)).toEqual(['manifest.json']);
  }, 60_000);
});

describe('clumsy use of the command line', () => {
  it('--help anywhere prints the command help with an example and exits 0', async () => {
    for (const args of [['purge', '--help'], ['import', 'payments', '--help'], ['letters', '-h'], ['--db', 'x.db', 'backup', '--help'], ['help']]) {
      const result = await run(args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('使い方');
    }
    expect((await run(['purge', '--help'])).stdout).toMatch(/例:\n {2}inw purge/);
  }, 120_000);

  it('a closed stdout (inw audit list | head) ends quietly', async () => {
    const { child, done } = start(['audit', 'list', '--db', caseDb]);
    child.stdout!.destroy();
    const result = await done;
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  }, 60_000);

  it('--exposure must be one of the incident\'s codes, and the valid ones are listed', async () => {
    const db = join(root, 'exposure.db');
    writeFileSync(db, readFileSync(caseDb));
    const before = integrity(db);
    const list = writeCsv(join(root, 'confirmed.csv'), [['決済ID'], ['T1']]);
    for (const code of ['XYZ', 'Payment DB']) {
      expectCleanFailure(await run(['import', 'confirmed', list, '--exposure', code, '--db', db]), `「${code}」は事案 metaps-2022 の流出区分のコードではありません。使えるコード: token-db .*payment-db`);
    }
    expect(integrity(db)).toEqual(before);
  }, 60_000);

  it('a header-only file is an error (an import expects rows); a NUL-byte file shows a few escaped bytes', async () => {
    const db = join(root, 'empty-files.db');
    writeFileSync(db, readFileSync(caseDb));
    const before = integrity(db);
    const headerOnly = writeCsv(join(root, 'header-only.csv'), [PAYMENT_HEADER]);
    expectCleanFailure(await run(['import', 'payments', headerOnly, '--db', db]), 'データの行がありません');
    const nul = join(root, 'nul.csv');
    writeFileSync(nul, Buffer.alloc(4096));
    const binary = await run(['import', 'payments', nul, '--db', db]);
    expectCleanFailure(binary, '\\\\x00');
    expect(binary.stderr.length).toBeLessThan(700);
    expect(binary.stderr).not.toContain('\0');
    expect(integrity(db)).toEqual(before);
  }, 60_000);
});
