// The processor's XLSX export: title rows above the header, fewer columns with other header
// synonyms, real Excel date cells holding Japan wall-clock time, amounts as numbers and
// `クレジット` for card. Streamed with exceljs's WorkbookWriter (rows committed as they are
// made, waiting on the zip), with fixed workbook dates and zip entry times so the same seed
// gives the same bytes whatever the clock says.
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { exceljs } from '../heavy-modules.js';
import { relieveBackpressure } from '../sheets/xlsx-stream.js';
import { excelWallClock } from './calendar.js';
import { METHOD_LABEL, type Model, type PaymentView } from './model.js';

export const PAYMENT_XLSX_HEADERS = ['取引ID', '注文番号', '会員番号', '決済日時', '支払方法', '決済金額', '状態'] as const;

const FIXED_DATE = new Date(Date.UTC(2022, 1, 10, 1, 0, 0));
const WIDTHS = [14, 14, 12, 20, 12, 12, 10];
const NUMBER_FORMATS: Record<number, string> = { 4: 'yyyy/mm/dd hh:mm:ss', 6: '#,##0' };
/** Rows between waits on the zip and progress reports. */
const CHUNK = 1000;

type Cells = Array<string | number | Date | null>;

function cellsOf(p: PaymentView, amount: number, date: Date | string): Cells {
  return [
    p.txnId || null, p.orderId, p.memberId || null, date,
    p.method === 'card' ? 'クレジット' : METHOD_LABEL[p.method], amount, p.status,
  ];
}

/**
 * The data rows in date order (then creation order): the payments placed in the XLSX, merged
 * with the conflicting repeats and the rejected row, which are few and sorted beforehand.
 */
function* xlsxRows(model: Model): Generator<Cells> {
  const { ledger } = model;
  const few: Array<{ ms: number; seq: number; cells: Cells }> = [];
  for (const c of model.conflicts) {
    const p = ledger.view(c.payment);
    few.push({ ms: p.ms, seq: c.payment, cells: cellsOf(p, c.amount, excelWallClock(p.ms)) });
  }
  for (const r of model.rejected) {
    if (r.file !== 'xlsx') continue;
    const p = r.payment;
    few.push({ ms: p.ms, seq: -1, cells: cellsOf(p, p.amount, r.reason === 'bad-date' ? r.dateText : excelWallClock(p.ms)) });
  }
  few.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  let next = 0;
  for (let k = 0; k < ledger.payments.length; k++) {
    if (ledger.placeOf(k) === 'csv') continue;
    const ms = ledger.msOf(k);
    // A payment's index orders it as its creation number did among payments of the same second.
    while (next < few.length && (few[next]!.ms < ms || (few[next]!.ms === ms && few[next]!.seq < k))) yield few[next++]!.cells;
    const p = ledger.view(k);
    yield cellsOf(p, p.amount, excelWallClock(p.ms));
  }
  while (next < few.length) yield few[next++]!.cells;
}

/** Rows the XLSX will hold, for progress totals before it is written. */
export function paymentsXlsxRows(model: Model): number {
  let rows = model.conflicts.length + model.rejected.filter((r) => r.file === 'xlsx').length;
  for (let k = 0; k < model.ledger.payments.length; k++) if (model.ledger.placeOf(k) !== 'csv') rows++;
  return rows;
}

/** Writes payments.xlsx; `progress` gets the data rows written since its last call. */
export async function writePaymentsXlsx(model: Model, file: string, progress: (rows: number) => void): Promise<number> {
  const out = createWriteStream(file);
  const wb = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  const zip = (wb as unknown as { zip: NodeJS.EventEmitter }).zip;
  const failure = new Promise<never>((_, reject) => {
    out.once('error', reject);
    zip.once('error', reject);
  });
  failure.catch(() => undefined);
  wb.creator = '決済代行システム';
  wb.lastModifiedBy = '決済代行システム';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;

  const ws = wb.addWorksheet('決済明細');
  // Column formats before the first row: each new cell takes its column's, as the header's did.
  ws.columns = WIDTHS.map((width, i) => {
    const numFmt = NUMBER_FORMATS[i + 1];
    return numFmt ? { width, style: { numFmt } } : { width };
  });
  const title = ws.addRow(['決済データ明細（抜粋）']);
  title.font = { bold: true, size: 14 };
  title.commit();
  ws.addRow(['対象期間：2021年1月1日〜2022年6月30日', null, null, '出力日：2022年2月10日']).commit();
  const header = ws.addRow([...PAYMENT_XLSX_HEADERS]);
  header.font = { bold: true };
  header.commit();
  const counts = new Map<string, number>();
  let rows = 0;
  for (const cells of xlsxRows(model)) {
    ws.addRow(cells).commit();
    counts.set(String(cells[4]), (counts.get(String(cells[4])) ?? 0) + 1);
    if (++rows % CHUNK === 0) {
      progress(CHUNK);
      await relieveBackpressure(ws, failure);
    }
  }
  ws.commit();
  progress(rows % CHUNK);

  // A second sheet that importers must not read unless asked (spec §2: the first sheet).
  const totals = wb.addWorksheet('集計');
  totals.addRow(['支払方法', '件数']).commit();
  for (const [k, v] of [...counts].sort()) totals.addRow([k, v]).commit();
  totals.commit();
  await Promise.race([wb.commit(), failure]);
  await fixZipTimestamps(file);
  return rows;
}

/**
 * archiver stamps every entry with the current time (the first ones as the writer is made,
 * before any option could reach them); set them all to one fixed DOS date/time (2022-02-10
 * 10:00) in both the local headers and the central directory, in place on disk.
 */
export async function fixZipTimestamps(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    const read = async (at: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, at);
      return buf;
    };
    const size = (await fh.stat()).size;
    const tailAt = Math.max(0, size - 22 - 0xffff);
    const tail = await read(tailAt, size - tailAt);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw new Error('not a zip file');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirAt = tail.readUInt32LE(eocd + 16);
    const dir = await read(dirAt, tail.readUInt32LE(eocd + 12));
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE((10 << 11) | (0 << 5) | 0, 0);
    stamp.writeUInt16LE(((2022 - 1980) << 9) | (2 << 5) | 10, 2);
    let p = 0;
    for (let e = 0; e < entries; e++) {
      if (dir.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
      stamp.copy(dir, p + 12);
      const local = dir.readUInt32LE(p + 42);
      if ((await read(local, 4)).readUInt32LE(0) !== 0x04034b50) throw new Error('bad zip local header');
      await fh.write(stamp, 0, 4, local + 10);
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    await fh.write(dir, 0, dir.length, dirAt);
  } finally {
    await fh.close();
  }
}
