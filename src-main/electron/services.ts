// What the IPC handlers need from their host, passed in as one object: the Electron main process
// and the browser test bridge each build it (real dialogs vs a test queue). No `electron` import
// here, so the handlers run in plain Node too.
import type { Db } from '../core/index.js';
import type { OpenPurpose, SavePurpose } from './ipc/contract.js';
import type { FileRegistry } from './ipc/file-registry.js';
import type { JobRunner } from './jobs/runner.js';

export interface Dialogs {
  openFile(purpose: OpenPurpose): Promise<string | null>;
  saveFile(purpose: SavePurpose, defaultName: string): Promise<string | null>;
  chooseFolder(purpose: 'letters'): Promise<string | null>;
  /** Reveal a file or folder in the OS file manager. */
  showItem(path: string): Promise<void>;
}

export interface AppPaths {
  /** The database file (userData/inw.db in the app). */
  dbFile: string;
  /** Where the app keeps its own small files (mapping profiles). */
  userDataDir: string;
  /** db/migrations; undefined = found next to the package (development). */
  migrationsDir?: string;
  /** Letter fonts; undefined = the letters module's default. */
  fontsDir?: string;
}

export interface AppServices {
  host: 'electron' | 'bridge';
  version: string;
  db: Db;
  paths: AppPaths;
  actor: string;
  now: () => Date;
  dialogs: Dialogs;
  files: FileRegistry;
  jobs: JobRunner;
}
