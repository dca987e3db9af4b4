// `npm run dev:web`: the loopback test bridge (API, jobs, database in ./dev-data) plus the vite
// dev server for the renderer, proxying /api to the bridge. Development only; never shipped.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'vite';

const token = randomBytes(24).toString('hex');
const db = process.argv[2] ?? 'dev-data/inw.db';
const bridge = spawn(process.execPath, ['dist/bridge/server.js', '--db', db], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, INW_BRIDGE_TOKEN: token },
});
const info = await new Promise((resolve, reject) => {
  bridge.stdout.once('data', (d) => resolve(JSON.parse(String(d))));
  bridge.once('exit', (code) => reject(new Error(`bridge exited (${code})`)));
});
process.env.INW_BRIDGE_URL = info.url;
process.env.INW_BRIDGE_TOKEN = token;
const server = await createServer({ configFile: 'vite.config.ts' });
await server.listen();
const port = server.config.server.port ?? 5173;
// The vite proxy rewrites Host to the bridge's (changeOrigin), so the bridge's Host check holds.
process.stdout.write(`\nブラウザ検証用: http://127.0.0.1:${server.httpServer?.address()?.port ?? port}/  (データベース: ${db})\n`);
const stop = () => {
  bridge.kill();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
