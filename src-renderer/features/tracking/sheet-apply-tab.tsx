// 連絡表の反映: the contact sheet's 通知書状態 / 発送日 / 対応メモ edited in Excel come back here.
// First a preview of every change, conflict (edited here and in Excel) and unusable row; then
// apply. The core refuses a file it has applied before (by its SHA-256), so nothing is applied twice.
import type { Output } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useCheckedFile } from '../../api/hooks';
import { Card, Empty, ErrorBox, Notice } from '../../components/ui';
import { jstDateTime, num } from '../../format';

type Result = Output<'sheet:apply'>;

export function SheetApplyTab({ navigate }: { navigate: Navigate }) {
  const { result, action, choose, commit } = useCheckedFile<Result>('sheet', (file, dryRun) => call('sheet:apply', { file, dryRun }));

  return (
    <Card title="Excel で更新した連絡表の反映" actions={<button type="button" className="btn" disabled={action.busy} onClick={() => void choose()}>連絡表を選択…</button>}>
      <p className="muted small">
        <button type="button" className="link" onClick={() => navigate('exports')}>出力</button>
        画面で保存した連絡表の「通知書状態」「発送日」「対応メモ」を担当者が Excel で更新したものを取り込みます。変更点を確認してから反映します。
        出力後にこのアプリでも変更された項目は「矛盾」として反映しません。
      </p>
      <ErrorBox message={action.error} />
      {!result ? (
        <Empty title="連絡表が選択されていません" />
      ) : (
        <div data-testid="sheet-apply-result">
          <Notice kind={result.conflicts.length + result.issues.length > 0 ? 'warn' : result.dryRun ? 'info' : 'ok'}>
            {result.file} (出力 {jstDateTime(result.sheetCreatedAt)}): {num(result.rows)} 人分を確認、
            {result.dryRun ? '反映予定' : '反映済み'} {num(result.changes.length)} 件、矛盾 {num(result.conflicts.length)} 件、反映できない行 {num(result.issues.length)} 件
            {result.dryRun ? ' (確認のみ)' : ''}
          </Notice>
          {result.changes.length > 0 && (
            <table className="table" data-testid="sheet-changes">
              <thead><tr><th>対象者</th><th>シート / 行</th><th>項目</th><th>現在</th><th>Excel の値</th></tr></thead>
              <tbody>
                {result.changes.map((c) => (
                  <tr key={`${c.personId}-${c.field}`}>
                    <td className="mono">{c.personId}</td><td className="small">{c.sheet} {c.row}行目</td><td>{c.label}</td>
                    <td className="muted">{c.from ?? '—'}</td><td><strong>{c.to ?? '(空欄)'}</strong></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.conflicts.length > 0 && (
            <>
              <h3>矛盾 (反映しません)</h3>
              <ul className="issue-list" data-testid="sheet-conflicts">
                {result.conflicts.map((c) => <li key={`${c.personId}-${c.field}`}><span className="mono">{c.sheet} {c.row}行目</span> {c.message}</li>)}
              </ul>
            </>
          )}
          {result.issues.length > 0 && (
            <>
              <h3>反映できない行</h3>
              <ul className="issue-list">
                {result.issues.map((i) => <li key={`${i.sheet}-${i.row}-${i.code}`}><span className="mono">{i.sheet} {i.row}行目</span> {i.message}</li>)}
              </ul>
            </>
          )}
          {result.dryRun && result.changes.length > 0 && (
            <div className="actions-row">
              <button type="button" className="btn btn-primary" disabled={action.busy} onClick={() => void commit()}>{num(result.changes.length)} 件を反映</button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
