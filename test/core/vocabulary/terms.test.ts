// Issue 18.11 (e) and issue 16: one term per concept. 流出 (not 漏えい / 漏洩 / 露出), 矛盾 (not
// 競合 / 食い違い), 流出確認リスト (not 確認済みリスト), 連絡表 (not 連絡先一覧 / 連絡先シート), defined once in core/vocabulary/labels.ts. No
// banned variant may appear in the renderer, the CLI or the core's messages (which the CLI
// prints and the app shows). Comments are not shown to anyone and are not read. The legal
// wording of a letter is the incident preset's (core/incident/preset-*.ts) and is not checked.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANNED_TERMS, TERMS } from '../../../src-main/core/vocabulary/labels.js';
import { ROOT } from '../../helpers/fixtures.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

/** The source without its comments: line comments, block comments and JSDoc. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');
}

const CHECKED = ['src-renderer', 'src-main/cli', 'src-main/core', 'src-main/electron', 'src-main/bridge'];
/** Where the banned words are named on purpose, and the letters' legal wording. */
const EXEMPT = [/core\/vocabulary\/labels\.ts$/, /core\/incident\/preset-[^/]+\.ts$/];

describe('one term per concept', () => {
  it('defines each term once, and bans its variants', () => {
    expect(TERMS).toEqual({ exposure: '流出', confirmedList: '流出確認リスト', conflict: '矛盾', contactSheet: '連絡表' });
    for (const variant of ['漏えい', '漏洩', '露出', '確認済みリスト', '競合', '食い違い', '連絡先一覧', '連絡先シート']) expect(BANNED_TERMS[variant], variant).toBeDefined();
  });

  it('no banned variant is in any text the app or the CLI can show', () => {
    const found: string[] = [];
    for (const dir of CHECKED) {
      for (const file of files(join(ROOT, dir))) {
        const name = relative(ROOT, file).replace(/\\/g, '/');
        if (EXEMPT.some((re) => re.test(name))) continue;
        withoutComments(readFileSync(file, 'utf8')).split('\n').forEach((line, i) => {
          for (const variant of Object.keys(BANNED_TERMS)) {
            if (line.includes(variant)) found.push(`${name}:${i + 1}: 「${variant}」→「${BANNED_TERMS[variant]}」`);
          }
        });
      }
    }
    expect(found).toEqual([]);
  });
});
