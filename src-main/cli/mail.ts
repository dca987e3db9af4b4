// `inw barcode` and `inw postal`: the customer barcode and the postal-code data. Parsing and printing only.
import type { CliContext } from './context.js';
import { usageError as usage } from './help.js';

type Core = typeof import('../core/index.js');

export const MAIL_USAGE = `  inw barcode --postal 2630023 --address 住所 [--json]   # カスタマバーコード (住所表示番号と記号列)
  inw postal info [--json]                             # 使っている郵便番号データとその日付
  inw postal load KEN_ALL.CSV [JIGYOSYO.CSV] [--date YYYY-MM-DD]   # 日本郵便の新しいデータを読み込む
  inw postal check [--json]                            # 通知対象者の〒と住所の不一致
  inw postal fix --person P000123 [--code 1234567]     # 〒を住所の町域の郵便番号に訂正 (住所訂正として記録)
`;


const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export function runBarcodeCommand(core: Core, args: string[], ctx: CliContext): number {
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
    const db = ctx.openDb(values, 'read');
    try {
      index = core.postalIndexFor(db);
    } finally {
      core.closeDb(db);
    }
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
  const db = ctx.openDb(values, sub === 'info' || sub === 'check' ? 'read' : 'write');
  try {
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
  } finally {
    core.closeDb(db);
  }
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
