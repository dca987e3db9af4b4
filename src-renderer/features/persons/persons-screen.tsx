// 対象者: every person (donor grouped by member ID or name + address) with their category in
// the latest run. Search by name, kana, address, postal code, phone, e-mail, member or order
// number, ID or お問い合わせ番号 (variant kanji folded); filter by category; the detail
// shows the donor records, the linked payments with the reason for each exposure, letters and
// their after-mailing history.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PersonListRow } from '../../../src-main/core/persons/browse';
import type { PersonReviewDecision } from '../../../src-main/core/persons/review';
import type { Navigate, PersonsTarget } from '../../navigate';
import { call } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { Badge, Card, ErrorBox, Loading, Notice, PageHeader } from '../../components/ui';
import { PersonTracking } from '../tracking/person-tracking';
import { categoryMark, categoryTitle, jstDate, jstDateTime, num, postal, yen, type ExposureInfo } from '../../format';
import { CERTAINTY_LABELS } from '../../../src-main/core/vocabulary/exposures';

export function PersonsScreen({ navigate, initial }: { navigate: Navigate; initial: PersonsTarget }) {
  const [search, setSearch] = useState(initial.search ?? '');
  const [query, setQuery] = useState(initial.search ?? '');
  const [category, setCategory] = useState(initial.category ?? 'all');
  const [mailable, setMailable] = useState<'all' | 'yes' | 'no'>('all');
  const [selected, setSelected] = useState<number | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const overview = useLoad(() => call('overview:get'), []);
  const exposures: ExposureInfo[] = overview.data?.exposures ?? [];
  const categories = Object.keys(overview.data?.run?.summary.persons.byCategory ?? {});

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), 250);
    return () => clearTimeout(t);
  }, [search]);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await call('persons:query', {
        search: query || undefined,
        category: category === 'all' ? undefined : category,
        mailable: mailable === 'all' ? undefined : mailable === 'yes',
        offset,
        limit,
      });
      if (offset === 0) setNote(page.note ?? null);
      // An ID or お問い合わせ番号 search that finds exactly one person opens it.
      if (offset === 0 && page.total === 1 && /^P?[\d\s０-９\-－ー]+$/i.test(query.trim())) setSelected(page.rows[0]!.id);
      return page;
    },
    [query, category, mailable],
  );

  const columns: Array<Column<PersonListRow>> = useMemo(
    () => [
      { key: 'id', title: 'ID', width: '90px', render: (r) => <span className="mono">{r.personId}</span> },
      { key: 'name', title: '氏名', width: 'minmax(110px, 1fr)', render: (r) => r.name ?? <span className="muted">(氏名なし)</span> },
      { key: 'kana', title: 'フリガナ', width: 'minmax(110px, 1fr)', render: (r) => <span className="muted">{r.kana ?? ''}</span> },
      { key: 'postal', title: '郵便番号', width: '96px', render: (r) => (r.postalCode ? postal(r.postalCode) : <span className="muted">—</span>) },
      { key: 'address', title: '住所', width: 'minmax(160px, 2fr)', render: (r) => r.address || <span className="muted">—</span> },
      { key: 'category', title: '区分', width: '90px', render: (r) => (r.category === 'none' ? <span className="muted">対象外</span> : <Badge tone={r.category.includes('+') ? 'red' : 'amber'}>{categoryMark(r.category, exposures)}</Badge>) },
      { key: 'affected', title: '該当決済', width: '76px', align: 'right', render: (r) => num(r.affectedPayments) },
      { key: 'mail', title: '郵送', width: '64px', render: (r) => (r.mailable ? '可' : <Badge tone="red">不可</Badge>) },
    ],
    [exposures],
  );

  return (
    <div className="screen screen-fill">
      <PageHeader title="対象者" description="寄付者ごとの区分と該当決済。行を選ぶと詳細を表示します。" />
      {!overview.data?.run && overview.data && <Notice kind="warn">まだ分類していないため、区分はすべて「対象外」と表示されます。概要画面で「分類を実行」を押してください。</Notice>}
      <div className="filters">
        <input type="search" className="search" aria-label="検索" placeholder="氏名・フリガナ・住所・〒・電話・メール・会員番号・注文番号・お問い合わせ番号で検索" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="区分" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="all">すべての区分</option>
          <option value="notify">通知対象のみ</option>
          {categories.map((c) => <option key={c} value={c}>{categoryTitle(c, exposures)}</option>)}
        </select>
        <select aria-label="郵送" value={mailable} onChange={(e) => setMailable(e.target.value as 'all' | 'yes' | 'no')}>
          <option value="all">郵送可否: すべて</option>
          <option value="yes">郵送可</option>
          <option value="no">郵送不可</option>
        </select>
        <span className="muted" data-testid="persons-total">{total === null ? '' : `${num(total)} 人`}</span>
      </div>
      {note && <Notice kind="warn">{note}</Notice>}
      <div className="split">
        <VirtualTable label="対象者一覧" columns={columns} fetchPage={fetchPage} rowKey={(r) => r.id} onSelect={(r) => setSelected(r.id)} selectedKey={selected} onTotal={setTotal} />
        {selected !== null && <PersonDetailPanel id={selected} exposures={exposures} onClose={() => setSelected(null)} onOpenPerson={setSelected} navigate={navigate} />}
      </div>
    </div>
  );
}

export function PersonDetailPanel({ id, exposures, onClose, onOpenPerson, navigate }: {
  id: number; exposures: ExposureInfo[]; onClose: () => void; onOpenPerson: (id: number) => void; navigate: Navigate;
}) {
  const detail = useLoad(() => call('persons:get', { id }), [id]);
  const d = detail.data;
  return (
    <aside className="detail" aria-label="対象者の詳細">
      <div className="detail-head">
        <div>
          <div className="mono muted">{d?.personId}</div>
          <h2>{d?.name ?? (detail.loading ? '' : '(氏名なし)')} {d && <span className="muted small">{d.kana}</span>}</h2>
        </div>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label="詳細を閉じる">閉じる</button>
      </div>
      <ErrorBox message={detail.error} />
      {!d ? <Loading /> : (
        <div className="detail-body">
          <dl className="facts">
            <dt>お問い合わせ番号</dt><dd className="mono" data-testid="reference-number">{d.referenceNumber}</dd>
            <dt>区分</dt><dd>{d.category === 'none' ? '対象外' : <Badge tone={d.category.includes('+') ? 'red' : 'amber'}>{categoryTitle(d.category, exposures)}</Badge>}</dd>
            <dt>住所</dt><dd>{postal(d.postalCode)} {d.address1} {d.address2}{!d.mailable && <div><Badge tone="red">郵送不可</Badge> <span className="muted small">7桁の郵便番号と住所が必要です</span></div>}</dd>
            <dt>電話</dt><dd>{d.phone ?? '—'}</dd>
            <dt>メール</dt><dd>{d.email ?? '—'}</dd>
            <dt>名寄せ</dt><dd>{d.records.length === 0
              ? <><Badge tone="amber">寄付者データの記録なし</Badge> <span className="small">訂正で記録が他の対象者に移りました。通知書などの記録のために残しています (分類と通知書の対象外)。</span></>
              : d.groupedBy === 'member' ? '会員番号が同じ記録をまとめています' : '氏名・郵便番号・住所が同じ記録をまとめています'}</dd>
            {d.reviewDecisions.length > 0 && (
              <><dt>要確認の対応</dt><dd><ReviewDecisions decisions={d.reviewDecisions} onOpenPerson={onOpenPerson} /></dd></>
            )}
          </dl>

          <h3>流出区分と理由</h3>
          {d.exposures.length === 0 ? <p className="muted">該当する流出区分はありません。</p> : d.exposures.map((e) => (
            <div key={e.code} className="exposure-box">
              <div><strong>{categoryMark(e.code, exposures)} {e.label}</strong> <Badge tone={e.certainty === 'confirmed' ? 'red' : 'amber'}>{CERTAINTY_LABELS[e.certainty]}</Badge></div>
              <div className="small">流出項目: {e.items.join('、')}</div>
              <div className="muted small">{e.reason}</div>
            </div>
          ))}

          <h3>決済 ({num(d.payments.length)} 件)</h3>
          <table className="table compact">
            <thead><tr><th>決済日</th><th>取引ID</th><th>方法</th><th>カード</th><th className="num">金額</th><th>該当理由</th></tr></thead>
            <tbody>
              {d.payments.map((p) => (
                <tr key={p.paymentId} className={p.exposures.length ? 'row-hit' : ''}>
                  <td className="nowrap">{jstDate(p.jstDate)}</td>
                  <td className="mono small" title={`${p.source.file} ${p.source.line}行目 / ${p.linkedBy === 'order' ? 'オーダーIDで照合' : '会員番号で照合'}`}>{p.transactionId}</td>
                  <td>{p.method ?? '—'}{p.status ? <div className="muted small">{p.status}</div> : null}</td>
                  <td className="nowrap">{p.cardLast4 ? `••••${p.cardLast4}` : '—'}</td>
                  <td className="num">{yen(p.amount)}</td>
                  <td className="small">{p.exposures.length === 0 ? <span className="muted">該当なし</span> : p.exposures.map((x) => <div key={x.code}><strong>{categoryMark(x.code, exposures)}</strong> {x.reason}</div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>寄付者データの記録 ({num(d.records.length)} 件)</h3>
          <table className="table compact">
            <thead><tr><th>オーダーID</th><th>会員番号</th><th>氏名</th><th>住所</th><th>出典</th></tr></thead>
            <tbody>
              {d.records.map((r) => (
                <tr key={r.id}>
                  <td className="mono small">{r.orderId ?? '—'}</td><td className="mono small">{r.memberId ?? '—'}</td><td>{r.name}</td>
                  <td className="small">{postal(r.postalCode)} {r.address1} {r.address2}</td>
                  <td className="muted small">{r.source.file} {r.source.line}行目</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>通知書</h3>
          {d.letters.length === 0 ? (
            <p className="muted">まだ作成していません。{d.category !== 'none' && <button type="button" className="link" onClick={() => navigate('letters')}>通知書の画面へ</button>}</p>
          ) : (
            <table className="table compact">
              <thead><tr><th>版</th><th>作成日時</th><th>区分</th><th>状態</th><th>ファイル</th></tr></thead>
              <tbody>
                {d.letters.map((l) => (
                  <tr key={l.version}><td>{l.version}</td><td>{jstDateTime(l.createdAt)}</td><td>{categoryMark(l.category, exposures)}</td><td>{l.status}{l.mailedDate ? ` (${jstDate(l.mailedDate)})` : ''}</td><td className="small">{l.file}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <PersonTracking id={id} onChanged={detail.reload} />
        </div>
      )}
    </aside>
  );
}

/** Decisions staff recorded on 要確認 about this person; a pair names the other person (never merged). */
function ReviewDecisions({ decisions, onOpenPerson }: { decisions: PersonReviewDecision[]; onOpenPerson: (id: number) => void }) {
  return (
    <ul className="review-decisions">
      {decisions.map((r) => (
        <li key={r.id} data-testid="person-review-decision">
          {r.kind === 'near-duplicate' ? (
            <>
              <Badge tone={r.decision === 'same' ? 'amber' : 'gray'}>{r.label}</Badge>{' '}
              {r.other
                ? <><button type="button" className="link mono" onClick={() => onOpenPerson(r.other!.id)}>{r.other.personId}</button> {r.other.name ?? ''}</>
                : <span className="muted">(個人情報を削除した対象者)</span>}
              {r.decision === 'same' ? ' と同じ人と確認済みです (記録は統合していません)。' : ' とは別の人と確認済みです。'}
            </>
          ) : (
            <><Badge tone="green">{r.label}</Badge> {r.kind === 'undeliverable' ? '郵送できないことへの対応' : r.kind === 'postal-mismatch' ? '〒と住所の不一致の確認' : '外字への対応'}</>
          )}
          <div className="muted small">{jstDateTime(r.decidedAt)} {r.actor}{r.note ? `: ${r.note}` : ''}</div>
        </li>
      ))}
    </ul>
  );
}
