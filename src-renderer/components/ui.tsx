// Shared building blocks of every screen: page header, cards, states, progress, buttons.
import type { ReactNode } from 'react';
import type { JobEvent } from '../../src-main/electron/ipc/contract';
import { num } from '../format';

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="muted">{description}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}

export function Card({ title, children, actions, className }: { title?: string; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <div className="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div className="actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <div className="empty-title">{title}</div>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function ErrorBox({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'warn' | 'ok'; children: ReactNode }) {
  return <div className={`alert alert-${kind}`}>{children}</div>;
}

export function Loading() {
  return <div className="loading muted">読み込み中…</div>;
}

/** 「残り約 40 秒」「残り約 12 分」「残り約 1 時間 20 分」: rounded up, as an estimate should be. */
export function remainingText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `残り約 ${Math.max(5, Math.ceil(seconds / 5) * 5)} 秒`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `残り約 ${minutes} 分`;
  return `残り約 ${Math.floor(minutes / 60)} 時間 ${minutes % 60} 分`;
}

export function Progress({ event, label }: { event: JobEvent | null; label?: string }) {
  if (!event) return null;
  const p = event.progress;
  // A finished job is 100 % whatever its last throttled event said.
  const ratio = event.state === 'done' ? 1 : p && p.total ? Math.min(1, p.done / p.total) : null;
  const state = event.state === 'running' ? '実行中' : event.state === 'done' ? '完了' : event.state === 'cancelled' ? '取消' : '失敗';
  return (
    <div className="progress-wrap">
      <div className="progress-label">
        <span>{label ?? '進行状況'}: {state}</span>
        <span className="muted">
          {p?.label ?? ''}{ratio !== null ? ` (${Math.round(ratio * 100)}%)` : ''}
          {event.state === 'running' && p?.remainingMs !== undefined && <span data-testid="progress-remaining">、{remainingText(p.remainingMs)}</span>}
        </span>
      </div>
      <div
        className={`progress ${ratio === null && event.state === 'running' ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-label={label ?? '進行状況'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={event.state === 'done' ? 100 : ratio !== null ? Math.round(ratio * 100) : undefined}
        data-state={event.state}
      >
        <div className="progress-fill" style={{ width: `${event.state === 'done' ? 100 : ratio !== null ? ratio * 100 : 30}%` }} />
      </div>
    </div>
  );
}

export function Stat({ label, value, hint, testId, tone }: { label: string; value: number | null | undefined; hint?: string; testId?: string; tone?: 'warn' | 'alert' }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>{num(value)}</div>
      {hint && <div className="stat-hint muted">{hint}</div>}
    </div>
  );
}

export function Badge({ children, tone }: { children: ReactNode; tone?: 'red' | 'amber' | 'green' | 'blue' | 'gray' }) {
  return <span className={`badge badge-${tone ?? 'gray'}`}>{children}</span>;
}
