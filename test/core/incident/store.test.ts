// The app's store of incidents (issue 18, points 3 and 5): validation names the field in
// Japanese, full-width input is read as typed by an IME, a second incident from a preset needs a
// free code (never replaces or renames by itself) and can start with the sender filled in, the
// active incident is the one staff chose, and an incident is deleted only when no classification
// run used it (refused with the reason otherwise), each step in the audit log; migration 0005
// keeps the incident an older app worked on as the active one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, closeDb, demoIncident, isInwError, listAudit, openDb, verifyAudit } from '../../../src-main/core/index.js';
import {
  activeIncident, createIncidentFromPreset, deleteIncident, getIncident, listIncidents, saveIncident, setActiveIncident, validateIncident,
} from '../../../src-main/core/incident/store.js';
import { incidentFieldLabel } from '../../../src-main/core/incident/field-labels.js';
import { migrationsBefore, now, openTempDb, tempDir } from '../../helpers/fixtures.js';

const actor = 'staff';
const refusal = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    if (isInwError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
};

describe('incident field labels and full-width input', () => {
  it('names the field as the form does, never by its JSON path', () => {
    const definition = { ...demoIncident(), organisation: { ...demoIncident().organisation, postalCode: '100-00' } };
    const issues = validateIncident(definition);
    expect(issues).toEqual([{ path: 'organisation.postalCode', label: '差出人の郵便番号', message: expect.stringContaining('郵便番号は 7 桁') }]);
    const { db } = openTempDb();
    const { message } = refusal(() => saveIncident({ db, definition, now, actor }));
    expect(message).toContain('差出人の郵便番号: 郵便番号は 7 桁');
    expect(message).not.toContain('organisation');
    expect(incidentFieldLabel('exposures.1.rule.window.from')).toBe('流出区分② 想定期間 (開始)');
    expect(incidentFieldLabel('exposures.0.items.card')).toBe('流出区分① 流出した項目 (クレジットカード)');
    expect(incidentFieldLabel('statedCounts.token-db.count')).toBe('公表件数 (token-db) 件数');
    expect(incidentFieldLabel('letter.sections.2.heading')).toBe('記書き 3 見出し');
    expect(incidentFieldLabel('contactDesk.phone')).toBe('窓口の電話番号');
  });

  it('reads full-width digits, dashes and letters as half-width (１００－０００５)', () => {
    const base = demoIncident();
    const definition = {
      ...base,
      organisation: { ...base.organisation, postalCode: '〒１００－０００５', phone: '０３－１２３４－５６７８' },
      contactDesk: { ...base.contactDesk, phone: '０１２０ー１２３ー４５６', email: 'ｄｅｓｋ＠ｅｘａｍｐｌｅ．ｏｒｇ' },
    };
    expect(validateIncident(definition)).toEqual([]);
    const saved = saveIncident({ db: openTempDb().db, definition, now, actor });
    expect(saved.definition.organisation).toMatchObject({ postalCode: '1000005', phone: '03-1234-5678' });
    expect(saved.definition.contactDesk).toMatchObject({ phone: '0120-123-456', email: 'desk@example.org' });
  });
});

describe('incidents: create, choose the active one, delete', () => {
  it('a code in use is refused; a second incident can copy the sender and does not become active', () => {
    const { db } = openTempDb();
    const first = createIncidentFromPreset({ db, preset: 'metaps-2022', now, actor });
    expect(first.active).toBe(true); // the first incident is the one the app works on
    saveIncident({ db, definition: { ...demoIncident(), code: 'metaps-2022' }, now, actor });
    const again = refusal(() => createIncidentFromPreset({ db, preset: 'metaps-2022', now, actor }));
    expect(again).toEqual({ code: 'incident-exists', message: expect.stringContaining('事案コード「metaps-2022」の事案は既にあります') });
    expect(listIncidents(db).map((i) => i.code)).toEqual(['metaps-2022']);

    const second = createIncidentFromPreset({ db, preset: 'metaps-2022', code: 'kansai', senderFrom: 'metaps-2022', now, actor });
    expect(second.definition.organisation).toEqual(demoIncident().organisation);
    expect(second.definition.contactDesk).toEqual(demoIncident().contactDesk);
    expect(second.active).toBe(false);
    // The newest is not the active one: the choice is explicit.
    expect(activeIncident(db)?.code).toBe('metaps-2022');
    const bare = createIncidentFromPreset({ db, preset: 'metaps-2022', code: 'bare', now, actor });
    expect(bare.definition.organisation).toBeUndefined();

    expect(setActiveIncident({ db, code: 'kansai', now, actor }).active).toBe(true);
    expect(activeIncident(db)?.code).toBe('kansai');
    expect(listIncidents(db).filter((i) => i.active).map((i) => i.code)).toEqual(['kansai']);
    // Editing another incident does not change the choice; renaming the active one keeps it active.
    saveIncident({ db, definition: { ...getIncident(db, 'metaps-2022')!.definition, title: '別の題' }, previousCode: 'metaps-2022', now, actor });
    expect(activeIncident(db)?.code).toBe('kansai');
    saveIncident({ db, definition: { ...getIncident(db, 'kansai')!.definition, code: 'kansai-2' }, previousCode: 'kansai', now, actor });
    expect(activeIncident(db)?.code).toBe('kansai-2');
    expect(refusal(() => setActiveIncident({ db, code: 'nope', now, actor })).code).toBe('unknown-incident');

    const actions = listAudit(db).map((e) => [e.action, (e.detail as { code?: string }).code]);
    expect(actions).toContainEqual(['incident-activate', 'kansai']);
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('deletes an incident no run used; one a classification run used is refused with the reason', async () => {
    const { db } = openTempDb();
    saveIncident({ db, definition: demoIncident(), now, actor });
    createIncidentFromPreset({ db, preset: 'metaps-2022', code: 'spare', now, actor });
    await classify({ db, incident: getIncident(db, demoIncident().code)!.definition, now, actor });
    const used = refusal(() => deleteIncident({ db, code: demoIncident().code, now, actor }));
    expect(used.code).toBe('incident-in-use');
    expect(used.message).toMatch(/削除できません: この事案で分類を 1 回実行しています \(最新は分類 #1\)/);
    expect(getIncident(db, demoIncident().code)).not.toBeNull();

    deleteIncident({ db, code: 'spare', now, actor });
    expect(getIncident(db, 'spare')).toBeNull();
    expect(listAudit(db).map((e) => [e.action, (e.detail as { code?: string }).code])).toContainEqual(['incident-delete', 'spare']);
    expect(refusal(() => deleteIncident({ db, code: 'spare', now, actor })).code).toBe('unknown-incident');
    expect(verifyAudit(db)).toMatchObject({ ok: true });
  });
});

describe('migration 0005_active_incident', () => {
  it('the incident an older app worked on (the most recently updated) stays the active one', () => {
    const dir = tempDir('inw-incident-migrate-');
    const migrations = migrationsBefore('0005_active_incident', dir);
    const file = join(dir, 'old.db');
    const old = openDb({ file, now, migrationsDir: migrations });
    const insert = old.$client.prepare('INSERT INTO incidents (code, definition, updated_at) VALUES (?, ?, ?)');
    insert.run('older', JSON.stringify({ ...demoIncident(), code: 'older' }), '2022-03-01T00:00:00.000Z');
    insert.run('newer', JSON.stringify({ ...demoIncident(), code: 'newer' }), '2022-03-02T00:00:00.000Z');
    closeDb(old);

    const db = openDb({ file, now });
    expect(listIncidents(db).map((i) => [i.code, i.active])).toEqual([['newer', true], ['older', false]]);
    closeDb(db);
  });
});
