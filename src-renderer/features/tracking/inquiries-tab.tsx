// 問い合わせ: log each call or email (who, when, how, about what, what was done, which staff
// member) and list them, newest first. The staff name is typed by the user, not taken from the OS.
// The topic starts unchosen (a form sent as it opened is refused); a logged inquiry can be
// corrected in the same form or deleted after a confirmation, both audited.
import { useState } from 'react';
import type { Output, TrackingOptions } from '../../../src-main/electron/ipc/contract';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { Select, TextArea, TextInput } from '../../components/fields';
import { Card, Empty, ErrorBox, Notice } from '../../components/ui';
import { PersonPicker, type PickedPerson } from '../../components/person-picker';
import { jstDateTime, nowJstText } from '../../format';

type Inquiry = Output<'inquiries:list'>[number];

export function InquiriesTab({ options }: { options: TrackingOptions }) {
  const list = useLoad(() => call('inquiries:list', {}), []);
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [receivedAt, setReceivedAt] = useState(nowJstText());
  const [channel, setChannel] = useState(options.inquiryChannels[0] ?? '電話');
  const [topic, setTopic] = useState('');
  const [body, setBody] = useState('');
  const [resolution, setResolution] = useState('');
  const [staff, setStaff] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<Inquiry | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const action = useAction();
  const personId = person?.id ?? null;

  const clear = () => {
    setEditing(null);
    setBody('');
    setResolution('');
    setPerson(null);
    setTopic('');
    setStaff('');
    setReceivedAt(nowJstText());
  };
  const save = async () => {
    setDone(null);
    const form = {
      personId, receivedAt, channel, topic,
      ...(body.trim() ? { body } : {}), ...(resolution.trim() ? { resolution } : {}), ...(staff.trim() ? { staff } : {}),
    };
    const i = await action.run(() => (editing ? call('inquiries:update', { id: editing.id, form }) : call('inquiries:log', form)));
    if (i) {
      setDone(`問い合わせ #${i.id} を${editing ? '修正' : '記録'}しました (${i.personId ?? '対象者不明'}、${i.channel}、${i.topicLabel})。`);
      clear();
      list.reload();
    }
  };
  const edit = (i: Inquiry) => {
    setDone(null);
    setDeleting(null);
    setEditing(i);
    setPerson(null);
    if (i.personId) void call('persons:query', { search: i.personId, offset: 0, limit: 1 }).then((page) => setPerson(page.rows[0] ?? null));
    setReceivedAt(nowJstText(new Date(i.receivedAt)));
    setChannel(i.channel);
    setTopic(i.topic);
    setBody(i.body ?? '');
    setResolution(i.resolution ?? '');
    setStaff(i.staff ?? '');
  };
  const remove = async (id: number) => {
    setDone(null);
    const ok = await action.run(async () => {
      await call('inquiries:delete', { id });
      return true;
    });
    setDeleting(null);
    if (ok) {
      if (editing?.id === id) clear();
      setDone(`問い合わせ #${id} を削除しました。報告の件数にも含まれません。`);
      list.reload();
    }
  };
  const empty = personId === null && !body.trim() && !resolution.trim();

  return (
    <>
      <Card title={editing ? `問い合わせ #${editing.id} の修正` : '問い合わせの記録'}>
        <PersonPicker label="対象者 (分かれば。お問い合わせ番号・氏名・電話などで検索)" name="inquiryPerson" value={person} onChange={setPerson} />
        <div className="grid-4">
          <TextInput label="受付日時 (日本時間)" name="inquiryAt" value={receivedAt} onChange={setReceivedAt} placeholder="2022/03/05 10:30" />
          <Select label="受付方法" name="inquiryChannel" value={channel} onChange={setChannel} options={options.inquiryChannels.map((c) => ({ value: c, label: c }))} />
          <Select label="内容の種類" name="inquiryTopic" value={topic} onChange={setTopic}
            options={[{ value: '', label: '(選んでください)' }, ...options.inquiryTopics.map((t) => ({ value: t.code, label: t.label }))]} />
        </div>
        <div className="grid-2">
          <TextArea label="内容" name="inquiryBody" value={body} onChange={setBody} />
          <TextArea label="対応" name="inquiryResolution" value={resolution} onChange={setResolution} />
        </div>
        <div className="grid-4">
          <TextInput label="担当者" name="inquiryStaff" value={staff} onChange={setStaff} hint="記録に残る担当者名" />
        </div>
        <div className="actions-row">
          <button type="button" className="btn btn-primary" disabled={action.busy || !receivedAt.trim() || topic === '' || empty} onClick={() => void save()}>
            {editing ? '修正を保存' : '問い合わせを記録'}
          </button>
          {editing && <button type="button" className="btn" onClick={clear}>修正をやめる</button>}
          {(topic === '' || empty) && <span className="muted small">内容の種類を選び、対象者・内容・対応のいずれかを入力すると記録できます。</span>}
        </div>
        <ErrorBox message={action.error} />
        {done && <Notice kind="ok"><span data-testid="inquiry-logged">{done}</span></Notice>}
      </Card>
      <Card title="問い合わせの一覧">
        <ErrorBox message={list.error} />
        {(list.data ?? []).length === 0 ? (
          <Empty title="問い合わせはまだ記録されていません" />
        ) : (
          <table className="table" data-testid="inquiries-table">
            <thead><tr><th>#</th><th>受付日時</th><th>対象者</th><th>方法</th><th>種類</th><th>内容</th><th>対応</th><th>担当</th><th /></tr></thead>
            <tbody>
              {list.data!.map((i) => (
                <tr key={i.id}>
                  <td className="muted">{i.id}</td>
                  <td className="nowrap">{jstDateTime(i.receivedAt)}</td>
                  <td className="mono">{i.personId ?? '—'}</td>
                  <td>{i.channel}</td>
                  <td>{i.topicLabel}</td>
                  <td className="small">{i.body ?? ''}</td>
                  <td className="small">{i.resolution ?? ''}</td>
                  <td>{i.staff ?? ''}</td>
                  <td className="nowrap">
                    {deleting === i.id ? (
                      <span className="inline-form" role="group" aria-label={`問い合わせ #${i.id} の削除の確認`}>
                        <span className="small">削除しますか</span>
                        <button type="button" className="btn btn-small btn-danger" disabled={action.busy} onClick={() => void remove(i.id)}>削除する</button>
                        <button type="button" className="btn btn-small" onClick={() => setDeleting(null)}>やめる</button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="btn btn-small" aria-label={`問い合わせ #${i.id} を修正`} onClick={() => edit(i)}>修正</button>{' '}
                        <button type="button" className="btn btn-small" aria-label={`問い合わせ #${i.id} を削除`} onClick={() => setDeleting(i.id)}>削除</button>
                      </>
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
