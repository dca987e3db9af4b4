// spec §2: "An import is one database transaction: killed half-way, it leaves nothing behind."
// A child `inw import` of a large file is killed with SIGKILL while its transaction is writing
// to the WAL; the database afterwards is exactly as before, and passes integrity_check.
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INW, PAYMENT_HEADER, closeDb, ensureBuilt, now, one, openDb, runImport, snapshot, tempDir, writeCsv,
} from '../helpers/fixtures.js';

const dir = tempDir('inw-kill-');

/** ~300k payment rows, written in one go (a few MB per 100k rows). */
function bigCsv(file: string, rows: number): void {
  const lines: string[] = [PAYMENT_HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    lines.push(`BIG${i},ORD${i % 50000},MEM${i % 40000},2021/11/${String(day).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},クレジットカード,************${String(i % 10000).padStart(4, '0')},${1000 + (i % 9000)},売上確定`);
  }
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
}

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

describe('a killed import', () => {
  it('leaves the database exactly as before (SIGKILL mid-transaction)', async () => {
    ensureBuilt();
    const dbFile = join(dir, 'kill.db');
    const db = openDb({ file: dbFile, now });
    const small = writeCsv(join(dir, 'small.csv'), [PAYMENT_HEADER, ['S1', 'O-1', 'M-1', '2021/11/01', 'card', '', '100', 'ok']]);
    await runImport(db, { file: small, kind: 'payments' });
    const before = snapshot(db);
    closeDb(db);

    const big = join(dir, 'big.csv');
    bigCsv(big, 300_000);

    const child = spawn(process.execPath, [INW, 'import', 'payments', big, '--db', dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Wait until the transaction has spilled well into the WAL, then kill.
    const wal = `${dbFile}-wal`;
    const deadline = Date.now() + 30_000;
    let finished = false;
    void exited.then(() => (finished = true));
    while (!finished && sizeOf(wal) < 2 * 1024 * 1024 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(finished, `the import finished before it could be killed: ${stderr}`).toBe(false);
    const walAtKill = sizeOf(wal);
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(walAtKill).toBeGreaterThanOrEqual(2 * 1024 * 1024);

    const after = openDb({ file: dbFile, now });
    expect(one(after, 'PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    expect(snapshot(after)).toEqual(before);
    expect(one(after, 'SELECT COUNT(*) AS n FROM payments')).toEqual({ n: 1 });
    // The file was not recorded, so it can be imported afterwards.
    const report = await runImport(after, { file: big, kind: 'payments' });
    expect(report.rowsAccepted).toBe(300_000);
    closeDb(after);
  }, 60_000);
});
