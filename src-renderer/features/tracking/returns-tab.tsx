// 返送・再送: record returned letters (one by one or from Japan Post's list), correct the address,
// make the re-send letters as new versions, and list who stays unreachable (公表の候補).
import { useLayoutEffect, useRef, useState } from 'react';
import type { FileRef, ReturnsOverview, TrackingOptions } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useAction, useCheckedFile, useJob, useLoad } from '../../api/hooks';
import { DateInput, Select, TextInput } from '../../components/fields';
import { Badge, Card, Empty, ErrorBox, Notice, Progress } from '../../components/ui';
import { PersonPicker, type PickedPerson } from '../../components/person-picker';
import { categoryMark, jstDate, num, postal, todayJst } from '../../format';
import { UNREACHABLE_KIND_LABELS } from '../../../src-main/core/vocabulary/labels';

const OTHER = 'other';

function RecordReturnCard({ options, onRecorded }: { options: TrackingOptions; onRecorded: (person: PickedPerson) => void }) {
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [returnedDate, setReturnedDate] = useState(todayJst());
  const [reason, setReason] = useState(options.returnReasons[0]?.code ?? OTHER);
  const [otherText, setOtherText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const recordButton = useRef<HTMLButtonElement>(null);
  const reasonText = reason === OTHER ? otherText : (options.returnReasons.find((r) => r.code === reason)?.label ?? '');

  // Scan, Enter, Enter: the record button takes the focus once the person is found (after the
  // render that enables it: a disabled button cannot take the focus).
  useLayoutEffect(() => {
    if (person) recordButton.current?.focus();
  }, [person]);

  const record = async () => {
    if (!person) return;
    setDone(null);
    const r = await action.run(() => call('returns:record', { target: person.personId, returnedDate, reason: reasonText }));
    if (r) {
      setDone(`${r.letterId} (${r.personId} ${person.name ?? ''}) の返送を記録しました: ${jstDate(r.returnedDate)} ${r.reasonCode === OTHER ? `その他 (${r.reasonText})` : r.reasonText}`);
      setPerson(null);
      onRecorded(person);
    }
  };

  return (
    <Card title="返送の記録 (1通ずつ)">
      <PersonPicker label="対象者 (封筒のお問い合わせ番号を読み取るか入力)" name="returnPerson" value={person} onChange={setPerson} autoFocus
        hint="番号・氏名・電話などで探せます。対象者の最新の発送済み通知書を返送として記録します。" />
      <div className="grid-2">
        <DateInput label="返送日" name="returnedDate" value={returnedDate} onChange={setReturnedDate} />
        <Select label="返送理由 (還付理由)" name="returnReason" value={reason} onChange={setReason}
          options={[...options.returnReasons.map((r) => ({ value: r.code, label: r.label })), { value: OTHER, label: 'その他 (記入)' }]} />
        {reason === OTHER && <TextInput label="その他の理由" name="returnReasonText" value={otherText} onChange={setOtherText} />}
      </div>
      <div className="actions-row">
        <button ref={recordButton} type="button" className="btn btn-primary" disabled={action.busy || !person || !returnedDate || !reasonText.trim()} onClick={() => void record()}>返送を記録</button>
      </div>
      <ErrorBox message={action.error} />
      {done && <Notice kind="ok"><span data-testid="return-recorded">{done}</span> 住所が分かれば下の「住所の訂正」で直せます。</Notice>}
    </Card>
  );
}

function ImportReturnsCard({ options, onImported }: { options: TrackingOptions; onImported: () => void }) {
  const { result: report, action, choose, commit } = useCheckedFile('returns', (file, dryRun) => call('returns:import', { file, dryRun }));
  const record = async () => {
    if (await commit()) onImported();
  };

  return (
    <Card title="返送一覧の取込" actions={<button type="button" className="btn" disabled={action.busy} onClick={() => void choose()}>ファイルを選択…</button>}>
      <p className="muted small">列: 通知書ID または 通知ID (対象者ID)、返送日、返送理由。CSV (文字コード自動判定) か Excel。まず内容を確認し、問題がなければ取り込みます。</p>
      <ErrorBox message={action.error} />
      {report && (
        <div data-testid="returns-import-report">
          <Notice kind={report.issues.length > 0 ? 'warn' : report.dryRun ? 'info' : 'ok'}>
            {report.file}: {num(report.rowsRead)} 行、{report.dryRun ? '記録できる' : '記録した'}返送 {num(report.accepted.length)} 件、除外 {num(report.issues.length)} 行
            {report.dryRun ? ' (確認のみ。まだ記録していません)' : ''}
          </Notice>
          {report.issues.length > 0 && (
            <ul className="issue-list">
              {report.issues.map((i) => <li key={`${i.line}-${i.code}`}><span className="mono">{i.line}行目</span> {i.message}</li>)}
            </ul>
          )}
          {Object.keys(report.byReason).length > 0 && (
            <p className="small">理由別: {Object.entries(report.byReason).map(([code, n]) => `${options.returnReasons.find((r) => r.code === code)?.label ?? 'その他'} ${num(n)}件`).join('、')}</p>
          )}
          {report.dryRun && report.accepted.length > 0 && (
            <div className="actions-row">
              <button type="button" className="btn btn-primary" disabled={action.busy} onClick={() => void record()}>{num(report.accepted.length)} 件を記録</button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}

export function AddressCard({ person, setPerson, onCorrected }: { person: PickedPerson | null; setPerson: (p: PickedPerson | null) => void; onCorrected: () => void }) {
  const [postalCode, setPostalCode] = useState('');
  const [address1, setAddress1] = useState('');
  const [address2, setAddress2] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();

  const save = async () => {
    if (!person) return;
    setDone(null);
    const c = await action.run(() => call('persons:correctAddress', {
      id: person.id, postalCode, address1, ...(address2.trim() ? { address2 } : {}), ...(reason.trim() ? { reason } : {}),
    }));
    if (c) {
      setDone(`${c.personId} の住所を訂正しました (#${c.id}): ${postal(c.postalCode)} ${c.address1 ?? ''} ${c.address2 ?? ''}。以前の住所は履歴に残っています。`);
      setPostalCode('');
      setAddress1('');
      setAddress2('');
      setReason('');
      onCorrected();
    }
  };

  return (
    <Card title="住所の訂正">
      <p className="muted small">訂正しても元の住所は上書きされず、履歴に残ります。訂正後に再送の通知書 (新しい版) を作成できます。</p>
      <PersonPicker label="対象者" name="addressPerson" value={person} onChange={setPerson} />
      <div className="grid-4">
        <TextInput label="郵便番号" name="addressPostal" value={postalCode} onChange={setPostalCode} placeholder="123-4567" />
      </div>
      <div className="grid-2">
        <TextInput label="住所 1行目 (都道府県から番地まで)" name="address1" value={address1} onChange={setAddress1} />
        <TextInput label="住所 2行目 (建物名・部屋番号)" name="address2" value={address2} onChange={setAddress2} />
        <TextInput label="訂正の理由" name="addressReason" value={reason} onChange={setReason} placeholder="例: 本人から電話で転居先を確認" wide />
      </div>
      <div className="actions-row">
        <button type="button" className="btn btn-primary" disabled={action.busy || !person || !postalCode.trim() || !address1.trim()} onClick={() => void save()}>訂正を保存</button>
      </div>
      <ErrorBox message={action.error} />
      {done && <Notice kind="ok"><span data-testid="address-corrected">{done}</span></Notice>}
    </Card>
  );
}

function ResendCard({ data, onDone }: { data: ReturnsOverview; onDone: () => void }) {
  const [folder, setFolder] = useState<FileRef | null>(null);
  const action = useAction();
  const job = useJob('letters', () => onDone());
  const ids = data.resends.map((r) => r.id);

  const start = async () => {
    const ref = await action.run(() => call('dialog:chooseFolder', { purpose: 'letters' }));
    if (!ref) return;
    setFolder(ref);
    await job.start(() => call('letters:start', { folder: ref.id, personIds: ids, outputs: { split: true, print: true } }));
  };

  return (
    <Card title="再送" actions={
      <button type="button" className="btn btn-primary" disabled={ids.length === 0 || job.running || action.busy} onClick={() => void start()}>
        {num(ids.length)} 人の再送の通知書を作成…
      </button>
    }>
      {data.resends.length === 0 ? (
        job.event?.state === 'done' ? null : <Empty title="再送できる対象者はいません">返送された人の住所を訂正するか、受取人不在で戻った場合に、ここに表示されます。</Empty>
      ) : (
        <table className="table" data-testid="resend-table">
          <thead><tr><th>対象者</th><th>再送の根拠</th></tr></thead>
          <tbody>
            {data.resends.map((r) => (
              <tr key={r.id}><td className="mono">{r.personId}</td><td>{r.basis === 'absent' ? '不在で返送 (同じ住所へ再送)' : '住所訂正済み'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox message={action.error ?? job.error ?? (job.event?.state === 'failed' ? job.event.error?.message : null)} />
      <Progress event={job.event} label="再送の通知書" />
      {job.event?.state === 'done' && folder && (
        <Notice kind="ok">
          <span data-testid="resend-done">再送の通知書を「{folder.name}」に作成しました (新しい版として記録)。印刷して発送したら「発送記録」で記録してください。</span>
          <button type="button" className="link" onClick={() => void call('shell:showItem', { ref: folder.id })}>フォルダを開く</button>
        </Notice>
      )}
    </Card>
  );
}

export function ReturnsTab({ options, navigate }: { options: TrackingOptions; navigate: Navigate }) {
  const data = useLoad(() => call('returns:list'), []);
  const [addressPerson, setAddressPerson] = useState<PickedPerson | null>(null);
  const addressCard = useRef<HTMLDivElement>(null);
  const correctAddressOf = async (personId: string) => {
    const page = await call('persons:query', { search: personId, offset: 0, limit: 1 });
    if (page.rows[0]) setAddressPerson(page.rows[0]);
    addressCard.current?.scrollIntoView({ block: 'center' });
  };
  const list = data.data;
  return (
    <>
      <div className="two-col">
        <RecordReturnCard options={options} onRecorded={(person) => { setAddressPerson(person); data.reload(); }} />
        <ImportReturnsCard options={options} onImported={data.reload} />
      </div>
      <ErrorBox message={data.error} />
      <Card title="返送された通知書">
        {!list || list.returns.length === 0 ? (
          <Empty title="返送はまだ記録されていません" />
        ) : (
          <table className="table" data-testid="returns-table">
            <thead><tr><th>通知書</th><th>対象者</th><th>返送日</th><th>理由</th><th /></tr></thead>
            <tbody>
              {list.returns.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.letterId}</td>
                  <td><button type="button" className="link mono" onClick={() => navigate('persons', { search: r.personId })}>{r.personId}</button></td>
                  <td className="nowrap">{jstDate(r.returnedDate)}</td>
                  <td>{r.reason}</td>
                  <td><button type="button" className="btn btn-small" onClick={() => void correctAddressOf(r.personId)}>住所を訂正</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <div ref={addressCard}><AddressCard person={addressPerson} setPerson={setAddressPerson} onCorrected={data.reload} /></div>
      {list && <ResendCard data={list} onDone={data.reload} />}
      <Card title="連絡がつかない対象者 (公表による通知の候補)">
        {!list || list.unreachable.length === 0 ? (
          <Empty title="該当者はいません">住所がなく通知書を送れない人、通知書が返送されたままの人がここに表示されます (電話済・対応完了を除く)。</Empty>
        ) : (
          <>
            <p className="small" data-testid="unreachable-count">{num(list.unreachable.length)} 人</p>
            <table className="table" data-testid="unreachable-table">
              <thead><tr><th>対象者</th><th>氏名</th><th>区分</th><th>理由</th><th>電話</th><th>メール</th></tr></thead>
              <tbody>
                {list.unreachable.map((u) => (
                  <tr key={u.id}>
                    <td className="mono">{u.personId}</td>
                    <td>{u.name ?? '—'}</td>
                    <td>{categoryMark(u.category, options.exposures)}</td>
                    <td><Badge tone={u.kind === 'returned' ? 'amber' : 'gray'}>{UNREACHABLE_KIND_LABELS[u.kind]}</Badge> {u.reason}</td>
                    <td className="nowrap">{u.phone ?? '—'}</td>
                    <td>{u.email ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Card>
    </>
  );
}
