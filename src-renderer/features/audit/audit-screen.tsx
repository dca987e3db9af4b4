// 監査ログ: who did what when, newest first, with file hashes; the hash chain can be verified.
// Actions, detail keys and stored codes are shown in the core's words (vocabulary/labels.ts);
// long paths and hashes wrap, so nothing is cut off on a 1366 px wide screen.
import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Notice, PageHeader } from '../../components/ui';
import { jstDateTime, num } from '../../format';
import { auditActionLabel, auditDetailEntries } from '../../../src-main/core/vocabulary/labels';

export function AuditScreen() {
  const entries = useLoad(() => call('audit:list', { limit: 500 }), []);
  // The incident's exposure labels, so that a detail names 流出区分 in words, not by code.
  const overview = useLoad(() => call('overview:get'), []);
  const exposures = overview.data?.exposures ?? [];
  const [verify, setVerify] = useState<{ ok: boolean; text: string } | null>(null);
  const check = async () => {
    try {
      const result = await call('audit:verify');
      setVerify(result.ok
        ? { ok: true, text: `${num(result.entries)} 件の記録を検証しました。改ざんは見つかりませんでした。` }
        : { ok: false, text: `記録 #${result.brokenAt?.id} が改ざんされています: ${result.brokenAt?.reason}` });
    } catch (e) {
      setVerify({ ok: false, text: errorMessage(e) });
    }
  };
  return (
    <div className="screen">
      <PageHeader title="監査ログ" description="取込・分類・通知書の作成・出力・発送と対応の記録です。各記録は前の記録のハッシュを含み、書き換えや削除を検出できます。"
        actions={<button type="button" className="btn" onClick={() => void check()}>改ざんの検証</button>} />
      {verify && (verify.ok ? <Notice kind="ok">{verify.text}</Notice> : <ErrorBox message={verify.text} />)}
      <ErrorBox message={entries.error} />
      <Card>
        {(entries.data ?? []).length === 0 ? (
          <Empty title="記録はまだありません">取込や分類を行うと、ここに記録されます。</Empty>
        ) : (
          <table className="table audit-table" data-testid="audit-table">
            <colgroup><col className="audit-id" /><col className="audit-at" /><col className="audit-actor" /><col className="audit-action" /><col /></colgroup>
            <thead><tr><th>#</th><th>日時 (日本時間)</th><th>操作者</th><th>操作</th><th>内容</th></tr></thead>
            <tbody>
              {entries.data!.map((e) => (
                <tr key={e.id}>
                  <td className="muted">{e.id}</td>
                  <td className="nowrap">{jstDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td><Badge tone="blue">{auditActionLabel(e.action)}</Badge></td>
                  <td className="small">
                    {auditDetailEntries(e.action, e.detail, exposures).map(([k, v], i) => (
                      <span key={`${i}-${k}`} className="kv"><span className="muted">{k}</span> <span className={k.includes('SHA') || k.includes('ハッシュ') ? 'mono' : ''}>{v}</span></span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
