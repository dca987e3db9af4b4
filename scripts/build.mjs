// Bundles the Node entry points (CLI, worker threads, Electron main and preload) with esbuild.
// npm packages stay external: better-sqlite3 is native and the others are loaded from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const nodeEntries = {
  'cli/main': 'src-main/cli/main.ts',
  'letters/worker': 'src-main/core/letters/worker.ts',
  'import/worker': 'src-main/core/import/worker.ts',
  'classify/stats-worker': 'src-main/core/classify/stats-worker.ts',
  'electron/main': 'src-main/electron/main.ts',
  'electron/job-worker': 'src-main/electron/jobs/worker.ts',
  'bridge/server': 'src-main/bridge/server.ts',
  'bench/cases': 'bench/cases.ts',
};
const present = Object.fromEntries(Object.entries(nodeEntries).filter(([, src]) => existsSync(src)));

await build({
  entryPoints: present,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __inwCreateRequire } from 'node:module'; const require = __inwCreateRequire(import.meta.url);" },
});

if (existsSync('src-main/preload/preload.ts')) {
  // Sandboxed preload scripts must be CommonJS and self-contained.
  await build({
    entryPoints: { 'preload/preload': 'src-main/preload/preload.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}
