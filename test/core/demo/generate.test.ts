// The demo generator: byte-for-byte determinism, files written the way real sources write
// them, and an answer key that a small spec-literal reader of the files agrees with.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoData, generatePaymentsCsv, type GeneratedFiles } from '../../../src-main/core/demo/generate.js';
import { PAYMENT_XLSX_HEADERS } from '../../../src-main/core/demo/payments-xlsx.js';
import { matchKey, normalizePostalCode } from '../../../src-main/core/text/normalize.js';

const FILES = ['paymentsCsv', 'paymentsXlsx', 'donorsCsv', 'confirmedCsv', 'expectedJson'] as const;
let dir: string;
let gen: GeneratedFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inw-demo-'));
  gen = await generateDemoData({ outDir: join(dir, 'a'), seed: 7, persons: 2500 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sha(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** RFC 4180 reader, enough for the generated files (quotes, commas, line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

describe('generateDemoData', () => {
  it('gives byte-identical files for the same seed, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-06T12:34:56Z'));
    try {
      const again = await generateDemoData({ outDir: join(dir, 'b'), seed: 7, persons: 2500 });
      for (const key of FILES) expect(await sha(again[key]), key).toBe(await sha(gen[key]));
    } finally {
      vi.useRealTimers();
    }
    const other = await generateDemoData({ outDir: join(dir, 'c'), seed: 8, persons: 2500 });
    expect(await sha(other.paymentsCsv)).not.toBe(await sha(gen.paymentsCsv));
  });

  it('still draws the same demo from the same seed (the demo, the tests and the bench rely on its numbers)', async () => {
    // Contacts and variant spellings are made again from saved stream positions when written;
    // a slip there, or any change to the order of the draws, moves these digests. Change them
    // only on purpose. (payments.xlsx is left out: its bytes follow exceljs and zlib.)
    expect({
      paymentsCsv: await sha(gen.paymentsCsv),
      donorsCsv: await sha(gen.donorsCsv),
      confirmedCsv: await sha(gen.confirmedCsv),
      expectedJson: await sha(gen.expectedJson),
    }).toEqual({
      paymentsCsv: '4a12b75b125c9226a45ac18fb8cbb749b089849a478b3f60bda51a12022c794f',
      donorsCsv: '91442450728f5fd0d140f30660040a23ae40378db331e763b0c3632578bb1503',
      confirmedCsv: '71230f3951c780fd2ef6814b4252195695f0fb6f954c4f9ec08378db85709f24',
      expectedJson: '63499404f1a523c1c77288ea6bb9dd356bcd3216d038555a5387c34eee0d88c2',
    });
  });

  it('writes payments.csv as CP932 with CRLF, quoting, card numbers and a security-code column', async () => {
    const bytes = await readFile(gen.paymentsCsv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    for (const ch of ['髙', '﨑', '①', '￥']) expect(text).toContain(ch);
    const rows = parseCsv(text);
    expect(rows[0]).toContain('セキュリティコード');
    expect(rows[0]).toContain('カード番号');
    expect(rows[0]!.length).toBe(13);
    expect(rows.every((r) => r.length === 13)).toBe(true);
    expect(rows.length - 1).toBe(gen.facts.paymentsCsvRows);
    expect(text.split('\r\n').length - 1).toBe(rows.length);
    const notes = rows.map((r) => r[12]!);
    expect(notes).toContain('領収書要, 宛名は「髙橋商店」');
    expect(notes).toContain('電話にて受付\n担当: 﨑山');
    expect(notes.some((n) => /4242 4242 4242 4242/.test(n))).toBe(true);
    const cards = rows.slice(1).map((r) => r[7]!);
    expect(cards.filter((c) => /^\d{16}$/.test(c)).length).toBe(4);
    expect(cards.some((c) => /^\*{12}\d{4}$/.test(c))).toBe(true);
    expect(rows.slice(1).filter((r) => /^\d{3}$/.test(r[8]!)).length).toBeGreaterThanOrEqual(4);
    const stamps = new Set(rows.map((r) => r[4]));
    for (const edge of ['2021/10/14 00:00:00', '2022/01/25 23:59:59', '2021/10/13 23:59:59', '2022/01/26 00:00:00']) {
      expect(stamps.has(edge), edge).toBe(true);
    }
    const methods = new Set(rows.slice(1).map((r) => r[5]));
    for (const m of ['クレジットカード', 'コンビニ', '銀行振込', 'ペイジー']) expect(methods.has(m)).toBe(true);
    const statuses = new Set(rows.slice(1).map((r) => r[10]));
    for (const s of ['決済完了', '決済失敗', '取消']) expect(statuses.has(s)).toBe(true);
    expect(rows.some((r) => /^"?￥\d{1,3}(,\d{3})*$/.test(r[9]!))).toBe(true);
  });

  it('writes payments.xlsx with title rows, the header, date cells and クレジット', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(gen.paymentsXlsx);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('決済データ');
    expect(ws.getRow(3).values).toEqual([undefined, ...PAYMENT_XLSX_HEADERS]);
    const csvRows = parseCsv(new TextDecoder('shift_jis').decode(await readFile(gen.paymentsCsv)));
    const csvById = new Map(csvRows.map((r) => [r[0]!, r]));
    let dates = 0;
    let matched = 0;
    for (let n = 4; n <= ws.rowCount; n++) {
      const row = ws.getRow(n);
      const v = row.getCell(4).value;
      if (!(v instanceof Date)) continue;
      dates++;
      const csv = csvById.get(String(row.getCell(1).value));
      if (!csv) continue;
      // The cell's wall clock is the CSV's Japan time.
      expect(v.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')).toBe(csv[4]);
      matched++;
    }
    expect(dates).toBe(ws.rowCount - 3 - 1); // one row has an impossible date as text
    expect(matched).toBeGreaterThan(100);
    const methods = new Set<string>();
    ws.eachRow((r, n) => { if (n > 3) methods.add(String(r.getCell(5).value)); });
    expect(methods.has('クレジット')).toBe(true);
    expect(methods.has('クレジットカード')).toBe(false);
  });

  it('writes donors.csv as UTF-8 with BOM, with rare kanji, half-width kana and variant spellings', async () => {
    const bytes = await readFile(gen.donorsCsv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    for (const ch of ['髙', '﨑', '𠮷', '邊']) expect(text, ch).toContain(ch);
    expect(text).toMatch(/[ｱ-ﾝ]/);
    expect(text).toMatch(/[０-９]/);
    expect(text).toMatch(/\d[‐−－ー―]\d|[０-９][‐−－ー―][０-９]/);
    expect(text).toContain('\u3000');
  });

  it('has an answer key whose figures add up', () => {
    const e = gen.expected;
    const c = e.persons.byCategory;
    expect(c['token-db'] + c['payment-db'] + c['token-db+payment-db'] + c.none).toBe(e.persons.total);
    expect(e.persons.notify).toBe(e.persons.total - c.none);
    expect(e.persons.total).toBe(2500);
    expect(c['token-db']).toBe(Math.round((2500 * 5283) / 12000));
    expect(c['payment-db']).toBe(1);
    expect(e.payments.exposed['payment-db']).toBe(2);
    expect(e.undeliverable).toBeGreaterThan(0);
    expect(e.undeliverable).toBeLessThan(e.persons.notify);
    expect(e.imports).toEqual({ rejectedRows: 3, duplicateRows: expect.any(Number), conflicts: 3 });
    expect(e.warnings).toEqual([{ code: 'confirmed-outside-window', count: 1 }, { code: 'confirmed-unknown-id', count: 1 }]);
    // Rows in the two payment files = stored payments + rows not stored.
    expect(gen.facts.paymentsCsvRows + gen.facts.paymentsXlsxRows)
      .toBe(e.payments.total + e.imports.rejectedRows + e.imports.duplicateRows + e.imports.conflicts);
  });

  it('agrees with a spec-literal reading of the files it wrote', async () => {
    expect(await readBack(gen)).toEqual(gen.expected);
  });

  it('pads payments.csv to a row count without changing any category', async () => {
    const padded = await generateDemoData({ outDir: join(dir, 'd'), seed: 7, persons: 2500, paymentsCsvRows: 30_000 });
    expect(padded.facts.paymentsCsvRows).toBe(30_000);
    expect(padded.expected.persons).toEqual(gen.expected.persons);
    expect(padded.expected.payments.total).toBeGreaterThan(gen.expected.payments.total);
    expect(await readBack(padded)).toEqual(padded.expected);
  });
});

describe('generatePaymentsCsv', () => {
  it('streams a processor-wide export of the asked size', async () => {
    const file = join(dir, 'bench.csv');
    const r = await generatePaymentsCsv({ file, rows: 20_000, seed: 3 });
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(await readFile(file));
    const rows = parseCsv(text);
    expect(rows.length - 1).toBe(20_000);
    expect(r.bytes).toBe((await readFile(file)).length);
    const inCardColumn = rows.slice(1).filter((row) => /^\d{13,19}$/.test(row[7]!)).length;
    const inNotes = rows.slice(1).filter((row) => /\d{4} \d{4} \d{4} \d{4}/.test(row[12]!)).length;
    expect(inCardColumn).toBeGreaterThan(0);
    expect(inNotes).toBeGreaterThan(0);
    expect(inCardColumn + inNotes).toBe(r.fullCardNumbers);
    expect(rows.slice(1).filter((row) => /^\d{3}$/.test(row[8]!)).length).toBe(inCardColumn);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(20_000);
  });
});

/**
 * Imports the four files in order and classifies them following the spec's words, with the
 * project's own text normaliser: an independent check that the files say what the model says.
 */
async function readBack(g: GeneratedFiles): Promise<unknown> {
  type Pay = { order: string; member: string; ms: number; card: boolean; amount: number; status: string };
  const stored = new Map<string, Pay>();
  let rejected = 0;
  let duplicates = 0;
  let conflicts = 0;
  const wall = (y: number, mo: number, d: number, h: number, mi: number, s: number): number | null => {
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const t = new Date(ms);
    return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? ms - 9 * 3600_000 : null;
  };
  const parseStamp = (s: string): number | null => {
    const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    return m ? wall(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) : null;
  };
  const add = (id: string, p: Pay | null) => {
    if (!id || !p) { rejected++; return; }
    const prev = stored.get(id);
    if (!prev) { stored.set(id, p); return; }
    const same = prev.order === p.order && prev.member === p.member && prev.ms === p.ms && prev.card === p.card
      && prev.amount === p.amount && prev.status === p.status;
    if (same) duplicates++; else conflicts++;
  };
  const csv = parseCsv(new TextDecoder('shift_jis').decode(await readFile(g.paymentsCsv)));
  for (const r of csv.slice(1)) {
    const ms = parseStamp(r[4]!);
    add(r[0]!, ms === null ? null : {
      order: r[2]!, member: r[3]!, ms, card: r[5] === 'クレジットカード',
      amount: Number(r[9]!.normalize('NFKC').replace(/[¥,]/g, '')), status: r[10]!,
    });
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(g.paymentsXlsx);
  const ws = wb.worksheets[0]!;
  for (let n = 4; n <= ws.rowCount; n++) {
    const c = (k: number) => ws.getRow(n).getCell(k).value;
    const d = c(4);
    const ms = d instanceof Date ? Math.round(d.getTime() / 1000) * 1000 - 9 * 3600_000 : parseStamp(String(d));
    add(String(c(1) ?? ''), ms === null ? null : {
      order: String(c(2)), member: String(c(3) ?? ''), ms, card: c(5) === 'クレジット', amount: Number(c(6)), status: String(c(7)),
    });
  }
  // Donors: member ID, else normalised name + postal + address (spec §4).
  const donors = parseCsv((await readFile(g.donorsCsv, 'utf8')).replace(/^\ufeff/, ''));
  const personOfOrder = new Map<string, string>();
  const personOfMember = new Map<string, string>();
  const mailable = new Map<string, boolean>();
  for (const r of donors.slice(1)) {
    const [order, , member, name, , postal, pref, city, l1, l2] = r as [string, string, string, string, string, string, string, string, string, string];
    const key = member ? `M:${member}` : `G:${matchKey(name)}|${normalizePostalCode(postal)}|${matchKey(pref + city + l1 + l2)}`;
    personOfOrder.set(order, key);
    if (member) personOfMember.set(member, key);
    mailable.set(key, normalizePostalCode(postal) !== null && matchKey(pref + city + l1) !== '');
  }
  const confirmed = parseCsv(await readFile(g.confirmedCsv, 'utf8')).slice(1).map((r) => r[0]!);
  const confirmedSet = new Set(confirmed);
  const inToken = (p: Pay) => p.card && p.ms >= Date.UTC(2021, 9, 13, 15) && p.ms < Date.UTC(2022, 0, 25, 15);
  const inPdbWindow = (p: Pay) => p.ms >= Date.UTC(2021, 4, 5, 15) && p.ms < Date.UTC(2022, 0, 25, 15);
  const cats = new Map<string, Set<string>>();
  for (const key of mailable.keys()) cats.set(key, new Set());
  let card = 0, tok = 0, pdb = 0, un = 0, unTok = 0, unPdb = 0;
  for (const [id, p] of stored) {
    const person = personOfOrder.get(p.order) ?? (p.member ? personOfMember.get(p.member) : undefined);
    const t = inToken(p);
    const d = confirmedSet.has(id);
    if (p.card) card++;
    if (t) tok++;
    if (d) pdb++;
    if (!person) { un++; if (t) unTok++; if (d) unPdb++; continue; }
    if (t) cats.get(person)!.add('token-db');
    if (d) cats.get(person)!.add('payment-db');
  }
  const byCategory = { 'token-db': 0, 'payment-db': 0, 'token-db+payment-db': 0, none: 0 };
  let undeliverable = 0;
  for (const [key, set] of cats) {
    const cat = (['token-db', 'payment-db'].filter((c) => set.has(c)).join('+') || 'none') as keyof typeof byCategory;
    byCategory[cat]++;
    if (cat !== 'none' && !mailable.get(key)) undeliverable++;
  }
  return {
    incident: 'metaps-2022',
    payments: { total: stored.size, card, exposed: { 'token-db': tok, 'payment-db': pdb } },
    persons: { total: cats.size, notify: cats.size - byCategory.none, byCategory },
    unmatchedPayments: { total: un, exposed: { 'token-db': unTok, 'payment-db': unPdb } },
    undeliverable,
    imports: { rejectedRows: rejected, duplicateRows: duplicates, conflicts },
    warnings: [
      { code: 'confirmed-outside-window', count: confirmed.filter((id) => stored.has(id) && !inPdbWindow(stored.get(id)!)).length },
      { code: 'confirmed-unknown-id', count: confirmed.filter((id) => !stored.has(id)).length },
    ],
  };
}
