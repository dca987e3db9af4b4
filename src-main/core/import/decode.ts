// Encoding detection and streamed decoding with line numbers. Invalid bytes are an error that
// names the line, never silent mojibake (spec §2).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { InwError } from '../errors.js';
import { ENCODING_CHOICES_TEXT, ENCODING_LABELS, type Encoding, type EncodingChoice } from '../vocabulary/encodings.js';

const DECODER_NAMES: Record<Encoding, string> = {
  utf8: 'utf-8',
  cp932: 'shift_jis',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

const CHUNK_BYTES = 1 << 18;

export interface FileFacts {
  size: number;
  sha256: string;
  /** Detected from BOM or content; `bom` bytes are skipped when decoding. */
  encoding: Encoding;
  bomLength: number;
  isZip: boolean;
}

/** Running tally of well-formed and malformed multi-byte UTF-8 sequences. */
interface Utf8Tally {
  valid: number;
  invalid: number;
}

function tallyUtf8(bytes: Uint8Array, end: number, tally: Utf8Tally): void {
  let i = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else { tally.invalid++; i++; continue; }
    if (i + need >= end) break; // cut by the chunk's end: the next chunk starts fresh
    let ok = true;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) { ok = false; break; }
    if (ok) { tally.valid++; i += need + 1; } else { tally.invalid++; i++; }
  }
}

/** Enough evidence to stop looking. */
function decided(t: Utf8Tally): boolean {
  return (t.invalid >= 16 && t.invalid > t.valid) || (t.valid >= 4096 && t.invalid === 0);
}

/**
 * UTF-8 unless the bytes are mostly not UTF-8. A UTF-8 file with one broken character stays
 * UTF-8, so decoding names the broken line instead of reading the whole file as CP932.
 */
function looksUtf8(t: Utf8Tally): boolean {
  return t.invalid === 0 || t.valid > t.invalid * 4;
}

/**
 * One pass over the file: SHA-256 (to refuse a file imported before) and the encoding, judged
 * on the first non-ASCII bytes (a valid UTF-8 sample → UTF-8, otherwise CP932).
 */
/** A file that cannot be read, as a clear error instead of a Node stack trace. */
export async function openForReading(path: string) {
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    }
    return handle;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'ファイルがありません' : code === 'EACCES' || code === 'EPERM' ? '読み取りの権限がありません'
        : code === 'EISDIR' ? 'フォルダーです (ファイルを指定してください)' : `開けません (${code ?? (error as Error).message})`;
    throw new InwError('file-unreadable', `${path}: ${reason}。`, { file: basename(path) });
  }
}

export async function inspectFile(path: string, choice: EncodingChoice = 'auto'): Promise<FileFacts> {
  const handle = await openForReading(path);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let size = 0;
    let head: Buffer | null = null;
    const tally: Utf8Tally = { valid: 0, invalid: 0 };
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      if (head === null) head = Buffer.from(buffer.subarray(0, Math.min(bytesRead, 4)));
      if (!decided(tally)) tallyUtf8(buffer, bytesRead, tally);
      size += bytesRead;
    }
    head ??= Buffer.alloc(0);
    const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
    let encoding: Encoding;
    let bomLength = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) { encoding = 'utf8'; bomLength = 3; }
    else if (head[0] === 0xff && head[1] === 0xfe) { encoding = 'utf16le'; bomLength = 2; }
    else if (head[0] === 0xfe && head[1] === 0xff) { encoding = 'utf16be'; bomLength = 2; }
    else encoding = looksUtf8(tally) ? 'utf8' : 'cp932';
    if (choice !== 'auto') {
      // An explicit choice wins; the BOM is still skipped when it belongs to that encoding.
      if (choice !== encoding) bomLength = 0;
      encoding = choice;
    }
    return { size, sha256: hash.digest('hex'), encoding, bomLength, isZip };
  } finally {
    await handle.close();
  }
}

export interface DecodedPiece {
  text: string;
  /** 1-based physical line number of the piece's first character. */
  firstLine: number;
  /** File bytes consumed so far, for progress. */
  bytesRead: number;
}

function countLineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a, from); i !== -1 && i < to; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

function invalidBytes(file: string, encoding: Encoding, line: number): InwError {
  return new InwError(
    'invalid-encoding',
    `${basename(file)} ${line}行目: ${ENCODING_LABELS[encoding]} として読めないバイト列があります。` +
      `文字コードが違う場合は --encoding で指定してください (${ENCODING_CHOICES_TEXT})。`,
    { file: basename(file), line },
  );
}

/**
 * Streams the file as text pieces that end at line boundaries. For UTF-8 and CP932 a line
 * feed byte never occurs inside a multi-byte character, so each piece decodes on its own and
 * an invalid sequence is traced to its line.
 */
export async function* decodeFile(
  path: string,
  facts: Pick<FileFacts, 'encoding' | 'bomLength'>,
  signal?: AbortSignal,
): AsyncGenerator<DecodedPiece> {
  const { encoding } = facts;
  const decoder = new TextDecoder(DECODER_NAMES[encoding], { fatal: true, ignoreBOM: true });
  const handle = await open(path, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    let position = facts.bomLength;
    let line = 1;
    const wide = encoding === 'utf16le' || encoding === 'utf16be';
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      position += bytesRead;
      const done = bytesRead === 0;
      const bytes: Buffer = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      if (wide) {
        const even = done ? bytes.length : bytes.length - (bytes.length % 2);
        let text: string;
        try {
          text = decoder.decode(bytes.subarray(0, even), { stream: !done });
        } catch {
          // Decode again with replacement characters to find the line of the first bad unit.
          const lenient = new TextDecoder(DECODER_NAMES[encoding], { ignoreBOM: true }).decode(bytes.subarray(0, even));
          const bad = lenient.indexOf('\ufffd');
          let offset = 0;
          for (let i = lenient.indexOf('\n'); i !== -1 && i < bad; i = lenient.indexOf('\n', i + 1)) offset++;
          throw invalidBytes(path, encoding, line + offset);
        }
        carry = Buffer.from(bytes.subarray(even));
        if (text.length > 0) {
          yield { text, firstLine: line, bytesRead: position };
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
        }
        if (done) return;
        continue;
      }
      const cut = done ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
      if (cut > 0) {
        const piece = bytes.subarray(0, cut);
        let text: string;
        try {
          text = decoder.decode(piece);
        } catch {
          throw invalidBytes(path, encoding, line + firstBadLine(piece, decoder));
        }
        yield { text, firstLine: line, bytesRead: position - (bytes.length - cut) };
        line += countLineFeeds(piece, 0, piece.length);
      }
      carry = Buffer.from(bytes.subarray(cut));
      if (done) return;
    }
  } finally {
    await handle.close();
  }
}

/** Offset in lines of the first line of `piece` that does not decode. */
function firstBadLine(piece: Uint8Array, decoder: TextDecoder): number {
  let start = 0;
  let offset = 0;
  while (start < piece.length) {
    let end = piece.indexOf(0x0a, start);
    end = end === -1 ? piece.length : end + 1;
    try {
      decoder.decode(piece.subarray(start, end));
    } catch {
      return offset;
    }
    offset++;
    start = end;
  }
  return 0;
}
