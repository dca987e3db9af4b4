// `inw mail --print-file`: a mailing record for one printed volume takes exactly the letters
// that manifest.json places in that print file (recorded by the batch in letter_print_files),
// `inw mail files` lists the volumes with what still waits, a file no batch made is refused
// naming those there are, and `inw mail undo` puts the volume back (issue 18.6).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { inw, inwOk, readLetterManifest, tempDir } from '../helpers/fixtures.js';

interface PrintFile { letterBatch: number; file: string; letters: number; waiting: number }

describe('inw mail --print-file', { timeout: 180_000 }, () => {
  it('records one print volume, lists what waits per volume, and the undo puts it back', async () => {
    const out = tempDir('inw-mail-volume-');
    await inwOk(['demo', '--out', out, '--persons', '60', '--seed', '7', '--print-volume', '10']);
    const db = join(out, 'demo.db');
    const files = async () => JSON.parse((await inwOk(['mail', 'files', '--json', '--db', db])).stdout) as PrintFile[];
    const manifest = readLetterManifest(out);
    const inVolume = manifest.letters.filter((l) => l.print?.file === 'print/token-db-002.pdf').map((l) => l.personId).sort();
    expect(inVolume).toHaveLength(10);

    const before = await files();
    expect(before.map((f) => [f.file, f.letters, f.waiting])).toEqual(
      [...new Set(manifest.letters.map((l) => l.print?.file))].sort().map((file) => {
        const n = manifest.letters.filter((l) => l.print?.file === file).length;
        return [file, n, n];
      }),
    );

    const refused = await inw(['mail', '--date', '2022-03-10', '--postage', '料金別納', '--print-file', 'token-db-009.pdf', '--db', db]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('印刷ファイル「token-db-009.pdf」は、記録された通知書の作成にありません');
    expect(refused.stderr).toContain('print/token-db-002.pdf (作成 #1、発送待ち 10 通)');

    const recorded = await inwOk(['mail', '--date', '2022-03-10', '--postage', '料金別納', '--print-file', 'token-db-002.pdf', '--db', db]);
    expect(recorded.stdout).toContain('発送記録 #1: 2022-03-10 料金別納 10通');
    expect(recorded.stdout).toContain(`印刷ファイル: ${join(out, 'print', 'token-db-002.pdf')}`);
    const [batch] = JSON.parse((await inwOk(['mail', 'list', '--json', '--db', db])).stdout) as Array<{ letterIds: string[] }>;
    const conn = new Database(db, { readonly: true });
    const mailedPersons = batch!.letterIds.map((id) => (conn.prepare('SELECT person_id AS p FROM letters WHERE id = ?').get(Number(id.slice(1))) as { p: number }).p);
    const audit = (conn.prepare("SELECT detail FROM audit_log WHERE action = 'mailing-batch'").all() as Array<{ detail: string }>).map((r) => JSON.parse(r.detail));
    conn.close();
    expect(mailedPersons.map((p) => `P${String(p).padStart(6, '0')}`).sort()).toEqual(inVolume);
    expect(audit).toEqual([expect.objectContaining({ pieces: 10, printFile: join(out, 'print', 'token-db-002.pdf') })]);
    expect((await files()).find((f) => f.file === 'print/token-db-002.pdf')?.waiting).toBe(0);

    await inwOk(['mail', 'undo', '1', '--reason', '別の束と取り違えた', '--db', db]);
    expect(await files()).toEqual(before);
  });
});
