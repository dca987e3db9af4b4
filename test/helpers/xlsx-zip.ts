// Reads an XLSX file as the zip it is, independently of exceljs: a check of our writer should
// not lean on the same library's reader (its streaming reader buffers worksheets to temp files
// and has lost sheet names under load in CI). Handles the zip the streaming writer makes
// (deflate or stored entries, sizes in the central directory); no zip64.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, position);
  return buffer;
}

function centralDirectory(fd: number): ZipEntry[] {
  const size = fstatSync(fd).size;
  const tailLength = Math.min(size, 65_557);
  const tail = readAt(fd, size - tailLength, tailLength);
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = tail.readUInt16LE(end + 10);
  const dirSize = tail.readUInt32LE(end + 12);
  const dirOffset = tail.readUInt32LE(end + 16);
  const dir = readAt(fd, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (dir.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    entries.push({
      name: dir.toString('utf8', at + 46, at + 46 + nameLength),
      method: dir.readUInt16LE(at + 10),
      compressedSize: dir.readUInt32LE(at + 20),
      localHeaderOffset: dir.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry as a stream of chunks (bounded memory for big sheets). */
async function* entryChunks(path: string, entryName: string): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const entry = centralDirectory(fd).find((e) => e.name === entryName);
    if (!entry) throw new Error(`${entryName} is not in ${path}`);
    const local = readAt(fd, entry.localHeaderOffset, 30);
    const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const compressed = (async function* () {
      const step = 1 << 20;
      for (let done = 0; done < entry.compressedSize; done += step) {
        yield readAt(fd, dataStart + done, Math.min(step, entry.compressedSize - done));
      }
    })();
    const source = Readable.from(compressed);
    const plain = entry.method === 8 ? source.pipe(createInflateRaw()) : source;
    for await (const chunk of plain) yield chunk as Buffer;
  } finally {
    closeSync(fd);
  }
}

async function entryText(path: string, entryName: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of entryChunks(path, entryName)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** The zip entry of each worksheet, by the sheet's name, from workbook.xml and its relationships. */
export async function worksheetEntries(path: string): Promise<Map<string, string>> {
  const workbook = await entryText(path, 'xl/workbook.xml');
  const rels = await entryText(path, 'xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)) targets.set(m[1]!, m[2]!);
  const sheets = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
    const target = targets.get(m[2]!);
    if (target) sheets.set(m[1]!, `xl/${target.replace(/^\/?xl\//, '')}`);
  }
  return sheets;
}

/**
 * Counts the rows of one worksheet and returns the text of the last row's first cell, streaming
 * the sheet's XML (a 460k-row sheet is ~160 MB uncompressed).
 */
export async function scanWorksheet(path: string, sheetName: string): Promise<{ rows: number; lastFirstCell: string | null }> {
  const entry = (await worksheetEntries(path)).get(sheetName);
  if (!entry) throw new Error(`no worksheet named ${sheetName} in ${path}`);
  let rows = 0;
  let carry = '';
  let lastRow = '';
  const decoder = new StringDecoder('utf8');
  for await (const chunk of entryChunks(path, entry)) {
    const text = carry + decoder.write(chunk);
    const ends = text.split('</row>');
    carry = ends.pop()!;
    rows += ends.length;
    if (ends.length > 0) lastRow = ends.at(-1)!;
  }
  const firstCell = /<c [^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)/.exec(lastRow.slice(lastRow.lastIndexOf('<row ')));
  return { rows, lastFirstCell: firstCell ? (firstCell[1] ?? firstCell[2] ?? null) : null };
}
