// The IPC contract at run time: every channel has a handler and a schema, inputs are validated,
// results and errors travel as envelopes, files are only reachable through dialog references.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../src-main/core/index.js';
import { CHANNELS } from '../../src-main/electron/ipc/channels.js';
import { dispatch } from '../../src-main/electron/ipc/dispatch.js';
import { FileRegistry } from '../../src-main/electron/ipc/file-registry.js';
import { createHandlers } from '../../src-main/electron/ipc/handlers/index.js';
import { inputSchemas } from '../../src-main/electron/ipc/schemas.js';
import { JobRunner } from '../../src-main/electron/jobs/runner.js';

const dir = mkdtempSync(join(tmpdir(), 'inw-contract-'));
const db = openDb({ file: join(dir, 'inw.db') });
afterAll(() => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});
const files = new FileRegistry();
const handlers = createHandlers({
  host: 'bridge', version: 'test', db, paths: { dbFile: join(dir, 'inw.db'), userDataDir: dir }, actor: 'test', now: () => new Date('2022-03-01T00:00:00Z'),
  dialogs: { openFile: async () => null, saveFile: async () => null, chooseFolder: async () => null, showItem: async () => {} },
  files,
  jobs: new JobRunner({ workerFile: join(dir, 'missing.js'), dbFile: join(dir, 'inw.db'), actor: 'test', emit: () => {} }),
});

describe('IPC contract', () => {
  it('has a handler and an input schema for every channel, all named domain:verb', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(inputSchemas).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('wraps values and errors in envelopes with stable codes', async () => {
    expect(await dispatch(handlers, 'incidents:list', undefined)).toEqual({ ok: true, value: [] });
    expect(await dispatch(handlers, 'nope:nothing', undefined)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatch(handlers, 'persons:query', { offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(handlers, 'incidents:createFromPreset', { preset: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown-preset' } });
  });

  it('review: nothing listed before a run; an undecidable kind is refused by the schema, an unknown person by the core', async () => {
    expect(await dispatch(handlers, 'review:list', {})).toEqual({ ok: true, value: [] });
    expect(await dispatch(handlers, 'review:list', { includeDecided: true })).toEqual({ ok: true, value: [] });
    expect(await dispatch(handlers, 'review:decide', { kind: 'import-conflict', personIds: ['P000001'], decision: 'handled' }))
      .toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(handlers, 'review:decide', { kind: 'undeliverable', personIds: ['P000001', 'P000002', 'P000003'], decision: 'handled' }))
      .toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(handlers, 'review:decide', { kind: 'undeliverable', personIds: ['P000001'], decision: 'handled' }))
      .toMatchObject({ ok: false, error: { code: 'person-not-found' } });
    expect(await dispatch(handlers, 'review:undo', { kind: 'undeliverable', personIds: ['田中'] })).toMatchObject({ ok: false, error: { code: 'bad-person-id' } });
  });

  it('refuses a file reference that no dialog handed out (no raw paths)', async () => {
    const result = await dispatch(handlers, 'imports:preview', { file: '/etc/passwd', kind: 'payments', encoding: 'auto', map: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await dispatch(handlers, 'imports:preview', { file: '00000000-0000-4000-8000-000000000000', kind: 'payments', encoding: 'auto', map: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-file' } });
    const save = files.register(join(dir, 'out.xlsx'), 'save');
    expect(await dispatch(handlers, 'imports:preview', { file: save.id, kind: 'payments', encoding: 'auto', map: {} })).toMatchObject({ ok: false, error: { code: 'unknown-file' } });
  });

  it('reports field issues of an invalid incident', async () => {
    const created = await dispatch(handlers, 'incidents:createFromPreset', { preset: 'metaps-2022' });
    expect(created.ok).toBe(true);
    const definition = structuredClone((created as { value: { definition: { exposures: Array<{ rule: { from?: string } }> } } }).value.definition);
    definition.exposures[0]!.rule.from = '2030-01-01';
    const saved = await dispatch(handlers, 'incidents:save', { definition });
    expect(saved).toMatchObject({ ok: false, error: { code: 'invalid-incident' } });
    expect((saved as { error: { issues: Array<{ path: string }> } }).error.issues.map((i) => i.path)).toContain('exposures.0.rule');
  });
});
