// The person picker of the forms that name a person (returns, address correction, inquiries):
// type a name, kana, phone, e-mail, member or order number, address or the お問い合わせ番号,
// choose with ↑↓ and Enter. A scanner that types the reference number and Enter picks the one
// person it finds at once, so a returned envelope is recorded without touching the mouse.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PersonListRow } from '../../src-main/core/persons/browse';
import { call } from '../api/client';
import { postal } from '../format';

export type PickedPerson = Pick<PersonListRow, 'id' | 'personId' | 'referenceNumber' | 'name' | 'postalCode' | 'address'>;

const LIMIT = 8;

async function search(text: string) {
  return call('persons:query', { search: text, offset: 0, limit: LIMIT });
}

export function PersonPicker({ label, name, value, onChange, hint, autoFocus }: {
  label: string;
  name: string;
  value: PickedPerson | null;
  onChange: (person: PickedPerson | null) => void;
  hint?: string;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [rows, setRows] = useState<PersonListRow[]>([]);
  const [searched, setSearched] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const refocus = useRef(false);
  const listId = useId();

  // 変更 puts the search box back: it takes the focus once it is rendered again.
  useLayoutEffect(() => {
    if (!value && refocus.current) {
      refocus.current = false;
      input.current?.focus();
    }
  }, [value]);

  useEffect(() => {
    const query = text.trim();
    if (query === '') {
      setRows([]);
      setSearched('');
      setNote(null);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      search(query).then((page) => {
        if (!live) return;
        setRows(page.rows);
        setSearched(query);
        setNote(page.note ?? null);
        setError(null);
        setActive(0);
      }, (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  const pick = (row: PersonListRow) => {
    onChange(row);
    setText('');
    setRows([]);
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (rows.length > 0) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : rows.length - 1)) % rows.length);
    } else if (e.key === 'Escape') {
      setText('');
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const query = text.trim();
      if (query === '') return;
      if (searched === query && rows[active]) return pick(rows[active]);
      // Typed or scanned faster than the search: look it up now, and take it only when it is one person.
      try {
        const page = await search(query);
        setNote(page.note ?? null);
        if (page.total === 1 && page.rows[0]) pick(page.rows[0]);
        else {
          setRows(page.rows);
          setSearched(query);
          setActive(0);
        }
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    }
  };

  if (value) {
    return (
      <div className="field picker">
        <span className="field-label">{label}</span>
        <div className="picker-chosen" data-testid={`${name}-chosen`}>
          <span className="mono">{value.personId}</span> <strong>{value.name ?? '(氏名なし)'}</strong>{' '}
          <span className="muted small">お問い合わせ番号 <span className="mono">{value.referenceNumber}</span> {value.postalCode ? postal(value.postalCode) : ''} {value.address}</span>
          <button type="button" className="btn btn-small" onClick={() => { refocus.current = true; onChange(null); }}>変更</button>
        </div>
      </div>
    );
  }

  const open = searched !== '' && searched === text.trim();
  const message = error ?? note ?? (open && rows.length === 0 ? `「${searched}」に当たる対象者はいません。` : null);
  return (
    <label className={`field picker ${message ? 'field-invalid' : ''}`}>
      <span className="field-label">{label}</span>
      <input
        ref={input}
        type="search"
        name={name}
        role="combobox"
        aria-expanded={open && rows.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && rows[active] ? `${listId}-${rows[active].id}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder="氏名・フリガナ・電話・メール・会員番号・注文番号・住所・お問い合わせ番号"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      {open && rows.length > 0 && (
        <ul className="picker-list" role="listbox" id={listId} aria-label={`${label}の候補`}>
          {rows.map((r, i) => (
            <li key={r.id} id={`${listId}-${r.id}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(r); }}>
              <span className="mono">{r.personId}</span> <strong>{r.name ?? '(氏名なし)'}</strong> <span className="muted small">{r.kana ?? ''}</span>
              <div className="muted small"><span className="mono">{r.referenceNumber}</span> {r.postalCode ? postal(r.postalCode) : ''} {r.address} {r.phone ?? ''}</div>
            </li>
          ))}
        </ul>
      )}
      {hint && !message && <span className="field-hint muted">{hint}</span>}
      {message && <span className="field-error" role="alert">{message}</span>}
    </label>
  );
}
