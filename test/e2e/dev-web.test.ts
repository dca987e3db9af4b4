// `npm run dev:web` as a developer runs it: the script itself (vite's dev server for the
// renderer's sources, proxying the bridge's routes to the loopback bridge) must serve a working
// UI. The other browser tests serve the built renderer from the bridge, so they cannot see a
// proxy that swallows the renderer's own modules (src-renderer/api/*.ts → 401, a blank page).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, tempDir } from '../helpers/fixtures.js';
import { launchBrowser, screenshot, SCREENS_DIR, ui } from './harness.js';

describe('E2E: npm run dev:web', { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    const db = join(tempDir('inw-dev-web-'), 'inw.db');
    server = spawn(process.execPath, ['src-main/bridge/dev-web.mjs', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      const seen = (d: Buffer) => {
        output += String(d);
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
        if (m) resolve(m[0]);
      };
      server.stdout!.on('data', seen);
      server.stderr!.on('data', seen);
      server.once('exit', (code) => reject(new Error(`dev:web exited (${code}): ${output}`)));
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('serves the renderer from its sources and reaches the bridge through the proxy', async () => {
    const page = await browser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const errors: string[] = [];
    const failed: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.goto(url);
    // The navigation is the renderer's (its modules loaded); the footer is the bridge's answer.
    await ui(page.locator('[data-nav="incident"]')).visible();
    await ui(page.locator('.nav-foot')).contains('ブラウザ検証用');
    await page.click('[data-nav="incident"]');
    await page.getByRole('button', { name: 'プリセットから作成' }).click();
    await ui(page.locator('input[name="code"]')).value('metaps-2022'); // created through the bridge
    mkdirSync(SCREENS_DIR, { recursive: true });
    await screenshot(page, 'dev-web');
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
