// 取込: choose kind and file → detected encoding, header mapping and the first 20 rows (fix the
// mapping with drop-downs, save it as a named profile) → validation report → import with a
// progress bar → the import report. The core previews and imports; this only shows it.
import { useEffect, useMemo, useReducer } from 'react';
import type { FieldMapping, FileRef, ImportReport, MappingProfile } from '../../../src-main/electron/ipc/contract';
import type { ImportPreview } from '../../../src-main/core/index';
import { ENCODING_CHOICES, ENCODING_CHOICE_LABELS, type EncodingChoice } from '../../../src-main/core/vocabulary/encodings';
import { IMPORT_KINDS, IMPORT_KIND_LABELS, type ImportKind } from '../../../src-main/core/vocabulary/import-kinds';
import { encodingLabel } from '../../../src-main/core/vocabulary/labels';
import type { Navigate } from '../../navigate';
import { call, errorMessage } from '../../api/client';
import { useJob, useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Notice, PageHeader, Progress } from '../../components/ui';
import { bytes, categoryTitle, jstDateTime, num } from '../../format';
import { importReducer, initialImportState, type ImportStep } from './import-state';

const KIND_HINTS: Record<ImportKind, string> = {
  payments: '決済代行会社の取引明細 (CSV / XLSX)',
  donors: '自団体の寄付・会員データ (氏名・住所)',
  confirmed: '流出が確認された取引IDの一覧',
};
const KINDS = IMPORT_KINDS.map((value) => ({ value, label: IMPORT_KIND_LABELS[value], hint: KIND_HINTS[value] }));

const ENCODINGS = ENCODING_CHOICES.map((value) => ({ value, label: ENCODING_CHOICE_LABELS[value] }));

export function ImportScreen({ navigate }: { navigate: Navigate }) {
  const [state, dispatch] = useReducer(importReducer, initialImportState);
  const { step, kind, exposure, file, encoding, map, preview, error, strict, profileName, profileNote } = state;
  const overview = useLoad(() => call('overview:get'), []);
  const imports = useLoad(() => call('imports:list'), []);
  const profiles = useLoad(() => call('profiles:list', { kind }), [kind]);
  const job = useJob('import', () => imports.reload());

  const confirmedExposures = useMemo(
    () => (overview.data?.incident?.definition.exposures ?? []).filter((e) => e.rule.type === 'confirmed-list'),
    [overview.data],
  );
  useEffect(() => {
    if (kind === 'confirmed' && !exposure && confirmedExposures[0]) dispatch({ type: 'exposure', exposure: confirmedExposures[0].code });
  }, [kind, exposure, confirmedExposures]);

  const loadPreview = async (ref: FileRef, enc: EncodingChoice, mapping: FieldMapping) => {
    dispatch({ type: 'error', error: null });
    try {
      const result = await call('imports:preview', { file: ref.id, kind, encoding: enc, map: mapping });
      dispatch({ type: 'preview-loaded', preview: result });
    } catch (e) {
      dispatch({ type: 'preview-failed', error: errorMessage(e) });
    }
  };

  const choose = async () => {
    dispatch({ type: 'error', error: null });
    try {
      const ref = await call('dialog:openFile', { purpose: 'import' });
      if (!ref) return;
      dispatch({ type: 'file-chosen', file: ref });
      await loadPreview(ref, 'auto', {});
    } catch (e) {
      dispatch({ type: 'error', error: errorMessage(e) });
    }
  };

  const restart = () => {
    dispatch({ type: 'restart' });
    job.reset();
  };

  const report = job.result;
  const steps: Array<{ id: ImportStep; label: string }> = [
    { id: 'source', label: '1. 種類とファイル' },
    { id: 'mapping', label: '2. 文字コードと列の対応' },
    { id: 'check', label: '3. 検証結果' },
    { id: 'run', label: '4. 取込' },
  ];
  const stepIndex = steps.findIndex((s) => s.id === step);

  return (
    <div className="screen">
      <PageHeader title="取込" description="決済データ・寄付者データ・流出確認リストを取り込みます。取り込む前に先頭20行と列の対応を確認できます。" />
      <ol className="stepper" aria-label="取込の手順">
        {steps.map((s, i) => (
          <li key={s.id} className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : ''} aria-current={i === stepIndex ? 'step' : undefined}>{s.label}</li>
        ))}
      </ol>
      <ErrorBox message={error} />

      {step === 'source' && (
        <Card title="何を取り込みますか">
          <div className="choice-grid" role="radiogroup" aria-label="データの種類">
            {KINDS.map((k) => (
              <label key={k.value} className={`choice ${kind === k.value ? 'selected' : ''}`}>
                <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => dispatch({ type: 'kind', kind: k.value })} />
                <span className="choice-title">{k.label}</span>
                <span className="muted small">{k.hint}</span>
              </label>
            ))}
          </div>
          {kind === 'confirmed' && (
            <div className="inline-form spaced">
              <label htmlFor="exposure">対象の区分</label>
              {confirmedExposures.length === 0 ? (
                <span className="error-text">流出確認リストを使う区分がありません。先に「事案」で事案を作成してください。</span>
              ) : (
                <select id="exposure" value={exposure} onChange={(e) => dispatch({ type: 'exposure', exposure: e.target.value })}>
                  {confirmedExposures.map((e) => (
                    <option key={e.code} value={e.code}>{categoryTitle(e.code, confirmedExposures)}</option>
                  ))}
                </select>
              )}
            </div>
          )}
          <div className="actions-row">
            <button type="button" className="btn btn-primary" onClick={() => void choose()} disabled={kind === 'confirmed' && !exposure}>
              ファイルを選択…
            </button>
            <span className="muted small">CSV (UTF-8 / Shift_JIS / UTF-16) または Excel (.xlsx)</span>
          </div>
        </Card>
      )}

      {step === 'mapping' && preview && file && (
        <MappingStep
          preview={preview}
          file={file}
          encoding={encoding}
          map={map}
          profiles={profiles.data ?? []}
          profileName={profileName}
          profileNote={profileNote}
          onProfileName={(name) => dispatch({ type: 'profile-name', name })}
          onEncoding={(enc) => {
            dispatch({ type: 'encoding', encoding: enc });
            void loadPreview(file, enc, map);
          }}
          onMap={(next) => void loadPreview(file, encoding, next)}
          onApplyProfile={(p) => {
            dispatch({ type: 'encoding', encoding: p.encoding });
            void loadPreview(file, p.encoding, p.map);
          }}
          onSaveProfile={async () => {
            try {
              const saved = await call('profiles:save', { name: profileName, kind, map, encoding });
              dispatch({ type: 'profile-note', note: `対応表「${saved.name}」を保存しました。` });
              profiles.reload();
            } catch (e) {
              dispatch({ type: 'profile-note', note: errorMessage(e) });
            }
          }}
          onBack={restart}
          onNext={() => dispatch({ type: 'step', step: 'check' })}
        />
      )}

      {step === 'check' && preview && file && (
        <Card title="検証結果 (先頭20行)">
          <dl className="facts">
            <dt>ファイル</dt><dd>{preview.file} ({bytes(preview.size)})</dd>
            <dt>種類</dt><dd>{IMPORT_KIND_LABELS[kind]}{kind === 'confirmed' ? ` — ${categoryTitle(exposure, confirmedExposures)}` : ''}</dd>
            <dt>文字コード</dt><dd>{preview.encoding}</dd>
            <dt>SHA-256</dt><dd className="mono small">{preview.sha256}</dd>
          </dl>
          {preview.warnings.map((w) => <Notice key={w} kind="warn">{w}</Notice>)}
          {preview.missingRequired.length > 0 && <ErrorBox message={`必須の列がありません: ${preview.missingRequired.join('、')}。前の手順で列を対応付けてください。`} />}
          <IssueTable rows={preview.rows.filter((r) => r.issue).map((r) => r.issue!)} emptyText="先頭20行に問題は見つかりませんでした。残りの行は取込時に検証し、問題のある行は理由つきで除外します。" />
          <label className="checkbox">
            <input type="checkbox" checked={strict} onChange={(e) => dispatch({ type: 'strict', strict: e.target.checked })} />
            問題のある行が1行でもあればファイル全体を取り込まない (厳格モード)
          </label>
          <div className="actions-row">
            <button type="button" className="btn" onClick={() => dispatch({ type: 'step', step: 'mapping' })}>戻る</button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={preview.missingRequired.length > 0 || preview.alreadyImported !== null}
              onClick={() => {
                dispatch({ type: 'step', step: 'run' });
                void job.start(() => call('imports:start', { file: file.id, kind, exposure: kind === 'confirmed' ? exposure : undefined, encoding, map, strict }));
              }}
            >
              取り込む
            </button>
          </div>
        </Card>
      )}

      {step === 'run' && (
        <Card title="取込">
          <Progress event={job.event} label="取込" />
          <ErrorBox message={job.error ?? (job.event?.state === 'failed' || job.event?.state === 'cancelled' ? job.event.error?.message : null)} />
          {job.running && <div className="actions-row"><button type="button" className="btn" onClick={job.cancel}>取消</button></div>}
          {report && <ImportReportView report={report} />}
          {job.event && job.event.state !== 'running' && (
            <div className="actions-row">
              <button type="button" className="btn btn-primary" onClick={restart}>続けて取り込む</button>
              <button type="button" className="btn" onClick={() => navigate('overview', { classify: true })}>分類を実行して概要へ</button>
            </div>
          )}
        </Card>
      )}

      <Card title="取込履歴">
        {(imports.data ?? []).length === 0 ? (
          <Empty title="まだ何も取り込んでいません">決済データ、寄付者データ、流出確認リストの順に取り込むのが一般的です。</Empty>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr><th>#</th><th>日時</th><th>種類</th><th>ファイル</th><th>文字コード</th><th className="num">読込</th><th className="num">取込</th><th className="num">除外</th><th className="num">重複</th><th className="num">矛盾</th></tr>
              </thead>
              <tbody>
                {imports.data!.map((i) => (
                  <tr key={i.id}>
                    <td>{i.id}</td><td>{jstDateTime(i.importedAt)}</td>
                    <td>{IMPORT_KIND_LABELS[i.kind]}{i.exposureCode ? ` (${categoryTitle(i.exposureCode, confirmedExposures)})` : ''}</td>
                    <td title={`SHA-256 ${i.sha256}`}>{i.fileName}</td><td>{encodingLabel(i.encoding)}</td>
                    <td className="num">{num(i.rowsRead)}</td><td className="num">{num(i.rowsAccepted)}</td>
                    <td className="num">{i.rowsRejected ? <Badge tone="red">{num(i.rowsRejected)}</Badge> : 0}</td>
                    <td className="num">{num(i.rowsDuplicate)}</td>
                    <td className="num">{i.rowsConflict ? <Badge tone="amber">{num(i.rowsConflict)}</Badge> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

interface MappingProps {
  preview: ImportPreview;
  file: FileRef;
  encoding: EncodingChoice;
  map: FieldMapping;
  profiles: MappingProfile[];
  profileName: string;
  profileNote: string | null;
  onProfileName: (v: string) => void;
  onEncoding: (e: EncodingChoice) => void;
  onMap: (m: FieldMapping) => void;
  onApplyProfile: (p: MappingProfile) => void;
  onSaveProfile: () => Promise<void>;
  onBack: () => void;
  onNext: () => void;
}

function MappingStep(p: MappingProps) {
  const { preview } = p;
  const mappedHeaders = new Set(Object.values(preview.mapping));
  return (
    <>
      <Card title="ファイルの読み取り結果">
        <dl className="facts">
          <dt>ファイル</dt><dd>{preview.file} ({bytes(preview.size)}, {preview.format.toUpperCase()}{preview.sheet ? `・シート「${preview.sheet}」` : ''})</dd>
          <dt>見出し行</dt><dd>{preview.headerLine} 行目</dd>
          <dt>文字コード</dt>
          <dd>
            <span data-testid="detected-encoding">{preview.encoding}</span>
            {preview.format === 'csv' && (
              <select aria-label="文字コード" className="inline-select" value={p.encoding} onChange={(e) => p.onEncoding(e.target.value as EncodingChoice)}>
                {ENCODINGS.map((e) => <option key={e.value} value={e.value}>{e.label}</option>)}
              </select>
            )}
          </dd>
        </dl>
        {preview.alreadyImported && <ErrorBox message={`このファイルは取込済みです (${preview.alreadyImported.fileName}, ${jstDateTime(preview.alreadyImported.importedAt)})。同じファイルは二度取り込めません。`} />}
        {preview.warnings.filter((w) => !w.startsWith('このファイルは取込済み')).map((w) => <Notice key={w} kind="warn">{w}</Notice>)}
        {preview.missingRequired.length > 0 && <ErrorBox message={`必須の列が見つかりません: ${preview.missingRequired.join('、')}。下の表で対応する列を選んでください。`} />}
        {preview.unknownColumns.length > 0 && <p className="muted small">使わない列: {preview.unknownColumns.join('、')}</p>}
      </Card>
      <Card
        title="列の対応"
        actions={
          <div className="inline-form">
            {p.profiles.length > 0 && (
              <select aria-label="保存した対応表" defaultValue="" onChange={(e) => { const prof = p.profiles.find((x) => x.name === e.target.value); if (prof) p.onApplyProfile(prof); }}>
                <option value="" disabled>保存した対応表を適用…</option>
                {p.profiles.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
              </select>
            )}
            <input aria-label="対応表の名前" placeholder="対応表の名前" value={p.profileName} onChange={(e) => p.onProfileName(e.target.value)} />
            <button type="button" className="btn" disabled={!p.profileName.trim()} onClick={() => void p.onSaveProfile()}>対応表を保存</button>
          </div>
        }
      >
        {p.profileNote && <Notice kind="ok">{p.profileNote}</Notice>}
        <div className="mapping-grid">
          {preview.fields.map((f) => (
            <label key={f.id} className="mapping-row">
              <span className="mapping-field">{f.label}</span>
              <select
                aria-label={`${f.label} の列`}
                data-field={f.id}
                value={preview.mapping[f.id] ?? ''}
                onChange={(e) => {
                  const next = { ...p.map };
                  if (e.target.value) next[f.id] = e.target.value;
                  else delete next[f.id];
                  p.onMap(next);
                }}
              >
                <option value="">(なし)</option>
                {preview.headers.filter(Boolean).map((h) => <option key={h} value={h}>{h}</option>)}
              </select>
            </label>
          ))}
        </div>
      </Card>
      <Card title={`先頭 ${preview.rows.length} 行`}>
        <div className="table-scroll preview-table">
          <table className="table compact">
            <thead>
              <tr>
                <th>行</th>
                {preview.headers.map((h, i) => (
                  <th key={i} className={mappedHeaders.has(h) ? '' : 'unmapped'} title={mappedHeaders.has(h) ? '取り込む列' : '使わない列'}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line} className={r.issue ? 'row-error' : ''} title={r.issue?.message}>
                  <td className="muted">{r.line}</td>
                  {preview.headers.map((_, i) => <td key={i}>{r.cells[i] ?? ''}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="actions-row">
          <button type="button" className="btn" onClick={p.onBack}>やり直す</button>
          <button type="button" className="btn btn-primary" onClick={p.onNext} disabled={preview.missingRequired.length > 0}>次へ (検証結果)</button>
        </div>
      </Card>
    </>
  );
}

function IssueTable({ rows, emptyText }: { rows: Array<{ line: number; column: string | null; message: string }>; emptyText: string }) {
  if (rows.length === 0) return <Notice kind="ok">{emptyText}</Notice>;
  return (
    <table className="table compact">
      <thead><tr><th>行</th><th>列</th><th>理由</th></tr></thead>
      <tbody>
        {rows.map((r, i) => <tr key={i}><td>{r.line}</td><td>{r.column ?? '—'}</td><td>{r.message}</td></tr>)}
      </tbody>
    </table>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="report" data-testid="import-report">
      <Notice kind={report.rowsRejected > 0 || report.rowsConflict > 0 ? 'warn' : 'ok'}>
        {report.file} を取り込みました: {num(report.rowsRead)} 行中 {num(report.rowsAccepted)} 行を取込、除外 {num(report.rowsRejected)}、重複 {num(report.rowsDuplicate)}、矛盾 {num(report.rowsConflict)}。
      </Notice>
      <dl className="facts">
        <dt>文字コード</dt><dd>{report.encoding}</dd>
        <dt>SHA-256</dt><dd className="mono small">{report.sha256}</dd>
        <dt>伏せたカード番号</dt><dd data-testid="cards-masked">{num(report.cardNumbersMasked)} 件 (下4桁だけを保存)</dd>
        {report.securityCodeColumns.length > 0 && (<><dt>読み込まなかった列</dt><dd>{report.securityCodeColumns.join('、')} (セキュリティコード)</dd></>)}
      </dl>
      {report.warnings.map((w, i) => <Notice key={i} kind="warn">{w.message}{w.count !== undefined ? ` (${num(w.count)} 件)` : ''}</Notice>)}
      {report.rejects.length > 0 && (
        <>
          <h3>除外した行</h3>
          <IssueTable rows={report.rejects} emptyText="" />
        </>
      )}
      {report.conflicts.length > 0 && (
        <>
          <h3>内容が矛盾する行 (先に取り込んだ内容を残しました)</h3>
          <IssueTable rows={report.conflicts} emptyText="" />
        </>
      )}
      {report.rowWarnings.length > 0 && (
        <>
          <h3>確認が必要な行 (取り込みました)</h3>
          <IssueTable rows={report.rowWarnings} emptyText="" />
        </>
      )}
    </div>
  );
}
