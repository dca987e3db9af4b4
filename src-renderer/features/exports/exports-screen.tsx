// 出力: the contact sheet (Excel) for managers and the persons CSV, written by the core as jobs.
import { useState } from 'react';
import type { FileRef } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call, errorMessage } from '../../api/client';
import { useJob, useLoad } from '../../api/hooks';
import { Card, ErrorBox, Notice, PageHeader, Progress } from '../../components/ui';
import { categoryTitle, num } from '../../format';

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`;
}

export function ExportsScreen({ navigate }: { navigate: Navigate }) {
  const overview = useLoad(() => call('overview:get'), []);
  const [sheetFile, setSheetFile] = useState<FileRef | null>(null);
  const [csvFile, setCsvFile] = useState<FileRef | null>(null);
  const [csvCategory, setCsvCategory] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sheet = useJob('sheet');
  const csv = useJob('csv');
  const summary = overview.data?.run?.summary;
  const exposures = overview.data?.exposures ?? [];
  const code = overview.data?.run?.incidentCode ?? 'incident';

  const save = async (purpose: 'sheet' | 'csv', name: string): Promise<FileRef | null> => {
    setError(null);
    try {
      return await call('dialog:saveFile', { purpose, defaultName: name });
    } catch (e) {
      setError(errorMessage(e));
      return null;
    }
  };

  return (
    <div className="screen">
      <PageHeader title="出力" description="管理者向けの連絡表 (Excel) と、対象者一覧の CSV を書き出します。" />
      {!summary && <Notice kind="warn">まだ分類していません。概要画面で「分類を実行」を押してから出力してください。<button type="button" className="link" onClick={() => navigate('overview')}>概要へ</button></Notice>}
      <ErrorBox message={error} />
      <Card title="連絡表 (Excel)">
        <p className="muted">概要 (件数と公表件数との照合)、区分ごとの連絡表、未照合の取引、要確認の一覧を1つのブックにまとめます。カード番号は下4桁だけを出力します。</p>
        {summary && <p className="small">通知対象 {num(summary.persons.notify)} 人 / 未照合 {num(summary.unmatchedPayments.total)} 件</p>}
        <div className="actions-row">
          <button type="button" className="btn btn-primary" disabled={!summary || sheet.running}
            onClick={async () => {
              const ref = await save('sheet', `連絡表_${code}_${stamp()}.xlsx`);
              if (!ref) return;
              setSheetFile(ref);
              await sheet.start(() => call('exports:sheet', { file: ref.id }));
            }}>
            連絡表を保存…
          </button>
          {sheet.running && <button type="button" className="btn" onClick={sheet.cancel}>取消</button>}
          {sheetFile && sheet.event?.state === 'done' && <button type="button" className="btn" onClick={() => void call('shell:showItem', { ref: sheetFile.id })}>フォルダに表示</button>}
        </div>
        <Progress event={sheet.event} label="連絡表" />
        <ErrorBox message={sheet.error ?? (sheet.event && sheet.event.state !== 'running' && sheet.event.state !== 'done' ? sheet.event.error?.message : null)} />
        {sheetFile && sheet.event?.state === 'done' && <Notice kind="ok"><span data-testid="sheet-done">「{sheetFile.name}」を保存しました。</span></Notice>}
      </Card>
      <Card title="対象者一覧 (CSV)">
        <p className="muted">表計算ソフトで数式として解釈されないよう、= + - @ で始まる値はエスケープして出力します。</p>
        <div className="actions-row">
          <select aria-label="CSV の区分" value={csvCategory} onChange={(e) => setCsvCategory(e.target.value)}>
            <option value="">通知対象のすべての区分</option>
            {Object.keys(summary?.persons.byCategory ?? {}).filter((c) => c !== 'none').map((c) => <option key={c} value={c}>{categoryTitle(c, exposures)}</option>)}
          </select>
          <button type="button" className="btn btn-primary" disabled={!summary || csv.running}
            onClick={async () => {
              const ref = await save('csv', `対象者_${csvCategory || 'all'}_${stamp()}.csv`);
              if (!ref) return;
              setCsvFile(ref);
              await csv.start(() => call('exports:csv', csvCategory ? { file: ref.id, category: csvCategory } : { file: ref.id }));
            }}>
            CSV を保存…
          </button>
        </div>
        <Progress event={csv.event} label="CSV" />
        <ErrorBox message={csv.error ?? (csv.event && csv.event.state !== 'running' && csv.event.state !== 'done' ? csv.event.error?.message : null)} />
        {csvFile && csv.event?.state === 'done' && <Notice kind="ok">「{csvFile.name}」を保存しました ({num(csv.result?.rows ?? 0)} 行)。</Notice>}
      </Card>
    </div>
  );
}
