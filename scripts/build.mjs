// Bundles the Node entry points (CLI, worker threads, Electron main and preload) with esbuild.
// npm packages stay external: better-sqlite3 is native and the others are loaded from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const nodeEntries = {
  'cli/main': 'src-main/cli/main.ts',
  'letters/worker': 'src-main/core/letters/worker.ts',
  'electron/main': 'src-main/electron/main.ts',
  'electron/job-worker': 'src-main/electron/jobs/worker.ts',
  'bridge/server': 'src-main/bridge/server.ts',
  'bench/cases': 'bench/cases.ts',
};
const present = Object.fromEntries(Object.entries(nodeEntries).filter(([, src]) => existsSync(src)));

/** ESM bundles for Node (also used by src-main/electron/build-app.mjs for the e2e build). */
export async function bundleNode(entryPoints, outdir) {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __inwCreateRequire } from 'node:module'; const require = __inwCreateRequire(import.meta.url);" },
  });
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) await bundleNode(present, 'dist');

if (runDirectly && existsSync('src-main/preload/preload.ts')) {
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
