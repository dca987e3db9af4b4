// Issue 18.11 (c), (d), (f): every code the core stores goes through one Japanese label table
// (core/vocabulary/labels.ts) before staff see it, and every time is shown in Japan time. The
// tables are checked against the codes the source actually writes, so a new audit action, detail
// key, history source or output kind without words fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_LABELS, HISTORY_SOURCE_LABELS, OUTPUT_KIND_LABELS, auditActionLabel, auditDetailEntries, auditDetailKey, auditDetailValue, encodingLabel,
} from '../../../src-main/core/vocabulary/labels.js';
import { categoryTitle } from '../../../src-main/core/vocabulary/exposures.js';
import { jstDateTime } from '../../../src-main/core/vocabulary/japan-time.js';
import { OUTPUT_KINDS } from '../../../src-main/core/store/outputs.js';
import { ROOT } from '../../helpers/fixtures.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

const CORE = sources(join(ROOT, 'src-main', 'core'));

/** The object literal after `detail: ` (or the third argument of recordExport), as text. */
function detailLiterals(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/detail: \{|recordExport\(options, '[a-z-]+', \{/g)) {
    let depth = 0;
    const start = m.index + m[0].length - 1;
    for (let i = start; i < source.length; i++) {
      if (source[i] === '{') depth++;
      else if (source[i] === '}' && --depth === 0) {
        out.push(source.slice(start + 1, i));
        break;
      }
    }
  }
  return out;
}

describe('the label table covers every code the core writes', () => {
  it('every audit action', () => {
    const actions = new Set(CORE.flatMap((s) => [...s.matchAll(/action: '([a-z-]+)'|recordExport\(options, '([a-z-]+)'/g)].map((m) => m[1] ?? m[2]!)));
    expect(actions.size).toBeGreaterThan(20);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_LABELS))).toEqual([]);
  });

  it('every key of every audit detail', () => {
    const keys = new Set(CORE.flatMap(detailLiterals).flatMap((text) => [...text.matchAll(/(?:^|[{,]\s*)([a-zA-Z][a-zA-Z0-9]*)(?=\s*[:,}]|\s*$)/g)].map((m) => m[1]!)));
    expect(keys.size).toBeGreaterThan(40);
    const unnamed = [...keys].filter((k) => auditDetailKey('any', k) === k);
    expect(unnamed).toEqual([]);
  });

  it('every history source and every output kind', () => {
    const union = /export type HistorySource = ([^;]+);/.exec(CORE.find((s) => s.includes('export type HistorySource'))!)![1]!;
    const history = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
    expect(history.filter((h) => !(h in HISTORY_SOURCE_LABELS))).toEqual([]);
    expect([...OUTPUT_KINDS, 'migration-copy'].filter((k) => !(k in OUTPUT_KIND_LABELS))).toEqual([]);
  });
});

describe('audit details in words', () => {
  const exposures = [{ code: 'token-db', label: 'トークン方式のデータベース' }, { code: 'payment-db', label: '決済情報データベース' }];

  it('names a letter batch 通知書の作成 and a mailing 発送記録; null is —; codes, dates and times are words', () => {
    expect(auditActionLabel('letters')).toBe('通知書の作成');
    const letters = auditDetailEntries('letters', {
      batchId: 3, runId: 1, letterDate: '2026-12-01', rendered: 5, skipped: 0, notMailable: 2, review: 0, manifestSha256: null,
    });
    expect(letters).toEqual([
      ['通知書の作成', '#3'], ['分類', '#1'], ['発行日', '2026/12/01'], ['新規作成', '5'], ['変更なしで省略', '0'], ['郵送できない人', '2'], ['外字で要確認', '0'], ['明細のハッシュ', '—'],
    ]);
    expect(auditDetailEntries('mailing-batch', { batchId: 2 })).toEqual([['発送記録', '#2']]);
    expect(auditDetailEntries('inquiry', { channel: '電話', topic: 'card-reissue', personId: null })).toEqual([
      ['受付方法', '電話'], ['問い合わせの種類', 'カード再発行'], ['対象者', '—'],
    ]);
    expect(auditDetailEntries('import', { kind: 'confirmed', exposure: 'payment-db' }, exposures)).toEqual([['種類', '流出確認リスト'], ['流出区分', '② 決済情報データベース']]);
    // Another file has no exposure: the key is left out, not shown as 「流出区分 —」.
    expect(auditDetailEntries('import', { importId: 1, kind: 'donors', exposure: null, file: 'donors.csv' }, exposures)).toEqual([
      ['取込', '#1'], ['種類', '寄付者データ'], ['ファイル', 'donors.csv'],
    ]);
    expect(auditDetailValue('sheet-apply', 'sheetCreatedAt', '2026-12-01T17:31:32.308Z')).toBe('2026/12/02 02:31');
    expect(auditDetailValue('review-decision', 'withNote', false)).toBe('なし');
    expect(auditDetailValue('returned-mail-import', 'byReason', { 'moved-unknown': 2 })).toBe('転居先不明: 2');
    expect(auditDetailValue('purge', 'scope', { before: '2027-01-01' })).toBe('基準日: 2027/01/01');
    expect(auditDetailValue('inquiry-edit', 'changed', ['topic', 'body'])).toBe('問い合わせの種類・内容');
  });
});

describe('other codes in words', () => {
  it('categories by the exposures\' labels, encodings and formats by name', () => {
    const exposures = [{ code: 'token-db', label: 'トークン' }, { code: 'payment-db', label: '決済情報' }];
    expect(categoryTitle('token-db+payment-db', exposures)).toBe('①+② トークン・決済情報');
    expect(categoryTitle('none', exposures)).toBe('対象外 (該当なし)');
    expect(encodingLabel('cp932')).toBe('Shift_JIS (CP932)');
    expect(encodingLabel('xlsx')).toBe('Excel (.xlsx)');
  });

  it('shows an instant in Japan time, the one way (2026-12-01T17:31:32.308Z is 12/02 02:31 in Japan)', () => {
    expect(jstDateTime('2026-12-01T17:31:32.308Z')).toBe('2026/12/02 02:31');
    expect(jstDateTime('2026-12-01T17:31:32.308Z', { seconds: true })).toBe('2026/12/02 02:31:32');
    expect(jstDateTime(Date.parse('2026-12-31T15:00:00Z'))).toBe('2027/01/01 00:00');
  });
});
