// Purge: personal data leaves every byte of the database files (main file and -wal), the
// counts and the report figures stay, the audit log stays and still verifies.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeDb, correctAddress, createMailingBatch, isInwError, logInquiry, openDb, purgePersonalData, recordReturn, regulatorReport, setFollowup,
  verifyAudit,
} from '../../../src-main/core/index.js';
import { recordOutputs } from '../../../src-main/core/store/outputs.js';
import { PAYMENT_HEADER, allStoredValues, filesContaining, now, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';
import { makeLetters, rows, trackingDb } from './fixtures.js';

describe('purge', async () => {
  const dir = tempDir('inw-purge-');
  const fx = await trackingDb(dir);
  // A payment file again with another status: the conflict's message quotes both values.
  await runImport(fx.db, {
    file: writeCsv(join(dir, 'payments-again.csv'), [PAYMENT_HEADER, ['T01', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000', '山田 花子 様 返金依頼']]),
    kind: 'payments',
  });
  const letters = makeLetters(fx);
  const [p1, p2] = [fx.person['M-1']!, fx.person['M-2']!];
  createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納' });
  recordReturn(fx.ctx, { person: p2, returnedDate: '2022-03-10', reason: '転居先不明' });
  correctAddress(fx.ctx, p2, { postalCode: '5300002', address1: '大阪府大阪市北区曽根崎9-9-9', reason: '山田様より電話' });
  logInquiry(fx.ctx, { personId: p1, receivedAt: '2022/03/07 10:00', channel: '電話', topic: 'card-reissue', body: '山田 花子 様より 03-1234-5678 に折り返し', staff: '受付 次郎' });
  setFollowup(fx.db, p1, { notes: '山田様 03-1234-5678 に折り返し済み', source: 'manual', at: fx.ctx.now(), actor: 't' });
  // The letter PDFs on disk (stand-ins).
  const outDir = join(dir, 'letters-out');
  mkdirSync(join(outDir, 'letters'), { recursive: true });
  for (const id of letters.keys()) writeFileSync(join(outDir, 'letters', `P${String(id).padStart(6, '0')}.pdf`), '%PDF 山田 花子');
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ letters: [{ name: '山田 花子' }], print: [] }));
  // Registered as generateLetters registers what it writes.
  const batchId = rows<{ id: number }>(fx.db, 'SELECT MAX(id) AS id FROM letter_batches')[0]!.id;
  recordOutputs(fx.db, { at: fx.ctx.now(), batchId }, [
    ...[...letters.keys()].map((id) => ({ path: join(outDir, 'letters', `P${String(id).padStart(6, '0')}.pdf`), kind: 'letter' as const, personId: id, persons: 1 })),
    { path: join(outDir, 'manifest.json'), kind: 'manifest', persons: letters.size },
  ]);

  const NAME = '山田 花子';
  const PHONE = '03-1234-5678';
  const NEEDLES = [NAME, 'ヤマダ ハナコ', PHONE, '0312345678', 'hanako@example.jp', '東京都千代田区千代田1-1', '曽根崎9-9-9', '受付 次郎', '山田花子様返金依頼'];

  it('before: the personal data is in the database files', () => {
    expect(rows<{ message: string }>(fx.db, "SELECT message FROM import_issues WHERE code = 'conflict'")[0]!.message).toContain('山田花子様返金依頼');
    fx.db.$client.pragma('wal_checkpoint(PASSIVE)');
    expect(filesContaining(fx.file, NAME).length).toBeGreaterThan(0);
    expect(filesContaining(fx.file, PHONE).length).toBeGreaterThan(0);
  });

  it('a dry run counts and changes nothing', () => {
    const result = purgePersonalData(fx.ctx, { incident: 'metaps-2022', dryRun: true });
    expect(result).toMatchObject({ purgeId: null, persons: 6, dryRun: true });
    expect(rows(fx.db, 'SELECT name FROM persons WHERE id = ?', p1)).toEqual([{ name: NAME }]);
    expect(rows(fx.db, 'SELECT * FROM purges')).toEqual([]);
  });

  it('refuses an unclear scope', () => {
    const code = (o: Parameters<typeof purgePersonalData>[1]) => {
      try {
        purgePersonalData(fx.ctx, o);
      } catch (e) {
        return isInwError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code({})).toBe('purge-scope');
    expect(code({ before: '2022-01-01', incident: 'metaps-2022' })).toBe('purge-scope');
    expect(code({ incident: 'nope' })).toBe('incident-not-found');
    expect(code({ before: '2022/01/01' })).toBe('bad-date');
  });

  it('--before keeps persons with recent activity', () => {
    // 田中 (M-6, nothing exposed) and 佐藤 (M-3, not mailable, no letter) have no activity after
    // their 2021 donations; 高橋's donation is older still, but a letter was made in 2022.
    const result = purgePersonalData(fx.ctx, { before: '2021-12-01' });
    expect(result.persons).toBe(2);
    expect(rows(fx.db, 'SELECT id FROM persons WHERE name IS NULL ORDER BY id')).toEqual([{ id: fx.person['M-3'] }, { id: fx.person['M-6'] }].sort((a, b) => a.id! - b.id!));
    expect(rows(fx.db, 'SELECT name FROM persons WHERE id = ?', fx.person['M-4'])).toEqual([{ name: '高橋 五郎' }]);
  });

  it('--incident removes every name, phone, address and memo from every byte, keeps counts, report and audit log', () => {
    const report = regulatorReport(fx.db);
    const counts = ['persons', 'donor_records', 'letters', 'inquiries', 'returned_mail', 'address_corrections', 'payments', 'audit_log']
      .map((t) => [t, (rows<{ n: number }>(fx.db, `SELECT COUNT(*) AS n FROM ${t}`)[0]!).n] as const);
    const result = purgePersonalData(fx.ctx, { incident: 'metaps-2022' });
    expect(result.persons).toBe(6);
    expect(result.deletedFiles.filter((f) => f.endsWith('.pdf'))).toHaveLength(4);
    expect(result.deletedFiles).toContain(join(outDir, 'manifest.json'));
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(false);
    expect(result.files.some((f) => f.kind === 'migration-copy')).toBe(false);
    for (const [table, n] of counts) {
      const after = (rows<{ n: number }>(fx.db, `SELECT COUNT(*) AS n FROM ${table}`)[0]!).n;
      expect([table, table === 'audit_log' ? after - 1 : after]).toEqual([table, n]);
    }
    const values = allStoredValues(fx.db).join('\n');
    for (const needle of NEEDLES) expect([needle, values.includes(needle)]).toEqual([needle, false]);
    closeDb(fx.db);
    for (const needle of NEEDLES) expect([needle, filesContaining(fx.file, needle)]).toEqual([needle, []]);
    const db = openDb({ file: fx.file, now });
    expect(verifyAudit(db).ok).toBe(true);
    const after = regulatorReport(db);
    expect(after.affected).toEqual(report.affected);
    expect(after.notification).toEqual(report.notification);
    expect(after.inquiries).toEqual(report.inquiries);
    expect(after.purges).toHaveLength(2);
    const stored = rows<{ report: string }>(db, 'SELECT report FROM purges ORDER BY id DESC LIMIT 1')[0]!;
    expect(JSON.parse(stored.report).affected).toEqual(report.affected);
    closeDb(db);
  });
});
