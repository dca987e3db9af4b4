// Where the CLI finds the app's own database when --db is not given: the same file the
// desktop app uses (Electron's userData folder for the product name).
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Incident Notice Workbench';

export function defaultDbPath(): string {
  const env = process.env;
  let base: string;
  if (process.platform === 'win32') base = env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  else if (process.platform === 'darwin') base = join(homedir(), 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return join(base, PRODUCT_NAME, 'inw.db');
}
