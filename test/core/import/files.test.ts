// A file that cannot be read is a one-line reason naming it, never a Node stack trace, and
// leaves no import behind.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, importFile, openDb } from '../../../src-main/core/index.js';
import { now, tempDir } from '../../helpers/fixtures.js';

describe('unreadable files', () => {
  it('names a missing file and a folder, and records nothing', async () => {
    const dir = tempDir('inw-files-');
    const db = openDb({ file: join(dir, 'case.db') });
    const missing = join(dir, 'nothing-here.csv');
    await expect(importFile({ db, file: missing, kind: 'payments', now, actor: 'test' })).rejects.toMatchObject({
      code: 'file-unreadable',
      message: `${missing}: ファイルがありません。`,
    });
    await expect(importFile({ db, file: dir, kind: 'donors', now, actor: 'test' })).rejects.toMatchObject({
      code: 'file-unreadable',
      message: expect.stringContaining('フォルダーです'),
    });
    expect(db.$client.prepare('SELECT COUNT(*) AS n FROM imports').get()).toEqual({ n: 0 });
    closeDb(db);
  });
});
