// E2E harness: builds the renderer and the job worker into a folder inside the project (so the
// worker resolves node_modules and db/migrations), starts the loopback test bridge in-process
// on a fresh database, and launches a Chromium-family browser through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startBridge, type Bridge } from '../../src-main/bridge/server.js';
import { ROOT, ensureBuilt } from '../helpers/fixtures.js';

/** Where Chrome, Chromium and Edge install themselves on Linux, Windows and macOS. */
function installedBrowsers(): string[] {
  if (process.platform === 'win32') {
    const roots = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (process.platform === 'darwin') {
    return ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge']
      .map((app) => join('/Applications', app));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge'];
}

/**
 * The Chromium that @sparticuz/chromium ships inside its npm package (Linux x64 only). It unpacks
 * to <tmp>/chromium on first use; a lock keeps parallel test files (and parallel runs) from
 * launching a half-written binary.
 */
async function npmChromium(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const lock = join(tmpdir(), 'inw-chromium-unpack.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after two minutes (unpacking takes seconds).
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await chromium.executablePath();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

let browserPath: Promise<string> | undefined;

/**
 * The browser for the UI tests: INW_BROWSER, else an installed Chrome/Chromium/Edge, else the
 * Chromium from npm. None found is a failure with what to install, never a skip.
 */
export function findBrowser(): Promise<string> {
  browserPath ??= (async () => {
    const named = process.env.INW_BROWSER;
    if (named) {
      if (!existsSync(named)) throw new Error(`INW_BROWSER names ${named}, which does not exist.`);
      return named;
    }
    const found = installedBrowsers().find((file) => existsSync(file)) ?? (await npmChromium());
    if (!found) {
      throw new Error('No browser for the UI tests: install Google Chrome, Chromium or Microsoft Edge, or set INW_BROWSER to its executable.');
    }
    return found;
  })();
  return browserPath;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await findBrowser(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

export const SCREENS_DIR = join(ROOT, 'test-artifacts', 'screens');

/** Builds dist-like output (renderer + job worker) into test-artifacts/build-<name>. */
export function buildApp(name: string): string {
  ensureBuilt();
  const out = join(ROOT, 'test-artifacts', `build-${name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = spawnSync(process.execPath, ['src-main/electron/build-app.mjs', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build-app failed: ${result.stderr}\n${result.stdout}`);
  return out;
}

export interface Session {
  bridge: Bridge;
  browser: Browser;
  context: BrowserContext;
  dataDir: string;
  close(): Promise<void>;
}

/** `prepare` may fill the app's database (e.g. through the CLI) before the bridge opens it. */
export async function openSession(buildDir: string, prepare?: (dbFile: string, dataDir: string) => Promise<void>): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inw-e2e-'));
  const dbFile = join(dataDir, 'app', 'inw.db');
  if (prepare) {
    mkdirSync(join(dataDir, 'app'), { recursive: true });
    await prepare(dbFile, dataDir);
  }
  const bridge = await startBridge({
    dbFile,
    userDataDir: join(dataDir, 'app'),
    workerFile: join(buildDir, 'electron', 'job-worker.js'),
    lettersWorkerFile: join(ROOT, 'dist', 'letters', 'worker.js'),
    staticDir: join(buildDir, 'renderer'),
    actor: 'e2e-staff',
  });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', deviceScaleFactor: 1 });
  return {
    bridge,
    browser,
    context,
    dataDir,
    async close() {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await bridge.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Auto-waiting checks on a locator (playwright-core has no `expect`; vitest's polls). */
export function ui(locator: Locator, timeout = 20_000) {
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout, interval: 50 });
  return {
    visible: (options: { timeout?: number } = {}) => locator.first().waitFor({ state: 'visible', timeout: options.timeout ?? timeout }),
    value: (v: string) => poll(() => locator.inputValue()).toBe(v),
    count: (n: number) => poll(() => locator.count()).toBe(n),
    text: (v: string | RegExp) => (typeof v === 'string' ? poll(() => locator.innerText()).toBe(v) : poll(() => locator.innerText()).toMatch(v)),
    contains: (v: string) => poll(() => locator.innerText()).toContain(v),
    // Polled too: after a delete or an undo the text goes away once the screen has reloaded its list.
    notContains: (v: string) => poll(() => locator.innerText()).not.toContain(v),
  };
}

/**
 * A picture of the whole screen: the app scrolls inside `.content`, so a full-page screenshot
 * would show only the window; the viewport grows to the content's height for the shot.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = (await page.evaluate(`(() => {
    const content = document.querySelector('.content');
    if (!content) return 0;
    content.scrollTop = 0;
    return content.scrollHeight;
  })()`)) as number;
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height + 8, 6000) });
  await page.evaluate('document.fonts.ready'); // the shipped font's ranges for this screen, not a fallback
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
  if (height > viewport.height) await page.setViewportSize(viewport);
}

/** A page on the app, with every console error and uncaught exception collected (CSP violations included). */
export async function openPage(session: Session): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await session.context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.goto(session.bridge.url);
  return { page, consoleErrors };
}
