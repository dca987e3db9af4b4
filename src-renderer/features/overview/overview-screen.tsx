// 概要: the latest classification run's summary (the same object as `inw summary --json`),
// counts by category with a chart, reconciliation with the incident's stated counts,
// unmatched payments, undeliverable persons and the review queue (review-queue.tsx), and the
// classify button. Opened with a classification request (the import screen's 「分類を実行して概要へ」)
// it starts the same job at once, with its progress, and shows the result when it is done.
import { useEffect, useRef, useState } from 'react';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useJob, useLoad } from '../../api/hooks';
import { BarChart } from '../../components/bar-chart';
import { ReviewQueue } from './review-queue';
import { Badge, Card, Empty, ErrorBox, Loading, Notice, PageHeader, Progress, Stat } from '../../components/ui';
import { categoryMark, categoryTitle, jstDate, jstDateTime, num, yen } from '../../format';
import { CERTAINTY_LABELS } from '../../../src-main/core/vocabulary/exposures';

export function OverviewScreen({ navigate, classifyRequest = 0 }: { navigate: Navigate; classifyRequest?: number }) {
  const overview = useLoad(() => call('overview:get'), []);
  const unmatched = useLoad(() => call('unmatched:list', { offset: 0, limit: 50 }), []);
  const [refresh, setRefresh] = useState(0);
  const job = useJob('classify', () => {
    overview.reload();
    setRefresh((n) => n + 1);
    unmatched.reload();
  });

  const data = overview.data;
  const canClassify = data?.incident != null && (data.imports ?? 0) > 0;
  const handledRequest = useRef(0);
  const { start } = job;
  const incidentCode = data?.incident?.code;
  useEffect(() => {
    if (classifyRequest === 0 || handledRequest.current === classifyRequest || !data) return;
    handledRequest.current = classifyRequest;
    // Without an incident or imports the notices below say what to do first.
    if (canClassify && incidentCode) void start(() => call('classify:start', { incidentCode }));
  }, [classifyRequest, data, canClassify, incidentCode, start]);

  if (overview.loading && !overview.data) return <Loading />;
  const run = data?.run ?? null;
  const summary = run?.summary;
  const exposures = data?.exposures ?? [];
  const incident = data?.incident ?? null;
  const classifyButton = (
    <button type="button" className={!run || summary?.stale || run.incidentCode !== incident?.code ? 'btn btn-primary' : 'btn'} disabled={!canClassify || job.running}
      onClick={() => void job.start(() => call('classify:start', { incidentCode: incident!.code }))}>
      分類を実行
    </button>
  );

  return (
    <div className="screen">
      <PageHeader
        title="概要"
        description={incident ? `${incident.definition.title} (${incident.code})` : '事案と取込の状況'}
        actions={classifyButton}
      />
      <ErrorBox message={overview.error} />
      {job.event && (job.running || job.event.state !== 'done') && <Card><Progress event={job.event} label="分類" /><ErrorBox message={job.event.error?.message ?? job.error} /></Card>}
      {!incident && <Notice kind="warn">事案がまだありません。「事案」画面でプリセットから作成してください。</Notice>}
      {incident && (data?.imports ?? 0) === 0 && <Notice kind="warn">まだファイルを取り込んでいません。「取込」画面から決済データと寄付者データを取り込んでください。</Notice>}
      {run && summary?.stale && <Notice kind="warn">分類の後にファイルが取り込まれています。「分類を実行」を押して最新の状態にしてください。</Notice>}
      {run && incident && run.incidentCode === incident.code && incident.updatedAt > run.createdAt && <Notice kind="warn">事案の定義が分類の後に変更されています。「分類を実行」を押してください。</Notice>}

      {!run || !summary ? (
        <Card>
          <Empty title="まだ分類していません">
            事案を作成し、ファイルを取り込んでから「分類を実行」を押すと、対象者ごとの区分と件数がここに表示されます。
          </Empty>
        </Card>
      ) : (
        <>
          <div className="stats">
            <Stat label="取引 (件)" value={summary.payments.total} hint={`うちカード ${num(summary.payments.card)}`} testId="count-payments" />
            <Stat label="寄付者 (人)" value={summary.persons.total} testId="count-persons" />
            <Stat label="通知対象 (人)" value={summary.persons.notify} testId="count-notify" tone="alert" />
            <Stat label="郵送不可 (人)" value={summary.undeliverable} testId="count-undeliverable" tone={summary.undeliverable > 0 ? 'warn' : undefined} />
            <Stat label="未照合の取引 (件)" value={summary.unmatchedPayments.total} testId="count-unmatched" tone={summary.unmatchedPayments.total > 0 ? 'warn' : undefined} />
          </div>
          <p className="muted small">分類 #{run.runId}: {jstDateTime(run.createdAt)} ({run.incidentCode})</p>

          <div className="two-col">
            <Card title="区分ごとの対象者数">
              <BarChart
                title="区分ごとの対象者数"
                data={Object.entries(summary.persons.byCategory).map(([code, value]) => ({
                  // The marks only: the table under the chart names each category in full.
                  label: categoryMark(code, exposures),
                  value,
                  tone: code === 'none' ? 'gray' : code.includes('+') ? 'red' : 'blue',
                }))}
              />
              <table className="table compact" data-testid="by-category">
                <thead><tr><th>区分</th><th className="num">人数</th><th></th></tr></thead>
                <tbody>
                  {Object.entries(summary.persons.byCategory).map(([code, value]) => (
                    <tr key={code} data-category={code}>
                      <td>{categoryTitle(code, exposures)}</td>
                      <td className="num" data-testid={`category-${code}`}>{num(value)}</td>
                      <td className="nowrap">{code !== 'none' && value > 0 && <button type="button" className="link" onClick={() => navigate('persons', { category: code })}>一覧</button>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            <Card title="公表件数との照合">
              <table className="table" data-testid="reconciliation">
                <thead><tr><th>区分</th><th>確度</th><th className="num">公表</th><th className="num">当方の集計</th><th>判定</th></tr></thead>
                <tbody>
                  {(data?.reconciliation ?? []).map((row, i) => {
                    const e = exposures.find((x) => x.code === row.exposure);
                    return (
                      <tr key={row.exposure}>
                        <td>{categoryMark(row.exposure, exposures)} {row.label}<div className="muted small">{row.note}</div></td>
                        <td>{e && <Badge tone={e.certainty === 'confirmed' ? 'red' : 'amber'}>{CERTAINTY_LABELS[e.certainty]}</Badge>}</td>
                        <td className="num">{row.stated === null ? '—' : `${row.statedKind === 'max' ? '最大 ' : ''}${num(row.stated)} ${row.unit}`}</td>
                        <td className="num" data-testid={`reconcile-${i}`}>{num(row.ours)} {row.unit}</td>
                        <td>{row.verdict === null ? <span className="muted">公表値なし</span> : row.verdict === 'ok' ? <Badge tone="green">整合</Badge> : <Badge tone="red">要確認</Badge>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <h3>該当した取引</h3>
              <table className="table compact">
                <tbody>
                  {exposures.map((e) => (
                    <tr key={e.code}><td>{categoryTitle(e.code, exposures)}</td><td className="num">{num(summary.payments.exposed[e.code])} 件</td><td className="muted small">うち未照合 {num(summary.unmatchedPayments.exposed[e.code])} 件</td></tr>
                  ))}
                </tbody>
              </table>
              {(summary.notices ?? []).map((n, i) => <Notice key={i} kind="warn">{n.message}</Notice>)}
              <p className="muted small">取込: 除外 {num(summary.imports.rejectedRows)} 行、重複 {num(summary.imports.duplicateRows)} 行、矛盾 {num(summary.imports.conflicts)} 行</p>
            </Card>
          </div>

          <ReviewQueue navigate={navigate} refresh={refresh} />

          <Card title={`未照合の取引 (${num(unmatched.data?.total ?? 0)} 件)`}>
            <p className="muted small">寄付者データのオーダーIDにも会員番号にも結びつかない取引です。流出区分に該当するものを先に表示しています。</p>
            {(unmatched.data?.rows ?? []).length === 0 ? (
              <Empty title="未照合の取引はありません" />
            ) : (
              <div className="table-scroll short">
                <table className="table compact" data-testid="unmatched">
                  <thead><tr><th>取引ID</th><th>オーダーID</th><th>会員番号</th><th>決済日</th><th>決済方法</th><th>カード</th><th className="num">金額</th><th>区分</th></tr></thead>
                  <tbody>
                    {unmatched.data!.rows.map((u) => (
                      <tr key={u.transactionId}>
                        <td className="mono">{u.transactionId}</td><td>{u.orderId ?? '—'}</td><td>{u.memberId ?? '—'}</td><td>{jstDate(u.jstDate)}</td>
                        <td>{u.method ?? '—'}</td><td>{u.cardLast4 ? `••••${u.cardLast4}` : '—'}</td><td className="num">{yen(u.amount)}</td>
                        <td>{u.exposures.length ? <Badge tone="red">{categoryMark(u.exposures.join('+'), exposures)}</Badge> : <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
