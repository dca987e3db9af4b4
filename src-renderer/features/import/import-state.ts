// The import screen's state and every way it changes, in one reducer: which step is shown, what
// is chosen (kind, list's exposure, file, encoding, column mapping, strict mode) and what the
// core last said (preview or error). The screen only dispatches; the calls to main stay there.
import type { FieldMapping, FileRef } from '../../../src-main/electron/ipc/contract';
import type { ImportPreview } from '../../../src-main/core/index';
import type { EncodingChoice } from '../../../src-main/core/vocabulary/encodings';
import type { ImportKind } from '../../../src-main/core/vocabulary/import-kinds';

export type ImportStep = 'source' | 'mapping' | 'check' | 'run';

export interface ImportState {
  step: ImportStep;
  kind: ImportKind;
  /** The exposure a confirmed list belongs to; '' until one is chosen. */
  exposure: string;
  file: FileRef | null;
  encoding: EncodingChoice;
  map: FieldMapping;
  preview: ImportPreview | null;
  error: string | null;
  strict: boolean;
  profileName: string;
  /** What saving a mapping profile said (saved, or why not). */
  profileNote: string | null;
}

export type ImportAction =
  | { type: 'kind'; kind: ImportKind }
  | { type: 'exposure'; exposure: string }
  | { type: 'strict'; strict: boolean }
  | { type: 'profile-name'; name: string }
  | { type: 'profile-note'; note: string }
  /** A file was picked: it is read again from the detected encoding with no mapping. */
  | { type: 'file-chosen'; file: FileRef }
  | { type: 'encoding'; encoding: EncodingChoice }
  /** The core's preview, with the mapping it settled on; the mapping step shows it. */
  | { type: 'preview-loaded'; preview: ImportPreview }
  | { type: 'preview-failed'; error: string }
  /** A call failed (a message for the user), or null when a new one starts. */
  | { type: 'error'; error: string | null }
  | { type: 'step'; step: ImportStep }
  /** 続けて取り込む / 戻る from the mapping: back to the first step; kind and choices stay. */
  | { type: 'restart' };

export const initialImportState: ImportState = {
  step: 'source',
  kind: 'payments',
  exposure: '',
  file: null,
  encoding: 'auto',
  map: {},
  preview: null,
  error: null,
  strict: false,
  profileName: '',
  profileNote: null,
};

export function importReducer(state: ImportState, action: ImportAction): ImportState {
  switch (action.type) {
    case 'kind':
      return { ...state, kind: action.kind };
    case 'exposure':
      return { ...state, exposure: action.exposure };
    case 'strict':
      return { ...state, strict: action.strict };
    case 'profile-name':
      return { ...state, profileName: action.name };
    case 'profile-note':
      return { ...state, profileNote: action.note };
    case 'file-chosen':
      return { ...state, file: action.file, encoding: 'auto' };
    case 'encoding':
      return { ...state, encoding: action.encoding };
    case 'preview-loaded':
      return { ...state, preview: action.preview, map: action.preview.mapping as FieldMapping, step: 'mapping' };
    case 'preview-failed':
      return { ...state, preview: null, error: action.error };
    case 'error':
      return { ...state, error: action.error };
    case 'step':
      return { ...state, step: action.step };
    case 'restart':
      return { ...state, step: 'source', file: null, preview: null, map: {}, error: null };
  }
}
