// The commands of `inw` (spec §8). Each parses its options, calls the core, prints the result.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { formatImportReport, formatSummary, progressLine } from './format.js';

type Core = typeof import('../core/index.js');
type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

export interface CliContext {
  parse(args: string[], options: Options): Parsed;
  dbPath(given: string | undefined): string;
  actor(): string;
}

export const USAGE = `inw — Incident Notice Workbench (カード情報流出の通知作業ツール)

使い方:
  inw import payments|donors FILE [--encoding auto|utf8|cp932|utf16le] [--map 項目=見出し]... [--sheet 名前] [--strict]
  inw import confirmed FILE --exposure CODE
  inw classify [--incident metaps-2022|FILE.json]
  inw summary [--json]
  inw sheet --out FILE.xlsx [--category CODE]...
  inw export persons --out FILE.csv [--category CODE]...
  inw audit list|verify

共通オプション:
  --db FILE   データベースファイル (省略時はアプリのデータベース)

--map の項目: transactionId orderId memberId paidAt method cardNumber cardBrand amount status name familyName
  givenName kana familyKana givenKana postalCode address prefecture city street building phone email
`;

const common: Options = { db: { type: 'string' } };

/** A worker script bundled next to the CLI (dist/<name>.js), if the bundle has it. */
export function bundledScript(name: string): string | undefined {
  const path = fileURLToPath(new URL(`../${name}.js`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

function requireOne(positionals: string[], what: string): string {
  const value = positionals[0];
  if (!value) throw usage(`${what}を指定してください。`);
  return value;
}

export async function runCommand(core: Core, command: string, args: string[], ctx: CliContext): Promise<number> {
  const open = (db: unknown) => core.openDb({ file: ctx.dbPath(db as string | undefined) });
  switch (command) {
    case 'import': {
      const { values, positionals } = ctx.parse(args, {
        ...common,
        encoding: { type: 'string', default: 'auto' },
        map: { type: 'string', multiple: true },
        sheet: { type: 'string' },
        strict: { type: 'boolean', default: false },
        exposure: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      const kind = positionals[0];
      if (kind !== 'payments' && kind !== 'donors' && kind !== 'confirmed') {
        throw usage('import の種類は payments / donors / confirmed のいずれかです。');
      }
      const file = requireOne(positionals.slice(1), '取り込むファイル');
      const encoding = values.encoding as string;
      if (!['auto', 'utf8', 'cp932', 'utf16le', 'utf16be'].includes(encoding)) throw usage(`--encoding ${encoding} は使えません (auto / utf8 / cp932 / utf16le)。`);
      const db = open(values.db);
      try {
        const progress = progressLine(`取込中 ${file}`);
        const report = await core.importFile({
          db, file, kind,
          exposure: values.exposure as string | undefined,
          encoding: encoding as never,
          map: core.parseMapArguments((values.map as string[] | undefined) ?? []),
          sheet: values.sheet as string | undefined,
          strict: values.strict as boolean,
          now: () => new Date(),
          actor: ctx.actor(),
          onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, ' バイト'),
          workerScript: bundledScript('import/worker'),
        });
        progress.end();
        process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatImportReport(report)}\n`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    case 'classify': {
      const { values } = ctx.parse(args, { ...common, incident: { type: 'string' }, json: { type: 'boolean', default: false } });
      const db = open(values.db);
      try {
        const incident = core.loadIncident((values.incident as string | undefined) ?? lastIncidentCode(core, db) ?? 'metaps-2022');
        core.classify({ db, incident, now: () => new Date(), actor: ctx.actor() });
        const { summary } = core.requireRun(db);
        const labels = Object.fromEntries(incident.exposures.map((e) => [e.code, e.label]));
        process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, labels)}\n`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    case 'summary': {
      const { values } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false } });
      const db = open(values.db);
      try {
        const run = core.requireRun(db);
        if (values.json) process.stdout.write(`${JSON.stringify(run.summary, null, 2)}\n`);
        else {
          const labels = Object.fromEntries(run.incident.exposures.map((e) => [e.code, e.label]));
          process.stdout.write(`${formatSummary(run.summary, labels)}\n`);
        }
        if (run.summary.stale) process.stderr.write('inw: 注意: 分類の後にファイルが取り込まれています。inw classify をもう一度実行してください。\n');
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    case 'sheet': {
      const { values } = ctx.parse(args, { ...common, out: { type: 'string' }, category: { type: 'string', multiple: true } });
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE.xlsx を指定してください。');
      const db = open(values.db);
      try {
        const progress = progressLine('連絡先一覧を作成中');
        const result = await core.exportContactSheet({
          db, file, categories: values.category as string[] | undefined, now: () => new Date(), actor: ctx.actor(),
          onProgress: (done) => progress.update(done, undefined, ' 行'),
        });
        progress.end();
        process.stdout.write(`${file}: ${result.sheets.map((s) => `${s} ${result.rows[s] ?? 0}行`).join('、')}\n`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    case 'export': {
      const { values, positionals } = ctx.parse(args, { ...common, out: { type: 'string' }, category: { type: 'string', multiple: true } });
      if (positionals[0] !== 'persons') throw usage('export の後に persons を指定してください。');
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE.csv を指定してください。');
      const db = open(values.db);
      try {
        const result = await core.exportPersonsCsv({ db, file, categories: values.category as string[] | undefined, now: () => new Date(), actor: ctx.actor() });
        process.stdout.write(`${file}: ${result.rows} 人\n`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    case 'audit': {
      const { values, positionals } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false }, limit: { type: 'string' } });
      const db = open(values.db);
      try {
        if (positionals[0] === 'verify') {
          const result = core.verifyAudit(db);
          if (!result.ok) {
            throw new core.InwError('audit-broken', `監査ログの記録 #${result.brokenAt!.id} が改ざんされています: ${result.brokenAt!.reason}`);
          }
          process.stdout.write(`監査ログ: ${result.entries} 件、改ざんは見つかりませんでした。\n`);
          return 0;
        }
        if (positionals[0] !== 'list') throw usage('audit の後に list または verify を指定してください。');
        const entries = core.listAudit(db, { limit: Number(values.limit ?? 200) });
        if (values.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else for (const e of entries) process.stdout.write(`#${e.id} ${e.at} ${e.actor} ${e.action} ${JSON.stringify(e.detail)}\n`);
      } finally {
        core.closeDb(db);
      }
      return 0;
    }
    default:
      throw usage(`不明なコマンド: ${command}`);
  }
}

function lastIncidentCode(core: Core, db: ReturnType<Core['openDb']>): string | null {
  return core.latestRun(db)?.incident.code ?? null;
}

function usage(message: string): Error {
  const error = new Error(message);
  (error as { code?: string }).code = 'ERR_PARSE_ARGS_USAGE';
  return error;
}
