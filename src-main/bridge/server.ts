// Browser test bridge (development and E2E only; not shipped in the app). Serves the built
// renderer and implements the preload contract over loopback HTTP against the very same
// handlers as the Electron main process, so the real UI runs in a real browser where the
// Electron binary is not available. Bound to 127.0.0.1; every API call needs a random token;
// Host must be the loopback address (no DNS rebinding). Main-process dialogs are replaced by a
// queue that the test (or the developer) fills with paths.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeDb, InwError, openDb, systemActor } from '../core/index.js';
import type { JobEvent } from '../electron/ipc/contract.js';
import { dispatch } from '../electron/ipc/dispatch.js';
import { FileRegistry } from '../electron/ipc/file-registry.js';
import { createHandlers } from '../electron/ipc/handlers/index.js';
import { JobRunner } from '../electron/jobs/runner.js';
import { SECURITY_HEADERS, mimeOf } from '../electron/security.js';
import type { Dialogs } from '../electron/services.js';

export interface BridgeOptions {
  dbFile: string;
  userDataDir: string;
  /** The bundled job worker (dist/electron/job-worker.js). */
  workerFile: string;
  /** Built renderer to serve (dist/renderer); omitted = API only (vite serves the page). */
  staticDir?: string;
  port?: number;
  token?: string;
  migrationsDir?: string;
  fontsDir?: string;
  /** dist/letters/worker.js (parallel letter rendering). */
  lettersWorkerFile?: string;
  actor?: string;
  /** Extra Host header values accepted (the vite dev server's proxy). */
  allowedHosts?: string[];
}

export interface DialogAnswer {
  /** Which dialog the answer is for; an answer for another kind is refused. */
  kind: 'open' | 'save' | 'folder';
  path: string | null;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  /** Queue the answer of the next main-process dialog (what the user would pick). */
  answerDialog(answer: DialogAnswer): void;
  shownItems: string[];
  close(): Promise<void>;
}

export const TOKEN_META = 'inw-bridge-token';

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage, limit = 5_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InwError('invalid-input', '要求が大きすぎます。');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex');
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const db = openDb({ file: options.dbFile, migrationsDir: options.migrationsDir });
  const actor = options.actor ?? systemActor();
  const listeners = new Set<ServerResponse>();
  const emit = (event: JobEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(line);
  };
  const queue: DialogAnswer[] = [];
  const shownItems: string[] = [];
  const take = (kind: DialogAnswer['kind']): string | null => {
    const next = queue.shift();
    if (!next) throw new InwError('dialog-unavailable', 'ブラウザ版ではファイル選択ダイアログを開けません (テストから応答を登録してください)。');
    if (next.kind !== kind) throw new InwError('dialog-unavailable', `ダイアログの種類が違います (${next.kind} を登録済み、${kind} を要求)。`);
    return next.path;
  };
  const dialogs: Dialogs = {
    openFile: async () => take('open'),
    saveFile: async () => take('save'),
    chooseFolder: async () => take('folder'),
    showItem: async (path) => void shownItems.push(path),
  };
  const jobs = new JobRunner({
    workerFile: options.workerFile, dbFile: options.dbFile, migrationsDir: options.migrationsDir, fontsDir: options.fontsDir,
    lettersWorkerFile: options.lettersWorkerFile, actor, emit,
  });
  const handlers = createHandlers({
    host: 'bridge', version: 'bridge', db,
    paths: { dbFile: options.dbFile, userDataDir: options.userDataDir, migrationsDir: options.migrationsDir, fontsDir: options.fontsDir },
    actor, now: () => new Date(), dialogs, files: new FileRegistry(), jobs,
  });

  let port = 0;
  const hostOk = (host: string | undefined) =>
    host === `127.0.0.1:${port}` || host === `localhost:${port}` || (host !== undefined && (options.allowedHosts ?? []).includes(host));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!hostOk(req.headers.host)) {
        res.writeHead(403).end('forbidden host');
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const given = (req.headers['x-inw-token'] as string | undefined) ?? url.searchParams.get('token') ?? '';
        if (!sameToken(given, token)) {
          res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'トークンが正しくありません。' } }));
          return;
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
          res.write(': connected\n\n');
          listeners.add(res);
          const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
          req.on('close', () => {
            clearInterval(ping);
            listeners.delete(res);
          });
          return;
        }
        const match = /^\/api\/invoke\/([a-z]+:[A-Za-z]+)$/.exec(url.pathname);
        if (match && req.method === 'POST') {
          let envelope;
          try {
            envelope = await dispatch(handlers, match[1]!, await readBody(req));
          } catch {
            envelope = { ok: false, error: { code: 'invalid-input', message: '要求を読めません。' } };
          }
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(envelope));
          return;
        }
        if (url.pathname === '/api/test/dialog' && req.method === 'POST') {
          queue.push((await readBody(req)) as DialogAnswer);
          res.writeHead(204).end();
          return;
        }
        res.writeHead(404).end();
        return;
      }
      if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404).end();
        return;
      }
      const root = resolve(options.staticDir);
      const path = decodeURIComponent(url.pathname);
      const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      let body: Buffer | string = readFileSync(file);
      if (file.endsWith('index.html')) {
        body = body.toString('utf8').replace('<head>', `<head>\n    <meta name="${TOKEN_META}" content="${token}">`);
      }
      res.writeHead(200, { 'Content-Type': mimeOf(file), 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end(body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String((error as Error).message));
    });
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    answerDialog: (answer) => void queue.push(answer),
    shownItems,
    close: async () => {
      jobs.shutdown();
      for (const res of listeners) res.end();
      listeners.clear();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      closeDb(db);
    },
  };
}

// `node dist/bridge/server.js --db FILE [--static DIR] [--port N]` (used by npm run dev:web).
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const dist = join(here, '..');
  const dbFile = resolve(arg('db') ?? join(process.cwd(), 'dev-data', 'inw.db'));
  const bridge = await startBridge({
    dbFile,
    userDataDir: dirname(dbFile),
    workerFile: join(dist, 'electron', 'job-worker.js'),
    lettersWorkerFile: join(dist, 'letters', 'worker.js'),
    staticDir: arg('static'),
    port: arg('port') ? Number(arg('port')) : 0,
    token: process.env.INW_BRIDGE_TOKEN,
    allowedHosts: (process.env.INW_BRIDGE_ALLOWED_HOSTS ?? '').split(',').filter(Boolean),
  });
  process.stdout.write(`${JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token })}\n`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
