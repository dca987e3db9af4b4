// The Electron shell: one window, secure defaults (see security.ts, exported from here as data),
// the database in userData opened through the same openDb as the CLI, every IPC channel of the
// contract registered with a sender check, long jobs in utility processes.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../core/index.js';
import { CHANNELS, EVENT_CHANNELS } from './ipc/channels.js';
import type { JobEvent } from './ipc/contract.js';
import { dispatch } from './ipc/dispatch.js';
import { FileRegistry } from './ipc/file-registry.js';
import { createHandlers } from './ipc/handlers/index.js';
import { JobRunner } from './jobs/runner.js';
import type { JobProcess, SpawnJob } from './jobs/spawn.js';
import type { WorkerMessage } from './jobs/spec.js';
import { shellPaths } from './paths.js';
import {
  APP_ENTRY, APP_SCHEME, APP_SCHEME_PRIVILEGES, SECURITY_HEADERS, WEB_PREFERENCES, isTrustedSender, mimeOf,
  permissionCheckHandler, permissionRequestHandler, requestFilter, resolveAppAsset, shouldPreventNavigation, windowOpenHandler,
} from './security.js';
import type { Dialogs } from './services.js';

export {
  APP_ENTRY, APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS, WEB_PREFERENCES,
  isTrustedSender, permissionCheckHandler, permissionRequestHandler, requestFilter, resolveAppAsset, shouldPreventNavigation,
  windowOpenHandler,
} from './security.js';

const here = dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (shouldPreventNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (shouldPreventNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(windowOpenHandler);
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Incident Notice Workbench', `起動できませんでした: ${(error as Error).message}`);
    app.quit();
  });
}

const spawnUtility: SpawnJob = (workerFile, input) => {
  const child = utilityProcess.fork(workerFile, [], { serviceName: 'inw-job', stdio: 'ignore' });
  child.postMessage({ type: 'start', input });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: WorkerMessage) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  } satisfies JobProcess;
};

async function openDatabase(file: string, migrationsDir: string | undefined): Promise<Db> {
  try {
    const core = await import('../core/index.js');
    return core.openDb({ file, migrationsDir });
  } catch (error) {
    const message = (error as Error).message;
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
      throw new Error('better-sqlite3 がこの Electron 用にビルドされていません。`npm start` (install-app-deps を実行します) で起動してください。');
    }
    throw error;
  }
}

async function start(): Promise<void> {
  const paths = shellPaths(app, process.resourcesPath, here);
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => callback(requestFilter(details.url)));
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(paths.rendererDir, request.url, join);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'Content-Type': mimeOf(file), ...SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const db = await openDatabase(paths.dbFile, paths.migrationsDir);
  const actor = (await import('../core/index.js')).systemActor();
  const emit = (event: JobEvent) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNELS[0], event);
  };
  const jobs = new JobRunner({
    workerFile: paths.workerFile, dbFile: paths.dbFile, migrationsDir: paths.migrationsDir, fontsDir: paths.fontsDir,
    lettersWorkerFile: join(here, '..', 'letters', 'worker.js'),
    actor, emit, spawn: spawnUtility,
  });
  const dialogs: Dialogs = {
    async openFile(purpose) {
      const filters = purpose === 'import' || purpose === 'returns'
        ? [{ name: 'CSV / Excel', extensions: ['csv', 'txt', 'tsv', 'xlsx'] }]
        : purpose === 'postal' ? [{ name: 'KEN_ALL.CSV / JIGYOSYO.CSV', extensions: ['csv', 'CSV'] }]
        : purpose === 'sheet' ? [{ name: 'Excel', extensions: ['xlsx'] }] : [{ name: 'JSON', extensions: ['json'] }];
      const result = await dialog.showOpenDialog(mainWindow!, { properties: ['openFile'], filters });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile(purpose, defaultName) {
      const extension = { sheet: 'xlsx', csv: 'csv', calibration: 'pdf', incident: 'json', backup: 'db' }[purpose];
      const result = await dialog.showSaveDialog(mainWindow!, { defaultPath: defaultName, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
      return result.canceled ? null : (result.filePath ?? null);
    },
    async chooseFolder() {
      const result = await dialog.showOpenDialog(mainWindow!, { properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async showItem(path) {
      shell.showItemInFolder(path);
    },
  };
  const handlers = createHandlers({
    host: 'electron', version: app.getVersion(), db, paths, actor, now: () => new Date(), dialogs, files: new FileRegistry(), jobs,
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const trusted = isTrustedSender(
        { frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame === event.sender.mainFrame, webContentsId: event.sender.id },
        mainWindow?.webContents.id ?? null,
      );
      if (!trusted) return { ok: false, error: { code: 'forbidden', message: '許可されていない呼び出し元です。' } };
      return dispatch(handlers, channel, input);
    });
  }
  app.on('before-quit', () => {
    jobs.shutdown();
    void import('../core/index.js').then((core) => core.closeDb(db));
  });

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 640,
    title: 'Incident Notice Workbench',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: { ...WEB_PREFERENCES, preload: paths.preloadFile, devTools: !app.isPackaged },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // The renderer refuses to unload while a form holds unsaved edits (beforeunload); Electron then
  // keeps the window open without a word, so ask here and close only when the user says so.
  mainWindow.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(mainWindow!, {
      type: 'warning',
      title: 'Incident Notice Workbench',
      message: '保存していない変更があります',
      detail: '閉じると、保存していない変更は失われます。',
      buttons: ['保存せずに閉じる', '戻る'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    if (choice === 0) event.preventDefault();
  });
  mainWindow.removeMenu();
  await mainWindow.loadURL(APP_ENTRY);
}
