#!/usr/bin/env node
// The CLI is bundled by scripts/build.mjs (run by `npm install` via "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('inw: the CLI is not built yet. Run `npm install` (or `npm run build`) in the project folder.\n');
  process.exit(1);
}
await import(entry.href);
