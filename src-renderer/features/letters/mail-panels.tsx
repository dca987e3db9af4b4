// Before printing and mailing: the postal-code data in use with its date (and loading a newer
// Japan Post KEN_ALL.CSV, CP932 or UTF-8, with JIGYOSYO.CSV), and the mailing plan (郵送計画) —
// pieces per category, 郵便区番号 bundles in print order, barcodes, Japan Post's discounts and
// the postage, priced with the rate table in use (dated, with its sources; a newer one loadable).
import { useState } from 'react';
import type { FileRef } from '../../../src-main/electron/ipc/contract';
import type { PrintSettings } from '../../../src-main/core/index';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Notice } from '../../components/ui';
import { DateInput } from '../../components/fields';
import { categoryTitle, jstDate, jstDateTime, num, yen, type ExposureInfo } from '../../format';

export function PostalDataCard({ onLoaded }: { onLoaded?: () => void }) {
  const info = useLoad(() => call('postal:info'), []);
  const [files, setFiles] = useState<FileRef[]>([]);
  const [date, setDate] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const choose = async () => {
    setDone(null);
    const ref = await action.run(() => call('dialog:openFile', { purpose: 'postal' }));
    if (ref) setFiles((list) => [...list.filter((f) => f.name !== ref.name), ref].slice(-2));
  };
  const load = async () => {
    const result = await action.run(() => call('postal:load', { files: files.map((f) => f.id), ...(date ? { date } : {}) }));
    if (result) {
      setDone(`郵便番号データを読み込みました: ${result.source}、${jstDate(result.date)} 時点、${num(result.codes)} 件。`);
      setFiles([]);
      info.reload();
      onLoaded?.();
    }
  };
  const d = info.data;
  return (
    <Card title="郵便番号データ">
      <ErrorBox message={info.error ?? action.error} />
      {d && (
        <p data-testid="postal-data">
          {d.source}、<strong>{jstDate(d.date)} 時点</strong>、{num(d.codes)} 件
          {d.loaded ? <span className="muted small"> ({jstDateTime(d.loadedAt)} {d.actor} が読み込み)</span> : <span className="muted small"> (アプリ同梱)</span>}
        </p>
      )}
      <p className="muted small">
        通知対象者の〒と住所の照合とカスタマバーコードに使います。日本郵便の新しい KEN_ALL.CSV (CP932 または UTF-8 版。事業所の
        JIGYOSYO.CSV も一緒に選べます) を読み込むと、このデータベースではそちらを使います。ZIP は展開してから選んでください。
      </p>
      <div className="actions-row">
        <button type="button" className="btn" disabled={action.busy} onClick={() => void choose()}>ファイルを選択…</button>
        <span className={files.length ? '' : 'muted'} data-testid="postal-files">{files.length ? files.map((f) => f.name).join('、') : '未選択'}</span>
        <DateInput label="データの日付 (任意)" name="postalDataDate" value={date} onChange={setDate} />
        <button type="button" className="btn btn-primary" disabled={files.length === 0 || action.busy} onClick={() => void load()}>
          {action.busy ? '読み込み中…' : '読み込む'}
        </button>
      </div>
      {done && <Notice kind="ok"><span data-testid="postal-loaded">{done}</span></Notice>}
    </Card>
  );
}

/** `print` overrides the incident's print settings, as the batch about to be made will use them. */
export function MailPlanCard({ print, refresh, exposures }: { print: Partial<PrintSettings>; refresh: number; exposures: readonly ExposureInfo[] }) {
  const [ratesTick, setRatesTick] = useState(0);
  const plan = useLoad(() => call('mail:plan', { print }), [print.duplex, print.splitByPages, refresh, ratesTick]);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const loadRates = async () => {
    setDone(null);
    const ref = await action.run(() => call('dialog:openFile', { purpose: 'rates' }));
    if (!ref) return;
    const info = await action.run(() => call('mail:loadRates', { file: ref.id }));
    if (info) {
      setDone(`料金表「${info.rates.title}」(${jstDate(info.rates.effectiveFrom)} から) を読み込みました。`);
      setRatesTick((t) => t + 1);
    }
  };
  const p = plan.data;
  return (
    <Card
      title="郵送計画"
      actions={<button type="button" className="btn btn-small" disabled={action.busy} onClick={() => void loadRates()}>料金表を読み込む…</button>}
    >
      <ErrorBox message={plan.error ?? action.error} />
      {done && <Notice kind="ok"><span data-testid="rates-loaded">{done}</span></Notice>}
      {p === null ? (
        <Empty title="まだ分類していません">分類すると、通数・郵便区番号ごとの束・割引・料金をここに表示します。</Empty>
      ) : !p ? null : (
        <div data-testid="mail-plan">
          <p>
            郵送 <strong data-testid="plan-pieces">{num(p.pieces)} 通</strong>、うちカスタマバーコード付き <strong data-testid="plan-barcoded">{num(p.barcoded)} 通</strong>
            （{p.duplex ? '両面印刷' : '片面印刷'}{p.splitByPages ? '、ページ数ごとの印刷ファイル' : ''}）
          </p>
          {p.estimatedPieces > 0 && <p className="muted small">通知書をまだ作っていない {num(p.estimatedPieces)} 通は {p.assumedPages} ページとして重さを見積もっています。</p>}
          <div className="table-scroll">
            <table className="table">
              <thead><tr><th>区分</th><th>通数</th><th>バーコード付き</th><th>ページ数別</th><th>料金 (割引前)</th></tr></thead>
              <tbody>
                {p.byCategory.map((c) => (
                  <tr key={c.category}>
                    <td>{categoryTitle(c.category, exposures)}</td><td>{num(c.pieces)}</td><td>{num(c.barcoded)}</td>
                    <td>{Object.entries(c.byPages).map(([pages, n]) => `${pages === '未作成' ? '未作成' : `${pages}ページ`} ${num(n)}`).join('、')}</td>
                    <td>{yen(c.postage)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <table className="table" data-testid="plan-discounts">
            <thead><tr><th>割引</th><th>判定</th><th>割引額</th></tr></thead>
            <tbody>
              {p.discounts.map((d) => (
                <tr key={d.code} data-discount={d.code}>
                  <td>{d.name}<div className="muted small">{d.conditions.join(' / ')}</div></td>
                  <td><Badge tone={d.applies ? 'green' : 'gray'}>{d.applies ? `適用 ${d.percent}%` : '対象外'}</Badge> <span className="small">{d.reason}</span></td>
                  <td>{d.applies ? yen(d.amount) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="plan-postage">
            料金: 割引前 {yen(p.postage.before)}、割引 {yen(p.postage.discount)}、<strong>割引後 {yen(p.postage.after)}</strong>
            <span className="muted small"> (割引額は1円未満切り捨ての概算)</span>
          </p>
          <details>
            <summary>郵便区番号 (上3桁) ごとの束 — 印刷ファイルの順に {num(p.bundles.length)} 束</summary>
            <div className="table-scroll">
              <table className="table" data-testid="plan-bundles">
                <thead><tr><th>区分</th>{p.splitByPages && <th>ページ数</th>}<th>郵便区番号</th><th>通数</th><th>バーコード付き</th></tr></thead>
                <tbody>
                  {p.bundles.map((b) => (
                    <tr key={`${b.category}:${b.pages ?? ''}:${b.area}`}>
                      <td>{categoryTitle(b.category, exposures)}</td>{p.splitByPages && <td>{b.pages}</td>}<td className="mono">{b.area}</td><td>{num(b.pieces)}</td><td>{num(b.barcoded)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <p className="muted small" data-testid="plan-rates">
            料金表: {p.rates.title} ({jstDate(p.rates.effectiveFrom)} から、{p.rates.loaded ? `${p.rates.file ?? ''} を ${jstDateTime(p.rates.loadedAt)} に読み込み` : 'アプリ同梱'})。
            出典: {p.rates.sources.map((s) => s.label).join('・')}。
            {p.rates.weightNote ? ` ${p.rates.weightNote}` : ''} 新しい料金表は CLI の inw mail rates --json の出力を編集して読み込めます。
          </p>
        </div>
      )}
    </Card>
  );
}
