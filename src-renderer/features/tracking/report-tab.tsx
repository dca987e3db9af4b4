// 報告・保全: the figures a final report to the 個人情報保護委員会 needs, counted from the database
// (not typed by hand), and a verified backup copy of the database.
import { useState } from 'react';
import type { Output } from '../../../src-main/electron/ipc/contract';
import { call } from '../../api/client';
import { useAction, useJob, useLoad } from '../../api/hooks';
import { DateInput, Select, TextInput } from '../../components/fields';
import { Card, Empty, ErrorBox, Notice, Progress, Stat } from '../../components/ui';
import { bytes, jstDateTime, num, todayJst } from '../../format';
import { CERTAINTY_LABELS } from '../../../src-main/core/vocabulary/exposures';
import { UNREACHABLE_KIND_LABELS } from '../../../src-main/core/vocabulary/labels';

function Counts({ title, counts, testId }: { title: string; counts: Record<string, number>; testId?: string }) {
  const entries = Object.entries(counts);
  return (
    <div>
      <h3>{title}</h3>
      {entries.length === 0 ? <p className="muted small">なし</p> : (
        <table className="table" data-testid={testId}>
          <tbody>{entries.map(([k, v]) => <tr key={k}><td>{k}</td><td className="num">{num(v)}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}

function BackupCard() {
  const [result, setResult] = useState<Output<'backup:create'> | null>(null);
  const action = useAction();
  const save = async () => {
    setResult(null);
    const ref = await action.run(() => call('dialog:saveFile', { purpose: 'backup', defaultName: `inw-backup-${todayJst().replace(/-/g, '')}.db` }));
    if (!ref) return;
    const r = await action.run(() => call('backup:create', { file: ref.id }));
    if (r) setResult(r);
  };
  return (
    <Card title="バックアップ" actions={<button type="button" className="btn" disabled={action.busy} onClick={() => void save()}>バックアップを保存…</button>}>
      <p className="muted small">使用中でも一貫したコピーを作り、開き直して検査 (整合性と監査ログの連鎖) してから保存します。個人情報を含むため、暗号化された外部媒体に保管してください。</p>
      <ErrorBox message={action.error} />
      {result && (
        <Notice kind="ok">
          <span data-testid="backup-done">「{result.file}」に保存しました ({bytes(result.bytes)}、検査 OK、監査ログ {num(result.auditEntries)} 件、対象者 {num(result.tables.persons ?? 0)} 人)。</span>
          <div className="mono small">SHA-256 {result.sha256}</div>
          <div className="mono small" data-testid="backup-anchor">バックアップの監査ログの最新記録 (アンカー) {result.auditHead}</div>
        </Notice>
      )}
    </Card>
  );
}

/**
 * カード番号の検査: the same scan as `inw scan`, over the database and every file inw recorded
 * writing (letters, sheets, exports, backups). Findings are masked and say where they are.
 */
function ScanCard() {
  const job = useJob('scan');
  const result = job.result;
  const failure = job.error ?? (job.event && job.event.state !== 'running' && job.event.state !== 'done' ? job.event.error?.message ?? null : null);
  return (
    <Card title="カード番号・セキュリティコードの検査" actions={
      <>
        <button type="button" className="btn" disabled={job.running} onClick={() => void job.start(() => call('scan:start'))}>{job.running ? '検査中…' : '検査する'}</button>
        {job.running && <button type="button" className="btn" onClick={job.cancel}>取消</button>}
      </>
    }>
      <p className="muted small">データベース (削除済みの領域と作業用ファイルを含む) と、これまでに書き出した通知書・連絡表・CSV・バックアップを調べ、完全なカード番号やセキュリティコードの列が残っていないか確認します。通知書が数千通あると数分かかります。</p>
      <Progress event={job.event} label="検査" />
      <ErrorBox message={failure} />
      {result && (
        <div data-testid="scan-result">
          <p className="small muted">
            調べたもの: データベース {num(result.scanned.databases)}、PDF {num(result.scanned.pdfs)}、Excel {num(result.scanned.sheets)}、CSV {num(result.scanned.csv)}、その他 {num(result.scanned.text)} (計 {num(result.files.length)} ファイル)
          </p>
          {result.findings.length === 0 ? (
            <Notice kind="ok"><span data-testid="scan-clean">見つかりませんでした。</span></Notice>
          ) : (
            <>
              <Notice kind="warn">{num(result.findings.length)} 件見つかりました。該当するファイルや記録を確認し、不要なら削除してください。</Notice>
              <table className="table" data-testid="scan-findings">
                <thead><tr><th>種類</th><th>ファイル</th><th>場所</th><th>内容 (伏せ字)</th></tr></thead>
                <tbody>
                  {result.findings.map((f, i) => (
                    <tr key={`${f.file}-${f.where}-${i}`}>
                      <td>{f.kind === 'card-number' ? 'カード番号' : 'セキュリティコードの列'}</td>
                      <td className="mono small">{f.file}</td>
                      <td>{f.where}</td>
                      <td className="mono small">{f.excerpt}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

type PurgeScope = 'incident' | 'before';

const FILE_STATE: Record<Output<'purge:run'>['files'][number]['state'], string> = {
  unchanged: '書き出したまま',
  changed: '書き出した後に変更されています',
  missing: '見つかりません (移動・コピーされていれば、その先に残っています)',
};

/** Files inw wrote that purge does not delete (sheets, exports, backups, shared print files): by full path, with what they hold. */
function LeftoverFiles({ files }: { files: Output<'purge:run'>['files'] }) {
  if (files.length === 0) return null;
  return (
    <div data-testid="purge-files">
      <h3>個人情報が残っている可能性のあるファイル ({num(files.length)} 件)</h3>
      <p className="muted small">削除しません。不要になったら、この場所のファイルを削除してください。</p>
      <table className="table">
        <thead><tr><th>ファイル</th><th>内容</th><th>書き出し (日本時間)</th><th>状態</th></tr></thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.path}>
              <td className="mono small">{f.path}</td>
              <td>{f.holds}</td>
              <td>{f.written ?? '—'}</td>
              <td>{f.state === 'unchanged' ? FILE_STATE.unchanged : <strong>⚠ {FILE_STATE[f.state]}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * 個人情報の削除 after the retention period: first the dry run says who would be purged; the
 * purge itself needs the word 削除 typed, because it cannot be undone. Counts, the report
 * figures and the audit log stay.
 */
function PurgeCard({ classifiedIncident, onPurged }: { classifiedIncident: string | undefined; onPurged: () => void }) {
  const incidents = useLoad(() => call('incidents:list'), []);
  const [scope, setScope] = useState<PurgeScope>('incident');
  const [incident, setIncident] = useState('');
  const [before, setBefore] = useState('');
  const [confirm, setConfirm] = useState('');
  const [preview, setPreview] = useState<Output<'purge:run'> | null>(null);
  const action = useAction();
  // Incidents saved in the app, and the one the latest classification used (the CLI may not save it).
  const codes = [...new Set([...(classifiedIncident ? [classifiedIncident] : []), ...(incidents.data ?? []).map((i) => i.code)])];
  const chosenIncident = incident || codes[0] || '';
  const input = scope === 'incident' ? { incident: chosenIncident } : { before };
  const ready = scope === 'incident' ? chosenIncident !== '' : before !== '';

  const check = async () => {
    setConfirm('');
    const r = await action.run(() => call('purge:run', { ...input, dryRun: true }));
    setPreview(r ?? null);
  };
  const purge = async () => {
    const r = await action.run(() => call('purge:run', { ...input, dryRun: false }));
    if (r) {
      setPreview(r);
      setConfirm('');
      onPurged();
    }
  };

  return (
    <Card title="個人情報の削除 (保存期間の経過後)">
      <p className="muted small">氏名・住所・電話・メールなど本人を特定できる項目を消去し、ファイルを再構築して元の値がどこにも残らないようにします。件数、報告用の数値、監査ログは残ります。元に戻せません。先にバックアップを取る場合は、その保管と廃棄の手順も決めてください。</p>
      <div className="grid-3">
        <Select label="削除の範囲" name="purgeScope" value={scope} onChange={(v) => { setScope(v); setPreview(null); }}
          options={[{ value: 'incident', label: '事案の対象者すべて' }, { value: 'before', label: '最後の記録が基準日より前の人' }]} />
        {scope === 'incident' ? (
          <Select label="事案" name="purgeIncident" value={chosenIncident} onChange={(v) => { setIncident(v); setPreview(null); }}
            options={codes.map((c) => ({ value: c, label: c }))} />
        ) : (
          <DateInput label="基準日" name="purgeBefore" value={before} onChange={(v) => { setBefore(v); setPreview(null); }} />
        )}
      </div>
      <div className="actions-row">
        <button type="button" className="btn" disabled={!ready || action.busy} onClick={() => void check()}>削除対象を確認</button>
      </div>
      <ErrorBox message={action.error} />
      {preview && preview.dryRun && (
        <div data-testid="purge-preview">
          <Notice kind="warn">削除の対象: {num(preview.persons)} 人、削除する通知書ファイル等 {num(preview.deletedFiles.length)} 件 (まだ削除していません)。</Notice>
          {preview.warnings.map((w) => <Notice key={w} kind="warn">{w}</Notice>)}
          <LeftoverFiles files={preview.files} />
          {preview.persons > 0 && (
            <div className="purge-confirm">
              <TextInput label="確認のため「削除」と入力" name="purgeConfirm" value={confirm} onChange={setConfirm} />
              <div className="field"><span className="field-label">&nbsp;</span>
                <button type="button" className="btn btn-danger" disabled={confirm.trim() !== '削除' || action.busy} onClick={() => void purge()}>
                  {num(preview.persons)} 人の個人情報を削除
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {preview && !preview.dryRun && (
        <Notice kind="ok">
          <span data-testid="purge-done">{num(preview.persons)} 人の個人情報を削除しました (寄付記録 {num(preview.donorRecords)} 件、通知書ファイル {num(preview.deletedFiles.length)} 件)。件数と報告用の数値は残っています。</span>
          {preview.warnings.map((w) => <div key={w} className="small">{w}</div>)}
        </Notice>
      )}
      {preview && !preview.dryRun && <LeftoverFiles files={preview.files} />}
    </Card>
  );
}

export function ReportTab() {
  const report = useLoad(() => call('report:get'), []);
  const r = report.data;
  const n = r?.notification;
  return (
    <>
      <ErrorBox message={report.error} />
      <Card title="報告用の数値 (個人情報保護委員会への確報)">
        {!r || !n ? (
          <Empty title="まだ分類していません">取込と分類を行うと、報告に必要な人数がデータベースから集計されます。</Empty>
        ) : (
          <div data-testid="report">
            <p className="small muted">{r.incident.title} ({r.incident.code})、分類 #{r.runId} {jstDateTime(r.classifiedAt)} 時点</p>
            <div className="stats">
              <Stat label="影響を受けた本人" value={r.affected.persons} testId="report-affected" />
              <Stat label="通知済み" value={n.notified} hint={`郵送 ${num(n.notifiedByMail)} / 電話等 ${num(n.notifiedOtherwise)}`} testId="report-notified" />
              <Stat label="未通知 (発送前)" value={n.pending} />
              <Stat label="連絡がつかない本人" value={n.unreachable} hint={`${UNREACHABLE_KIND_LABELS['no-address']} ${num(n.unreachableNoAddress)} / ${UNREACHABLE_KIND_LABELS['no-postal-code']} ${num(n.unreachableNoPostalCode)} / ${UNREACHABLE_KIND_LABELS.returned} ${num(n.unreachableReturned)}`} tone={n.unreachable > 0 ? 'warn' : undefined} testId="report-unreachable" />
              <Stat label="問い合わせ" value={r.inquiries.total} hint={`${num(r.inquiries.persons)} 人から`} testId="report-inquiries" />
            </div>
            <div className="grid-2">
              <div>
                <h3>流出区分ごと</h3>
                <table className="table">
                  <thead><tr><th>流出区分</th><th>確度</th><th className="num">人数</th></tr></thead>
                  <tbody>
                    {r.affected.byExposure.map((e) => (
                      <tr key={e.code}><td>{e.label}</td><td>{CERTAINTY_LABELS[e.certainty]}</td><td className="num">{num(e.persons)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div>
                <h3>項目ごと</h3>
                <table className="table" data-testid="report-items">
                  <thead><tr><th>項目</th><th className="num">確認</th><th className="num">おそれ</th><th className="num">計</th></tr></thead>
                  <tbody>
                    {r.affected.byItem.map((i) => (
                      <tr key={i.item}><td>{i.item}</td><td className="num">{num(i.confirmed)}</td><td className="num">{num(i.possible)}</td><td className="num">{num(i.total)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
            <div className="grid-3">
              <div>
                <h3>発送と返送</h3>
                <table className="table">
                  <tbody>
                    <tr><td>発送した通知書</td><td className="num">{num(n.lettersMailed)} 通 ({num(n.mailingBatches)} 回)</td></tr>
                    <tr><td>返送</td><td className="num">{num(n.returnedLetters)} 通 ({num(n.returnedPersons)} 人)</td></tr>
                    <tr><td>住所訂正</td><td className="num">{num(n.addressCorrections)} 件</td></tr>
                    <tr><td>再送</td><td className="num">{num(n.resent)} 人</td></tr>
                    <tr><td>対応完了</td><td className="num">{num(n.completed)} 人</td></tr>
                  </tbody>
                </table>
              </div>
              <Counts title="返送の理由" counts={n.returnedByReason} />
              <Counts title="問い合わせの種類" counts={r.inquiries.byTopic} testId="report-topics" />
            </div>
            <p className="small mono" data-testid="report-anchor">監査ログの最新記録 (アンカー): {r.auditHead}</p>
            {r.purges.length > 0 && (
              <p className="small">個人情報の削除: {r.purges.map((p) => `${jstDateTime(p.at)} ${num(p.persons)} 人`).join('、')}</p>
            )}
          </div>
        )}
      </Card>
      <ScanCard />
      <BackupCard />
      <PurgeCard classifiedIncident={r?.incident.code} onPurged={report.reload} />
    </>
  );
}
