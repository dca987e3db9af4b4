// What exceljs's streaming WorkbookWriter leaves out: backpressure, and the workbook.xml names
// that other spreadsheet programs need to keep our auto-filters (filterDatabaseNames below).
//
// Backpressure:
// Why: each worksheet writes its XML into a StreamBuf whose write() always returns true.
// Until archiver reaches that sheet's zip entry the StreamBuf keeps everything; once piped,
// it pushes 64 KB chunks into the deflate stream without waiting. A synchronous row loop
// therefore queues the whole sheet in memory before zlib (which runs off the main thread)
// gets to it — the growth reported upstream as exceljs #1894, #2916 and #734. We look at the
// StreamBuf and its pipe between rows and wait while either holds more than a few chunks.
// The pipe is archiver's PassThrough from readable-stream 2.x (archiver wraps the StreamBuf,
// which has no _readableState), which lacks writableNeedDrain/writableLength, so its
// _writableState is read as well. These are exceljs 4.4 / archiver 5 internals; if they
// change, we fall back to yielding to the event loop, which bounds memory less tightly but
// keeps the writer correct (the memory test would show it).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';

type PipeLike = Writable & {
  _writableState?: { needDrain?: boolean; length?: number };
  _readableState?: { length?: number };
};

interface StreamBufInternals {
  pipes?: PipeLike[];
  buffers?: Array<{ length?: number }>;
}

/** Queued bytes allowed in a sheet's StreamBuf before archiver has reached its entry. */
const MAX_UNPIPED_BYTES = 8 * 1024 * 1024;
/** Queued bytes allowed in the deflate stream when its drain flag is not usable. */
const MAX_PIPE_BYTES = 4 * 1024 * 1024;

function bufferedBytes(sb: StreamBufInternals): number {
  let n = 0;
  for (const b of sb.buffers ?? []) n += typeof b.length === 'number' ? b.length : 0;
  return n;
}

/**
 * Waits until the worksheet's queued output is small. `failure` rejects when the zip or the
 * file stream fails, so a broken pipeline cannot leave us waiting for a drain forever.
 */
export async function relieveBackpressure(worksheet: unknown, failure: Promise<never>): Promise<void> {
  const sb = (worksheet as { _stream?: StreamBufInternals })._stream;
  if (!sb || !Array.isArray(sb.pipes)) {
    await Promise.race([nextTurn(), failure]);
    return;
  }
  for (;;) {
    const pipe = sb.pipes[0];
    if (pipe) {
      const ws = pipe._writableState;
      const needDrain = pipe.writableNeedDrain ?? ws?.needDrain ?? false;
      if (needDrain) {
        await Promise.race([once(pipe, 'drain'), failure]);
        continue;
      }
      const queued = (pipe.writableLength ?? ws?.length ?? 0) + (pipe._readableState?.length ?? 0);
      if (queued > MAX_PIPE_BYTES) {
        await Promise.race([nextTurn(), failure]);
        continue;
      }
      return;
    }
    // Not piped yet: archiver is still finishing an earlier entry.
    if (bufferedBytes(sb) < MAX_UNPIPED_BYTES) return;
    await Promise.race([nextTurn(), failure]);
  }
}

interface WriterInternals {
  zip: { append: (source: unknown, data: { name: string }) => unknown };
  _worksheets?: Array<{ name: string; autoFilter?: unknown } | undefined>;
}

/** Excel's reference to a range of a sheet: 'Sheet'!$A$1:$O$121, escaped for XML text. */
function absoluteRange(sheet: string, range: string): string {
  const absolute = range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  const ref = `'${sheet.replace(/'/g, "''")}'!${absolute}`;
  return ref.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Excel writes a hidden `_xlnm._FilterDatabase` name (local to the sheet) beside every
 * auto-filter; exceljs does not, and LibreOffice drops a filter without one when it saves
 * the file. This adds the names to workbook.xml as the writer puts it into the zip, from the
 * sheets' autoFilter ranges at that moment (call it before commit()). localSheetId is the
 * sheet's position among the workbook's sheets, as exceljs numbers its own print titles.
 */
export function writeFilterDatabaseNames(workbook: unknown): void {
  const writer = workbook as WriterInternals;
  const append = writer.zip.append.bind(writer.zip);
  writer.zip.append = (source, data) => {
    if (data.name !== '/xl/workbook.xml' || typeof source !== 'string') return append(source, data);
    const names = (writer._worksheets ?? [])
      .filter((ws): ws is NonNullable<typeof ws> => ws !== undefined)
      .map((ws, index) =>
        typeof ws.autoFilter === 'string'
          ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">${absoluteRange(ws.name, ws.autoFilter)}</definedName>`
          : '',
      )
      .join('');
    if (names === '') return append(source, data);
    // definedNames comes right after sheets in the schema's order.
    const xml = source.includes('<definedNames>')
      ? source.replace('<definedNames>', `<definedNames>${names}`)
      : source.replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`);
    return append(xml, data);
  };
}
