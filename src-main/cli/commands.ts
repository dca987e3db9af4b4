// The commands of `inw` (spec §8). Each parses its options, calls the core, prints the result.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { withDb, type CliContext } from './context.js';
import { defaultDbPath } from './paths.js';
import { formatImportReport, formatSummary, n, progressLine } from './format.js';
import { encodingOption, usageError as usage } from './help.js';
import { ENCODING_CHOICES } from '../core/vocabulary/encodings.js';
import type { ExposureInfo } from '../core/vocabulary/exposures.js';
import { MAIL_USAGE, PRINT_OPTIONS, printOverrides, runBarcodeCommand, runMailPlanCommand, runPostalCommand, writePostalMismatches } from './mail.js';
import { runReviewCommand, REVIEW_USAGE } from './review.js';
import { auditHeadLine, runTrackingCommand, TRACKING_USAGE } from './tracking.js';

type Core = typeof import('../core/index.js');
type Options = NonNullable<ParseArgsConfig['options']>;

export const USAGE = `inw — Incident Notice Workbench (カード情報流出の通知作業ツール)

使い方:
  inw import payments|donors FILE [--encoding ${ENCODING_CHOICES.join('|')}] [--map 項目=見出し]... [--sheet 名前] [--strict]
  inw import confirmed FILE --exposure CODE [--incident metaps-2022|FILE.json]
  inw classify [--incident metaps-2022|FILE.json]
  inw summary [--json]
${REVIEW_USAGE}  inw letters --out DIR [--category CODE]... [--person ID]... [--date YYYY-MM-DD] [--print-only|--split-only] [--print-volume N] [--duplex|--simplex] [--split-pages] [--draft]
  inw preview --person ID --out FILE.pdf [--date YYYY-MM-DD] [--draft]
  inw calibrate --out FILE.pdf [--incident metaps-2022|FILE.json]
  inw incident template [--preset metaps-2022] [--out FILE.json]
  inw sheet --out FILE.xlsx [--category CODE]...
  inw export persons --out FILE.csv [--category CODE]...
  inw audit list | verify [--anchor 番号:ハッシュ]...
  inw scan [PATH]... [--db FILE] [--json]   カード番号・セキュリティコードの検査 (見つかれば終了コード 3)
${TRACKING_USAGE}${MAIL_USAGE}  inw demo --out DIR [--persons N] [--seed S] [--print-only] [--print-volume N]

共通オプション:
  --db FILE   データベースファイル (省略時はアプリのデータベース)
  --wait 秒   別のプログラムがデータベースを使用中のとき待つ時間 (既定 60 秒)
  --help      コマンドごとの説明と例 (inw letters --help など)

--map の項目: transactionId orderId memberId paidAt method cardNumber cardBrand amount status name familyName
  givenName kana familyKana givenKana postalCode address prefecture city street building phone email
`;

export const common: Options = { db: { type: 'string' }, wait: { type: 'string' } };
/** For commands that write a file the user names. */
const force: Options = { force: { type: 'boolean', default: false } };

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
  switch (command) {
    case 'import': {
      const { values, positionals } = ctx.parse(args, {
        ...common,
        encoding: { type: 'string', default: 'auto' },
        map: { type: 'string', multiple: true },
        sheet: { type: 'string' },
        strict: { type: 'boolean', default: false },
        exposure: { type: 'string' },
        incident: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      const kind = positionals[0];
      if (!core.isImportKind(kind)) throw usage(`import の種類は ${core.IMPORT_KINDS.join(' / ')} のいずれかです。`);
      const file = requireOne(positionals.slice(1), '取り込むファイル');
      const encoding = encodingOption(values.encoding);
      if (kind === 'confirmed' && values.exposure !== undefined) checkExposure(core, ctx, values);
      await withDb(ctx, values, 'create', async (db) => {
        const progress = progressLine(`取込中 ${file}`);
        const report = await core.importFile({
          db, file, kind,
          exposure: values.exposure as string | undefined,
          encoding,
          map: core.parseMapArguments((values.map as string[] | undefined) ?? []),
          sheet: values.sheet as string | undefined,
          strict: values.strict as boolean,
          now: () => new Date(),
          actor: ctx.actor(),
          onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, ' バイト'),
        });
        progress.end();
        process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatImportReport(report)}\n`);
      });
      return 0;
    }
    case 'classify': {
      const { values } = ctx.parse(args, { ...common, incident: { type: 'string' }, json: { type: 'boolean', default: false } });
      await withDb(ctx, values, 'write', async (db) => {
        const incident = values.incident ? core.loadIncident(values.incident as string) : (core.incidentToReclassify(db) ?? core.loadIncident('metaps-2022'));
        for (const warning of core.incidentWarnings(incident)) process.stderr.write(`inw: 注意: 事案定義 ${warning.path}: ${warning.message}\n`);
        await core.classify({ db, incident, now: () => new Date(), actor: ctx.actor() });
        const { summary } = core.requireRun(db, { reviewCounts: true });
        const labels = Object.fromEntries(incident.exposures.map((e) => [e.code, e.label]));
        process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, labels)}\n`);
      });
      return 0;
    }
    case 'summary': {
      const { values } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false } });
      await withDb(ctx, values, 'read', async (db) => {
        const run = core.requireRun(db, { reviewCounts: true });
        if (values.json) process.stdout.write(`${JSON.stringify(run.summary, null, 2)}\n`);
        else {
          const labels = Object.fromEntries(run.incident.exposures.map((e) => [e.code, e.label]));
          process.stdout.write(`${formatSummary(run.summary, labels)}\n`);
        }
        if (run.summary.stale) process.stderr.write('inw: 注意: 分類の後にファイルが取り込まれています。inw classify をもう一度実行してください。\n');
      });
      return 0;
    }
    case 'sheet': {
      if (args[0] === 'apply') return runTrackingCommand(core, 'sheet-apply', args.slice(1), ctx);
      const { values } = ctx.parse(args, { ...common, ...force, out: { type: 'string' }, category: { type: 'string', multiple: true } });
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE.xlsx を指定してください。');
      await withDb(ctx, values, 'write', async (db) => {
        const progress = progressLine('連絡表を作成中');
        const result = await core.exportContactSheet({
          db, file, categories: values.category as string[] | undefined, now: () => new Date(), actor: ctx.actor(), force: values.force as boolean,
          onProgress: (done) => progress.update(done, undefined, ' 行'),
        });
        progress.end();
        process.stdout.write(`${file}: ${result.sheets.map((s) => `${s} ${result.rows[s] ?? 0}行`).join('、')}\n${auditHeadLine(core, db)}\n`);
      });
      return 0;
    }
    case 'export': {
      const { values, positionals } = ctx.parse(args, { ...common, ...force, out: { type: 'string' }, category: { type: 'string', multiple: true } });
      if (positionals[0] !== 'persons') throw usage('export の後に persons を指定してください。');
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE.csv を指定してください。');
      await withDb(ctx, values, 'write', async (db) => {
        const result = await core.exportPersonsCsv({ db, file, categories: values.category as string[] | undefined, now: () => new Date(), actor: ctx.actor(), force: values.force as boolean });
        process.stdout.write(`${file}: ${result.rows} 人\n${auditHeadLine(core, db)}\n`);
      });
      return 0;
    }
    case 'letters': {
      const { values } = ctx.parse(args, {
        ...common,
        out: { type: 'string' },
        category: { type: 'string', multiple: true },
        person: { type: 'string', multiple: true },
        date: { type: 'string' },
        'print-only': { type: 'boolean', default: false },
        'split-only': { type: 'boolean', default: false },
        draft: { type: 'boolean', default: false },
        'print-volume': { type: 'string' },
        ...PRINT_OPTIONS,
      });
      const outDir = values.out as string | undefined;
      if (!outDir) throw usage('--out DIR を指定してください。');
      // The core checks the date (the app sends what staff typed to the same check).
      const letterDate = values.date as string | undefined;
      await withDb(ctx, values, 'write', async (db) => {
        writePostalMismatches(core, db);
        const progress = progressLine('通知書を作成中');
        const result = await core.generateLetters({
          db, outDir, letterDate,
          draft: values.draft as boolean,
          categories: values.category as string[] | undefined,
          personIds: values.person as string[] | undefined,
          outputs: { split: !values['print-only'], print: !values['split-only'] },
          printVolumeLetters: checkPrintVolume(values['print-volume'] as string | undefined),
          print: printOverrides(values),
          fontPaths: core.defaultFontPaths(),
          workerScript: bundledScript('letters/worker'),
          now: () => new Date(),
          actor: ctx.actor(),
          onProgress: (p) => progress.update(p.done, p.total, ' 件'),
        });
        progress.end();
        process.stdout.write(`${formatLettersResult(core, result, outDir, core.latestRun(db)?.incident.exposures ?? [])}${auditHeadLine(core, db)}\n`);
      });
      return 0;
    }
    case 'preview': {
      const { values } = ctx.parse(args, {
        ...common, ...force, person: { type: 'string' }, out: { type: 'string' }, date: { type: 'string' }, draft: { type: 'boolean', default: false },
      });
      const person = values.person as string | undefined;
      const file = values.out as string | undefined;
      if (!person || !file) throw usage('--person ID と --out FILE.pdf を指定してください。');
      await withDb(ctx, values, 'write', async (db) => {
        const result = await core.previewLetter({
          db, personId: person, letterDate: values.date as string | undefined, draft: values.draft as boolean,
          fontPaths: core.defaultFontPaths(), now: () => new Date(),
        });
        core.savePreview({ db, file, personId: person, pdf: result.pdf, now: new Date(), actor: ctx.actor(), force: values.force as boolean });
        process.stdout.write(`${file}: ${person} の通知書のプレビュー (発行日 ${core.letterDateText(result.letterDate)})${result.draft ? ` (${DRAFT_NOTE})` : ''}\n`);
      });
      return 0;
    }
    case 'calibrate': {
      const { values } = ctx.parse(args, { ...force, out: { type: 'string' }, incident: { type: 'string' } });
      const file = values.out as string | undefined;
      if (!file) throw usage('--out FILE.pdf を指定してください。');
      const incident = values.incident ? core.loadIncident(values.incident as string) : undefined;
      const pdf = await core.calibrationPage({ incident, fontPaths: core.defaultFontPaths(), now: () => new Date() });
      core.writeOutputFile(file, pdf, { force: values.force as boolean });
      process.stdout.write(`${file}: 窓付き封筒の位置確認シート。印刷して三つ折りにし、封筒の窓から宛名枠が見えるか確認してください。\n`);
      return 0;
    }
    case 'incident': {
      const { values, positionals } = ctx.parse(args, { ...force, preset: { type: 'string', default: 'metaps-2022' }, out: { type: 'string' } });
      if (positionals[0] !== 'template') throw usage('incident の後に template を指定してください。');
      const incident = core.loadIncident(values.preset as string);
      const template = { ...incident, organisation: core.SENDER_TEMPLATE.organisation, contactDesk: core.SENDER_TEMPLATE.contactDesk };
      const json = `${JSON.stringify(template, null, 2)}\n`;
      if (values.out) {
        core.writeOutputFile(values.out as string, json, { force: values.force as boolean });
        process.stdout.write(`${values.out}: 事案定義のひな形。organisation と contactDesk を記入し、inw classify --incident ${values.out} で使ってください。\n`);
      } else process.stdout.write(json);
      return 0;
    }
    case 'demo': {
      const { values } = ctx.parse(args, {
        out: { type: 'string' }, persons: { type: 'string' }, seed: { type: 'string' }, 'print-only': { type: 'boolean', default: false },
        'print-volume': { type: 'string' },
      });
      const outDir = values.out as string | undefined;
      if (!outDir) throw usage('--out DIR を指定してください。');
      const persons = values.persons === undefined ? undefined : Number(values.persons);
      const seed = values.seed === undefined ? undefined : Number(values.seed);
      if (persons !== undefined && (!Number.isInteger(persons) || persons < 50)) throw usage('--persons は 50 以上の整数です。');
      if (seed !== undefined && !Number.isInteger(seed)) throw usage('--seed は整数です。');
      const started = Date.now();
      const labels: Record<string, string> = { generate: '見本データを作成', import: '取込', classify: '分類', letters: '通知書', sheet: '連絡表' };
      let progress = progressLine('');
      // Each step's time, so a slow stage is visible without a profiler.
      let stepStarted = 0;
      const finishStep = () => {
        progress.end();
        if (stepStarted) process.stderr.write(`  (${((Date.now() - stepStarted) / 1000).toFixed(1)} 秒)\n`);
        stepStarted = Date.now();
      };
      const result = await core.runDemo({
        outDir, persons, seed,
        fontPaths: core.defaultFontPaths(),
        letterOutputs: { split: !values['print-only'], print: true },
        printVolumeLetters: checkPrintVolume(values['print-volume'] as string | undefined),
        letterWorker: bundledScript('letters/worker'),
        now: () => new Date(),
        actor: ctx.actor(),
        onStep: (step, detail) => {
          finishStep();
          process.stderr.write(`${labels[step]}: ${detail}\n`);
          progress = progressLine(`  ${labels[step]}`);
        },
        onProgress: (_step, done, total) => progress.update(done, total),
      });
      finishStep();
      const labelsByCode = Object.fromEntries(result.incident.exposures.map((e) => [e.code, e.label]));
      process.stdout.write(`${formatSummary(result.summary, labelsByCode)}\n\n`);
      process.stdout.write(formatLettersResult(core, result.letters, outDir, result.incident.exposures));
      process.stdout.write(
        [
          '',
          `入力ファイル     ${result.inputDir}`,
          `データベース     ${result.database}`,
          `通知書 (個別)    ${result.lettersDir}`,
          `通知書 (印刷用)  ${outDir}/print/`,
          `連絡表           ${result.sheet}`,
          `所要時間         ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    case 'audit': {
      const { values, positionals } = ctx.parse(args, {
        ...common, json: { type: 'boolean', default: false }, limit: { type: 'string' }, anchor: { type: 'string', multiple: true },
      });
      const anchors = ((values.anchor as string[] | undefined) ?? []).map((a) => core.parseAuditAnchor(a));
      return withDb(ctx, values, 'read', async (db) => {
        if (positionals[0] === 'verify') {
          const result = core.verifyAudit(db, { anchors });
          const head = `監査ログの最新記録 (アンカー): ${core.formatAuditHead(result.head)}`;
          if (!result.ok) {
            const broken = result.brokenAt!;
            process.stdout.write(`${head}\n`);
            throw new core.InwError('audit-broken', broken.id > 0 ? `監査ログの記録 #${broken.id} が改ざんされています: ${broken.reason}` : `監査ログが改ざんされています: ${broken.reason}`);
          }
          process.stdout.write(`監査ログ: ${result.entries} 件、改ざんは見つかりませんでした${anchors.length > 0 ? ` (アンカー ${anchors.map((a) => `#${a.seq}`).join('、')} を確認)` : ''}。\n${head}\n`);
          return 0;
        }
        if (positionals[0] !== 'list') throw usage('audit の後に list または verify を指定してください。');
        const entries = core.listAudit(db, { limit: Number(values.limit ?? 200) });
        if (values.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else {
          const exposures = core.latestRun(db)?.incident.exposures ?? [];
          for (const e of entries) {
            const detail = core.auditDetailEntries(e.action, e.detail, exposures).map(([k, v]) => `${k} ${v}`).join('、');
            process.stdout.write(`#${e.id} ${core.jstDateTime(e.at)} ${e.actor} ${core.auditActionLabel(e.action)}: ${detail}\n`);
          }
        }
        return 0;
      });
    }
    case 'scan': {
      const { values, positionals } = ctx.parse(args, { ...common, json: { type: 'boolean', default: false } });
      const paths = [...positionals];
      if (values.db !== undefined || paths.length === 0) paths.unshift((values.db as string | undefined) ?? defaultDbPath());
      const report = await core.scanPaths(paths, {});
      if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(formatScanReport(report));
      return report.findings.length > 0 ? SCAN_FOUND_EXIT : 0;
    }
    case 'review':
      return runReviewCommand(core, args, ctx);
    case 'barcode':
      return runBarcodeCommand(core, args, ctx);
    case 'postal':
      return runPostalCommand(core, args, ctx);
    case 'mail':
      if (args[0] === 'plan' || args[0] === 'rates') return runMailPlanCommand(core, args, ctx);
      return runTrackingCommand(core, command, args, ctx);
    case 'status':
    case 'history':
    case 'returns':
    case 'address':
    case 'inquiry':
    case 'backup':
    case 'purge':
    case 'report':
      return runTrackingCommand(core, command, args, ctx);
    default:
      throw usage(`不明なコマンド: ${command}`);
  }
}

/** `inw scan` found something: distinct from 1 (an error), so a script can tell them apart. */
const SCAN_FOUND_EXIT = 3;

function formatScanReport(report: Awaited<ReturnType<Core['scanPaths']>>): string {
  const s = report.scanned;
  const lines = [
    `検査したファイル ${report.files.length} 件 (データベース ${s.databases}、生データ ${s.rawFiles}、PDF ${s.pdfs}、シート ${s.sheets}、CSV ${s.csv}、テキスト ${s.text})`,
  ];
  if (report.findings.length === 0) lines.push('完全なカード番号・セキュリティコードの列は見つかりませんでした。');
  else {
    lines.push(`見つかりました: ${report.findings.length} 件 (番号は下4桁だけ表示)`);
    for (const f of report.findings) {
      lines.push(`  ${f.kind === 'card-number' ? 'カード番号' : 'セキュリティコードの列'}  ${f.file}  ${f.where}: ${f.excerpt}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const DRAFT_NOTE = '見本: 全ページに「見本」と入っています。発送には使えません';

/** --print-volume N: letters per print file. */
function checkPrintVolume(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usage(`--print-volume ${value}: 1 以上の整数 (印刷ファイル1冊の通数) で指定してください。`);
  return n;
}

/**
 * A confirmed list belongs to one of the incident's exposures: the incident classify will use
 * (--incident, else the last classification's, else the preset), checked before anything is written.
 */
function checkExposure(core: Core, ctx: CliContext, values: Parameters<CliContext['openDb']>[0]): void {
  const exposure = values.exposure as string;
  let incident = values.incident ? core.loadIncident(values.incident as string) : null;
  if (!incident) {
    let db: ReturnType<Core['openDb']> | null = null;
    try {
      db = ctx.openDb(values, 'read');
    } catch (error) {
      if (!core.isInwError(error) || error.code !== 'db-missing') throw error;
    }
    try {
      incident = (db && core.incidentToReclassify(db)) ?? core.loadIncident('metaps-2022');
    } finally {
      if (db) core.closeDb(db);
    }
  }
  if (incident.exposures.some((e) => e.code === exposure)) return;
  throw new core.InwError(
    'exposure-unknown',
    `--exposure 「${exposure}」は事案 ${incident.code} の流出区分のコードではありません。使えるコード: ${incident.exposures.map((e) => `${e.code} (${e.label})`).join('、')}${values.incident ? '' : '。別の事案の区分なら --incident 事案.json も指定してください'}。`,
  );
}

function formatLettersResult(core: Core, result: Awaited<ReturnType<Core['generateLetters']>>, outDir: string, exposures: ExposureInfo[]): string {
  const lines: string[] = [];
  const counts = result.manifest.counts;
  for (const aside of result.setAside) {
    lines.push(aside.reason === 'other-batch'
      ? `以前の通知書 (日付 ${aside.letterDate ?? '?'}、${n(aside.files)} ファイル) は日付か文面が違うため、混ざらないよう ${aside.dir} へ移しました。`
      : `通知書の一覧 (manifest.json) にないファイル ${n(aside.files)} 件を ${aside.dir} へ移しました。`);
  }
  if (result.draft) lines.push(`${DRAFT_NOTE} (印刷用ファイルは 見本-区分.pdf、発送記録には載りません)。`);
  lines.push(`発行日 ${core.letterDateText(result.letterDate)}`);
  lines.push(`${result.draft ? '見本の' : ''}通知書 ${n(counts.letters)} 通 (新規作成 ${n(result.rendered)}、変更なしで省略 ${n(result.skipped)}) → ${outDir}`);
  for (const [category, count] of Object.entries(counts.byCategory)) lines.push(`  ${core.categoryTitle(category, exposures)}: ${n(count)} 通`);
  for (const print of result.manifest.print) lines.push(`  印刷用 ${print.file}: ${n(print.letters)} 通 ${n(print.pages)} ページ`);
  const stats = result.printStats;
  const print = result.manifest.printSettings;
  if (print) {
    lines.push(`  印刷: ${print.duplex ? `両面 (奇数ページの通知書に白紙ページ「（このページは白紙です）」を加えて偶数ページに。${n(stats.blankPages)} 通)` : '片面'}`
      + `${print.splitByPages ? '、印刷用ファイルはページ数ごと (区分-2p.pdf …)' : ''}`);
  }
  if (stats.byPages.length > 0) lines.push(`  ページ数別 (白紙を除く) ${stats.byPages.map((b) => `${b.pages}ページ ${n(b.letters)} 通`).join('、')}`);
  if (counts.letters > 0) lines.push(`  カスタマバーコード付き ${n(stats.barcoded)} 通、なし ${n(stats.withoutBarcode)} 通 (理由は manifest.json の barcode)`);
  if (result.notMailable.length > 0) {
    lines.push(`郵送できない通知対象 ${n(result.notMailable.length)} 人 (通知書は作成していません):`);
    for (const p of result.notMailable.slice(0, 20)) lines.push(`  ${p.personId} ${p.name ?? ''} (${core.categoryMark(p.category, exposures)}): ${p.reason}`);
    if (result.notMailable.length > 20) lines.push(`  … ほか ${n(result.notMailable.length - 20)} 人`);
  }
  if (result.review.length > 0) {
    lines.push(`外字のため印刷しなかった人 ${n(result.review.length)} 件 (要確認):`);
    for (const r of result.review.slice(0, 20)) lines.push(`  ${r.personId} ${r.field}: 「${r.char}」 ${r.codePoint}`);
  }
  return `${lines.join('\n')}\n`;
}

