// `inw review` on a small classified database: list the open items, decide a near-duplicate
// pair and an undeliverable person, see the summary's to-do shrink, list decided items with
// --all, undo, refuse bad requests with exit 1 and a one-line reason, audit verify passes.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_HEADER, inw, inwOk, tempDir, writeCsv } from '../helpers/fixtures.js';

const dir = tempDir('inw-cli-review-');
const db = join(dir, 'review.db');

interface Item { kind: string; personIds: string[]; decision: { decision: string; label: string; note: string | null; actor: string } | null }

async function list(all = false): Promise<Item[]> {
  return JSON.parse((await inwOk(['review', 'list', ...(all ? ['--all'] : []), '--json', '--db', db])).stdout) as Item[];
}

beforeAll(async () => {
  const donors = writeCsv(join(dir, 'donors.csv'), [
    ['注文番号', '会員番号', '氏名', '郵便番号', '住所'],
    ['D-1', 'M-1', '高橋 五郎', '100-0001', '東京都千代田区千代田1-1'],
    ['D-2', 'M-2', '高橋 五郎', '100-0001', '東京都千代田区千代田2-2'],
    ['D-3', 'M-3', '佐藤 三郎', '', '大阪府大阪市北区梅田1-1'],
  ]);
  const payments = writeCsv(join(dir, 'payments.csv'), [
    PAYMENT_HEADER,
    ['T1', 'D-1', 'M-1', '2021/11/01 10:00', 'クレジットカード', '************1111', '1000', '売上確定'],
    ['T2', 'D-2', 'M-2', '2021/11/02 10:00', 'クレジットカード', '************2222', '1000', '売上確定'],
    ['T3', 'D-3', 'M-3', '2021/11/03 10:00', 'クレジットカード', '************3333', '1000', '売上確定'],
  ]);
  await inwOk(['import', 'donors', donors, '--db', db]);
  await inwOk(['import', 'payments', payments, '--db', db]);
  await inwOk(['classify', '--incident', 'metaps-2022', '--db', db]);
}, 120_000);

describe('inw review', () => {
  it('decides, lists decided items with --all, counts the to-do in the summary, and undoes', async () => {
    expect((await list()).map((i) => `${i.kind} ${i.personIds.join(',')}`)).toEqual(['undeliverable P000003', 'near-duplicate P000001,P000002']);
    expect((await inwOk(['summary', '--db', db])).stdout).toContain('要確認 (未対応) 重複の疑い 1 組   郵送不可 1 人');

    const decided = await inwOk(['review', 'decide', '--kind', 'near-duplicate', '--persons', 'P000002,P1', '--decision', 'different', '--note', '電話で確認', '--db', db]);
    expect(decided.stdout).toContain('記録しました');
    expect(decided.stdout).toContain('P000001・P000002 → 別人');
    await inwOk(['review', 'decide', '--kind', 'undeliverable', '--persons', 'P000003', '--decision', 'handled', '--db', db]);
    expect(await list()).toEqual([]);
    const all = await list(true);
    expect(all.map((i) => [i.kind, i.decision?.decision, i.decision?.note])).toEqual([['undeliverable', 'handled', null], ['near-duplicate', 'different', '電話で確認']]);
    const summary = JSON.parse((await inwOk(['summary', '--json', '--db', db])).stdout) as { reviewItems: Record<string, number> };
    expect(summary.reviewItems).toMatchObject({ nearDuplicates: 0, undeliverable: 0, decided: 2 });
    expect((await inwOk(['summary', '--db', db])).stdout).toContain('対応済み 2 件');
    expect((await inwOk(['review', 'list', '--all', '--db', db])).stdout).toContain('→ 別人');
    // The person's history names the decision and the other person of the pair.
    const history = (await inwOk(['history', 'P000002', '--db', db])).stdout;
    expect(history).toMatch(/要確認の判断:\n.* 重複の疑い P000001 高橋 五郎と → 別人 電話で確認 \(/);
    const historyJson = JSON.parse((await inwOk(['history', 'P000003', '--json', '--db', db])).stdout) as { reviewDecisions: Array<{ kind: string; decision: string }> };
    expect(historyJson.reviewDecisions.map((r) => [r.kind, r.decision])).toEqual([['undeliverable', 'handled']]);

    const undone = await inwOk(['review', 'undo', '--kind', 'near-duplicate', '--persons', 'P000001,P000002', '--db', db]);
    expect(undone.stdout).toContain('要確認に戻りました');
    expect((await list()).map((i) => i.kind)).toEqual(['near-duplicate']);

    const audit = JSON.parse((await inwOk(['audit', 'list', '--json', '--db', db])).stdout) as Array<{ action: string }>;
    expect(audit.map((e) => e.action).filter((a) => a.startsWith('review-'))).toEqual(['review-undo', 'review-decision', 'review-decision']);
    expect((await inwOk(['audit', 'verify', '--db', db])).stdout).toContain('改ざんは見つかりませんでした');
  });

  it('refuses bad requests with exit 1 and a one-line reason, changing nothing', async () => {
    const before = await list(true);
    const cases: Array<[string[], string]> = [
      [['--kind', 'near-duplicate', '--persons', 'P000001,P000099', '--decision', 'same'], 'P000099 はいません'],
      [['--kind', 'undeliverable', '--persons', 'P000001', '--decision', 'handled'], '要確認の一覧にありません'],
      [['--kind', 'near-duplicate', '--persons', 'P000001,P000002', '--decision', 'handled'], 'different=別人'],
      [['--kind', 'near-duplicate', '--persons', 'P000001', '--decision', 'same'], '2 つ指定'],
    ];
    for (const [args, message] of cases) {
      const r = await inw(['review', 'decide', ...args, '--db', db]);
      expect([r.status, r.stderr.trim().split('\n')]).toEqual([1, [expect.stringContaining(message)]]);
    }
    const missing = await inw(['review', 'decide', '--kind', 'near-duplicate', '--decision', 'same', '--db', db]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--persons');
    expect(await list(true)).toEqual(before);
  });
});
