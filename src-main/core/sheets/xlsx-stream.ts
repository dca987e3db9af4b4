// Backpressure for exceljs's streaming WorkbookWriter, which has none of its own.
//
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
