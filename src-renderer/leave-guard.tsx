// No edit is lost without a prompt: a screen with unsaved edits registers a guard; moving to
// another screen (or another incident) then asks 保存して移動 / 保存せずに移動 / 戻る, and closing
// the window asks through beforeunload (the Electron shell turns it into a dialog).
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface LeaveGuard {
  /** What would be lost, e.g. 「事案 metaps-2022 の変更」. */
  what: string;
  /** Saves; false when the save was refused (the screen shows why, and we stay). */
  save: () => Promise<boolean>;
}

interface GuardApi {
  register: (guard: LeaveGuard | null) => void;
  /** Runs `action` now, or after the user decided about the unsaved edits. */
  proceed: (action: () => void) => void;
}

const GuardContext = createContext<GuardApi>({ register: () => {}, proceed: (action) => action() });

export const useProceed = () => useContext(GuardContext).proceed;

/** Registers `guard` while the screen holds unsaved edits (null when there are none). */
export function useLeaveGuard(guard: LeaveGuard | null): void {
  const { register } = useContext(GuardContext);
  const latest = useRef(guard);
  latest.current = guard;
  const active = guard !== null;
  useEffect(() => {
    if (!active) return;
    register({ get what() { return latest.current?.what ?? ''; }, save: () => latest.current?.save() ?? Promise.resolve(true) });
    return () => register(null);
  }, [active, register]);
}

export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const guard = useRef<LeaveGuard | null>(null);
  const [pending, setPending] = useState<{ action: () => void; what: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const register = useCallback((next: LeaveGuard | null) => {
    guard.current = next;
  }, []);
  const proceed = useCallback((action: () => void) => {
    if (guard.current) setPending({ action, what: guard.current.what });
    else action();
  }, []);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!guard.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const leave = (action: () => void) => {
    guard.current = null;
    setPending(null);
    action();
  };
  const saveThenLeave = async () => {
    if (!pending || !guard.current) return;
    setSaving(true);
    const ok = await guard.current.save().finally(() => setSaving(false));
    if (ok) leave(pending.action);
    else setPending(null);
  };

  return (
    <GuardContext.Provider value={{ register, proceed }}>
      {children}
      {pending && (
        <div className="modal-backdrop">
          <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="leave-title" aria-describedby="leave-text">
            <h2 id="leave-title">保存していない変更があります</h2>
            <p id="leave-text">{pending.what}を保存していません。移動すると、保存していない変更は失われます。</p>
            <div className="actions-row">
              <button type="button" className="btn btn-primary" disabled={saving} onClick={() => void saveThenLeave()} autoFocus>保存して移動</button>
              <button type="button" className="btn btn-danger" disabled={saving} onClick={() => leave(pending.action)}>保存せずに移動</button>
              <button type="button" className="btn" disabled={saving} onClick={() => setPending(null)}>戻る</button>
            </div>
          </div>
        </div>
      )}
    </GuardContext.Provider>
  );
}
