// 発送記録: record that the waiting letters were mailed (date, postage method), and the batches so far.
import { useState } from 'react';
import type { Output, TrackingOptions } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { Select, TextInput } from '../../components/fields';
import { Card, Empty, ErrorBox, Notice, Stat } from '../../components/ui';
import { jstDate, jstDateTime, num, todayJst } from '../../format';

/** Areas in postal-code order: the order the post office counts the pieces in. */
function areaList(byArea: Record<string, number>): string {
  return Object.entries(byArea).sort(([a], [b]) => a.localeCompare(b)).map(([area, n]) => `${area}: ${num(n)}`).join('　');
}

export function MailingTab({ options, navigate }: { options: TrackingOptions; navigate: Navigate }) {
  const data = useLoad(() => call('mailing:list'), []);
  const [mailedDate, setMailedDate] = useState(todayJst());
  const [postage, setPostage] = useState(options.postageMethods[0] ?? '');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<Output<'mailing:create'> | null>(null);
  const action = useAction();
  const waiting = data.data?.waiting ?? 0;

  const record = async () => {
    const batch = await action.run(() => call('mailing:create', { mailedDate, postageMethod: postage, ...(note.trim() ? { note } : {}) }));
    if (batch) {
      setDone(batch);
      setNote('');
      data.reload();
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
          <TextInput label="発送日" type="date" name="mailedDate" value={mailedDate} onChange={setMailedDate} />
          <Select label="差出方法" name="postage" value={postage} onChange={setPostage} options={options.postageMethods.map((m) => ({ value: m, label: m }))} />
          <TextInput label="備考" name="mailingNote" value={note} onChange={setNote} placeholder="例: 第1回発送 (〒順)" />
        </div>
        <div className="actions-row">
          <button type="button" className="btn btn-primary" disabled={waiting === 0 || action.busy} onClick={() => void record()}>
            {num(waiting)} 通を発送済みとして記録
          </button>
        </div>
        <ErrorBox message={action.error} />
        {done && (
          <Notice kind="ok">
            <span data-testid="mailing-done">発送記録 #{done.id}: {jstDate(done.mailedDate)} {done.postageMethod} {num(done.pieces)} 通</span>
            <div className="small">郵便番号上3桁ごと: {areaList(done.byArea)}</div>
          </Notice>
        )}
      </Card>
      <Card title="発送記録の一覧">
        <ErrorBox message={data.error} />
        {(data.data?.batches ?? []).length === 0 ? (
          <Empty title="発送記録はまだありません">通知書を印刷して投函したら、上の「発送済みとして記録」で記録してください。状態が「発送」になります。</Empty>
        ) : (
          <table className="table" data-testid="mailing-table">
            <thead><tr><th>#</th><th>発送日</th><th>差出方法</th><th className="num">通数</th><th>郵便番号上3桁ごとの通数</th><th>明細の SHA-256</th><th>記録日時</th></tr></thead>
            <tbody>
              {data.data!.batches.map((b) => (
                <tr key={b.id}>
                  <td className="muted">{b.id}</td>
                  <td className="nowrap">{jstDate(b.mailedDate)}</td>
                  <td>{b.postageMethod}</td>
                  <td className="num">{num(b.pieces)}</td>
                  <td className="small">{areaList(b.byArea)}</td>
                  <td className="mono small" title={b.manifestSha256}>{b.manifestSha256.slice(0, 16)}…</td>
                  <td className="nowrap small">{jstDateTime(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
