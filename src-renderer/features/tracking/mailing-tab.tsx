// 発送記録: record that waiting letters were mailed (date, postage method), all of them or a part
// (one print file as printed, by category, by postal range), after a confirmation that says
// exactly how many and which; the batches so far with their 備考, each one can be taken back
// with a reason.
import { useState } from 'react';
import type { Output, TrackingOptions } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { DateInput, Select, TextInput } from '../../components/fields';
import { Card, Empty, ErrorBox, Notice, Stat } from '../../components/ui';
import { categoryTitle, jstDate, jstDateTime, num, postal, todayJst, type ExposureInfo } from '../../format';

/** Areas in postal-code order: the order the post office counts the pieces in. */
function areaList(byArea: Record<string, number>): string {
  return Object.entries(byArea).sort(([a], [b]) => a.localeCompare(b)).map(([area, n]) => `${area}: ${num(n)}`).join('　');
}

type Plan = Output<'mailing:plan'>;

/** 〒100-0001 〜 〒199-9999 */
const rangeText = (r: Plan['postalRange']) => (r ? `${postal(r.from)} 〜 ${postal(r.to)}` : '—');
const categoryCounts = (byCategory: Record<string, number>, exposures: readonly ExposureInfo[]) =>
  Object.entries(byCategory).map(([c, n]) => `${categoryTitle(c, exposures)} ${num(n)} 通`).join('、');

export function MailingTab({ options, navigate }: { options: TrackingOptions; navigate: Navigate }) {
  const data = useLoad(() => call('mailing:list'), []);
  const all = useLoad(() => call('mailing:plan', {}), []);
  // The categories' names as staff read them (the run's codes are not for them).
  const { exposures } = options;
  const [mailedDate, setMailedDate] = useState(todayJst());
  const [postage, setPostage] = useState(options.postageMethods[0] ?? '');
  const [note, setNote] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const [postalFrom, setPostalFrom] = useState('');
  const [postalTo, setPostalTo] = useState('');
  /** `${letterBatch}\t${file}` of the chosen print file, '' for none. */
  const [printFile, setPrintFile] = useState('');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [done, setDone] = useState<Output<'mailing:create'> | null>(null);
  const [undoing, setUndoing] = useState<number | null>(null);
  const [undoReason, setUndoReason] = useState('');
  const [undone, setUndone] = useState<string | null>(null);
  const action = useAction();
  const waiting = data.data?.waiting ?? 0;
  const reload = () => {
    data.reload();
    all.reload();
  };

  // Any change of the selection or the date drops a confirmation made for the old one.
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPlan(null);
  };
  const check = async () => {
    setDone(null);
    setUndone(null);
    const p = await action.run(() => call('mailing:plan', {
      categories, ...(postalFrom.trim() ? { postalFrom } : {}), ...(postalTo.trim() ? { postalTo } : {}), ...chosenFile(),
    }));
    if (p) setPlan(p);
  };
  const chosenFile = () => {
    const [batch, file] = printFile.split('\t');
    return batch && file ? { printFile: file, letterBatch: Number(batch) } : {};
  };
  const record = async () => {
    if (!plan) return;
    const batch = await action.run(() => call('mailing:create', {
      mailedDate, postageMethod: postage, letterIds: plan.letterIds, ...(note.trim() ? { note } : {}),
      ...(plan.printFile ? { printFile: { letterBatch: plan.printFile.letterBatch, file: plan.printFile.file } } : {}),
    }));
    if (batch) {
      setDone(batch);
      setPlan(null);
      setPrintFile('');
      setNote('');
      reload();
    }
  };
  const undo = async (batchId: number) => {
    const r = await action.run(() => call('mailing:undo', { batchId, reason: undoReason }));
    if (r) {
      setUndone(`発送記録 #${r.batchId} を取り消しました。${num(r.pieces)} 通を「印刷」(発送待ち) に戻しました。`);
      setUndoing(null);
      setUndoReason('');
      setDone(null);
      reload();
    }
  };

  return (
    <>
      <Card title="発送の記録">
        <div className="stats">
          <Stat label="発送待ちの通知書" value={data.data?.waiting} hint="作成済みで未発送の最新版" testId="mailing-waiting" />
          <Stat label="発送記録" value={data.data?.batches.length} hint="これまでの発送回数" />
        </div>
        {data.data && waiting === 0 && (
          <Notice>発送待ちの通知書はありません。{data.data.batches.length === 0 && <>まず<button type="button" className="link" onClick={() => navigate('letters')}>通知書</button>画面で作成してください。</>}</Notice>
        )}
        <div className="grid-3">
          <DateInput label="発送日" name="mailedDate" value={mailedDate} onChange={change(setMailedDate)} />
          <Select label="差出方法" name="postage" value={postage} onChange={change(setPostage)} options={options.postageMethods.map((m) => ({ value: m, label: m }))} />
          <TextInput label="備考" name="mailingNote" value={note} onChange={setNote} placeholder="例: 第1回発送 (〒順)" />
        </div>
        <h3>発送する通知書 (一部だけのときは絞り込み)</h3>
        <div className="grid-2">
          <Select label="印刷ファイル (印刷した束)" name="mailingPrintFile" value={printFile} onChange={change(setPrintFile)}
            options={[
              { value: '', label: 'すべての印刷ファイル' },
              ...(data.data?.printFiles ?? []).filter((f) => f.waiting > 0).map((f) => ({
                value: `${f.letterBatch}\t${f.file}`,
                label: `${f.file} (作成 #${f.letterBatch}・${f.categories.map((c) => categoryTitle(c, exposures)).join('・')}・発送待ち ${num(f.waiting)} / ${num(f.letters)} 通)`,
              })),
            ]} />
        </div>
        <div className="inline-form" role="group" aria-label="区分">
          <span className="muted small">区分:</span>
          {Object.entries(all.data?.byCategory ?? {}).map(([c, n]) => (
            <label key={c} className="checkbox">
              <input type="checkbox" name="mailingCategory" value={c} checked={categories.includes(c)}
                onChange={(e) => change(setCategories)(e.target.checked ? [...categories, c] : categories.filter((x) => x !== c))} />
              {categoryTitle(c, exposures)} ({num(n)} 通)
            </label>
          ))}
          <span className="muted small">(どれも選ばなければ全区分)</span>
        </div>
        <div className="grid-4">
          <TextInput label="郵便番号 (から)" name="postalFrom" value={postalFrom} onChange={change(setPostalFrom)} placeholder="100" hint="先頭の桁だけでも可" />
          <TextInput label="郵便番号 (まで)" name="postalTo" value={postalTo} onChange={change(setPostalTo)} placeholder="199" />
        </div>
        <div className="actions-row">
          <button type="button" className="btn btn-primary" disabled={waiting === 0 || action.busy} onClick={() => void check()}>
            記録する内容を確認…
          </button>
        </div>
        {plan && (
          <div className="alert alert-warn" role="group" aria-label="発送記録の確認" data-testid="mailing-confirm">
            {plan.letterIds.length === 0 ? (
              <>この条件に当てはまる発送待ちの通知書はありません。</>
            ) : (
              <>
                <strong>{num(plan.letterIds.length)} 通</strong>を、発送日 {jstDate(mailedDate)}・{postage} で発送済みとして記録します。
                {plan.printFile && <div className="small">印刷ファイル: <span className="mono">{plan.printFile.path}</span> (作成 #{plan.printFile.letterBatch}、{num(plan.printFile.letters)} 通のうち発送待ち {num(plan.printFile.waiting)} 通)</div>}
                <div className="small">区分: {categoryCounts(plan.byCategory, exposures)}　郵便番号: {rangeText(plan.postalRange)}</div>
                <div className="small">記録すると状態が「発送」になります。誤りは発送記録の一覧から取り消せます (理由を記録)。</div>
                <div className="actions-row">
                  <button type="button" className="btn btn-primary" disabled={action.busy} onClick={() => void record()}>{num(plan.letterIds.length)} 通を発送済みとして記録</button>
                  <button type="button" className="btn" onClick={() => setPlan(null)}>やめる</button>
                </div>
              </>
            )}
          </div>
        )}
        <ErrorBox message={action.error} />
        {done && (
          <Notice kind="ok">
            <span data-testid="mailing-done">発送記録 #{done.id}: {jstDate(done.mailedDate)} {done.postageMethod} {num(done.pieces)} 通</span>
            <div className="small">郵便番号上3桁ごと: {areaList(done.byArea)}</div>
          </Notice>
        )}
        {undone && <Notice kind="ok"><span data-testid="mailing-undone">{undone}</span></Notice>}
      </Card>
      <Card title="発送記録の一覧">
        <ErrorBox message={data.error} />
        {(data.data?.batches ?? []).length === 0 ? (
          <Empty title="発送記録はまだありません">通知書を印刷して投函したら、上の「記録する内容を確認…」から記録してください。状態が「発送」になります。</Empty>
        ) : (
          <table className="table" data-testid="mailing-table">
            <thead><tr><th>#</th><th>発送日</th><th>差出方法</th><th className="num">通数</th><th>郵便番号上3桁ごとの通数</th><th>備考</th><th>記録日時</th><th /></tr></thead>
            <tbody>
              {data.data!.batches.map((b) => (
                <tr key={b.id}>
                  <td className="muted">{b.id}</td>
                  <td className="nowrap">{jstDate(b.mailedDate)}</td>
                  <td>{b.postageMethod}</td>
                  <td className="num">{num(b.pieces)}</td>
                  <td className="small">{areaList(b.byArea)}</td>
                  <td className="small">{b.note ?? ''}</td>
                  <td className="nowrap small" title={`明細の SHA-256: ${b.manifestSha256}`}>{jstDateTime(b.createdAt)}</td>
                  <td>
                    {undoing === b.id ? (
                      <span className="inline-form" role="group" aria-label={`発送記録 #${b.id} の取り消し`}>
                        <input name="undoReason" placeholder="取り消す理由" value={undoReason} onChange={(e) => setUndoReason(e.target.value)} />
                        <button type="button" className="btn btn-small btn-danger" disabled={action.busy || !undoReason.trim()} onClick={() => void undo(b.id)}>{num(b.pieces)} 通を発送待ちに戻す</button>
                        <button type="button" className="btn btn-small" onClick={() => setUndoing(null)}>やめる</button>
                      </span>
                    ) : (
                      <button type="button" className="btn btn-small" aria-label={`発送記録 #${b.id} を取り消す`} onClick={() => { setUndoing(b.id); setUndoReason(''); }}>取り消す…</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
