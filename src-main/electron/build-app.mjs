// Builds what the desktop app needs beyond scripts/build.mjs: the job worker bundle
// (dist/electron/job-worker.js, run in a utility process / worker thread) and the renderer
// (vite → dist/renderer). `node src-main/electron/build-app.mjs [--out DIR] [--no-renderer]`.
import { bundleNode } from '../../scripts/build.mjs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : 'dist');

await bundleNode({ 'electron/job-worker': 'src-main/electron/jobs/worker.ts', 'bridge/server': 'src-main/bridge/server.ts' }, out);

if (!args.includes('--no-renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: resolve(out, 'renderer'), emptyOutDir: true } });
}
