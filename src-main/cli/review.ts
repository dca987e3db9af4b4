// `inw review`: the review queue (要確認) and staff decisions on it. Parsing and printing only.
import { withDb, type CliContext } from './context.js';
import { usageError as usage } from './help.js';

type Core = typeof import('../core/index.js');

export const REVIEW_USAGE = `  inw review list [--all] [--json]                    # 要確認の未対応の項目 (--all: 対応済みも、対応の記録つきで)
  inw review decide --kind near-duplicate --persons P1,P2 --decision different|same [--note TEXT]
  inw review decide --kind undeliverable|missing-glyph --persons P1 --decision handled [--note TEXT]
  inw review undo --kind 種類 --persons P1[,P2]         # 対応の記録を取り消し、要確認に戻す
`;


const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export async function runReviewCommand(core: Core, args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = ctx.parse(args, {
    db: { type: 'string' }, wait: { type: 'string' }, all: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    kind: { type: 'string' }, persons: { type: 'string' }, decision: { type: 'string' }, note: { type: 'string' },
  });
  const sub = positionals[0];
  if (sub !== 'list' && sub !== 'decide' && sub !== 'undo') throw usage('review の後に list / decide / undo を指定してください。');
  if (positionals.length > 1) throw usage(`review ${sub} の後の「${positionals[1]}」は使えません (--persons などのオプションで指定してください)。`);
  const target = () => {
    if (!values.kind || !values.persons) throw usage(`--kind (${core.DECIDABLE_REVIEW_KINDS.join('・')}) と --persons P… を指定してください。`);
    const personIds = (values.persons as string).split(/[,、\s]+/).filter(Boolean).map((p) => core.parsePersonId(p));
    return { kind: values.kind as string, personIds };
  };
  return withDb(ctx, values, sub === 'list' ? 'read' : 'write', async (db) => {
    const tctx = { db, now: () => new Date(), actor: ctx.actor() };
    if (sub === 'list') {
      const run = core.requireRun(db);
      const items = core.reviewItems(db, run.runId, { includeDecided: values.all as boolean });
      if (values.json) {
        out(JSON.stringify(items, null, 2));
        return 0;
      }
      const decided = items.filter((i) => i.decision !== null).length;
      out(`要確認: 未対応 ${items.length - decided} 件${values.all ? `、対応済み ${decided} 件` : ''}`);
      for (const i of items) {
        const who = i.personIds.map((id, k) => `${id} ${i.names[k] ?? ''}`.trim()).join(' / ');
        out(`  [${core.REVIEW_KIND_LABELS[i.kind]}] ${who}${who ? ': ' : ''}${i.reason}${i.detail ? ` (${i.detail})` : ''}`);
        const d = i.decision;
        if (d) out(`      → ${d.label} (${core.jstDateTime(d.decidedAt)}, ${d.actor})${d.note ? ` ${d.note}` : ''}`);
      }
      return 0;
    }
    if (sub === 'decide') {
      if (!values.decision) throw usage(`--decision (${core.REVIEW_DECISION_CODES.join('・')}) を指定してください。`);
      const r = core.decideReview(tctx, { ...target(), decision: values.decision as string, note: values.note as string | undefined });
      if (values.json) out(JSON.stringify(r, null, 2));
      else out(`記録しました (#${r.id}): ${core.REVIEW_KIND_LABELS[r.kind]} ${r.personIds.join('・')} → ${r.label}${r.note ? ` (${r.note})` : ''}`);
      return 0;
    }
    const r = core.undoReviewDecision(tctx, target());
    if (values.json) out(JSON.stringify(r, null, 2));
    else out(`取り消しました (#${r.id}): ${core.REVIEW_KIND_LABELS[r.kind]} ${r.personIds.join('・')} の「${r.label}」。要確認に戻りました。`);
    return 0;
  });
}
