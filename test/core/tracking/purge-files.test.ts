// Issue 12: purge finishes the job. Letters written to a second folder, with a relative --out
// and purged from another working directory, and previews are deleted; mailing notes are
// cleared; every file written is in the outputs register (absolute path, SHA-256, size, audit
// entry); exports and backups are listed by absolute path with what they hold, changed and
// missing ones flagged; afterwards
// neither `inw scan` nor a byte search of the database files finds a purged person.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dbFiles, inw, smallDemo, tempDir } from '../../helpers/fixtures.js';

function pdfsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f));
}

describe('purge (CLI) removes every letter and preview it knows and lists the rest', () => {
  it('leaves no letter, preview, note or byte of the purged persons behind', { timeout: 600_000 }, async () => {
    const { out, db } = await smallDemo('inw-purge-demo-', 7);
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
    await ok(['export', 'persons', '--out', join(extra, 'gone.csv')]);
    await ok(['backup', '--out', join(extra, 'backup.db')]);
    await ok(['letters', '--draft', '--out', join(extra, 'drafts')]);

    // The outputs register: every file written, by absolute path, with the hash and size it
    // has on disk and the audit entry (or letter batch) it belongs to.
    const reg = new Database(db, { readonly: true });
    const outputs = reg.prepare('SELECT path, kind, sha256, bytes, audit_seq AS auditSeq, batch_id AS batchId, persons FROM outputs').all() as Array<{
      path: string; kind: string; sha256: string; bytes: number; auditSeq: number | null; batchId: number | null; persons: number | null;
    }>;
    const auditIds = new Set((reg.prepare('SELECT id FROM audit_log').pluck().all() as number[]));
    reg.close();
    expect(new Set(outputs.map((o) => o.kind))).toEqual(new Set(['letter', 'draft-letter', 'print', 'manifest', 'preview', 'contact-sheet', 'csv', 'backup']));
    for (const o of outputs) {
      expect(isAbsolute(o.path), o.path).toBe(true);
      expect(o.auditSeq !== null && auditIds.has(o.auditSeq), `${o.path} has its audit entry`).toBe(true);
      if (['letter', 'print', 'manifest'].includes(o.kind) && !o.path.startsWith(join(extra, 'drafts'))) expect(o.batchId, o.path).not.toBeNull();
      expect(createHash('sha256').update(readFileSync(o.path)).digest('hex'), o.path).toBe(o.sha256);
      expect(statSync(o.path).size, o.path).toBe(o.bytes);
    }
    const paths = new Set(outputs.map((o) => o.path));
    for (const f of [...pdfsUnder(join(cwdA, 'rel-letters')), ...pdfsUnder(join(second, 'again')), ...pdfsUnder(join(extra, 'drafts')), join(cwdA, 'preview.pdf'), join(out, 'contacts.xlsx')]) {
      expect(paths.has(f), `${f} is recorded`).toBe(true);
    }
    const sheetPersons = outputs.find((o) => o.kind === 'contact-sheet')!.persons!;
    expect(sheetPersons).toBeGreaterThan(20);
    // One export changed after we wrote it, one moved away.
    appendFileSync(join(extra, 'persons.csv'), '追記\r\n');
    renameSync(join(extra, 'gone.csv'), join(extra, 'moved.csv'));
    expect(pdfsUnder(join(cwdA, 'rel-letters')).length).toBeGreaterThan(0);
    expect(pdfsUnder(join(second, 'again')).length).toBeGreaterThan(0);
    expect(existsSync(join(cwdA, 'preview.pdf'))).toBe(true);

    const purge = await ok(['purge', '--before', '2100-01-01', '--yes'], cwdB);
    for (const dir of [join(out, 'letters'), join(out, 'print'), join(cwdA, 'rel-letters'), join(second, 'again')]) {
      expect(pdfsUnder(dir), dir).toEqual([]);
    }
    expect(existsSync(join(cwdA, 'preview.pdf'))).toBe(false);
    expect(pdfsUnder(join(extra, 'drafts')), 'drafts').toEqual([]);
    // Sheets, exports and backups: listed by absolute path with what they hold, when written
    // (Japan time, never a raw UTC timestamp), and whether they changed or went missing.
    const listed = (path: string) => {
      const at = purge.stdout.indexOf(`  ${path}\n`);
      expect(at, `${path} listed in:\n${purge.stdout}`).toBeGreaterThan(-1);
      return purge.stdout.slice(at).split('\n').slice(1, 3).join('\n');
    };
    expect(listed(join(out, 'contacts.xlsx'))).toMatch(new RegExp(`^ {4}連絡表: 氏名・住所・電話・メール ${sheetPersons.toLocaleString('en-US')} 人分、\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2} \\(日本時間\\) に書き出し\n(?! {4}⚠)`));
    expect(listed(join(extra, 'persons.csv'))).toMatch(/^ {4}対象者の CSV: 氏名・住所・電話・メール [\d,]+ 人分、.*\n {4}⚠ 書き出した後に変更されています/);
    expect(listed(join(extra, 'gone.csv'))).toMatch(/\n {4}⚠ 見つかりません/);
    expect(listed(join(extra, 'backup.db'))).toMatch(/^ {4}データベースのバックアップ: 削除前の個人情報すべて \(対象者 \d+ 人\)/);
    expect(purge.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(purge.stderr).toContain('個人情報が残っている可能性のあるファイルが');
    const deleted = new Database(db, { readonly: true });
    expect(deleted.prepare("SELECT COUNT(*) AS n FROM outputs WHERE kind IN ('letter', 'draft-letter', 'preview') AND deleted_at IS NULL").get()).toEqual({ n: 0 });
    deleted.close();

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
