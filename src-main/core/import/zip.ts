// Random access to the entries of a zip file (an XLSX package) without loading it: the
// central directory is read once, an entry is inflated as a stream of chunks. Every entry's
// uncompressed bytes are counted against a limit as they come, so a zip bomb costs at most
// that limit, whatever sizes the directory claims. Zip64 directories are read; encrypted
// entries and compression methods other than stored/deflate are refused.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { InwError } from '../errors.js';

export interface ZipEntry {
  /** Normalised: forward slashes, no leading slash. */
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipFile {
  path: string;
  size: number;
  entries: ZipEntry[];
  /** Looks an entry up by name, ignoring case (some writers spell `xl/SharedStrings.xml`). */
  find(name: string): ZipEntry | undefined;
}

/** No XLSX has this many parts; a directory claiming more is not one. */
const MAX_ENTRIES = 100_000;

/** Uncompressed bytes per chunk of an entry, and inflated at a time (see entryChunks). */
const CHUNK = 1 << 16;
const INFLATE_CHUNK = 1 << 20;

function unreadable(path: string, why: string): InwError {
  return new InwError('xlsx-unreadable', `${basename(path)}: XLSX ファイルとして読めません (${why})。`, { file: basename(path) });
}

export function normaliseEntryName(name: string): string {
  return posix.normalize(name.replace(/\\/g, '/')).replace(/^\/+/, '');
}

async function readAt(fd: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function openZip(path: string): Promise<ZipFile> {
  const fd = await open(path, 'r');
  try {
    const size = (await fd.stat()).size;
    const tailLength = Math.min(size, 65_557);
    const tail = await readAt(fd, size - tailLength, tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) throw unreadable(path, 'zip の終端レコードがありません');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    const locator = eocd - 20;
    if (locator >= 0 && tail.readUInt32LE(locator) === 0x07064b50) {
      const zip64At = Number(tail.readBigUInt64LE(locator + 8));
      const zip64 = await readAt(fd, zip64At, 56);
      if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) throw unreadable(path, 'zip64 の終端レコードが壊れています');
      count = Number(zip64.readBigUInt64LE(32));
      dirSize = Number(zip64.readBigUInt64LE(40));
      dirOffset = Number(zip64.readBigUInt64LE(48));
    }
    if (count > MAX_ENTRIES || dirOffset + dirSize > size) throw unreadable(path, 'zip の目次が壊れています');
    const dir = await readAt(fd, dirOffset, dirSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50) throw unreadable(path, 'zip の目次が壊れています');
      const nameLength = dir.readUInt16LE(at + 28);
      const extraLength = dir.readUInt16LE(at + 30);
      const commentLength = dir.readUInt16LE(at + 32);
      const entry: ZipEntry = {
        name: normaliseEntryName(dir.toString('utf8', at + 46, at + 46 + nameLength)),
        flags: dir.readUInt16LE(at + 8),
        method: dir.readUInt16LE(at + 10),
        compressedSize: dir.readUInt32LE(at + 20),
        uncompressedSize: dir.readUInt32LE(at + 24),
        localHeaderOffset: dir.readUInt32LE(at + 42),
      };
      readZip64Extra(entry, dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
    return { path, size, entries, find: (name) => byName.get(normaliseEntryName(name).toLowerCase()) };
  } finally {
    await fd.close();
  }
}

/** Sizes and offset of 0xFFFFFFFF are in the zip64 extra field, in this order, when present. */
function readZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number => {
        const value = p + 8 <= at + 4 + length ? Number(extra.readBigUInt64LE(p)) : 0xffffffff;
        p += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

export interface EntryChunk {
  data: Buffer;
  /** Compressed bytes of the entry read so far (for progress). */
  compressedRead: number;
}

/**
 * The uncompressed bytes of one entry, chunk by chunk. `maxBytes` bounds what is inflated;
 * `tooLarge` builds the error that names the limit (the caller knows what the entry is).
 */
export async function* entryChunks(zip: ZipFile, entry: ZipEntry, maxBytes: number, tooLarge: () => InwError): AsyncGenerator<EntryChunk> {
  if (entry.flags & 0x1) {
    throw new InwError('xlsx-encrypted', `${basename(zip.path)}: 暗号化された zip です。パスワードを外して保存し直してください。`, {
      file: basename(zip.path),
    });
  }
  if (entry.method !== 0 && entry.method !== 8) throw unreadable(zip.path, `${entry.name} の圧縮方式 ${entry.method} には対応していません`);
  const fd = await open(zip.path, 'r');
  let local: Buffer;
  try {
    local = await readAt(fd, entry.localHeaderOffset, 30);
  } finally {
    await fd.close();
  }
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw unreadable(zip.path, `${entry.name} のヘッダが壊れています`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  if (start + entry.compressedSize > zip.size) throw unreadable(zip.path, `${entry.name} が途中で切れています`);
  // Inflated a megabyte at a time (a zlib stream's cost is per chunk: 64 KiB chunks took 0.3 s more
  // for the 460k-row sheet) but handed on in pieces of 64 KiB: each piece becomes one string, and
  // V8 puts a string over 128 KiB in its large-object space, one slow allocation each. Decoding that
  // sheet's 200 MB took 1.4–1.7 s in 256 KiB pieces, 0.07 s in 64 KiB ones (README, Performance).
  const raw = createReadStream(zip.path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  let compressedRead = 0;
  raw.on('data', (chunk) => {
    compressedRead += chunk.length;
  });
  const source = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK })) : raw;
  raw.on('error', (error) => source.destroy(error));
  let total = 0;
  try {
    for await (const data of source as AsyncIterable<Buffer>) {
      total += data.length;
      if (total > maxBytes) throw tooLarge();
      for (let at = 0; at < data.length; at += CHUNK) yield { data: data.subarray(at, at + CHUNK), compressedRead };
    }
  } catch (error) {
    if (error instanceof InwError) throw error;
    throw unreadable(zip.path, `${entry.name}: ${(error as Error).message}`);
  } finally {
    raw.destroy();
    source.destroy();
  }
}
