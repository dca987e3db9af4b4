// The postal-code data in use: the newest edition staff loaded into the database (Japan Post's
// KEN_ALL.CSV in CP932 or its UTF-8 edition, optionally with JIGYOSYO.CSV for 事業所 codes),
// else the edition bundled with the app. Loading replaces nothing: each load is a new row, and
// the audit log records it. The parsed index is cached per database and edition.
import { gunzipSync, gzipSync } from 'node:zlib';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { InwError } from '../errors.js';
import { openSource } from '../import/source.js';
import { appendAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { inTransaction, parseJstDate, todayJst, type TrackingContext } from '../store/context.js';
import { nfkc } from '../text/normalize.js';
import { bundledPostalIndex, PostalIndex, type PostalDataset } from './postal-data.js';

export interface PostalDataInfo {
  source: string;
  date: string;
  codes: number;
  /** true when staff loaded it, false for the bundled edition. */
  loaded: boolean;
  loadedAt: string | null;
  actor: string | null;
}

const cache = new WeakMap<object, { id: number; index: PostalIndex }>();

function newestRow(db: Db): { id: number; source: string; dataDate: string; codeCount: number; loadedAt: string; actor: string } | undefined {
  // A database opened read-only before migration 0004 has no table yet: it uses the bundled data.
  if (!db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'postal_data'").get()) return undefined;
  return db.$client.prepare(
    'SELECT id, source, data_date AS dataDate, code_count AS codeCount, loaded_at AS loadedAt, actor FROM postal_data ORDER BY id DESC LIMIT 1',
  ).get() as never;
}

/** The postal data the database uses (the loaded edition, else the bundled one). */
export function postalIndexFor(db: Db): PostalIndex {
  const row = newestRow(db);
  if (!row) return bundledPostalIndex();
  const cached = cache.get(db.$client);
  if (cached?.id === row.id) return cached.index;
  const blob = (db.$client.prepare('SELECT dataset FROM postal_data WHERE id = ?').get(row.id) as { dataset: Buffer }).dataset;
  const index = new PostalIndex(JSON.parse(gunzipSync(blob).toString('utf8')) as PostalDataset);
  cache.set(db.$client, { id: row.id, index });
  return index;
}

export function postalDataInfo(db: Db): PostalDataInfo {
  const row = newestRow(db);
  if (row) return { source: row.source, date: row.dataDate, codes: row.codeCount, loaded: true, loadedAt: row.loadedAt, actor: row.actor };
  const index = bundledPostalIndex();
  return { source: index.source, date: index.date, codes: index.codeCount, loaded: false, loadedAt: null, actor: null };
}

// ── Japan Post's files ────────────────────────────────────────────────────────────────────────

const KEN_ALL_COLUMNS = 15;
const JIGYOSYO_COLUMNS = 13;

/**
 * KEN_ALL's 町域 as a town name: notes in （…） dropped, 「以下に掲載がない場合」 a representative
 * code, 「…の次に番地がくる場合」 and 「…一円」 (the whole municipality) no town.
 */
function townOf(raw: string): { town: string; representative: boolean } {
  const town = raw.replace(/[（(].*$/, '').trim();
  if (town === '以下に掲載がない場合') return { town: '', representative: true };
  if (/の次に番地がくる場合$/.test(town) || (town.length > 2 && town.endsWith('一円'))) return { town: '', representative: false };
  return { town, representative: false };
}

export interface LoadPostalOptions {
  /** KEN_ALL.CSV (or utf_ken_all.csv) and optionally JIGYOSYO.CSV. */
  files: string[];
  /** Date of the data (YYYY-MM-DD); the newest file's modification date (Japan time) when omitted. */
  date?: string;
}

/** Reads Japan Post's files into a dataset; a malformed line is an error naming file and line. */
export async function readPostalFiles(options: LoadPostalOptions): Promise<PostalDataset> {
  const prefs: string[] = [];
  const cities: Array<[number, string]> = [];
  const cityIndex = new Map<string, number>();
  const rows: Array<{ code: string; city: number; town: string; representative: boolean; office?: string }> = [];
  const seen = new Set<string>();
  const names: string[] = [];
  let sawKenAll = false;
  const cityOf = (pref: string, city: string): number => {
    let p = prefs.indexOf(pref);
    if (p < 0) p = prefs.push(pref) - 1;
    const key = `${p}\t${city}`;
    let c = cityIndex.get(key);
    if (c === undefined) {
      c = cities.push([p, city]) - 1;
      cityIndex.set(key, c);
    }
    return c;
  };
  for (const file of options.files) {
    const fileName = basename(file);
    const source = await openSource({ file });
    if (source.format !== 'csv') throw new InwError('postal-file-format', `${fileName}: 日本郵便の郵便番号データ (CSV) ではありません。ZIP は展開してから指定してください。`, { file: fileName });
    // KEN_ALL splits a long 町域 over several lines: a note opened on one line, closed on a later one.
    let open: { code: string; city: number; text: string } | null = null;
    let kind: 'ken-all' | 'jigyosyo' | null = null;
    for await (const batch of source.batches) {
      for (const row of batch.rows) {
        const cells = row.cells.map((c) => nfkcCell(c));
        if (cells.every((c) => c === '')) continue;
        kind ??= cells.length === KEN_ALL_COLUMNS ? 'ken-all' : cells.length === JIGYOSYO_COLUMNS ? 'jigyosyo' : null;
        const expected = kind === 'ken-all' ? KEN_ALL_COLUMNS : JIGYOSYO_COLUMNS;
        const code = kind === 'ken-all' ? cells[2]! : cells[7]!;
        if (kind === null || cells.length !== expected || !/^[0-9]{7}$/.test(code)) {
          throw new InwError(
            'postal-file-format',
            `${fileName} ${row.line}行目: 日本郵便の KEN_ALL.CSV (${KEN_ALL_COLUMNS}列) または JIGYOSYO.CSV (${JIGYOSYO_COLUMNS}列) の形ではありません` +
              ` (${cells.length}列、郵便番号の列「${code ?? ''}」)。`,
            { file: fileName, line: row.line },
          );
        }
        if (kind === 'jigyosyo') {
          const key = `${code}\t${cells[2]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          rows.push({ code, city: cityOf(cells[3]!, cells[4]!), town: cells[5]!, representative: false, office: cells[2]! });
          continue;
        }
        sawKenAll = true;
        const city = cityOf(cells[6]!, cells[7]!);
        let text = cells[8]!;
        if (open) {
          if (open.code === code && open.city === city) {
            text = open.text + text;
            open = null;
          } else open = null;
        }
        // Cells are NFKC'd, so the full-width brackets arrive as ( and ).
        if (text.includes('(') && !text.includes(')')) {
          open = { code, city, text };
          continue;
        }
        const { town, representative } = townOf(text);
        const key = `${code}\t${city}\t${town}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({ code, city, town, representative });
      }
    }
    if (kind === null) throw new InwError('postal-file-empty', `${fileName}: データがありません。`, { file: fileName });
    names.push(kind === 'ken-all' ? `${fileName} (住所)` : `${fileName} (事業所)`);
  }
  if (!sawKenAll) throw new InwError('postal-ken-all-missing', '住所の郵便番号データ (KEN_ALL.CSV) を指定してください (JIGYOSYO.CSV だけでは読み込めません)。');
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const date = options.date ? parseJstDate(options.date, 'データの日付') : newestFileDate(options.files);
  const dataset: PostalDataset = {
    source: names.join(' + '), date, prefs, cities, codes: [], cityOf: [], towns: [], representative: [], offices: {},
  };
  rows.forEach((row, i) => {
    dataset.codes.push(row.code);
    dataset.cityOf.push(row.city);
    dataset.towns.push(row.town);
    if (row.representative) dataset.representative.push(i);
    if (row.office !== undefined) dataset.offices[i] = row.office;
  });
  return dataset;
}

function nfkcCell(cell: unknown): string {
  // Full-width digits and ASCII in KEN_ALL's code columns; town names keep their kanji.
  return cell == null ? '' : nfkc(String(cell)).trim();
}

function newestFileDate(files: string[]): string {
  const newest = Math.max(...files.map((f) => statSync(f).mtimeMs));
  return todayJst(new Date(newest));
}

/** Loads Japan Post's files into the database; from then on they replace the bundled edition. */
export async function loadPostalData(ctx: TrackingContext, options: LoadPostalOptions): Promise<PostalDataInfo> {
  const dataset = await readPostalFiles(options);
  const codes = new Set(dataset.codes).size;
  const now = ctx.now();
  const blob = gzipSync(Buffer.from(JSON.stringify(dataset), 'utf8'));
  inTransaction(ctx.db, () => {
    const info = ctx.db.$client.prepare(
      'INSERT INTO postal_data (source, data_date, code_count, dataset, loaded_at, actor) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(dataset.source, dataset.date, codes, blob, now.toISOString(), ctx.actor);
    appendAudit(ctx.db, {
      at: now, actor: ctx.actor, action: 'postal-data-load',
      detail: { postalDataId: Number(info.lastInsertRowid), source: dataset.source, date: dataset.date, codes },
    });
  });
  return postalDataInfo(ctx.db);
}
