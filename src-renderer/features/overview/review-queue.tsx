// 要確認 on the overview: the open review items, each with the decisions staff can record
// (別人 / 同一人物 for a near-duplicate pair, 確認済み for an undeliverable or 外字 person) and an
// optional note; 「対応済みも表示」 adds the decided items with their decision and 取り消し.
// A decision is asked for in a row below the item (never on one click): it goes to the audit log.
// A 〒と住所の不一致 is corrected in one click to a code of the address's town: an address
// correction with its history and audit entry, as `inw postal fix`. A 郵送不可 person's address
// is corrected in place (住所を直す); a person opens in a panel beside the queue, which keeps
// its filter; a near-duplicate pair shows both addresses side by side. With the filter on one
// kind that has a single decision (郵送不可, 外字, 〒と住所の不一致), every open item it shows can
// be decided at once, after a confirmation that states the count; that is undone as a whole
// right after, or item by item like any decision.
import { Fragment, useState } from 'react';
import type { ReviewDecisionCode, ReviewItem } from '../../../src-main/core/index';
import type { ReviewContact } from '../../../src-main/core/persons/review';
import type { ReviewBulkInput, ReviewTargetInput } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useAction, useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Notice } from '../../components/ui';
import { jstDateTime, num, postal } from '../../format';
import type { PickedPerson } from '../../components/person-picker';
import { PersonDetailPanel } from '../persons/persons-screen';
import { AddressCard } from '../tracking/returns-tab';

const REVIEW_KIND: Record<string, { label: string; tone: 'red' | 'amber' | 'blue' | 'gray' }> = {
  undeliverable: { label: '郵送不可', tone: 'red' },
  'near-duplicate': { label: '重複の疑い', tone: 'amber' },
  'import-conflict': { label: '取込の矛盾', tone: 'amber' },
  'missing-glyph': { label: '外字', tone: 'blue' },
  'postal-mismatch': { label: '〒と住所の不一致', tone: 'red' },
};

/** What each kind allows; the core checks again and owns the stored codes. */
const DECISIONS: Record<string, Array<{ code: ReviewDecisionCode; label: string; hint: string }>> = {
  'near-duplicate': [
    { code: 'different', label: '別人', hint: '別の人として扱います。' },
    { code: 'same', label: '同一人物', hint: '同一人物と確認した記録を残します (自動では統合しません)。' },
  ],
  undeliverable: [{ code: 'handled', label: '確認済み', hint: '電話・メール等で連絡した、住所を確認したなどの対応を記録します。' }],
  'missing-glyph': [{ code: 'handled', label: '確認済み', hint: '手書き・代替表記などで対応したことを記録します。' }],
  'postal-mismatch': [{ code: 'handled', label: '確認済み', hint: 'この郵便番号のままで正しいと確認したことを記録します (バーコードは付きません)。' }],
};

/** The page shows at most this many rows (the sheet and `inw review list` have them all). */
const MAX_ROWS = 300;

interface Pending {
  row: string;
  decision: { code: ReviewDecisionCode; label: string; hint: string };
}

function ContactLine({ contact }: { contact: ReviewContact }) {
  return (
    <div className="muted small review-contact">
      {contact.postalCode ? postal(contact.postalCode) : '〒なし'} {contact.address || '住所なし'}
      {contact.phone && <> ・ {contact.phone}</>}{contact.email && <> ・ {contact.email}</>}
    </div>
  );
}

/** `refresh` changes when something else (a classification) may have changed the queue. */
export function ReviewQueue({ navigate, refresh }: { navigate: Navigate; refresh: number }) {
  const [showDecided, setShowDecided] = useState(false);
  const [filter, setFilter] = useState('all');
  const review = useLoad(() => call('review:list', { includeDecided: showDecided }), [showDecided, refresh]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const [fixing, setFixing] = useState<{ row: string; person: PickedPerson | null } | null>(null);
  const [bulkAsking, setBulkAsking] = useState(false);
  const [lastBulk, setLastBulk] = useState<ReviewBulkInput | null>(null);
  const action = useAction();
  const exposures = useLoad(() => call('overview:get'), []).data?.exposures ?? [];

  const items = review.data ?? [];
  const shown = items.filter((r) => filter === 'all' || r.kind === filter);
  const openItems = shown.filter((r) => r.decision === null);
  const open = openItems.length;
  // One kind with one possible decision: the only case where deciding everything shown is safe.
  const bulkDecision = filter !== 'all' && DECISIONS[filter]?.length === 1 ? DECISIONS[filter]![0]! : null;
  const fixAddress = async (row: string, personId: string) => {
    setPending(null);
    setDone(null);
    setLastBulk(null);
    setFixing({ row, person: null });
    const page = await action.run(() => call('persons:query', { search: personId, offset: 0, limit: 1 }));
    if (page?.rows[0]) setFixing({ row, person: page.rows[0] });
  };
  const target = (r: ReviewItem): ReviewTargetInput => ({ kind: r.kind as ReviewTargetInput['kind'], personIds: r.personIds });

  const decideAll = async () => {
    if (!bulkDecision || openItems.length === 0) return;
    const request: ReviewBulkInput = { kind: filter as ReviewBulkInput['kind'], items: openItems.map((r) => r.personIds) };
    const result = await action.run(() => call('review:decideMany', { ...request, decision: bulkDecision.code, ...(note.trim() ? { note } : {}) }));
    if (result) {
      setBulkAsking(false);
      setNote('');
      setLastBulk(request);
      setDone(`${REVIEW_KIND[result.kind]?.label ?? result.kind} ${num(result.count)} 件を「${result.label}」として記録しました。`);
      review.reload();
    }
  };
  const undoAll = async () => {
    if (!lastBulk) return;
    const result = await action.run(() => call('review:undoMany', lastBulk));
    if (result) {
      setLastBulk(null);
      setDone(`${REVIEW_KIND[result.kind]?.label ?? result.kind} ${num(result.count)} 件の「${result.label}」をまとめて取り消しました。要確認に戻りました。`);
      review.reload();
    }
  };
  const choose = (row: string, decision: Pending['decision']) => {
    action.clear();
    setBulkAsking(false);
    setLastBulk(null);
    setDone(null);
    setNote('');
    setFixing(null);
    setPending({ row, decision });
  };
  const record = async (r: ReviewItem) => {
    if (!pending) return;
    const result = await action.run(() => call('review:decide', { ...target(r), decision: pending.decision.code, ...(note.trim() ? { note } : {}) }));
    if (result) {
      setPending(null);
      setNote('');
      setDone(`${result.personIds.join('・')} を「${result.label}」として記録しました。`);
      review.reload();
    }
  };
  const fixPostal = async (personId: string, code: string) => {
    setPending(null);
    setDone(null);
    setLastBulk(null);
    const result = await action.run(() => call('postal:fix', { personId, code }));
    if (result) {
      setDone(`${result.personId} の郵便番号を ${postal(result.postalCode)} に訂正しました (住所訂正として記録)。`);
      review.reload();
    }
  };
  const undo = async (r: ReviewItem) => {
    setPending(null);
    setDone(null);
    setLastBulk(null);
    const result = await action.run(() => call('review:undo', target(r)));
    if (result) {
      setDone(`${result.personIds.join('・')} の「${result.label}」を取り消しました。要確認に戻りました。`);
      review.reload();
    }
  };

  const kindLabel = filter === 'all' ? '' : `${REVIEW_KIND[filter]?.label ?? filter}: `;
  const title = `要確認 (${kindLabel}未対応 ${num(open)} 件${showDecided ? `・対応済み ${num(shown.length - open)} 件` : ''})`;
  return (
    <Card
      title={title}
      actions={
        <>
          <label className="checkbox">
            <input type="checkbox" checked={showDecided} onChange={(e) => setShowDecided(e.target.checked)} />
            対応済みも表示
          </label>
          <select aria-label="要確認の種類" value={filter} onChange={(e) => { setPending(null); setBulkAsking(false); setFilter(e.target.value); }}>
            <option value="all">すべて</option>
            {Object.entries(REVIEW_KIND).map(([k, v]) => <option key={k} value={k}>{v.label}</option>)}
          </select>
        </>
      }
    >
      <ErrorBox message={review.error ?? (pending || bulkAsking ? null : action.error)} />
      {done && (
        <Notice kind="ok">
          <span data-testid="review-done">{done}</span>
          {lastBulk && <> <button type="button" className="btn btn-small" disabled={action.busy} onClick={() => void undoAll()}>まとめて取り消す</button></>}
        </Notice>
      )}
      {bulkDecision && open > 0 && !bulkAsking && (
        <div className="actions-row">
          <button type="button" className="btn" onClick={() => { setPending(null); setFixing(null); setDone(null); setNote(''); action.clear(); setBulkAsking(true); }}>
            表示中の未対応 {num(open)} 件をまとめて「{bulkDecision.label}」にする…
          </button>
        </div>
      )}
      {bulkDecision && bulkAsking && open > 0 && (
        <div className="alert alert-warn" role="group" aria-label="まとめて記録の確認" data-testid="review-bulk-confirm">
          <strong>{REVIEW_KIND[filter]?.label} の未対応 {num(open)} 件</strong>をすべて「{bulkDecision.label}」として記録します。{bulkDecision.hint}
          <div className="small">
            対象者: {openItems.slice(0, 5).map((r) => r.personIds.join('・')).join('、')}{open > 5 ? ` ほか ${num(open - 5)} 件` : ''}
            {open > MAX_ROWS ? ` (一覧に出ていない ${num(open - MAX_ROWS)} 件も含みます)` : ''}
          </div>
          <div className="small">1件ずつ記録したのと同じく監査ログに残ります。記録のあと「まとめて取り消す」で全件を、「対応済みも表示」から1件ずつを取り消せます。</div>
          <div className="inline-form">
            <input type="text" aria-label="対応メモ (任意・全件に記録)" placeholder="対応メモ (任意) 例: 電話で住所確認済み" value={note} maxLength={2000}
              className="review-note" onChange={(e) => setNote(e.target.value)} />
            <button type="button" className="btn btn-primary btn-small" disabled={action.busy} onClick={() => void decideAll()}>{num(open)} 件を「{bulkDecision.label}」として記録</button>
            <button type="button" className="btn btn-small" onClick={() => setBulkAsking(false)}>やめる</button>
          </div>
          <ErrorBox message={action.error} />
        </div>
      )}
      {shown.length === 0 ? (
        <Empty title={showDecided ? '要確認の項目はありません' : '未対応の要確認の項目はありません'}>
          {showDecided ? undefined : '対応済みの項目は「対応済みも表示」で確認できます。'}
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="table review-table" data-testid="review-queue">
            <thead><tr><th>種類</th><th>対象者</th><th>内容</th><th>対応</th></tr></thead>
            <tbody>
              {shown.slice(0, MAX_ROWS).map((r, i) => {
                const row = `${i}:${r.kind}:${r.personIds.join(',')}`;
                const d = r.decision;
                const asking = pending?.row === row ? pending : null;
                return (
                  <Fragment key={row}>
                    <tr className={d ? 'row-decided' : asking ? 'row-asking' : ''} data-review-kind={r.kind} data-review-persons={r.personIds.join(',')}>
                      <td><Badge tone={REVIEW_KIND[r.kind]?.tone}>{REVIEW_KIND[r.kind]?.label ?? r.kind}</Badge></td>
                      <td className="nowrap">
                        {r.personIds.map((id, j) => (
                          <div key={id}>
                            <button type="button" className="link mono" title={`${id} を開く`} onClick={() => setOpened(Number(id.slice(1)))}>{id}</button> {r.names[j]}
                            {r.contacts?.[j] && <ContactLine contact={r.contacts[j]} />}
                          </div>
                        ))}
                        {r.detail && <div className="muted small">{r.detail}</div>}
                      </td>
                      <td>{r.reason}</td>
                      <td className="review-actions">
                        {d ? (
                          <>
                            <Badge tone="green">{d.label}</Badge>
                            <div className="muted small">{jstDateTime(d.decidedAt)} {d.actor}</div>
                            {d.note && <div className="small">{d.note}</div>}
                            <button type="button" className="btn btn-small" disabled={action.busy} onClick={() => void undo(r)}>取り消し</button>
                          </>
                        ) : (DECISIONS[r.kind] ?? []).length === 0 ? (
                          <span className="muted small">正しい内容のファイルを取り込み直すと、その内容で置き換わり、この項目はなくなります</span>
                        ) : (
                          <div className="actions">
                            {r.kind === 'postal-mismatch' && (r.suggestedPostalCodes ?? []).map((code) => (
                              <button key={code} type="button" className="btn btn-small btn-primary" disabled={action.busy}
                                onClick={() => void fixPostal(r.personIds[0]!, code)}>{postal(code)} に訂正</button>
                            ))}
                            {r.kind === 'undeliverable' && (
                              <button type="button" className="btn btn-small btn-primary" disabled={action.busy} onClick={() => void fixAddress(row, r.personIds[0]!)}>住所を直す</button>
                            )}
                            {DECISIONS[r.kind]!.map((c) => (
                              <button key={c.code} type="button" className={asking?.decision.code === c.code ? 'btn btn-small btn-selected' : 'btn btn-small'}
                                onClick={() => choose(row, c)}>{c.label}</button>
                            ))}
                          </div>
                        )}
                      </td>
                    </tr>
                    {fixing?.row === row && (
                      <tr className="review-form-row">
                        <td colSpan={4}>
                          {fixing.person && (
                            <AddressCard person={fixing.person} setPerson={(p) => setFixing(p ? { row, person: p } : null)}
                              onCorrected={() => { setFixing(null); setDone(`${r.personIds[0]} の住所を訂正しました。郵送できるようになりました。`); review.reload(); }} />
                          )}
                          <button type="button" className="btn btn-small" onClick={() => setFixing(null)}>やめる</button>
                        </td>
                      </tr>
                    )}
                    {asking && (
                      <tr className="review-form-row">
                        <td colSpan={4}>
                          <div className="inline-form">
                            <span>「<strong>{asking.decision.label}</strong>」として記録します。<span className="muted small">{asking.decision.hint}</span></span>
                            <input type="text" aria-label="対応メモ (任意)" placeholder="対応メモ (任意) 例: 本人に電話で確認" value={note} maxLength={2000}
                              className="review-note" onChange={(e) => setNote(e.target.value)} />
                            <button type="button" className="btn btn-primary btn-small" disabled={action.busy} onClick={() => void record(r)}>記録</button>
                            <button type="button" className="btn btn-small" onClick={() => setPending(null)}>やめる</button>
                          </div>
                          <ErrorBox message={action.error} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {opened !== null && (
        <div className="review-person">
          <PersonDetailPanel id={opened} exposures={exposures} onClose={() => setOpened(null)} onOpenPerson={setOpened} navigate={navigate} />
        </div>
      )}
      {shown.length > MAX_ROWS && <p className="muted small">先頭の {num(MAX_ROWS)} 件を表示しています。すべての項目は連絡表 (Excel) の「要確認」シートにあります。</p>}
    </Card>
  );
}
