// The after-mailing commands of `inw` (issue 6): mail, status, history, returns, address,
// inquiry, sheet apply, backup, purge, report. Parsing and printing only; the core does the work.
import { withDb, type CliContext } from './context.js';
import { encodingOption, usageError as usage } from './help.js';
// The vocabulary imports nothing, so the help text costs no load of the core.
import { INQUIRY_CHANNELS, INQUIRY_TOPICS, MANUAL_STATUSES, RETURN_REASONS } from '../core/vocabulary/tracking.js';

type Core = typeof import('../core/index.js');
type Db = ReturnType<Core['openDb']>;

const common = { db: { type: 'string' }, wait: { type: 'string' } } as const;


/** Printed with every output: kept elsewhere, it later proves the log still holds this entry. */
export function auditHeadLine(core: Core, db: Db): string {
  return `監査ログの最新記録 (アンカー): ${core.formatAuditHead(core.auditHead(db))}  (inw audit verify --anchor で確認できます)`;
}

/** How a listed file compares with what we wrote. */
const PURGE_FILE_STATE = { unchanged: '', changed: '\n    ⚠ 書き出した後に変更されています (SHA-256 が違います)', missing: '\n    ⚠ 見つかりません (移動・コピーされていれば、その先に残っています)' } as const;

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (value: unknown) => out(JSON.stringify(value, null, 2));

export const TRACKING_COMMANDS = ['mail', 'status', 'history', 'returns', 'address', 'inquiry', 'backup', 'purge', 'report'] as const;

export const TRACKING_USAGE = `  inw mail --date YYYY-MM-DD --postage 料金別納 [--letter ID]... [--note TEXT]   # 印刷・発送の記録 (省略時は未発送の全通知書)
  inw mail --date … --postage … [--category CODE]... [--postal-from 100] [--postal-to 199]   # 一部だけ (区分・郵便番号の範囲)
  inw mail --date … --postage … --print-file print/token-db-003.pdf [--letter-batch N]   # 印刷ファイル1つ分 (印刷した束ごと)
  inw mail list [--json]
  inw mail files [--json]                              # 印刷ファイルごとの発送待ちの通数
  inw mail undo N --reason 理由                         # 発送記録の取り消し (通知書は「印刷」に戻る)
  inw status ID 状態 [--date YYYY-MM-DD] [--note TEXT]   # ID: L…(通知書)、P…(対象者) かお問い合わせ番号。状態: ${MANUAL_STATUSES.join(' ')}
  inw history P000123 [--json]                        # 通知書の状態履歴・住所訂正・対応・問い合わせ・要確認の判断
  inw returns import FILE [--dry-run] [--encoding …] [--sheet 名前] [--json]
  inw returns add ID --date YYYY-MM-DD --reason 理由     # 理由: ${RETURN_REASONS.map((r) => r.label).join('・')}・その他 (自由記述)
  inw returns list|unreachable|resend [--json]
  inw address P000123 [--postal 〒 --address1 住所 [--address2 建物] [--reason 理由]]
  inw inquiry add --at 日時 --channel ${INQUIRY_CHANNELS.join('|')} --topic ${INQUIRY_TOPICS.map((t) => t.code).join('|')} [--person ID] [--body] [--resolution] [--staff 氏名]
  inw inquiry list [--person ID] [--json]
  inw inquiry edit N [--at] [--channel] [--topic] [--person ID] [--body] [--resolution] [--staff]   (N = list の #; 指定しない項目はそのまま)
  inw inquiry delete N
  inw sheet apply FILE.xlsx [--dry-run] [--json]        # Excel で編集した連絡表の状態・発送日・メモを反映
  inw backup --out FILE
  inw purge --before YYYY-MM-DD | --incident ID [--dry-run] [--yes]
  inw report [--json]                                 # 個人情報保護委員会への報告用の数値
`;

/** L000012 → a letter; P000123, a bare number or an お問い合わせ番号 (0001-2340) → a person. */
function target(core: Core, text: string | undefined): ReturnType<Core['parseLetterOrPerson']> {
  if (!text) throw usage('通知書ID (L…)、対象者ID (P…) またはお問い合わせ番号を指定してください。');
  return core.parseLetterOrPerson(text);
}

/** Areas in postal-code order (object keys like "124" would otherwise come before "070"). */
function areas(byArea: Record<string, number>): Array<[string, number]> {
  return Object.entries(byArea).sort(([a], [b]) => a.localeCompare(b));
}

function tctx(ctx: CliContext, db: Db) {
  return { db, now: () => new Date(), actor: ctx.actor() };
}

export async function runTrackingCommand(core: Core, command: string, args: string[], ctx: CliContext): Promise<number> {
  switch (command) {
    case 'mail': {
      const { values, positionals } = ctx.parse(args, {
        ...common, date: { type: 'string' }, postage: { type: 'string' }, letter: { type: 'string', multiple: true }, note: { type: 'string' },
        category: { type: 'string', multiple: true }, 'postal-from': { type: 'string' }, 'postal-to': { type: 'string' }, reason: { type: 'string' },
        'print-file': { type: 'string' }, 'letter-batch': { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      return withDb(ctx, values, positionals[0] === 'list' || positionals[0] === 'files' ? 'read' : 'write', (db) => {
        if (positionals[0] === 'files') {
          const files = core.printFilesToMail({ db });
          if (values.json) json(files);
          else if (files.length === 0) out('印刷ファイルの記録はありません (inw letters で作成すると記録されます)。');
          else for (const f of files) out(`作成 #${f.letterBatch} ${f.file}: ${f.categories.join('・')} ${f.letters}通、うち発送待ち ${f.waiting}通 (${f.path})`);
          return 0;
        }
        if (positionals[0] === 'list') {
          const batches = core.listMailingBatches({ db });
          if (values.json) json(batches);
          else for (const b of batches) out(`#${b.id} ${b.mailedDate} ${b.postageMethod} ${b.pieces}通 (${areas(b.byArea).map(([a, n]) => `${a}:${n}`).join(' ')})${b.note ? ` 備考: ${b.note}` : ''}`);
          return 0;
        }
        if (positionals[0] === 'undo') {
          const id = Number(/^#?(\d+)$/.exec(positionals[1] ?? '')?.[1]);
          if (!id) throw usage('mail undo の後に発送記録の番号 (mail list の #) を指定してください。');
          if (!values.reason) throw usage('--reason 取り消す理由 を指定してください。');
          const r = core.undoMailingBatch(tctx(ctx, db), id, values.reason as string);
          out(`発送記録 #${r.batchId} を取り消しました: ${r.pieces}通を「印刷」に戻しました。`);
          return 0;
        }
        if (positionals.length > 0) throw usage(`mail の後には list、files、undo か オプションを指定してください (${positionals[0]})。`);
        if (!values.date || !values.postage) throw usage('--date YYYY-MM-DD と --postage (料金別納など) を指定してください。');
        const letterBatchText = values['letter-batch'] as string | undefined;
        const letterBatch = letterBatchText === undefined ? undefined : Number(/^#?(\d+)$/.exec(letterBatchText.trim())?.[1]);
        if (letterBatch !== undefined && !letterBatch) throw usage(`--letter-batch には通知書の作成の番号 (mail files の #) を指定してください (${letterBatchText})。`);
        if (letterBatch !== undefined && !values['print-file']) throw usage('--letter-batch は --print-file と一緒に指定してください。');
        const selection = {
          categories: values.category as string[] | undefined, postalFrom: values['postal-from'] as string | undefined, postalTo: values['postal-to'] as string | undefined,
          printFile: values['print-file'] as string | undefined, letterBatch,
        };
        const partial = !!(selection.categories || selection.postalFrom || selection.postalTo || selection.printFile);
        if (partial && values.letter) throw usage('--letter と --category / --postal-from / --postal-to / --print-file は同時に指定できません。');
        const plan = partial ? core.planMailing({ db }, selection) : null;
        const letterIds = plan ? plan.letterIds : (values.letter as string[] | undefined)?.map((l) => core.parseLetterId(l));
        if (plan && plan.letterIds.length === 0) {
          throw usage(plan.printFile
            ? `印刷ファイル ${plan.printFile.file} (作成 #${plan.printFile.letterBatch}) に、指定した条件で発送待ちの通知書はありません (${plan.printFile.letters}通のうち発送待ち ${plan.printFile.waiting}通)。`
            : '指定した区分・郵便番号の範囲に発送待ちの通知書はありません。');
        }
        const printFile = plan?.printFile ? { letterBatch: plan.printFile.letterBatch, file: plan.printFile.file } : undefined;
        const batch = core.createMailingBatch(tctx(ctx, db), {
          mailedDate: core.parseJstDate(values.date as string, '発送日'), postageMethod: values.postage as string, letterIds, note: values.note as string | undefined, printFile,
        });
        if (values.json) json(batch);
        else {
          out(`発送記録 #${batch.id}: ${batch.mailedDate} ${batch.postageMethod} ${batch.pieces}通`);
          if (plan?.printFile) out(`  印刷ファイル: ${plan.printFile.path}`);
          out(`  郵便番号上3桁ごと: ${areas(batch.byArea).map(([a, n]) => `${a} ${n}通`).join('、')}`);
        }
        return 0;
      });
    }
    case 'status': {
      const { values, positionals } = ctx.parse(args, { ...common, date: { type: 'string' }, note: { type: 'string' } });
      const status = positionals[1];
      if (!status) throw usage(`状態 (${core.MANUAL_STATUSES.join('・')}) を指定してください。`);
      return withDb(ctx, values, 'write', (db) => {
        const r = core.setLetterStatus(tctx(ctx, db), {
          ...target(core, positionals[0]), status,
          mailedDate: values.date ? core.parseJstDate(values.date as string, '発送日') : null, note: values.note as string | undefined,
        });
        out(`${r.letterId ?? r.personId}: ${r.steps.join('、')}`);
        return 0;
      });
    }
    case 'history': {
      const { values, positionals } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false } });
      const { person } = target(core, positionals[0]);
      if (person === undefined) throw usage('history には対象者ID (P…) を指定してください。');
      return withDb(ctx, values, 'read', (db) => {
        const history = {
          personId: positionals[0],
          letters: core.letterHistory(db, person),
          addresses: core.addressHistory(db, person),
          followups: core.followupHistory(db, person),
          inquiries: core.listInquiries(db, { personId: person }),
          reviewDecisions: core.personReviewDecisions(db, person),
        };
        if (values.json) {
          json(history);
          return 0;
        }
        const at = (instant: string) => core.jstDateTime(instant);
        const source = (code: string) => core.codeLabel(core.HISTORY_SOURCE_LABELS, code);
        out(`通知書の状態履歴 (日本時間):`);
        for (const h of history.letters) {
          // The day staff gave (a return's date) first; when it was typed in, if another day.
          const when = h.eventDate ? `${h.eventDate.replace(/-/g, '/')}${core.jstDateOf(Date.parse(h.at)) === h.eventDate ? '' : ` (記録 ${at(h.at)})`}` : at(h.at);
          out(`  ${when} ${h.letterId} 第${h.version}版 ${h.from ?? '—'} → ${h.to}${h.mailedDate ? ` 発送日 ${h.mailedDate.replace(/-/g, '/')}` : ''} (${source(h.source)}, ${h.actor})${h.note ? ` ${h.note}` : ''}`);
        }
        out(`住所訂正:`);
        for (const a of history.addresses) out(`  ${at(a.createdAt)} 〒${a.postalCode} ${a.address1 ?? ''} ${a.address2 ?? ''} (前: 〒${a.previous.postalCode ?? ''} ${a.previous.address1 ?? ''}) ${a.reason ?? ''}`);
        out(`対応:`);
        for (const f of history.followups) out(`  ${f.at ? at(f.at) : '—'} ${f.status ?? '—'} ${f.notes ?? ''} (${source(f.source)}, ${f.actor})`);
        out(`問い合わせ:`);
        for (const i of history.inquiries) out(`  ${at(i.receivedAt)} ${i.channel} ${i.topicLabel} ${i.body ?? ''} → ${i.resolution ?? ''} (${i.staff ?? ''})`);
        out(`要確認の判断:`);
        for (const r of history.reviewDecisions) {
          const other = r.other ? ` ${r.other.personId} ${r.other.name ?? ''}と` : '';
          out(`  ${at(r.decidedAt)} ${core.REVIEW_KIND_LABELS[r.kind]}${other} → ${r.label}${r.note ? ` ${r.note}` : ''} (${r.actor})`);
        }
        return 0;
      });
    }
    case 'returns': {
      const { values, positionals } = ctx.parse(args, {
        ...common, 'dry-run': { type: 'boolean', default: false }, encoding: { type: 'string', default: 'auto' }, sheet: { type: 'string' },
        date: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean', default: false },
      });
      const sub = positionals[0];
      return withDb(ctx, values, sub === 'list' || sub === 'unreachable' || sub === 'resend' ? 'read' : 'write', async (db) => {
        const t = tctx(ctx, db);
        if (sub === 'import') {
          const file = positionals[1];
          if (!file) throw usage('取り込む返送一覧のファイルを指定してください。');
          const report = await core.importReturns(t, { file, encoding: encodingOption(values.encoding), sheet: values.sheet as string | undefined, dryRun: values['dry-run'] as boolean });
          if (values.json) json(report);
          else {
            out(`${report.file}: ${report.rowsRead} 行、記録 ${report.accepted.length} 件、除外 ${report.issues.length} 行${report.dryRun ? ' (確認のみ、記録していません)' : ''}`);
            for (const a of report.accepted) out(`  ${a.letterId} ${a.personId} ${a.returnedDate} ${core.returnReasonLabel(a.reasonCode, a.reasonText)}`);
            for (const i of report.issues) out(`  ${i.line}行目: ${i.message}`);
          }
          return 0;
        }
        if (sub === 'add') {
          if (!values.date || !values.reason) throw usage('--date と --reason を指定してください。');
          const r = core.recordReturn(t, { ...target(core, positionals[1]), returnedDate: core.parseJstDate(values.date as string, '返送日'), reason: values.reason as string });
          out(`返送を記録しました: ${r.letterId} ${r.personId} ${r.returnedDate} ${core.returnReasonLabel(r.reasonCode, r.reasonText)}`);
          return 0;
        }
        if (sub === 'list') {
          const list = core.listReturns(t);
          if (values.json) json(list);
          else for (const r of list) out(`${r.letterId} ${r.personId} ${r.returnedDate} ${r.reason}`);
          return 0;
        }
        if (sub === 'unreachable') {
          const list = core.unreachablePersons(t);
          if (values.json) json(list);
          else {
            out(`連絡がつかない通知対象 ${list.length} 人 (公表による通知の対象候補):`);
            for (const u of list) out(`  ${u.personId} ${u.name ?? ''} (${u.category}) ${u.reason}`);
          }
          return 0;
        }
        if (sub === 'resend') {
          const list = core.pendingResends(db);
          if (values.json) json(list);
          else {
            out(`再送できる対象者 ${list.length} 人${list.length > 0 ? ` (inw letters --out DIR ${list.map((p) => `--person ${p.personId}`).join(' ')})` : ''}:`);
            for (const p of list) out(`  ${p.personId} ${p.basis === 'absent' ? '不在で返送 (同じ住所へ再送)' : '住所訂正済み'}`);
          }
          return 0;
        }
        throw usage('returns の後に import / add / list / unreachable / resend を指定してください。');
      });
    }
    case 'address': {
      const { values, positionals } = ctx.parse(args, {
        ...common, postal: { type: 'string' }, address1: { type: 'string' }, address2: { type: 'string' }, reason: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      const { person } = target(core, positionals[0]);
      if (person === undefined) throw usage('address には対象者ID (P…) を指定してください。');
      return withDb(ctx, values, values.postal === undefined && values.address1 === undefined ? 'read' : 'write', (db) => {
        if (values.postal === undefined && values.address1 === undefined) {
          const history = core.addressHistory(db, person);
          if (values.json) json(history);
          else if (history.length === 0) out(`${positionals[0]}: 住所訂正はありません。`);
          else for (const a of history) out(`#${a.id} ${core.jstDateTime(a.createdAt)} 〒${a.postalCode} ${a.address1 ?? ''} ${a.address2 ?? ''} (前: 〒${a.previous.postalCode ?? ''} ${a.previous.address1 ?? ''} ${a.previous.address2 ?? ''}) ${a.reason ?? ''}`);
          return 0;
        }
        if (!values.postal || !values.address1) throw usage('--postal と --address1 を指定してください。');
        const c = core.correctAddress(tctx(ctx, db), person, {
          postalCode: values.postal as string, address1: values.address1 as string, address2: values.address2 as string | undefined, reason: values.reason as string | undefined,
        });
        out(`住所を訂正しました (#${c.id}): ${c.personId} 〒${c.postalCode} ${c.address1}${c.address2 ? ` ${c.address2}` : ''}`);
        const pending = core.pendingResends(db).some((p) => p.id === person);
        if (pending) out(`再送の通知書は inw letters --out DIR --person ${c.personId} で作成できます。`);
        return 0;
      });
    }
    case 'inquiry': {
      const { values, positionals } = ctx.parse(args, {
        ...common, person: { type: 'string' }, at: { type: 'string' }, channel: { type: 'string' }, topic: { type: 'string' }, body: { type: 'string' },
        resolution: { type: 'string' }, staff: { type: 'string' }, json: { type: 'boolean', default: false },
      });
      const person = values.person ? core.parsePersonId(values.person as string) : undefined;
      return withDb(ctx, values, positionals[0] === 'list' ? 'read' : 'write', (db) => {
        if (positionals[0] === 'list') {
          const list = core.listInquiries(db, person !== undefined ? { personId: person } : {});
          if (values.json) json(list);
          else for (const i of list) out(`#${i.id} ${i.receivedDate} ${i.personId ?? '(不明)'} ${i.channel} ${i.topicLabel} ${i.body ?? ''} → ${i.resolution ?? ''} (${i.staff ?? ''})`);
          return 0;
        }
        if (positionals[0] === 'edit' || positionals[0] === 'delete') {
          const id = Number(/^#?(\d+)$/.exec(positionals[1] ?? '')?.[1]);
          if (!id) throw usage(`inquiry ${positionals[0]} の後に問い合わせの番号 (inquiry list の #) を指定してください。`);
          if (positionals[0] === 'delete') {
            core.deleteInquiry(tctx(ctx, db), id);
            out(`問い合わせ #${id} を削除しました。`);
            return 0;
          }
          // Unspecified options keep the stored value.
          const was = core.getInquiry(db, id);
          const edited = core.updateInquiry(tctx(ctx, db), id, {
            personId: values.person !== undefined ? (values.person === '' ? null : person!) : was.personId === null ? null : core.parsePersonId(was.personId),
            receivedAt: (values.at as string | undefined) ?? new Date(was.receivedAt),
            channel: (values.channel as string | undefined) ?? was.channel,
            topic: (values.topic as string | undefined) ?? was.topic,
            body: values.body !== undefined ? (values.body as string) : was.body,
            resolution: values.resolution !== undefined ? (values.resolution as string) : was.resolution,
            staff: values.staff !== undefined ? (values.staff as string) : was.staff,
          });
          if (values.json) json(edited);
          else out(`問い合わせ #${id} を修正しました: ${edited.receivedDate} ${edited.personId ?? '(対象者不明)'} ${edited.channel} ${edited.topicLabel}`);
          return 0;
        }
        if (positionals[0] !== 'add') throw usage('inquiry の後に add、list、edit か delete を指定してください。');
        if (!values.at || !values.channel || !values.topic) throw usage('--at 日時、--channel、--topic を指定してください。');
        const i = core.logInquiry(tctx(ctx, db), {
          personId: person ?? null, receivedAt: values.at as string, channel: values.channel as string, topic: values.topic as string,
          body: values.body as string | undefined, resolution: values.resolution as string | undefined, staff: values.staff as string | undefined,
        });
        if (values.json) json(i);
        else out(`問い合わせ #${i.id} を記録しました: ${i.receivedDate} ${i.personId ?? '(対象者不明)'} ${i.channel} ${i.topicLabel}`);
        return 0;
      });
    }
    case 'sheet-apply': {
      const { values, positionals } = ctx.parse(args, { ...common, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } });
      const file = positionals[0];
      if (!file) throw usage('反映する連絡表 (FILE.xlsx) を指定してください。');
      return withDb(ctx, values, 'write', async (db) => {
        const r = await core.applySheet(tctx(ctx, db), { file, dryRun: values['dry-run'] as boolean });
        if (values.json) {
          json(r);
          return 0;
        }
        out(`${r.file}: ${r.rows} 人分を確認、${r.dryRun ? '反映予定' : '反映'} ${r.changes.length} 件、矛盾 ${r.conflicts.length} 件、反映できない行 ${r.issues.length} 件${r.dryRun ? ' (確認のみ)' : ''}`);
        for (const c of r.changes) out(`  ${c.personId} ${c.label}: 「${c.from ?? ''}」→「${c.to ?? ''}」`);
        for (const c of r.conflicts) out(`  矛盾 ${c.sheet} ${c.row}行目: ${c.message}`);
        for (const i of r.issues) out(`  反映不可 ${i.sheet} ${i.row}行目: ${i.message}`);
        return 0;
      });
    }
    case 'backup': {
      const { values } = ctx.parse(args, { ...common, out: { type: 'string' }, force: { type: 'boolean', default: false } });
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE を指定してください。');
      // A read-only database (a copy from a CD, a read-only share) can still be backed up; only
      // the record of it in its own audit log is impossible.
      let db: Db;
      try {
        db = ctx.openDb(values, 'write');
      } catch (error) {
        if (!core.isInwError(error) || error.code !== 'db-readonly') throw error;
        db = ctx.openDb(values, 'read');
      }
      try {
        const r = await core.backupDatabase(tctx(ctx, db), { out: file, overwrite: values.force as boolean });
        out(`バックアップ ${r.file} (${r.bytes} バイト、検査 OK、監査ログ ${r.auditEntries} 件、対象者 ${r.tables.persons ?? 0} 人)\nSHA-256 ${r.sha256}\nバックアップの監査ログの最新記録: ${r.auditHead}`);
        out(auditHeadLine(core, db));
        if (!r.audited) process.stderr.write('inw: 注意: データベースが読み取り専用のため、このバックアップは監査ログに記録していません。\n');
        return 0;
      } finally {
        core.closeDb(db);
      }
    }
    case 'purge': {
      const { values } = ctx.parse(args, {
        ...common, before: { type: 'string' }, incident: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      });
      const dryRun = values['dry-run'] as boolean;
      if (!dryRun && !values.yes) throw usage('個人情報を削除します (元に戻せません)。確認のため --yes を付けてください (内容の確認は --dry-run)。');
      return withDb(ctx, values, 'write', (db) => {
        const r = core.purgePersonalData(tctx(ctx, db), {
          before: values.before ? core.parseJstDate(values.before as string, '--before') : undefined, incident: values.incident as string | undefined, dryRun,
        });
        if (values.json) {
          json(r);
          return 0;
        }
        out(`${dryRun ? '削除予定' : '個人情報を削除しました'}: 対象者 ${r.persons} 人${dryRun ? '' : `、寄付記録 ${r.donorRecords} 件`}、通知書ファイル等 ${r.deletedFiles.length} 件${dryRun ? 'を削除予定' : 'を削除'}。件数と報告用の数値は残しています。`);
        for (const f of r.deletedFiles) out(`  ${dryRun ? '削除予定' : '削除'}: ${f}`);
        if (r.files.length > 0) {
          out(`個人情報が残っている可能性のあるファイル (${r.files.length} 件、inw は削除しません。不要になったら削除してください):`);
          for (const f of r.files) out(`  ${f.path}\n    ${f.holds}${f.written ? `、${f.written} (日本時間) に書き出し` : ''}${PURGE_FILE_STATE[f.state]}`);
          process.stderr.write(`inw: 注意: 個人情報が残っている可能性のあるファイルが ${r.files.length} 件あります (一覧は上記)。\n`);
        }
        for (const w of r.warnings) process.stderr.write(`inw: 注意: ${w}\n`);
        if (!dryRun) out(auditHeadLine(core, db));
        return 0;
      });
    }
    case 'report': {
      const { values } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false } });
      return withDb(ctx, values, 'read', (db) => {
        const r = core.regulatorReport(db);
        if (values.json) {
          json(r);
          return 0;
        }
        const n = r.notification;
        out(`報告用の数値 (${r.incident.code} ${r.incident.title}、分類 ${core.jstDateTime(r.classifiedAt)} 日本時間 時点)`);
        out(`影響を受けた本人: ${r.affected.persons} 人`);
        for (const [category, count] of Object.entries(r.affected.byCategory)) out(`  ${core.categoryTitle(category, r.affected.byExposure)}: ${count} 人`);
        for (const e of r.affected.byExposure) out(`  ${e.label} (${core.CERTAINTY_LABELS[e.certainty]}): ${e.persons} 人`);
        out(`項目別 (${core.CERTAINTY_LABELS.confirmed} / ${core.CERTAINTY_LABELS.possible}):`);
        for (const i of r.affected.byItem) out(`  ${i.item}: ${i.confirmed} 人 / ${i.possible} 人 (計 ${i.total} 人)`);
        out(`本人への通知: ${n.notified} 人 (郵送 ${n.notifiedByMail} 人、電話等 ${n.notifiedOtherwise} 人)、未通知 ${n.pending} 人`);
        out(`  発送 ${n.lettersMailed} 通 (${n.mailingBatches} 回)、返送 ${n.returnedLetters} 通 (${Object.entries(n.returnedByReason).map(([k, v]) => `${k} ${v}`).join('、') || 'なし'})、再送 ${n.resent} 人、住所訂正 ${n.addressCorrections} 件`);
        out(`  連絡がつかない本人: ${n.unreachable} 人 (${core.UNREACHABLE_KIND_LABELS['no-address']} ${n.unreachableNoAddress}、${core.UNREACHABLE_KIND_LABELS['no-postal-code']} ${n.unreachableNoPostalCode}、${core.UNREACHABLE_KIND_LABELS.returned} ${n.unreachableReturned})`);
        out(`問い合わせ: ${r.inquiries.total} 件 (${r.inquiries.persons} 人)`);
        for (const [topic, count] of Object.entries(r.inquiries.byTopic)) out(`  ${topic}: ${count} 件`);
        for (const p of r.purges) out(`個人情報の削除: ${core.jstDateTime(p.at)} ${p.persons} 人 (${core.auditDetailValue('purge', 'scope', p.scope)})`);
        out(auditHeadLine(core, db));
        return 0;
      });
    }
    default:
      throw usage(`不明なコマンド: ${command}`);
  }
}
