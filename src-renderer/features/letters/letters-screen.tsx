// 通知書: preview one person's letter as the core renders it, print a calibration page for the
// envelope window, and run the batch (progress, cancel; running it again into the same folder
// resumes without redoing finished letters), then open the output folder. Without a sender or
// contact desk no letter to mail can be made: the screen says why and offers drafts only (見本
// across every page, print files named as drafts). The letter date (発行日) is chosen once here:
// the preview and the batch print the same one.
import { useEffect, useState } from 'react';
import type { FileRef, LettersJobResult } from '../../../src-main/electron/ipc/contract';
import type { LetterPrintStats } from '../../../src-main/core/letters/print-stats';
import type { PersonListRow } from '../../../src-main/core/persons/browse';
import type { Navigate } from '../../navigate';
import { call, errorMessage } from '../../api/client';
import { useJob, useLoad } from '../../api/hooks';
import { PdfView } from '../../components/pdf-view';
import { Badge, Card, Empty, ErrorBox, Notice, PageHeader, Progress } from '../../components/ui';
import { DateInput } from '../../components/fields';
import { categoryMark, categoryTitle, num, postal, todayJst } from '../../format';
import { letterDateProblem, letterDateText, normalizeLetterDate } from '../../../src-main/core/vocabulary/japan-time';
import { MailPlanCard, PostalDataCard } from './mail-panels';

export function LettersScreen({ navigate }: { navigate: Navigate }) {
  const overview = useLoad(() => call('overview:get'), []);
  const [search, setSearch] = useState('');
  const [candidates, setCandidates] = useState<PersonListRow[]>([]);
  const [person, setPerson] = useState<PersonListRow | null>(null);
  const [pdf, setPdf] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [folder, setFolder] = useState<FileRef | null>(null);
  const [selectedCategories, setSelectedCategories] = useState<string[]>([]);
  const [outputs, setOutputs] = useState({ split: true, print: true });
  const [draft, setDraft] = useState(false);
  const [letterDate, setLetterDate] = useState(() => todayJst());
  const dateProblem = letterDateProblem(letterDate);
  const dateValue = normalizeLetterDate(letterDate);
  /** The batch's print settings: the incident's until staff change them here. */
  const [print, setPrint] = useState<{ duplex?: boolean; splitByPages?: boolean }>({});
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [planRefresh, setPlanRefresh] = useState(0);
  const job = useJob('letters', () => setPlanRefresh((n) => n + 1));
  const exposures = overview.data?.exposures ?? [];
  const summary = overview.data?.run?.summary;
  const notifyCategories = Object.entries(summary?.persons.byCategory ?? {}).filter(([c]) => c !== 'none');
  const blocked = overview.data?.lettersBlocked ?? null;
  const incidentPrint = overview.data?.incident?.definition.letter?.print;
  const duplex = print.duplex ?? incidentPrint?.duplex ?? true;
  const splitByPages = print.splitByPages ?? incidentPrint?.splitByPages ?? false;

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void call('persons:query', { search: search || undefined, category: 'notify', mailable: true, sort: 'postal', offset: 0, limit: 30 })
        .then((page) => {
          if (!live) return;
          setCandidates(page.rows);
          setPerson((current) => current ?? page.rows[0] ?? null);
        })
        .catch(() => live && setCandidates([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [search, overview.data]);

  const preview = async (target: PersonListRow) => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const result = await call('letters:preview', { personId: target.id, draft, letterDate });
      setPdf(result.pdfBase64);
    } catch (e) {
      setPdf(null);
      setPreviewError(errorMessage(e));
    } finally {
      setPreviewing(false);
    }
  };

  const chooseFolder = async () => {
    setError(null);
    try {
      const ref = await call('dialog:chooseFolder', { purpose: 'letters' });
      if (ref) setFolder(ref);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const calibration = async () => {
    setNote(null);
    setError(null);
    try {
      const ref = await call('dialog:saveFile', { purpose: 'calibration', defaultName: '窓位置確認用.pdf' });
      if (!ref) return;
      const result = await call('letters:calibration', { file: ref.id });
      setNote(`確認用ページ「${result.name}」を保存しました。普通紙に等倍で印刷し、三つ折りにして封筒に入れ、枠線が窓から見えるか確認してください。`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const result = job.result;

  return (
    <div className="screen">
      <PageHeader
        title="通知書"
        description="1人分をプレビューして文面と宛名位置を確認してから、通知対象者全員の通知書を一括作成します。"
        actions={<button type="button" className="btn" onClick={() => navigate('incident')}>文面を編集</button>}
      />
      {!summary && <Notice kind="warn">まだ分類していません。概要画面で「分類を実行」を押すと通知対象者が決まります。</Notice>}
      <ErrorBox message={error} />
      {blocked && <Notice kind="warn"><span data-testid="letters-blocked">{blocked}</span></Notice>}
      <label className="checkbox">
        <input type="checkbox" data-testid="letters-draft" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
        見本として作成する (全ページに「見本」と入り、印刷用ファイル名は「見本-」で始まります。発送には使えません)
      </label>
      <div className="letter-date">
        <DateInput label="発行日 (通知書の日付)" name="letterDate" testId="letters-date" value={letterDate} error={dateProblem}
          hint={dateValue ? `通知書には「${letterDateText(dateValue)}」と印字されます。プレビューと一括作成の両方に使います。` : undefined}
          onChange={(v) => {
            // A preview must show the date the batch will print: an older one goes.
            setLetterDate(v);
            setPdf(null);
          }} />
      </div>
      {note && <Notice kind="ok">{note}</Notice>}
      <Card title="一括作成">
        {notifyCategories.length === 0 ? (
          <Empty title="通知対象者がいません" />
        ) : (
          <>
            <div className="actions-row">
              <button type="button" className="btn" onClick={() => void chooseFolder()}>出力先フォルダを選択…</button>
              <span className={folder ? '' : 'muted'} data-testid="letters-folder">{folder ? folder.name : '未選択'}</span>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!folder || job.running || (!outputs.split && !outputs.print) || (blocked !== null && !draft) || dateProblem !== null}
                title={blocked !== null && !draft ? blocked : undefined}
                onClick={() => void job.start(() => call('letters:start', {
                  folder: folder!.id,
                  categories: selectedCategories.length ? selectedCategories : undefined,
                  outputs,
                  draft,
                  print: { duplex, splitByPages },
                  letterDate,
                }))}
              >
                {job.event && job.event.state !== 'running' && job.event.state !== 'done' ? '再開' : draft ? '見本を作成' : '作成開始'}
              </button>
              {job.running && <button type="button" className="btn" onClick={job.cancel}>取消</button>}
              {folder && job.event?.state === 'done' && <button type="button" className="btn" onClick={() => void call('shell:showItem', { ref: folder.id })}>フォルダを開く</button>}
            </div>
            <Progress event={job.event} label="通知書の作成" />
            <ErrorBox message={job.error ?? (job.event?.state === 'failed' ? job.event.error?.message : null)} />
            {job.event?.state === 'cancelled' && <Notice kind="warn">取り消しました。同じフォルダで「再開」すると、作成済みの通知書はそのままに続きから作成します。</Notice>}
            {result && (
              <Notice kind="ok">
                <span data-testid="letters-result">{result.draft ? '見本を作成しました (発送には使えません)。' : '作成が完了しました。'}{summarise(result)}</span>
              </Notice>
            )}
            <fieldset className="checks">
              <legend>区分 (選ばなければすべて)</legend>
              {notifyCategories.map(([code, n]) => (
                <label key={code} className="checkbox">
                  <input type="checkbox" checked={selectedCategories.includes(code)}
                    onChange={(e) => setSelectedCategories((s) => (e.target.checked ? [...s, code] : s.filter((x) => x !== code)))} />
                  {categoryTitle(code, exposures)} — {num(n)} 人
                </label>
              ))}
            </fieldset>
            <fieldset className="checks">
              <legend>出力</legend>
              <label className="checkbox"><input type="checkbox" checked={outputs.split} onChange={(e) => setOutputs((o) => ({ ...o, split: e.target.checked }))} />1人1ファイルの PDF</label>
              <label className="checkbox"><input type="checkbox" checked={outputs.print} onChange={(e) => setOutputs((o) => ({ ...o, print: e.target.checked }))} />区分ごとの印刷用 PDF (郵便番号順)</label>
            </fieldset>
            <fieldset className="checks" data-testid="letters-print">
              <legend>印刷の設定 (事案の設定: {incidentPrint?.duplex === false ? '片面' : '両面'}{incidentPrint?.splitByPages ? '、ページ数ごと' : ''})</legend>
              <label className="checkbox">
                <input type="checkbox" data-testid="letters-duplex" checked={duplex} onChange={(e) => setPrint((p) => ({ ...p, duplex: e.target.checked }))} />
                両面印刷 — ページ数が奇数の通知書の最後に「（このページは白紙です）」のページを加え、次の人の1ページ目が必ず新しい用紙の表に来るようにします
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={splitByPages} onChange={(e) => setPrint((p) => ({ ...p, splitByPages: e.target.checked }))} />
                印刷用 PDF をページ数ごとに分ける (区分-2p.pdf、区分-4p.pdf … 封入機に同じ枚数の組を渡すとき)
              </label>
              <p className="muted small">
                {duplex ? 'プリンターは両面 (長辺とじ) で印刷してください。' : 'プリンターは片面で印刷してください (両面で印刷すると、別の人のページが裏に入ります)。'}
                各ページの下にお問い合わせ番号と「n / N」が入ります。
              </p>
            </fieldset>
          </>
        )}
      </Card>
      <div className="two-col wide-right">
        <Card title="プレビューする人">
          <input type="search" className="search full" aria-label="プレビューする人を検索" placeholder="氏名・ID・郵便番号で検索" value={search} onChange={(e) => setSearch(e.target.value)} />
          {candidates.length === 0 ? (
            <Empty title="郵送できる通知対象者がいません">分類の結果、郵送できる通知対象者がいると一覧に表示されます。</Empty>
          ) : (
            <ul className="pick-list" aria-label="通知対象者">
              {candidates.map((c) => (
                <li key={c.id}>
                  <button type="button" className={person?.id === c.id ? 'pick selected' : 'pick'} onClick={() => setPerson(c)}>
                    <span>{c.name}</span>
                    <span className="muted small">{c.personId} {postal(c.postalCode)}</span>
                    <Badge tone={c.category.includes('+') ? 'red' : 'amber'}>{categoryMark(c.category, exposures)}</Badge>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="actions-row">
            <button type="button" className="btn btn-primary" disabled={!person || previewing || dateProblem !== null} onClick={() => person && void preview(person)}>
              {previewing ? '作成中…' : 'プレビュー'}
            </button>
            <button type="button" className="btn" onClick={() => void calibration()}>窓位置の確認用ページ…</button>
          </div>
        </Card>
        <Card title={person ? `プレビュー: ${person.name ?? ''} 様 (${person.personId})` : 'プレビュー'}>
          <ErrorBox message={previewError} />
          {pdf ? <PdfView base64={pdf} label="通知書プレビュー" /> : <Empty title="プレビューはまだありません">左で人を選び「プレビュー」を押すと、実際に印刷される通知書を表示します。</Empty>}
        </Card>
      </div>
      {summary && <MailPlanCard print={{ duplex, splitByPages }} refresh={planRefresh} exposures={exposures} />}
      <PostalDataCard onLoaded={() => setPlanRefresh((n) => n + 1)} />
    </div>
  );
}

type LettersOutcome = Pick<LettersJobResult, 'manifest' | 'rendered' | 'skipped' | 'printRendered' | 'printSkipped' | 'notMailable' | 'draft' | 'letterDate'>
  & { printStats?: LetterPrintStats };

/** The batch in the CLI's words: letters made or kept, print files, and who was left out. */
function summarise(result: LettersOutcome): string {
  const parts = [`発行日 ${letterDateText(result.letterDate)}`, `通知書 ${num(result.manifest.counts.letters)} 通 (新規作成 ${num(result.rendered)}、変更なしで省略 ${num(result.skipped)})`];
  const printFiles = result.printRendered + result.printSkipped;
  if (printFiles > 0) parts.push(`印刷用 ${num(printFiles)} ファイル`);
  if (result.printStats) {
    parts.push(`ページ数別 ${result.printStats.byPages.map((p) => `${p.pages}ページ ${num(p.letters)} 通`).join('・')}`);
    if (result.printStats.blankPages > 0) parts.push(`両面印刷用に白紙ページを加えた通知書 ${num(result.printStats.blankPages)} 通`);
    parts.push(`カスタマバーコード付き ${num(result.printStats.barcoded)} 通`);
  }
  parts.push(`郵送できない通知対象 ${num(result.notMailable.length)} 人`);
  parts.push(`外字で要確認 ${num(result.manifest.counts.review)} 人`);
  return parts.join('、');
}
