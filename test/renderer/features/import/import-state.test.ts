// The import screen's reducer: each action changes what the screen relies on and nothing else.
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../src-main/core/index.js';
import type { FileRef } from '../../../../src-main/electron/ipc/contract.js';
import { importReducer, initialImportState, type ImportAction, type ImportState } from '../../../../src-renderer/features/import/import-state.js';

const file: FileRef = { id: 'f1', name: 'payments.csv', size: 1200 } as FileRef;
const preview = {
  file: 'payments.csv', kind: 'payments', format: 'csv', encoding: 'Shift_JIS', sheet: null, size: 1200, sha256: 'ab',
  alreadyImported: null, headerLine: 1, headers: ['取引ID', '金額'], mapping: { transactionId: '取引ID', amount: '金額' },
  fields: [], unknownColumns: [], securityCodeColumns: [], missingRequired: [], rows: [], warnings: [],
} satisfies ImportPreview;

const run = (actions: ImportAction[], from: ImportState = initialImportState) => actions.reduce(importReducer, from);

describe('import screen state', () => {
  it('starts at the first step with nothing chosen', () => {
    expect(initialImportState).toMatchObject({ step: 'source', kind: 'payments', file: null, encoding: 'auto', map: {}, preview: null, error: null, strict: false });
  });

  it('a chosen file is read from the detected encoding, and its preview opens the mapping step with the mapping the core settled on', () => {
    const chosen = run([{ type: 'encoding', encoding: 'utf16le' }, { type: 'file-chosen', file }]);
    expect(chosen).toMatchObject({ file, encoding: 'auto', step: 'source' });
    const loaded = importReducer(chosen, { type: 'preview-loaded', preview });
    expect(loaded).toMatchObject({ step: 'mapping', preview, map: { transactionId: '取引ID', amount: '金額' } });
  });

  it('a failed preview drops the old one and says why, on the step the user is on', () => {
    const state = run([{ type: 'file-chosen', file }, { type: 'preview-loaded', preview }, { type: 'preview-failed', error: '読めません' }]);
    expect(state).toMatchObject({ step: 'mapping', preview: null, error: '読めません', file });
    expect(importReducer(state, { type: 'error', error: null }).error).toBeNull();
  });

  it('restart goes back to the first step without the file, but keeps the kind, list, strict mode and profile name', () => {
    const state = run([
      { type: 'kind', kind: 'confirmed' },
      { type: 'exposure', exposure: 'payment-db' },
      { type: 'strict', strict: true },
      { type: 'profile-name', name: '代行会社A' },
      { type: 'file-chosen', file },
      { type: 'preview-loaded', preview },
      { type: 'step', step: 'check' },
      { type: 'error', error: '失敗' },
      { type: 'restart' },
    ]);
    expect(state).toEqual({
      ...initialImportState,
      kind: 'confirmed', exposure: 'payment-db', strict: true, profileName: '代行会社A',
    });
  });

  it('steps, notes and choices change only their own field and never the state given', () => {
    const before = run([{ type: 'file-chosen', file }, { type: 'preview-loaded', preview }]);
    const frozen = structuredClone(before);
    const after = run([{ type: 'step', step: 'run' }, { type: 'profile-note', note: '保存しました' }], before);
    expect(before).toEqual(frozen);
    expect(after).toEqual({ ...before, step: 'run', profileNote: '保存しました' });
  });
});
