// A virtualised table: only the rows in view (plus a margin) are in the DOM, and rows are
// fetched page by page as the user scrolls, so 100,000 rows scroll as smoothly as 100.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface Column<R> {
  key: string;
  title: string;
  width: string;
  render: (row: R) => ReactNode;
  align?: 'right';
}

interface Props<R> {
  columns: Array<Column<R>>;
  fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: R[] }>;
  rowKey: (row: R) => string | number;
  onSelect?: (row: R) => void;
  selectedKey?: string | number | null;
  onTotal?: (total: number) => void;
  rowHeight?: number;
  label: string;
}

const PAGE = 200;
const OVERSCAN = 10;

export function VirtualTable<R>({ columns, fetchPage, rowKey, onSelect, selectedKey, onTotal, rowHeight = 36, label }: Props<R>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, R[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      if (inflight.current.has(page)) return;
      inflight.current.add(page);
      const gen = generation.current;
      fetchPage(page * PAGE, PAGE)
        .then((result) => {
          if (gen !== generation.current) return;
          setTotal(result.total);
          onTotal?.(result.total);
          setPages((prev) => new Map(prev).set(page, result.rows));
        })
        .catch((e: unknown) => gen === generation.current && setError((e as Error).message))
        .finally(() => inflight.current.delete(page));
    },
    [fetchPage, onTotal],
  );

  // A new query: forget everything and start from the top.
  useEffect(() => {
    generation.current++;
    inflight.current.clear();
    setPages(new Map());
    setTotal(null);
    setError(null);
    if (scroller.current) scroller.current.scrollTop = 0;
    load(0);
  }, [load]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min((total ?? 0) - 1, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) {
      if (!pages.has(p)) load(p);
    }
  }, [first, last, total, pages, load]);

  const template = columns.map((c) => c.width).join(' ');
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const row = pages.get(Math.floor(i / PAGE))?.[i % PAGE];
    const key = row ? rowKey(row) : null;
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        className={`vrow ${row && key === selectedKey ? 'selected' : ''} ${i % 2 ? 'odd' : ''}`}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight, gridTemplateColumns: template }}
        onClick={() => row && onSelect?.(row)}
        tabIndex={row ? 0 : -1}
        onKeyDown={(e) => {
          if (row && (e.key === 'Enter' || e.key === ' ')) onSelect?.(row);
        }}
      >
        {columns.map((c) => (
          <div key={c.key} role="cell" className={`vcell ${c.align === 'right' ? 'num' : ''}`}>
            {row ? c.render(row) : <span className="skeleton" />}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={total === null ? -1 : total + 1}>
      <div className="vhead" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={`vcell ${c.align === 'right' ? 'num' : ''}`}>{c.title}</div>
        ))}
      </div>
      <div className="vbody" ref={scroller} onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })} data-testid="vtable-scroll">
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        {total === 0 && <div className="empty"><div className="empty-title">該当する対象者はいません</div><div className="muted">検索語や区分の絞り込みを変えてみてください。</div></div>}
        <div className="vspacer" style={{ height: (total ?? 0) * rowHeight }}>{rows}</div>
      </div>
    </div>
  );
}
