// Issue 12: purge finishes the job. Letters written to a second folder, with a relative --out
// and purged from another working directory, and previews are deleted; mailing notes are
// cleared; exports and backups are listed by absolute path with what they hold; afterwards
// neither `inw scan` nor a byte search of the database files finds a purged person.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dbFiles, inw, tempDir } from '../../helpers/fixtures.js';

function pdfsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f));
}

describe('purge (CLI) removes every letter and preview it knows and lists the rest', () => {
  it('leaves no letter, preview, note or byte of the purged persons behind', { timeout: 600_000 }, async () => {
    const out = tempDir('inw-purge-demo-');
    const demo = await inw(['demo', '--out', out, '--persons', '60', '--seed', '7']);
    expect(demo.status, demo.stderr).toBe(0);
    const db = join(out, 'demo.db');
    const cwdA = tempDir('inw-purge-cwd-a-');
    const cwdB = tempDir('inw-purge-cwd-b-');
    const second = tempDir('inw-purge-second-');
    const extra = tempDir('inw-purge-extra-');
    const ok = async (args: string[], cwd?: string) => {
      const r = await inw([...args, '--db', db], { cwd });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await ok(['letters', '--out', 'rel-letters'], cwdA); // relative --out
    await ok(['letters', '--out', join(second, 'again')]); // unchanged content, a second folder
    const client = new Database(db, { readonly: true });
    const people = client.prepare("SELECT id, name, phone, address1 FROM persons WHERE name IS NOT NULL AND address1 IS NOT NULL AND phone IS NOT NULL LIMIT 20").all() as Array<{ id: number; name: string; phone: string; address1: string }>;
    const withLetter = client.prepare('SELECT person_id AS id FROM letters LIMIT 1').get() as { id: number };
    client.close();
    expect(people.length).toBeGreaterThan(5);
    const previewPerson = `P${String(withLetter.id).padStart(6, '0')}`;
    await ok(['preview', '--person', previewPerson, '--out', 'preview.pdf'], cwdA);
    await ok(['mail', '--date', '2022-03-10', '--postage', '料金別納', '--note', `${people[0]!.name} ほか`]);
    await ok(['export', 'persons', '--out', join(extra, 'persons.csv')]);
    await ok(['backup', '--out', join(extra, 'backup.db')]);
    expect(pdfsUnder(join(cwdA, 'rel-letters')).length).toBeGreaterThan(0);
    expect(pdfsUnder(join(second, 'again')).length).toBeGreaterThan(0);
    expect(existsSync(join(cwdA, 'preview.pdf'))).toBe(true);

    const purge = await ok(['purge', '--before', '2100-01-01', '--yes'], cwdB);
    for (const dir of [join(out, 'letters'), join(out, 'print'), join(cwdA, 'rel-letters'), join(second, 'again')]) {
      expect(pdfsUnder(dir), dir).toEqual([]);
    }
    expect(existsSync(join(cwdA, 'preview.pdf'))).toBe(false);
    // Exports and backups: listed by absolute path with what they hold.
    expect(purge.stderr).toContain(`${join(extra, 'persons.csv')} (`);
    expect(purge.stderr).toContain('対象者の CSV');
    expect(purge.stderr).toContain(`${join(extra, 'backup.db')} (`);
    expect(purge.stderr).toContain('バックアップ');

    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT COUNT(*) AS n FROM mailing_batches WHERE note IS NOT NULL').get()).toEqual({ n: 0 });
    after.close();
    const bytes = dbFiles(db).map((f) => readFileSync(f));
    for (const p of people) {
      for (const needle of [p.name, p.phone, p.address1]) {
        expect(bytes.some((b) => b.includes(Buffer.from(needle, 'utf8'))), `${needle} in the database bytes`).toBe(false);
      }
    }
    const scan = await inw(['scan', db]);
    expect(scan.status, scan.stdout).toBe(0);
  });
});
