// The mailing plan of the latest classification run: one piece per mailable person to notify,
// in the print files' order (category, then letter length when print files are split by it,
// then postal code), with the page count of the person's newest letter of this run and whether
// their letter carries a customer barcode, priced with the rate table in use.
import { requireRun } from '../classify/run.js';
import { categoryOf } from '../incident/categories.js';
import { printSettingsOf, type PrintSettings } from '../incident/letter-schema.js';
import { mailPlan, type MailPiece, type MailPlan } from '../mail/plan.js';
import { postalIndexFor } from '../mail/postal-store.js';
import { mailRatesFor } from '../mail/rates.js';
import type { SheetLine } from '../sheets/types.js';
import type { Db } from '../store/db.js';
import { normalizePostalCode } from '../text/normalize.js';
import { letterBarcodeOf } from './letter-inputs.js';

export interface RunMailPlan extends MailPlan {
  runId: number;
  incident: string;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function runMailPlan(db: Db, overrides: Partial<PrintSettings> = {}): RunMailPlan {
  const run = requireRun(db);
  const settings = { ...printSettingsOf(run.incident.letter), ...overrides };
  const index = postalIndexFor(db);
  const rows = db.$client.prepare(
    `SELECT r.category_mask AS mask, p.postal_code AS postalCode, p.address1, p.address2,
       (SELECT l.pages FROM letters l WHERE l.person_id = p.id AND l.run_id = r.run_id ORDER BY l.version DESC LIMIT 1) AS pages
     FROM run_persons r JOIN persons p ON p.id = r.person_id
     WHERE r.run_id = ? AND p.mailable = 1`,
  ).all(run.runId) as Array<{ mask: number; postalCode: string | null; address1: string | null; address2: string | null; pages: number | null }>;
  const pieces: MailPiece[] = rows.map((row) => ({
    category: categoryOf(run.incident, row.mask),
    postalCode: normalizePostalCode(row.postalCode) ?? '',
    pages: row.pages,
    barcoded: 'symbols' in letterBarcodeOf(index, row),
  }));
  pieces.sort((a, b) => byCodeUnits(a.category, b.category)
    || (settings.splitByPages ? (a.pages ?? 0) - (b.pages ?? 0) : 0)
    || byCodeUnits(a.postalCode, b.postalCode));
  return { runId: run.runId, incident: run.incident.code, ...mailPlan(pieces, { rates: mailRatesFor(db), ...settings }) };
}

/** The 郵送計画 sheet of the contact sheet: the same figures as `inw mail plan`, laid out in rows. */
export function mailPlanSheetLines(plan: RunMailPlan): SheetLine[] {
  const lines: SheetLine[] = [
    { cells: [`郵送計画（事案 ${plan.incident}、${plan.duplex ? '両面' : '片面'}印刷${plan.splitByPages ? '、ページ数ごとの印刷ファイル' : ''}）`], style: 'title' },
    { cells: ['項目', '通数', '備考'], style: 'header' },
    { cells: ['郵送する通知書', plan.pieces, '郵便番号と住所のある通知対象者'] },
    { cells: ['うちカスタマバーコード付き', plan.barcoded, `なし ${plan.withoutBarcode} 通（〒と住所の不一致、代表の郵便番号など）`] },
  ];
  if (plan.estimatedPieces > 0) lines.push({ cells: ['通知書未作成（重さは見積もり）', plan.estimatedPieces, `${plan.assumedPages} ページとして計算`], style: 'warning' });
  lines.push({ cells: [] }, { cells: ['区分ごと', '通数', 'バーコード付き', 'ページ数別', '料金（割引前、円）'], style: 'header' });
  for (const c of plan.byCategory) {
    const pages = Object.entries(c.byPages).map(([p, n]) => (p === '未作成' ? `未作成 ${n}` : `${p}ページ ${n}`)).join('、');
    lines.push({ cells: [c.category, c.pieces, c.barcoded, pages, c.postage] });
  }
  lines.push({ cells: ['合計', plan.pieces, plan.barcoded, null, plan.postage.before], style: 'label' });
  lines.push({ cells: [] }, { cells: ['料金の区分', '通数', '料金（円/通）', '重さの上限（g）'], style: 'header' });
  for (const b of plan.bands.filter((x) => x.pieces > 0)) lines.push({ cells: [b.name, b.pieces, b.yen, b.maxGrams] });
  if (plan.overweight > 0) lines.push({ cells: ['料金表の最後の区分より重い', plan.overweight, '要確認'], style: 'warning' });
  lines.push({ cells: [] }, { cells: ['割引', '適用', '割引率（%）', '割引額（円）', '判定', '条件'], style: 'header' });
  for (const d of plan.discounts) {
    lines.push({ cells: [d.name, d.applies ? '適用' : '対象外', d.percent, d.amount, d.reason, d.conditions.join(' / ')] });
  }
  lines.push(
    { cells: ['料金（割引前）', plan.postage.before, '円'], style: 'label' },
    { cells: ['割引', plan.postage.discount, '円（1円未満切り捨ての概算）'], style: 'label' },
    { cells: ['料金（割引後）', plan.postage.after, '円'], style: 'label' },
    { cells: [] },
    { cells: ['郵便区番号ごとの束（印刷ファイルの順）'], style: 'title' },
    { cells: ['区分', 'ページ数', '郵便区番号（上3桁）', '通数', 'バーコード付き'], style: 'header' },
  );
  for (const b of plan.bundles) lines.push({ cells: [b.category, b.pages, b.area, b.pieces, b.barcoded] });
  lines.push(
    { cells: [] },
    { cells: [`料金表: ${plan.rates.title}（${plan.rates.effectiveFrom} から、${plan.rates.loaded ? `${plan.rates.file ?? ''} を読み込み` : 'アプリ同梱'}）`], style: 'label' },
    ...plan.rates.sources.map((s) => ({ cells: [`出典: ${s.label}`, null, s.url ?? null] })),
  );
  if (plan.rates.weightNote) lines.push({ cells: [`重さ: ${plan.rates.weightNote}`] });
  return lines;
}
