// A small classified case in the real UI at an office laptop's 1366×768: the walk-through's
// payments and donors imported and classified with the metaps-2022 preset through the CLI,
// then the app opened on that database (what the focused browser tests of issue 18 start from).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { inwOk, tempDir } from '../helpers/fixtures.js';
import { buildApp, openPage, openSession, type Session } from './harness.js';
import { writeWalkFiles } from './walk-data.js';

export interface SmallCase {
  session: Session;
  page: Page;
  dbFile: string;
  consoleErrors: string[];
}

/** `more` runs further CLI steps on the database (e.g. letters) before the app opens it. */
export async function openSmallCase(name: string, more?: (db: string, dataDir: string, dir: string) => Promise<void>): Promise<SmallCase> {
  const dir = tempDir(`inw-${name}-`);
  const files = await writeWalkFiles(dir);
  const session = await openSession(buildApp(name), async (db, dataDir) => {
    await inwOk(['import', 'payments', files.paymentsCsv, '--db', db]);
    await inwOk(['import', 'donors', files.donorsCsv, '--db', db]);
    await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
    await more?.(db, dataDir, dir);
  });
  const { page, consoleErrors } = await openPage(session);
  await page.setViewportSize({ width: 1366, height: 768 });
  return { session, page, consoleErrors, dbFile: join(session.dataDir, 'app', 'inw.db') };
}
