// The only reader of Electron's userData and resources locations. In a packaged app the
// migrations and fonts are extraResources; in development they are found in the project.
import { join } from 'node:path';
import type { AppPaths } from './services.js';

export interface ElectronPathSource {
  isPackaged: boolean;
  getPath(name: 'userData'): string;
  getAppPath(): string;
}

export interface ShellPaths extends AppPaths {
  rendererDir: string;
  preloadFile: string;
  workerFile: string;
}

export function shellPaths(app: ElectronPathSource, resourcesPath: string, distElectronDir: string): ShellPaths {
  const userDataDir = app.getPath('userData');
  const dist = join(distElectronDir, '..');
  return {
    dbFile: join(userDataDir, 'inw.db'),
    userDataDir,
    migrationsDir: app.isPackaged ? join(resourcesPath, 'migrations') : undefined,
    fontsDir: app.isPackaged ? join(resourcesPath, 'fonts') : undefined,
    rendererDir: join(dist, 'renderer'),
    preloadFile: join(dist, 'preload', 'preload.js'),
    workerFile: join(distElectronDir, 'job-worker.js'),
  };
}
