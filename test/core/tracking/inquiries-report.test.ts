// The inquiry log, and the regulator-report figures computed from the database.
import { describe, expect, it } from 'vitest';
import {
  createMailingBatch, deleteInquiry, isInwError, listInquiries, logInquiry, recordReturn, regulatorReport, setLetterStatus, updateInquiry, verifyAudit,
} from '../../../src-main/core/index.js';
import { makeLetters, rows, trackingDb } from './fixtures.js';

describe('inquiries and the report', async () => {
  const fx = await trackingDb();
  const letters = makeLetters(fx);
  const [p1, p2, p3, p4, p5] = ['M-1', 'M-2', 'M-3', 'M-4', 'M-5'].map((m) => fx.person[m]!) as [number, number, number, number, number];

  it('logs calls and e-mails per person with topic, text, resolution and staff; card numbers in text are masked', () => {
    const a = logInquiry(fx.ctx, {
      personId: p1, receivedAt: '2022/03/07 10:30', channel: '電話', topic: 'card-reissue',
      body: 'カード 4111 1111 1111 1111 の再発行について', resolution: 'カード会社の窓口を案内', staff: '佐々木',
    });
    expect(a).toMatchObject({ personId: `P${String(p1).padStart(6, '0')}`, receivedAt: '2022-03-07T01:30:00.000Z', receivedDate: '2022-03-07', topicLabel: 'カード再発行', staff: '佐々木' });
    expect(a.body).not.toContain('4111 1111 1111 1111');
    expect(a.body).toContain('1111');
    logInquiry(fx.ctx, { personId: p1, receivedAt: '2022-03-08T09:00:00+09:00', channel: 'メール', topic: '通知書の内容', body: '内容がわからない' });
    logInquiry(fx.ctx, { personId: p2, receivedAt: '2022/03/08', channel: '電話', topic: 'unauthorised-charge', resolution: 'カード会社へ' });
    logInquiry(fx.ctx, { personId: p4, receivedAt: '2022/03/09', channel: '手紙', topic: 'stop-contact' });
    logInquiry(fx.ctx, { personId: null, receivedAt: '2022/03/09', channel: '電話', topic: 'other', body: '名乗らず' });
    expect(listInquiries(fx.db, { personId: p1 }).map((i) => i.channel)).toEqual(['電話', 'メール']);
    expect(listInquiries(fx.db)).toHaveLength(5);
    expect(rows(fx.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inquiry'")).toEqual([{ n: 5 }]);
    // No free text in the audit log (it outlives a purge).
    expect(JSON.stringify(rows(fx.db, 'SELECT detail FROM audit_log'))).not.toContain('内容がわからない');
  });

  it('refuses an unknown channel, topic, date or person', () => {
    const code = (input: Parameters<typeof logInquiry>[1]) => {
      try {
        logInquiry(fx.ctx, input);
      } catch (e) {
        return isInwError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code({ personId: p1, receivedAt: '2022/03/07', channel: 'FAX', topic: 'other' })).toBe('bad-channel');
    expect(code({ personId: p1, receivedAt: '2022/03/07', channel: '電話', topic: '苦情' })).toBe('bad-topic');
    expect(code({ personId: p1, receivedAt: 'きのう', channel: '電話', topic: 'other' })).toBe('bad-date');
    expect(code({ personId: 9999, receivedAt: '2022/03/07', channel: '電話', topic: 'other' })).toBe('person-not-found');
    // The form as it opens: no topic chosen, or nothing but a topic (issue 18.8).
    expect(code({ personId: p1, receivedAt: '2022/03/07', channel: '電話', topic: '' })).toBe('bad-topic');
    expect(code({ personId: null, receivedAt: '2022/03/07', channel: '電話', topic: 'card-reissue', body: '  ', resolution: '' })).toBe('empty-inquiry');
    expect(listInquiries(fx.db)).toHaveLength(5);
  });

  it('reports persons by category, exposure and item with certainty, notification, returns and inquiries', () => {
    createMailingBatch(fx.ctx, { mailedDate: '2022-03-05', postageMethod: '料金別納', letterIds: [letters.get(p1)!, letters.get(p2)!, letters.get(p4)!] });
    recordReturn(fx.ctx, { person: p2, returnedDate: '2022-03-10', reason: '転居先不明' });
    setLetterStatus(fx.ctx, { person: p3, status: '電話済' });
    const r = regulatorReport(fx.db);
    expect(r.incident.code).toBe('metaps-2022');
    expect(r.affected.persons).toBe(5);
    expect(r.affected.byCategory).toEqual({ 'token-db': 4, 'payment-db': 1, 'token-db+payment-db': 0 });
    expect(r.affected.byExposure.map((e) => [e.code, e.certainty, e.persons])).toEqual([['token-db', 'possible', 4], ['payment-db', 'confirmed', 1]]);
    const item = (name: string) => r.affected.byItem.find((i) => i.item.includes(name));
    expect(item('セキュリティコード')).toMatchObject({ confirmed: 0, possible: 4, total: 4 });
    expect(item('カード番号')).toMatchObject({ confirmed: 1, possible: 4, total: 5 });
    expect(r.notification).toMatchObject({
      notifiedByMail: 2, notifiedOtherwise: 1, notified: 3, lettersMailed: 3, mailingBatches: 1, returnedPersons: 1, returnedLetters: 1,
      returnedByReason: { 転居先不明: 1 }, unreachable: 1, unreachableReturned: 1, unreachableNoAddress: 0, unreachableNoPostalCode: 0, pending: 1,
    });
    expect(r.inquiries).toEqual({
      total: 5, persons: 3,
      byTopic: { カード再発行: 1, 通知書の内容: 1, '不正利用・身に覚えのない請求': 1, 連絡停止の希望: 1, その他: 1 },
      byChannel: { メール: 1, 手紙: 1, 電話: 3 },
    });
    expect(p5).toBeGreaterThan(0);
  });

  it('corrects and deletes a logged inquiry, audited without its text; the report counts what remains', () => {
    const [first] = listInquiries(fx.db);
    const edited = updateInquiry(fx.ctx, first!.id, {
      personId: p1, receivedAt: '2022/03/07 11:00', channel: '電話', topic: 'unauthorised-charge', body: '請求に覚えがない', resolution: first!.resolution, staff: '佐々木',
    });
    expect(edited).toMatchObject({ id: first!.id, topic: 'unauthorised-charge', body: '請求に覚えがない', receivedAt: '2022-03-07T02:00:00.000Z' });
    const audit = rows<{ detail: string }>(fx.db, "SELECT detail FROM audit_log WHERE action = 'inquiry-edit'");
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ inquiryId: first!.id, changed: ['receivedAt', 'topic', 'body'] }]);
    expect(JSON.stringify(rows(fx.db, 'SELECT detail FROM audit_log'))).not.toContain('請求に覚えがない');
    // Editing an inquiry into a blank one is refused like logging one.
    expect(() => updateInquiry(fx.ctx, first!.id, { personId: null, receivedAt: '2022/03/07', channel: '電話', topic: 'other' })).toThrow(/問い合わせの中身がありません/);

    const anonymous = listInquiries(fx.db).find((i) => i.personId === null)!;
    deleteInquiry(fx.ctx, anonymous.id);
    expect(listInquiries(fx.db)).toHaveLength(4);
    expect(rows(fx.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inquiry-delete'")).toEqual([{ n: 1 }]);
    expect(() => deleteInquiry(fx.ctx, anonymous.id)).toThrow(/問い合わせ #\d+ はありません/);
    expect(regulatorReport(fx.db).inquiries).toEqual({
      total: 4, persons: 3,
      byTopic: { '不正利用・身に覚えのない請求': 2, 通知書の内容: 1, 連絡停止の希望: 1 },
      byChannel: { メール: 1, 手紙: 1, 電話: 2 },
    });
    expect(verifyAudit(fx.db)).toMatchObject({ ok: true });
  });
});
