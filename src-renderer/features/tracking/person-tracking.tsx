// A person's after-mailing record inside the persons detail: every status change of every letter
// version, address corrections, follow-ups and inquiries in one timeline, and the one action
// staff take most often from here: set 電話済 / 対応完了 (or 印刷 / 発送) for this person.
import { useState } from 'react';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { DateInput, Select, TextInput } from '../../components/fields';
import { ErrorBox, Notice } from '../../components/ui';
import { jstDate, jstDateTime, postal } from '../../format';
import { codeLabel, HISTORY_SOURCE_LABELS } from '../../../src-main/core/vocabulary/labels';
import { jstDateOf } from '../../../src-main/core/vocabulary/japan-time';

const source = (code: string) => codeLabel(HISTORY_SOURCE_LABELS, code);

interface TimelineEntry {
  /** When it was recorded. */
  at: string;
  /** The day it happened as staff gave it (a return's date), when there is one. */
  eventDate?: string | null;
  what: string;
  detail: string;
  actor: string;
}

export function PersonTracking({ id, onChanged }: { id: number; onChanged: () => void }) {
  const history = useLoad(() => call('persons:history', { id }), [id]);
  const options = useLoad(() => call('tracking:options'), []);
  const [status, setStatus] = useState('電話済');
  const [mailedDate, setMailedDate] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const h = history.data;

  const timeline: TimelineEntry[] = h ? [
    ...h.letters.map((e) => ({
      at: e.at, eventDate: e.eventDate, what: `${e.letterId} 第${e.version}版 ${e.from ?? '—'} → ${e.to}`,
      detail: [e.mailedDate ? `発送日 ${jstDate(e.mailedDate)}` : '', source(e.source), e.note ?? ''].filter(Boolean).join('、'), actor: e.actor,
    })),
    ...h.addresses.map((a) => ({
      at: a.createdAt, what: '住所訂正',
      detail: `${postal(a.postalCode)} ${a.address1 ?? ''} ${a.address2 ?? ''} (前: ${postal(a.previous.postalCode)} ${a.previous.address1 ?? ''} ${a.previous.address2 ?? ''})${a.reason ? `、${a.reason}` : ''}`,
      actor: a.actor,
    })),
    ...h.followups.map((f) => ({ at: f.at ?? '', what: `対応: ${f.status ?? '—'}`, detail: [source(f.source), f.notes ?? ''].filter(Boolean).join('、'), actor: f.actor })),
    ...h.inquiries.map((i) => ({
      at: i.receivedAt, what: `問い合わせ (${i.channel}): ${i.topicLabel}`, detail: [i.body, i.resolution && `→ ${i.resolution}`].filter(Boolean).join(' '), actor: i.staff ?? '',
    })),
  ].sort((a, b) => a.at.localeCompare(b.at)) : [];

  const save = async () => {
    setDone(null);
    const r = await action.run(() => call('persons:setStatus', {
      id, status, ...(status === '発送' && mailedDate ? { mailedDate } : {}), ...(note.trim() ? { note } : {}),
    }));
    if (r) {
      setDone(`${r.letterId ?? r.personId}: ${r.steps.join('、')}`);
      setNote('');
      history.reload();
      onChanged();
    }
  };

  return (
    <>
      <h3>発送・対応の履歴</h3>
      <ErrorBox message={history.error ?? options.error} />
      {timeline.length === 0 ? <p className="muted">まだ記録はありません。</p> : (
        <table className="table compact" data-testid="person-timeline">
          <thead><tr><th>日付 / 記録者</th><th>内容</th></tr></thead>
          <tbody>
            {timeline.map((t, i) => (
              <tr key={`${t.at}-${i}`}>
                <td className="nowrap small" data-testid="timeline-when">
                  {t.eventDate ? jstDate(t.eventDate) : jstDateTime(t.at)}
                  {t.eventDate && t.eventDate !== jstDateOf(Date.parse(t.at)) && <div className="muted">記録 {jstDateTime(t.at)}</div>}
                  <div className="muted">{t.actor}</div>
                </td>
                <td>{t.what}{t.detail && <div className="small muted">{t.detail}</div>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {options.data && (
        <div className="grid-4">
          <Select label="状態を記録" name="personStatus" value={status} onChange={setStatus} options={options.data.manualStatuses.map((s) => ({ value: s, label: s }))} />
          {status === '発送' && <DateInput label="発送日" name="personMailedDate" value={mailedDate} onChange={setMailedDate} />}
          <TextInput label="メモ" name="personStatusNote" value={note} onChange={setNote} placeholder="例: 本人と電話で確認済み" />
          <div className="field"><span className="field-label">&nbsp;</span>
            <button type="button" className="btn" disabled={action.busy} onClick={() => void save()}>記録</button>
          </div>
        </div>
      )}
      <ErrorBox message={action.error} />
      {done && <Notice kind="ok"><span data-testid="person-status-done">{done}</span></Notice>}
    </>
  );
}
