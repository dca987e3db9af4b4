// 事案: create the incident from a preset, then edit its windows, items, stated counts,
// organisation, contact desk and letter wording. Validation is the core's (incidents:validate),
// shown next to each field by its path.
import { useEffect, useRef, useState } from 'react';
import type { IncidentRecord } from '../../../src-main/electron/ipc/contract';
import type { Navigate } from '../../navigate';
import { call, errorMessage, ApiError } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { Badge, Card, Empty, ErrorBox, Loading, Notice, PageHeader } from '../../components/ui';
import { useLeaveGuard, useProceed } from '../../leave-guard';
import { DateInput, Select, TextArea, TextInput } from '../../components/fields';
import { jstDateTime } from '../../format';
import { codeLabel, METHOD_CLASS_LABELS } from '../../../src-main/core/vocabulary/labels';

type Draft = Record<string, unknown>;
type Issue = { path: string; label: string; message: string };

function getAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setAt(obj: Draft, path: string, value: unknown): Draft {
  const root = structuredClone(obj);
  const keys = path.split('.');
  let o: Record<string, unknown> = root;
  keys.slice(0, -1).forEach((k, i) => {
    const next = o[k];
    if (next === undefined || next === null || typeof next !== 'object') o[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    o = o[k] as Record<string, unknown>;
  });
  const last = keys.at(-1)!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return root;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : '');
const toList = (s: string) => s.split(/[、,，]/).map((x) => x.trim()).filter(Boolean);
/** Payment methods in words (card → クレジットカード); typed back, the words are stored as the codes again, so the definition is unchanged. */
const methodsText = (v: unknown) => list(Array.isArray(v) ? v.map((m) => codeLabel(METHOD_CLASS_LABELS, String(m))) : v);
const methodCodes = (s: string) => toList(s).map((m) => Object.entries(METHOD_CLASS_LABELS).find(([, label]) => label === m)?.[0] ?? m);
const paragraphs = (v: unknown) => (Array.isArray(v) ? v.map(String).join('\n\n') : '');
const toParagraphs = (s: string) => s.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);

export function IncidentScreen({ navigate }: { navigate: Navigate }) {
  const incidents = useLoad(() => call('incidents:list'), []);
  const presets = useLoad(() => call('incidents:presets'), []);
  const proceed = useProceed();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const all = incidents.data ?? [];
  const active = all.find((i) => i.active) ?? null;
  const current: IncidentRecord | null = all.find((i) => i.code === selected) ?? active ?? all[0] ?? null;

  const act = async (action: () => Promise<string | null>) => {
    setError(null);
    setDone(null);
    try {
      setDone(await action());
    } catch (e) {
      setError(errorMessage(e));
    }
    incidents.reload();
  };
  // The first incident needs no choices: it is created from the preset as it is and is the active one.
  const createFirst = () => act(async () => {
    const created = await call('incidents:createFromPreset', { preset: presets.data?.[0]?.code ?? 'metaps-2022' });
    setSelected(created.code);
    return null;
  });
  const choose = (code: string) => proceed(() => { setSelected(code); setConfirmDelete(false); setDone(null); });

  if (incidents.loading && !incidents.data) return <Loading />;
  return (
    <div className="screen">
      <PageHeader
        title="事案"
        description="流出事案の定義 (対象期間・流出項目・公表件数) と、通知書の差出人・窓口・文面を設定します。"
        actions={
          <button type="button" className={current ? 'btn' : 'btn btn-primary'} onClick={() => (current ? proceed(() => setCreating(true)) : void createFirst())}>
            プリセットから作成
          </button>
        }
      />
      <ErrorBox message={error ?? incidents.error} />
      {done && <Notice kind="ok">{done}</Notice>}
      {creating && current && (
        <CreateIncident
          presets={presets.data ?? []}
          taken={new Set(all.map((i) => i.code))}
          senderSource={active ?? current}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSelected(created.code);
            setDone(`事案「${created.code}」を作成しました。作業中の事案は${active ? `「${active.code}」のままです` : 'まだ選ばれていません'}。`);
            incidents.reload();
          }}
        />
      )}
      {!current ? (
        <Card>
          <Empty title="事案がまだありません">
            右上の「プリセットから作成」を押すと、決済代行会社の2022年の事案 (metaps-2022) を元に事案を作成します。作成後に期間や文面・差出人を編集できます。
          </Empty>
        </Card>
      ) : (
        <>
          <div className="inline-form spaced" data-testid="incident-choice">
            <label className="muted" htmlFor="incident-select">編集する事案</label>
            <select id="incident-select" value={current.code} onChange={(e) => choose(e.target.value)}>
              {all.map((i) => (
                <option key={i.code} value={i.code}>{i.code} — {i.definition.title}{i.active ? ' (作業中)' : ''}</option>
              ))}
            </select>
            {current.active ? (
              <Badge tone="green">作業中の事案</Badge>
            ) : (
              <>
                <Badge tone="amber">作業中ではありません</Badge>
                <button type="button" className="btn btn-small" onClick={() => void act(async () => {
                  await call('incidents:activate', { code: current.code });
                  return `「${current.code}」を作業中の事案にしました。分類・概要・出力はこの事案で行います。`;
                })}>この事案で作業する</button>
              </>
            )}
            <span className="tabs-spacer" />
            {!confirmDelete ? (
              <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(true)}>この事案を削除…</button>
            ) : (
              <span className="inline-form" role="group" aria-label="削除の確認">
                <span className="small">事案「{current.code}」を削除します。元に戻せません。</span>
                <button type="button" className="btn btn-small btn-danger" onClick={() => void act(async () => {
                  setConfirmDelete(false);
                  await call('incidents:delete', { code: current.code });
                  setSelected(null);
                  return `事案「${current.code}」を削除しました。`;
                })}>削除する</button>
                <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)}>やめる</button>
              </span>
            )}
          </div>
          <IncidentEditor key={current.code} record={current} onSaved={(code) => { setSelected(code); incidents.reload(); }} navigate={navigate} />
        </>
      )}
    </div>
  );
}

/** A second incident from a preset: its code is typed (never picked silently) and it can start with the sender already filled in. */
function CreateIncident({ presets, taken, senderSource, onCancel, onCreated }: {
  presets: Array<{ code: string; title: string }>;
  taken: Set<string>;
  senderSource: IncidentRecord;
  onCancel: () => void;
  onCreated: (created: IncidentRecord) => void;
}) {
  const [preset, setPreset] = useState(presets[0]?.code ?? 'metaps-2022');
  const [code, setCode] = useState('');
  const [copySender, setCopySender] = useState(!!senderSource.definition.organisation || !!senderSource.definition.contactDesk);
  const [error, setError] = useState<string | null>(null);
  const trimmed = code.trim();
  const problem = trimmed === '' ? null : taken.has(trimmed) ? `事案コード「${trimmed}」は既にあります。` : /^[a-z0-9][a-z0-9_-]{0,40}$/.test(trimmed) ? null : '事案コードは英小文字・数字・ハイフンで書いてください。';
  const create = async () => {
    setError(null);
    try {
      onCreated(await call('incidents:createFromPreset', { preset, code: trimmed, ...(copySender ? { senderFrom: senderSource.code } : {}) }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title="新しい事案をプリセットから作成">
      <div className="grid-3">
        <Select label="プリセット" name="preset" value={preset} onChange={setPreset} options={presets.map((p) => ({ value: p.code, label: `${p.title} (${p.code})` }))} />
        <TextInput label="新しい事案コード" name="newCode" value={code} onChange={setCode} error={problem} hint="英小文字・数字・ハイフン (例: metaps-2022-kansai)" />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={copySender} onChange={(e) => setCopySender(e.target.checked)} />
        差出人とお問い合わせ窓口を「{senderSource.code}」からコピーする
      </label>
      <p className="muted small">作成しても作業中の事案は変わりません。切り替えるには、作成後に「この事案で作業する」を押してください。</p>
      <ErrorBox message={error} />
      <div className="actions-row">
        <button type="button" className="btn btn-primary" disabled={trimmed === '' || problem !== null} onClick={() => void create()}>作成</button>
        <button type="button" className="btn" onClick={onCancel}>やめる</button>
      </div>
    </Card>
  );
}

function IncidentEditor({ record, onSaved, navigate }: { record: IncidentRecord; onSaved: (code: string) => void; navigate: Navigate }) {
  const [draft, setDraft] = useState<Draft>(() => structuredClone(record.definition) as Draft);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [tab, setTab] = useState<'basic' | 'exposures' | 'sender' | 'wording'>('basic');
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    const t = setTimeout(() => {
      void call('incidents:validate', { definition: draft }).then(setIssues).catch(() => {});
    }, 250);
    return () => clearTimeout(t);
  }, [draft]);

  const err = (path: string) => issues.find((i) => i.path === path)?.message ?? null;
  const update = (path: string, value: unknown) => {
    setDraft((d) => setAt(d, path, value));
    setDirty(true);
    setStatus(null);
  };
  const text = (path: string, label: string, extra: { hint?: string; wide?: boolean } = {}) => (
    <TextInput label={label} name={path} value={str(getAt(draft, path))} onChange={(v) => update(path, v === '' ? undefined : v)} error={err(path)} {...extra} />
  );
  const date = (path: string, label: string, extra: { hint?: string } = {}) => (
    <DateInput label={label} name={path} value={str(getAt(draft, path))} onChange={(v) => update(path, v === '' ? undefined : v)} error={err(path)} {...extra} />
  );

  const save = async (): Promise<boolean> => {
    try {
      const saved = await call('incidents:save', { definition: draft, previousCode: record.code });
      setStatus({ kind: 'ok', text: `保存しました (${jstDateTime(saved.updatedAt)})。分類に反映するには概要画面で「分類を実行」を押してください。` });
      setDirty(false);
      onSaved(saved.code);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.issues) setIssues(e.issues);
      setStatus({ kind: 'error', text: errorMessage(e) });
      return false;
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;
  useLeaveGuard(dirty ? { what: `事案「${record.code}」の変更`, save } : null);
  // Ctrl+S (⌘S) saves, as in every other editor staff use; the browser's "save page" never opens.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const exposures = (draft.exposures as Array<Record<string, unknown>> | undefined) ?? [];
  const tabIssues = (prefixes: string[]) => issues.filter((i) => prefixes.some((p) => i.path === p || i.path.startsWith(`${p}.`))).length;
  const TABS: Array<{ id: typeof tab; label: string; prefixes: string[] }> = [
    { id: 'basic', label: '基本情報', prefixes: ['code', 'title', 'processor', 'description', 'breachPeriod'] },
    { id: 'exposures', label: '流出範囲と公表件数', prefixes: ['exposures', 'statedCounts'] },
    { id: 'sender', label: '差出人・窓口', prefixes: ['organisation', 'contactDesk'] },
    { id: 'wording', label: '文面', prefixes: ['letter'] },
  ];
  const letter = draft.letter as Record<string, unknown> | undefined;
  const sections = (letter?.sections as Array<Record<string, unknown>> | undefined) ?? [];

  return (
    <>
      <div className="save-bar">
      <div className="tabs" role="tablist">
        {TABS.map((t) => {
          const n = tabIssues(t.prefixes);
          return (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
              {t.label}
              {n > 0 && <span className="tab-count" aria-label={`${n} 件の誤り`}>{n}</span>}
            </button>
          );
        })}
        <div className="tabs-spacer" />
        <span className={dirty ? 'save-state dirty' : 'save-state muted'} data-testid="save-state" role="status">
          {dirty ? '未保存の変更があります' : `保存済み (${jstDateTime(record.updatedAt)})`}
        </span>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!dirty && issues.length === 0} title="Ctrl+S でも保存できます">
          保存
        </button>
        <span className="kbd" aria-hidden="true">Ctrl+S</span>
      </div>
      {status && (status.kind === 'ok' ? <Notice kind="ok">{status.text}</Notice> : <ErrorBox message={status.text} />)}
      </div>
      {issues.length > 0 && (
        <Notice kind="warn">
          入力に {issues.length} 件の誤りがあります。タブの赤い数字と、各欄の下の赤字を確認してください。
          <ul className="issue-list">
            {issues.slice(0, 6).map((i, n) => <li key={n}><strong>{i.label}</strong>: {i.message}</li>)}
          </ul>
        </Notice>
      )}

      {tab === 'basic' && (
        <Card title="基本情報">
          <div className="grid-2">
            {text('code', '事案コード', { hint: '英小文字・数字・ハイフン' })}
            {text('processor', '決済代行会社')}
            {text('title', '事案名', { wide: true })}
            <TextArea label="概要" wide value={str(draft.description)} onChange={(v) => update('description', v || undefined)} error={err('description')} rows={3} />
            {date('breachPeriod.from', '不正アクセス期間 (開始)')}
            {date('breachPeriod.to', '不正アクセス期間 (終了)')}
            {err('breachPeriod') && <div className="field-error field-wide" role="alert">{err('breachPeriod')}</div>}
          </div>
        </Card>
      )}

      {tab === 'exposures' && exposures.map((exposure, i) => {
        const base = `exposures.${i}`;
        const rule = exposure.rule as Record<string, unknown>;
        const items = (exposure.items as Record<string, string[]>) ?? {};
        const stated = `statedCounts.${str(exposure.code)}`;
        return (
          <Card key={i} title={`${['①', '②', '③', '④'][i] ?? ''} ${str(exposure.label)}`}>
            <div className="grid-3">
              {text(`${base}.code`, '区分コード')}
              {text(`${base}.label`, '名称')}
              <Select label="確度" name={`${base}.certainty`} value={str(exposure.certainty) as 'possible' | 'confirmed'} onChange={(v) => update(`${base}.certainty`, v)}
                options={[{ value: 'possible', label: '流出のおそれ (possible)' }, { value: 'confirmed', label: '流出確認 (confirmed)' }]} error={err(`${base}.certainty`)} />
            </div>
            <h3>判定ルール — {rule.type === 'window' ? '期間内の決済' : '流出確認リストに記載の決済'}</h3>
            {(err(`${base}.rule`) ?? err(`${base}.rule.window`)) && <div className="field-error" role="alert">{err(`${base}.rule`) ?? err(`${base}.rule.window`)}</div>}
            {rule.type === 'window' ? (
              <div className="grid-3">
                <TextInput label="決済方法" name={`${base}.rule.methods`} value={methodsText(rule.methods)} onChange={(v) => update(`${base}.rule.methods`, methodCodes(v))} error={err(`${base}.rule.methods`)} hint="クレジットカード = すべてのカード決済 (表記の違いはまとめて扱います)" />
                {date(`${base}.rule.from`, '対象期間 (開始・日本時間)')}
                {date(`${base}.rule.to`, '対象期間 (終了・日本時間)')}
                <TextInput label="対象の状態 (空欄 = 状態を問わず)" name={`${base}.rule.statuses`} value={list(rule.statuses)} onChange={(v) => update(`${base}.rule.statuses`, toList(v).length ? toList(v) : undefined)} error={err(`${base}.rule.statuses`)} wide />
              </div>
            ) : (
              <div className="grid-3">
                {date(`${base}.rule.window.from`, '想定期間 (開始)', { hint: '期間外の記載は警告付きで対象' })}
                {date(`${base}.rule.window.to`, '想定期間 (終了)')}
              </div>
            )}
            <h3>流出した項目 (決済方法ごと)</h3>
            <div className="grid-2">
              {Object.entries(items).map(([method, values]) => (
                <TextInput key={method} label={method === '*' ? 'その他の決済方法' : codeLabel(METHOD_CLASS_LABELS, method)}
                  name={`${base}.items.${method}`} value={values.join('、')} onChange={(v) => update(`${base}.items.${method}`, toList(v))} error={err(`${base}.items.${method}`)} />
              ))}
            </div>
            <h3>公表件数 (照合用)</h3>
            <div className="grid-4">
              <TextInput label="件数" type="number" name={`${stated}.count`} value={str(getAt(draft, `${stated}.count`))}
                onChange={(v) => update(stated, v === '' ? undefined : { kind: 'max', unit: 'persons', ...(getAt(draft, stated) as object | undefined), count: Number(v) })} error={err(`${stated}.count`) ?? err(stated)} />
              <Select label="種類" name={`${stated}.kind`} value={(str(getAt(draft, `${stated}.kind`)) || 'max') as 'max' | 'exact'} onChange={(v) => update(`${stated}.kind`, v)}
                options={[{ value: 'max', label: '最大 (以内)' }, { value: 'exact', label: '確定' }]} />
              <Select label="単位" name={`${stated}.unit`} value={(str(getAt(draft, `${stated}.unit`)) || 'persons') as 'persons' | 'payments'} onChange={(v) => update(`${stated}.unit`, v)}
                options={[{ value: 'persons', label: '人' }, { value: 'payments', label: '件 (決済)' }]} />
              {text(`${stated}.note`, '出典・注記')}
            </div>
          </Card>
        );
      })}

      {tab === 'sender' && (
        <>
          <Card title="差出人 (通知書の発信者)">
            <div className="grid-2">
              {text('organisation.name', '団体名')}
              {text('organisation.postalCode', '郵便番号', { hint: '7桁 (例: 100-0001)' })}
              {text('organisation.address', '住所')}
              {text('organisation.address2', '住所2 (建物名など)')}
              {text('organisation.representativeTitle', '代表者の肩書')}
              {text('organisation.representativeName', '代表者名')}
              {text('organisation.phone', '電話番号')}
            </div>
          </Card>
          <Card title="お問い合わせ窓口">
            <div className="grid-2">
              {text('contactDesk.name', '窓口名')}
              {text('contactDesk.phone', '電話番号 (フリーダイヤル)')}
              {text('contactDesk.hours', '受付時間')}
              {text('contactDesk.email', 'メールアドレス')}
            </div>
          </Card>
        </>
      )}

      {tab === 'wording' && (!letter ? (
        <Card>
          <Empty title="この事案には文面がありません">プリセットから作成した事案には標準の文面が入ります。</Empty>
        </Card>
      ) : (
        <>
          <Card title="件名と前文" actions={<button type="button" className="btn" onClick={() => navigate('letters')}>通知書でプレビュー</button>}>
            <p className="muted small">差し込み項目: {'{{name}}'} (氏名)、{'{{leakPhrase}}'}、{'{{organisation.name}}'}、{'{{contact.phone}}'} など。段落は空行で区切ります。</p>
            {text('letter.subject', '件名', { wide: true })}
            <TextArea label="前文" wide rows={8} value={paragraphs(letter.opening)} onChange={(v) => update('letter.opening', toParagraphs(v))} error={err('letter.opening')} />
          </Card>
          <Card title="区分ごとの説明文">
            {exposures.map((e) => (
              <TextArea key={str(e.code)} label={`${str(e.label)} (${str(e.code)})`} wide rows={4}
                value={str(getAt(letter, `exposureParagraphs.${str(e.code)}`))}
                onChange={(v) => update(`letter.exposureParagraphs.${str(e.code)}`, v)} error={err(`letter.exposureParagraphs.${str(e.code)}`)} />
            ))}
          </Card>
          <Card title="記書き (見出しと本文)">
            {sections.map((s, i) => (
              <div key={i} className="section-edit">
                {text(`letter.sections.${i}.heading`, `${i + 1}. 見出し`, { wide: true })}
                <TextArea label="本文" wide rows={Math.min(10, 2 + (Array.isArray(s.paragraphs) ? s.paragraphs.length * 2 : 2))}
                  value={paragraphs(s.paragraphs)} onChange={(v) => update(`letter.sections.${i}.paragraphs`, toParagraphs(v))} error={err(`letter.sections.${i}.paragraphs`)} />
              </div>
            ))}
          </Card>
        </>
      ))}
    </>
  );
}
