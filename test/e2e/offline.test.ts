// The UI never talks to the network: visiting every screen (and loading data) makes requests
// only to the bridge's own origin (data:/blob: excepted); anything else is aborted and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, openSession, type Session } from './harness.js';

describe('E2E: no network request leaves the bridge origin', { timeout: 120_000 }, () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession(buildApp('offline'));
  }, 240_000);
  afterAll(async () => session?.close());

  it('visits every screen with requests to its own origin only', async () => {
    const origin = new URL(session.bridge.url).origin;
    const outside: string[] = [];
    const seen: string[] = [];
    await session.context.route('**/*', (route) => {
      const url = route.request().url();
      seen.push(url);
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await session.context.newPage();
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:') && !outside.includes(url)) outside.push(url);
    });
    await page.goto(session.bridge.url);
    for (const id of ['incident', 'import', 'overview', 'persons', 'letters', 'exports', 'audit']) {
      await page.click(`[data-nav="${id}"]`);
      await page.waitForTimeout(300);
    }
    await page.click('[data-nav="incident"]');
    await page.getByRole('button', { name: 'プリセットから作成' }).click();
    await page.waitForTimeout(500);
    expect(seen.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
    // The Japanese font is the app's own, from its own origin (CSP font-src 'self'), not the system's.
    await page.evaluate('document.fonts.ready');
    const loaded = (await page.evaluate(`[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family)`)) as string[];
    expect(loaded).toContain('Noto Sans JP Variable');
    expect(seen.some((url) => url.startsWith(`${origin}/`) && /noto-sans-jp-.*\.woff2$/.test(url))).toBe(true);
  });
});
