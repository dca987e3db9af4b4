// A mistyped command line is answered in Japanese with exit 2 and the help to read: node:util's
// parseArgs words its errors in English, and an unknown command has no help of its own.
import { describe, expect, it } from 'vitest';
import { ensureBuilt, inw } from '../helpers/fixtures.js';

describe('inw: usage mistakes', () => {
  it('names the option or command in Japanese and points to the right help', { timeout: 60_000 }, async () => {
    ensureBuilt();
    const cases: Array<[string[], string, string]> = [
      [['summary', '--foo'], '--foo というオプションはありません。', 'inw summary --help'],
      [['letters', '--out'], '--out の後に値を指定してください。', 'inw letters --help'],
      [['summary', '--json=1'], '--json には値を付けません。', 'inw summary --help'],
      [['frobnicate'], '不明なコマンド: frobnicate', 'inw --help'],
    ];
    for (const [args, message, help] of cases) {
      const r = await inw(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`inw: ${message}\n(使い方: ${help})\n`);
      expect(r.stderr).not.toMatch(/[A-Za-z]{4,} (option|argument)/);
    }
  });
});
