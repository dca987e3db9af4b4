// 監査ログ: who did what when, newest first, with file hashes; the hash chain can be verified.
import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Notice, PageHeader } from '../../components/ui';
import { jstDateTime, num } from '../../format';

const ACTIONS: Record<string, string> = {
  import: '取込',
  classify: '分類',
  'incident-save': '事案の保存',
  'incident-activate': '作業中の事案の変更',
  'incident-delete': '事案の削除',
  letters: '通知書の作成',
  'letters-batch': '通知書の作成',
  'export-sheet': '連絡表の出力',
  'export-csv': 'CSV の出力',
  'mailing-batch': '発送の記録',
  'mailing-undo': '発送記録の取り消し',
  'status-change': '状態の変更',
  'returned-mail': '返送の記録',
  'returned-mail-import': '返送一覧の取込',
  'address-correction': '住所の訂正',
  inquiry: '問い合わせ',
  'inquiry-edit': '問い合わせの修正',
  'inquiry-delete': '問い合わせの削除',
  'sheet-apply': '連絡表の反映',
  backup: 'バックアップ',
  purge: '個人情報の削除',
  'review-decision': '要確認の対応',
  'review-undo': '要確認の対応の取り消し',
  'review-bulk-decision': '要確認の一括対応',
  'review-bulk-undo': '要確認の一括対応の取り消し',
};

/** Codes stored in a detail, shown in words (keys not listed here show their value as stored). */
const VALUES: Record<string, Record<string, string>> = {
  kind: { 'near-duplicate': '重複の疑い', undeliverable: '郵送不可', 'missing-glyph': '外字', 'postal-mismatch': '〒と住所の不一致' },
  decision: { different: '別人', same: '同一人物 (確認済み)', handled: '確認済み' },
  withNote: { true: 'あり', false: 'なし' },
};

function detailText(detail: Record<string, unknown>): Array<[string, string]> {
  const labels: Record<string, string> = {
    file: 'ファイル', kind: '種類', sha256: 'SHA-256', runId: '分類', incident: '事案', notify: '通知対象', rows: '行数', code: '事案',
    rowsAccepted: '取込行', rowsRejected: '除外行', importId: '取込', incidentSha256: '定義のハッシュ', letters: '通知書', outDir: '出力先',
    batchId: '発送記録', mailedDate: '発送日', postageMethod: '差出方法', pieces: '通数', byArea: '郵便番号上3桁ごと', manifestSha256: '明細のハッシュ', printFile: '印刷ファイル',
    letterIds: '通知書', letterId: '通知書', personId: '対象者', status: '状態', returnedMailId: '返送', returnedDate: '返送日', reasonCode: '理由',
    returnImportId: '返送取込', rowsRead: '読込行', accepted: '記録', rejected: '除外', byReason: '理由別', correctionId: '住所訂正', previous: '訂正前',
    inquiryId: '問い合わせ', applied: '反映', conflicts: '競合', issues: '反映不可', sheetCreatedAt: '連絡表の出力日時', bytes: 'バイト',
    auditEntries: '監査ログ件数', auditHead: 'アンカー', persons: '対象者数', payments: '取引数', purgeId: '削除', scope: '範囲',
    decisionId: '対応記録', personIds: '対象者', decision: '対応', withNote: 'メモ', decisionIds: '対応記録', count: '件数',
  };
  const text = (k: string, v: unknown): string => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('・');
    if (typeof v === 'object') return JSON.stringify(v);
    return VALUES[k]?.[String(v)] ?? String(v);
  };
  return Object.entries(detail).map(([k, v]) => [labels[k] ?? k, text(k, v)]);
}

export function AuditScreen() {
  const entries = useLoad(() => call('audit:list', { limit: 500 }), []);
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
          <table className="table" data-testid="audit-table">
            <thead><tr><th>#</th><th>日時 (日本時間)</th><th>操作者</th><th>操作</th><th>内容</th></tr></thead>
            <tbody>
              {entries.data!.map((e) => (
                <tr key={e.id}>
                  <td className="muted">{e.id}</td>
                  <td className="nowrap">{jstDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td><Badge tone="blue">{ACTIONS[e.action] ?? e.action}</Badge></td>
                  <td className="small">
                    {detailText(e.detail).map(([k, v]) => (
                      <span key={k} className="kv"><span className="muted">{k}</span> <span className={k.includes('SHA') || k.includes('ハッシュ') ? 'mono' : ''}>{v}</span></span>
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
