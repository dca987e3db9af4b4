// The installer configuration, checked without the Electron binary (which cannot be
// downloaded here): electron-builder's own schema accepts electron-builder.yml, every file
// the packaged app loads at run time is inside the `files` globs, and the extraResources,
// laid out as the installer lays them out, give the app working migrations and fonts.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src-main/core/store/db.js';
import { renderCalibrationPage } from '../../src-main/core/letters/render.js';
import { letterFonts } from '../../src-main/electron/jobs/fonts.js';
import { shellPaths } from '../../src-main/electron/paths.js';
import { incident } from '../core/letters/fixtures.js';
import { pdfText } from '../helpers/pdf.js';

// electron-builder's internals, resolved from electron-builder itself so that npm's hoisting does not matter.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = builderRequire('minimatch') as { minimatch: (path: string, pattern: string, options?: { dot: boolean }) => boolean };

interface BuilderConfig {
  asar?: boolean;
  asarUnpack?: string[];
  /** getConfig normalises the list of globs into file sets. */
  files: Array<string | { filter: string[] }>;
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  win: { target: Array<{ target: string }> };
  linux: { target: Array<{ target: string }> };
  [key: string]: unknown;
}

const root = resolve('.');
const config = await getConfig(root, 'electron-builder.yml', null);
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
const work = mkdtempSync(join(tmpdir(), 'inw-packaging-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Whether electron-builder would copy `path` (relative to the project) into the app. */
function packaged(path: string): boolean {
  const globs = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
  const positive = globs.filter((p) => !p.startsWith('!'));
  const negative = globs.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return positive.some((p) => minimatch(path, p, { dot: true })) && !negative.some((p) => minimatch(path, p, { dot: true }));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema, which rejects a misspelt key", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow(/asarUnpak/);
  });

  it('builds the NSIS installer and portable exe for Windows and an AppImage for Linux, in an asar', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage']);
    expect(config.asar).toBe(true);
    // The native SQLite module cannot be loaded from inside the asar.
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('packs every file the app loads at run time and leaves out the test bridge', () => {
    const dist = join(root, 'dist', 'electron');
    const paths = shellPaths({ isPackaged: true, getPath: () => work, getAppPath: () => root }, join(work, 'resources'), dist);
    const runtime = [
      packageJson.main,
      paths.preloadFile,
      join(paths.rendererDir, 'index.html'),
      paths.workerFile,
      join(root, 'dist', 'letters', 'worker.js'),
      join(root, 'dist', 'import', 'worker.js'),
      join(root, 'node_modules', 'better-sqlite3', 'lib', 'index.js'),
      join(root, 'node_modules', 'pdfkit', 'package.json'),
      join(root, 'node_modules', 'exceljs', 'package.json'),
    ].map((p) => (p.startsWith(root) ? p.slice(root.length + 1) : p));
    for (const file of runtime) expect(packaged(file), file).toBe(true);
    expect(packaged('dist/bridge/server.js')).toBe(false);
    expect(packaged('node_modules/playwright-core/package.json')).toBe(false);
    expect(packaged('node_modules/electron/package.json')).toBe(false);
  });

  it('puts migrations and fonts where the packaged app looks for them, and they work', async () => {
    const resources = join(work, 'resources');
    for (const extra of config.extraResources) {
      expect(existsSync(extra.from), extra.from).toBe(true);
      const filters = extra.filter ?? [];
      const from = resolve(extra.from);
      cpSync(from, join(resources, extra.to), {
        recursive: true,
        // Folders are walked; files are copied when they match a filter, as electron-builder does.
        filter: (src) => filters.length === 0 || statSync(src).isDirectory() || filters.some((f) => minimatch(src.slice(from.length + 1), f, { dot: true })),
      });
    }
    const paths = shellPaths({ isPackaged: true, getPath: () => work, getAppPath: () => root }, resources, join(root, 'dist', 'electron'));
    // A new database migrates from the packaged migrations alone.
    const db = openDb({ file: join(work, 'app.db'), migrationsDir: paths.migrationsDir });
    const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    db.$client.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['payments', 'persons', 'audit_log', 'review_decisions']));
    // The packaged fonts print Japanese.
    const fonts = letterFonts(paths.fontsDir);
    expect(fonts.regular.startsWith(resources)).toBe(true);
    const pdf = await renderCalibrationPage({ letter: incident.letter, fontPaths: fonts, letterDate: '2022-03-15' });
    const file = join(work, 'calibration.pdf');
    writeFileSync(file, pdf);
    expect(await pdfText(file)).toContain('位置確認シート');
    // The font licence travels with the fonts.
    expect(existsSync(join(resources, 'licenses', 'noto-serif-jp', 'LICENSE_FONT'))).toBe(true);
    expect(existsSync(join(resources, 'assets', 'fonts', 'OFL.txt'))).toBe(true);
  });
});
