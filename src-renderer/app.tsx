// The window: a left navigation and one screen at a time. Screens fetch their own data through
// the contract; a shared "refresh" counter lets a finished job refresh what is on screen.
import { useCallback, useState } from 'react';
import type { Navigate, PersonsTarget, Screen } from './navigate';
import { useLoad } from './api/hooks';
import { call } from './api/client';
import { IncidentScreen } from './features/incident/incident-screen';
import { ImportScreen } from './features/import/import-screen';
import { OverviewScreen } from './features/overview/overview-screen';
import { PersonsScreen } from './features/persons/persons-screen';
import { LettersScreen } from './features/letters/letters-screen';
import { ExportsScreen } from './features/exports/exports-screen';
import { TrackingScreen } from './features/tracking/tracking-screen';
import { AuditScreen } from './features/audit/audit-screen';
import { LeaveGuardProvider, useProceed } from './leave-guard';


const NAV: Array<{ id: Screen; label: string; hint: string }> = [
  { id: 'incident', label: '事案', hint: '事案の定義と文面' },
  { id: 'import', label: '取込', hint: 'ファイルの取り込み' },
  { id: 'overview', label: '概要', hint: '件数・照合・要確認' },
  { id: 'persons', label: '対象者', hint: '検索と詳細' },
  { id: 'letters', label: '通知書', hint: 'プレビューと一括作成' },
  { id: 'exports', label: '出力', hint: '連絡表・CSV' },
  { id: 'tracking', label: '発送・対応', hint: '発送・返送・問い合わせ' },
  { id: 'audit', label: '監査ログ', hint: '操作の記録' },
];


export function App() {
  return (
    <LeaveGuardProvider>
      <Shell />
    </LeaveGuardProvider>
  );
}

function Shell() {
  const [screen, setScreen] = useState<Screen>('overview');
  const [personsSearch, setPersonsSearch] = useState<PersonsTarget>({});
  /** Counts the requests to classify on opening the overview, so each one runs once. */
  const [classifyRequest, setClassifyRequest] = useState(0);
  const info = useLoad(() => call('app:info'), []);
  const proceed = useProceed();
  const navigate: Navigate = useCallback((next, options) => {
    proceed(() => {
      if (next === 'persons') setPersonsSearch(options ?? {});
      if (next === 'overview' && options?.classify) setClassifyRequest((n) => n + 1);
      setScreen(next);
    });
  }, [proceed]);
  return (
    <div className="shell">
      <nav className="nav" aria-label="メイン">
        <div className="brand">
          <div className="brand-name">Incident Notice Workbench</div>
          <div className="brand-sub">カード情報流出 通知作業</div>
        </div>
        <ul>
          {NAV.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={screen === item.id ? 'nav-item active' : 'nav-item'}
                aria-current={screen === item.id ? 'page' : undefined}
                onClick={() => navigate(item.id)}
                data-nav={item.id}
              >
                <span className="nav-label">{item.label}</span>
                <span className="nav-hint">{item.hint}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="nav-foot muted">
          {info.data ? (
            <>
              <div>操作者: {info.data.actor}</div>
              <div title={info.data.dbFile}>オフライン動作 ({info.data.host === 'bridge' ? 'ブラウザ検証用' : `v${info.data.version}`})</div>
            </>
          ) : info.error ? (
            <div className="error-text">{info.error}</div>
          ) : null}
        </div>
      </nav>
      <main className="content">
        {screen === 'incident' && <IncidentScreen navigate={navigate} />}
        {screen === 'import' && <ImportScreen navigate={navigate} />}
        {screen === 'overview' && <OverviewScreen navigate={navigate} classifyRequest={classifyRequest} />}
        {screen === 'persons' && <PersonsScreen navigate={navigate} initial={personsSearch} />}
        {screen === 'letters' && <LettersScreen navigate={navigate} />}
        {screen === 'exports' && <ExportsScreen navigate={navigate} />}
        {screen === 'tracking' && <TrackingScreen navigate={navigate} />}
        {screen === 'audit' && <AuditScreen />}
      </main>
    </div>
  );
}
