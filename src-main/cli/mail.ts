// `inw barcode` and `inw postal`: the customer barcode and the postal-code data. Parsing and printing only.
import { withDb, type CliContext } from './context.js';
import { usageError as usage } from './help.js';

type Core = typeof import('../core/index.js');

export const MAIL_USAGE = `  inw barcode --postal 2630023 --address 住所 [--json]   # カスタマバーコード (住所表示番号と記号列)
  inw postal info [--json]                             # 使っている郵便番号データとその日付
  inw postal load KEN_ALL.CSV [JIGYOSYO.CSV] [--date YYYY-MM-DD]   # 日本郵便の新しいデータを読み込む
  inw postal check [--json]                            # 通知対象者の〒と住所の不一致
  inw postal fix --person P000123 [--code 1234567]     # 〒を住所の町域の郵便番号に訂正 (住所訂正として記録)
  inw mail plan [--json] [--duplex|--simplex] [--split-pages]   # 郵送計画: 通数・郵便区番号ごとの束・割引・料金
  inw mail rates [--json]                              # 使っている料金表 (--json の出力を編集して読み込めます)
  inw mail rates load FILE.json                        # 新しい料金表を読み込む (日付と出典つき)
`;


const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export async function runBarcodeCommand(core: Core, args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = ctx.parse(args, {
    db: { type: 'string' }, wait: { type: 'string' }, postal: { type: 'string' }, address: { type: 'string' }, json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw usage(`barcode の後の「${positionals[0]}」は使えません (--postal と --address で指定してください)。`);
  if (!values.postal || !values.address) throw usage('--postal 郵便番号 と --address 住所 を指定してください。');
  const postalCode = core.normalizePostalCode(values.postal as string);
  if (!postalCode) throw usage(`郵便番号「${values.postal}」は7桁の郵便番号ではありません。`);
  // With --db, the postal data that case uses (a loaded KEN_ALL), else the bundled edition.
  let index = core.bundledPostalIndex();
  if (values.db) {
    index = await withDb(ctx, values, 'read', (db) => core.postalIndexFor(db));
  }
  const barcode = core.customerBarcode(index, postalCode, values.address as string);
  if (values.json) {
    out(JSON.stringify(barcode.ok
      ? { addressNumber: barcode.addressNumber, symbols: barcode.symbols }
      : { addressNumber: null, symbols: null, reason: barcode.reason, message: barcode.message }));
  } else if (barcode.ok) {
    out(`住所表示番号: ${barcode.addressNumber || '(なし)'}\n記号: ${barcode.symbols.join(' ')}\n郵便番号データ: ${index.source} (${index.date})`);
  } else out(`バーコードなし: ${barcode.message}`);
  return barcode.ok ? 0 : 1;
}

export async function runPostalCommand(core: Core, args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = ctx.parse(args, {
    db: { type: 'string' }, wait: { type: 'string' }, json: { type: 'boolean', default: false }, date: { type: 'string' },
    person: { type: 'string' }, code: { type: 'string' },
  });
  const sub = positionals[0];
  if (sub !== 'info' && sub !== 'load' && sub !== 'check' && sub !== 'fix') throw usage('postal の後に info / load / check / fix を指定してください。');
  if (sub !== 'load' && positionals.length > 1) throw usage(`postal ${sub} の後の「${positionals[1]}」は使えません。`);
  return withDb(ctx, values, sub === 'info' || sub === 'check' ? 'read' : 'write', async (db) => {
    const tctx = { db, now: () => new Date(), actor: ctx.actor() };
    if (sub === 'info') {
      const info = core.postalDataInfo(db);
      if (values.json) out(JSON.stringify(info, null, 2));
      else out(`郵便番号データ: ${info.source}、${info.date} 時点、${info.codes.toLocaleString('ja-JP')} 件${info.loaded ? ` (${info.loadedAt} ${info.actor} が読み込み)` : ' (アプリ同梱。新しいデータは inw postal load で読み込めます)'}`);
      return 0;
    }
    if (sub === 'load') {
      const files = positionals.slice(1);
      if (files.length === 0) throw usage('読み込む KEN_ALL.CSV (と JIGYOSYO.CSV) を指定してください。');
      const info = await core.loadPostalData(tctx, { files, date: values.date as string | undefined });
      out(`郵便番号データを読み込みました: ${info.source}、${info.date} 時点、${info.codes.toLocaleString('ja-JP')} 件。`);
      return 0;
    }
    if (sub === 'check') {
      const run = core.requireRun(db);
      const open = core.reviewItems(db, run.runId, { includeDecided: true }).filter((i) => i.kind === 'postal-mismatch');
      if (values.json) {
        out(JSON.stringify(open.map((i) => ({ personId: i.personIds[0], reason: i.reason, suggestedPostalCodes: i.suggestedPostalCodes ?? [], decision: i.decision })), null, 2));
        return 0;
      }
      const info = core.postalDataInfo(db);
      const pending = open.filter((i) => i.decision === null);
      out(`〒と住所の不一致: ${pending.length} 人${open.length > pending.length ? ` (ほかに確認済み ${open.length - pending.length} 人)` : ''}  郵便番号データ ${info.source} (${info.date})`);
      for (const item of pending) out(`  ${item.personIds[0]} ${item.names[0]}: ${item.reason}`);
      return 0;
    }
    if (!values.person) throw usage('--person P000123 を指定してください。');
    const correction = core.fixPostalCode(tctx, core.parsePersonId(values.person as string), values.code as string | undefined);
    out(`住所訂正 #${correction.id}: ${correction.personId} ${correction.reason}`);
    return 0;
  });
}

/** Before `inw letters` prints: the open 〒と住所の不一致 (letters are still made, without a barcode). */
export function writePostalMismatches(core: Core, db: ReturnType<Core['openDb']>): void {
  const run = core.latestRun(db);
  if (!run) return;
  const open = core.reviewItems(db, run.runId).filter((i) => i.kind === 'postal-mismatch');
  if (open.length === 0) return;
  out(`〒と住所の不一致 ${open.length} 人 (通知書はカスタマバーコードなしで作成します。inw postal fix で訂正、確認済みなら inw review decide --kind postal-mismatch):`);
  for (const item of open) out(`  ${item.personIds[0]} ${item.names[0]}: ${item.reason}`);
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const count = (n: number) => `${n.toLocaleString('ja-JP')}通`;

/** The print settings a command was told to use instead of the incident's: --duplex/--simplex, --split-pages. */
export function printOverrides(values: Record<string, unknown>): { duplex?: boolean; splitByPages?: boolean } {
  if (values.duplex && values.simplex) throw usage('--duplex と --simplex は同時に指定できません。');
  return {
    ...(values.duplex ? { duplex: true } : values.simplex ? { duplex: false } : {}),
    ...(values['split-pages'] ? { splitByPages: true } : {}),
  };
}

export const PRINT_OPTIONS = {
  duplex: { type: 'boolean', default: false }, simplex: { type: 'boolean', default: false }, 'split-pages': { type: 'boolean', default: false },
} as const;

/** `inw mail plan` and `inw mail rates`: the mailing plan and the rate table it prices with. */
export function runMailPlanCommand(core: Core, args: string[], ctx: CliContext): number {
  const { values, positionals } = ctx.parse(args, {
    db: { type: 'string' }, wait: { type: 'string' }, json: { type: 'boolean', default: false }, ...PRINT_OPTIONS,
  });
  const [sub, verb, file, extra] = positionals;
  if (sub === 'rates') {
    if (verb === 'load') {
      if (!file) throw usage('読み込む料金表 (JSON) を指定してください。');
      if (extra !== undefined) throw usage(`mail rates load の後の「${extra}」は使えません。`);
      const rates = core.readMailRatesFile(file);
      const db = ctx.openDb(values, 'write');
      try {
        const info = core.saveMailRates({ db, now: () => new Date(), actor: ctx.actor() }, rates, file.split(/[\\/]/).pop()!);
        out(`料金表を読み込みました: ${info.rates.title} (${info.rates.effectiveFrom} から)`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    if (verb !== undefined) throw usage(`mail rates の後の「${verb}」は使えません (load FILE.json)。`);
    const db = ctx.openDb(values, 'read');
    try {
      const info = core.mailRatesFor(db);
      if (values.json) out(JSON.stringify(info.rates, null, 2));
      else {
        out(`料金表: ${info.rates.title} (${info.rates.effectiveFrom} から)${info.loaded ? ` ${info.file} を ${info.loadedAt} ${info.actor} が読み込み` : ' アプリ同梱'}`);
        for (const b of info.rates.postage) out(`  ${b.name}: ${b.maxGrams}g まで ${yen(b.yen)}`);
        const d = info.rates.discounts;
        out(`  ${d.sorted.name}: ${d.sorted.tiers.map((t) => `${count(t.minPieces)}以上 ${t.percent}%`).join('、')}`);
        out(`  ${d.barcode.name}: ${count(d.barcode.minPieces)}以上 ${d.barcode.percent}%`);
        for (const s of info.rates.sources) out(`  出典: ${s.label}${s.url ? ` ${s.url}` : ''}`);
      }
      return 0;
    } finally {
      core.closeDb(db);
    }
  }
  if (verb !== undefined) throw usage(`mail plan の後の「${verb}」は使えません。`);
  const db = ctx.openDb(values, 'read');
  try {
    const plan = core.runMailPlan(db, printOverrides(values));
    if (values.json) {
      out(JSON.stringify(plan, null, 2));
      return 0;
    }
    out(`郵送計画 (事案 ${plan.incident}、${plan.duplex ? '両面' : '片面'}印刷${plan.splitByPages ? '、ページ数ごとの印刷ファイル' : ''}): ${count(plan.pieces)}、うちカスタマバーコード付き ${count(plan.barcoded)}`);
    for (const c of plan.byCategory) {
      const pages = Object.entries(c.byPages).map(([p, n]) => (p === '未作成' ? `未作成 ${count(n)}` : `${p}ページ ${count(n)}`)).join('、');
      out(`  ${c.category}: ${count(c.pieces)} (バーコード付き ${count(c.barcoded)}; ${pages})`);
    }
    if (plan.estimatedPieces > 0) out(`  通知書をまだ作っていない ${count(plan.estimatedPieces)}は ${plan.assumedPages} ページとして重さを見積もりました。`);
    for (const b of plan.bands.filter((x) => x.pieces > 0)) out(`  ${b.name} (${b.maxGrams}g まで ${yen(b.yen)}): ${count(b.pieces)}`);
    if (plan.overweight > 0) out(`  重さが料金表の最後の区分を超える ${count(plan.overweight)}は、その区分の料金で計算しています。確認してください。`);
    for (const d of plan.discounts) out(`${d.applies ? '適用' : '対象外'} ${d.name}: ${d.reason}${d.applies ? ` (−${yen(d.amount)})` : ''}`);
    out(`料金: 割引前 ${yen(plan.postage.before)}、割引 ${yen(plan.postage.discount)}、割引後 ${yen(plan.postage.after)} (割引額は1円未満切り捨ての概算)`);
    out(`郵便区番号 (上3桁) ごとの束 (印刷ファイルの順):`);
    for (const b of plan.bundles) out(`  ${b.category}${b.pages !== null ? ` ${b.pages}ページ` : ''} ${b.area}: ${count(b.pieces)}${b.barcoded < b.pieces ? ` (バーコードなし ${b.pieces - b.barcoded})` : ''}`);
    out(`料金表: ${plan.rates.title} (${plan.rates.effectiveFrom} から、${plan.rates.loaded ? `${plan.rates.file} を読み込み` : 'アプリ同梱'})`);
    return 0;
  } finally {
    core.closeDb(db);
  }
}
