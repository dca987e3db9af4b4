// The processor's XLSX export: title rows above the header, fewer columns with other header
// synonyms, real Excel date cells holding Japan wall-clock time, amounts as numbers and
// `クレジット` for card. Written with fixed workbook dates and zip entry times so the same
// seed gives the same bytes.
import { exceljs } from '../heavy-modules.js';
import { excelWallClock } from './calendar.js';
import { METHOD_LABEL, type Model, type Payment } from './model.js';

export const PAYMENT_XLSX_HEADERS = ['取引ID', '注文番号', '会員番号', '決済日時', '支払方法', '決済金額', '状態'] as const;

const FIXED_DATE = new Date(Date.UTC(2022, 1, 10, 1, 0, 0));

interface XlsxRow { ms: number; seq: number; cells: Array<string | number | Date | null> }

function rowOf(p: Payment, amount: number, date: Date | string): XlsxRow {
  return {
    ms: p.ms,
    seq: p.seq,
    cells: [
      p.txnId || null, p.order.id, p.memberId || null, date,
      p.method === 'card' ? 'クレジット' : METHOD_LABEL[p.method], amount, p.status,
    ],
  };
}

/** Builds the XLSX rows in date order; the count of data rows is returned with the buffer. */
export async function buildPaymentsXlsx(model: Model): Promise<{ buffer: Buffer; rows: number }> {
  const rows: XlsxRow[] = [];
  for (const p of model.payments) if (p.place !== 'csv') rows.push(rowOf(p, p.amount, excelWallClock(p.ms)));
  for (const c of model.conflicts) rows.push(rowOf(c.payment, c.amount, excelWallClock(c.payment.ms)));
  for (const r of model.rejected) {
    if (r.file !== 'xlsx') continue;
    rows.push(rowOf(r.payment, r.payment.amount, r.reason === 'bad-date' ? r.dateText : excelWallClock(r.payment.ms)));
  }
  rows.sort((a, b) => a.ms - b.ms || a.seq - b.seq);

  const wb = new (exceljs().Workbook)();
  wb.creator = '決済代行システム';
  wb.lastModifiedBy = '決済代行システム';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('決済明細');
  ws.addRow(['決済データ明細（抜粋）']).font = { bold: true, size: 14 };
  ws.addRow(['対象期間：2021年1月1日〜2022年6月30日', null, null, '出力日：2022年2月10日']);
  const header = ws.addRow([...PAYMENT_XLSX_HEADERS]);
  header.font = { bold: true };
  for (const r of rows) ws.addRow(r.cells);
  ws.getColumn(4).numFmt = 'yyyy/mm/dd hh:mm:ss';
  ws.getColumn(6).numFmt = '#,##0';
  const widths = [14, 14, 12, 20, 12, 12, 10];
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  // A second sheet that importers must not read unless asked (spec §2: the first sheet).
  const totals = wb.addWorksheet('集計');
  totals.addRow(['支払方法', '件数']);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.cells[4]), (counts.get(String(r.cells[4])) ?? 0) + 1);
  for (const [k, v] of [...counts].sort()) totals.addRow([k, v]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer: fixZipTimestamps(buffer), rows: rows.length };
}

/**
 * JSZip stamps every entry with the current time; set them all to one fixed DOS date/time
 * (2022-02-10 10:00) in both the local headers and the central directory.
 */
export function fixZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  const time = (10 << 11) | (0 << 5) | 0;
  const date = ((2022 - 1980) << 9) | (2 << 5) | 10;
  for (let e = 0; e < entries; e++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('bad zip local header');
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
