// 発送・対応: what happens after the letters are printed — mailing batches, returned mail and
// re-sends, inquiries, the contact sheet edited in Excel, and the figures for the regulator.
// Every tab calls the same core/tracking functions as the CLI's `inw mail|returns|inquiry|…`.
import { useState } from 'react';
import type { Navigate } from '../../navigate';
import { call } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { ErrorBox, Loading, PageHeader } from '../../components/ui';
import { MailingTab } from './mailing-tab';
import { ReturnsTab } from './returns-tab';
import { InquiriesTab } from './inquiries-tab';
import { SheetApplyTab } from './sheet-apply-tab';
import { ReportTab } from './report-tab';

type Tab = 'mailing' | 'returns' | 'inquiries' | 'sheet' | 'report';

const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'mailing', label: '発送記録' },
  { id: 'returns', label: '返送・再送' },
  { id: 'inquiries', label: '問い合わせ' },
  { id: 'sheet', label: '連絡表の反映' },
  { id: 'report', label: '報告・保全' },
];

// The tab last open, kept for the session: staff who leave to look up a person come back to
// the returns or inquiries they were working on, not to 発送記録.
let lastTab: Tab = 'mailing';

export function TrackingScreen({ navigate }: { navigate: Navigate }) {
  const [tab, setTabState] = useState<Tab>(lastTab);
  const setTab = (next: Tab) => {
    lastTab = next;
    setTabState(next);
  };
  const options = useLoad(() => call('tracking:options'), []);
  return (
    <div className="screen">
      <PageHeader title="発送・対応" description="通知書の発送、返送と再送、問い合わせの記録、Excel で更新した連絡表の反映、報告用の数値とバックアップ。すべて監査ログに記録されます。" />
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <ErrorBox message={options.error} />
      {!options.data ? <Loading /> : (
        <>
          {tab === 'mailing' && <MailingTab options={options.data} navigate={navigate} />}
          {tab === 'returns' && <ReturnsTab options={options.data} navigate={navigate} />}
          {tab === 'inquiries' && <InquiriesTab options={options.data} />}
          {tab === 'sheet' && <SheetApplyTab navigate={navigate} />}
          {tab === 'report' && <ReportTab />}
        </>
      )}
    </div>
  );
}
