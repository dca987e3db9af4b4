// Issue 12: a hash chain inside the database cannot prove its own completeness. Emptying the
// log, cutting its tail (with sqlite_sequence), or rewriting it with recomputed hashes must be
// caught by the anchors printed on outputs and by the rows other tables keep of their entries.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditHead, parseAuditAnchor, verifyAudit } from '../../../src-main/core/index.js';
import { inw, now, openTempDb, runImport, tempDir, writeCsv } from '../../helpers/fixtures.js';

const dir = tempDir();

async function caseWithLog() {
  const t = openTempDb();
  const file = writeCsv(join(t.dir, 'p.csv'), [['取引ID', '決済日時'], ['A1', '2021/11/01']]);
  await runImport(t.db, { file, kind: 'payments' });
  for (let i = 0; i < 3; i++) appendAudit(t.db, { at: now(), actor: 'test', action: 'note', detail: { i } });
  return t;
}

function rehash(prev: string, r: { at: string; actor: string; action: string; detail: string }): string {
  return createHash('sha256').update(JSON.stringify([prev, r.at, r.actor, r.action, r.detail])).digest('hex');
}

describe('audit anchors', () => {
  it('a whole log verifies with its head as anchor; the head is the newest entry', async () => {
    const { db } = await caseWithLog();
    const head = auditHead(db)!;
    expect(head.seq).toBe(4);
    const result = verifyAudit(db, { anchors: [head] });
    expect(result).toMatchObject({ ok: true, entries: 4, head });
  });

  it('an emptied log is detected: the import has no entry any more', async () => {
    const { db } = await caseWithLog();
    db.$client.exec("DELETE FROM audit_log; DELETE FROM sqlite_sequence WHERE name = 'audit_log'");
    const result = verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt!.reason).toContain('取込 #1');
  });

  it('a tail cut together with its sqlite_sequence row is detected by the anchor', async () => {
    const { db } = await caseWithLog();
    const head = auditHead(db)!;
    db.$client.exec(`DELETE FROM audit_log WHERE id >= 3; UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_log'`);
    expect(verifyAudit(db).ok).toBe(true); // what is left is a valid chain…
    const result = verifyAudit(db, { anchors: [head] });
    expect(result.ok).toBe(false); // …but the anchor printed earlier is gone
    expect(result.brokenAt!.reason).toContain(`#${head.seq}`);
  });

  it('an edit with every later hash recomputed is detected by the anchor', async () => {
    const { db } = await caseWithLog();
    const head = auditHead(db)!;
    const rows = db.$client.prepare('SELECT id, at, actor, action, detail FROM audit_log ORDER BY id').all() as Array<{ id: number; at: string; actor: string; action: string; detail: string }>;
    rows[1]!.detail = JSON.stringify({ i: 'forged' });
    let prev = '0'.repeat(64);
    const update = db.$client.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      const hash = rehash(prev, r);
      update.run(r.detail, prev, hash, r.id);
      prev = hash;
    }
    expect(verifyAudit(db).ok).toBe(true);
    const result = verifyAudit(db, { anchors: [head] });
    expect(result.ok).toBe(false);
    expect(result.brokenAt!.id).toBe(head.seq);
  });

  it('inw audit verify prints the head and checks --anchor SEQ:HASH; a bad anchor is refused clearly', async () => {
    const { db, file, close } = await caseWithLog();
    const head = auditHead(db)!;
    close();
    const ok = await inw(['audit', 'verify', '--db', file, '--anchor', `${head.seq}:${head.hash}`]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${head.seq}:${head.hash}`);
    const wrong = await inw(['audit', 'verify', '--db', file, '--anchor', `${head.seq}:${'0'.repeat(64)}`]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('アンカー');
    expect(() => parseAuditAnchor('12:abc')).toThrow(/番号:ハッシュ/);
    const backup = await inw(['backup', '--out', join(dir, `b-${Date.now()}.db`), '--db', file]);
    expect(backup.stdout, backup.stderr).toMatch(/監査ログの最新記録 \(アンカー\): 5:[0-9a-f]{64}/);
  });
});
