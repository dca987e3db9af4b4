// manifest.json of a letter batch: what it lists, how an earlier run's is read back, and how it
// is written as letters finish. It lists exactly the files done: a finished file waits as
// <name>.ready and gets its real name only just before the manifest that lists it is renamed into
// place, so after a kill -9 the manifest (complete: false) and the folder agree.
// It holds one entry per letter, so writing it costs time and memory in proportion to the
// batch: it is written entry by entry (never as one string), and a checkpoint waits at least
// twenty times as long as the last one took, so checkpoints stay a small share of the run at
// any size.
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { InwError } from '../errors.js';
import type { LetterIncident } from './compose.js';
import { printSettingsOf } from '../incident/letter-schema.js';
import type { GlyphReviewItem, LetterBarcode } from './types.js';

/** Bump when the layout or the PDF structure changes, so a re-run re-renders instead of skipping. */
export const LETTER_RENDERER_VERSION = 'inw-letters-7';

export interface LetterManifestEntry {
  personId: string;
  /** お問い合わせ番号 printed on the letter, so a returned envelope can be matched to this entry. */
  referenceNumber: string;
  category: string;
  name: string;
  postalCode: string;
  /** letters/<personId>.pdf, relative to the output folder; null when split files are off. */
  file: string | null;
  /** Pages in the file, the blank back of a double-sided letter included. */
  pages: number;
  /** 1 when the letter ends with a blank page for double-sided printing, else 0. */
  blankPages: number;
  /** SHA-256 of `file`; null when split files are off. */
  sha256: string | null;
  /** Where the letter starts in its category's print file (1-based), when print files are on. */
  print: { file: string; firstPage: number } | null;
  inputHash: string;
  warnings: string[];
  /** The customer barcode printed (address number and symbols) or why the letter has none. */
  barcode?: LetterBarcode;
}

export interface LetterManifestPrint {
  category: string;
  /** 1-based volume of the category, in postal order, and the category's number of volumes. */
  volume: number;
  volumes: number;
  file: string;
  letters: number;
  pages: number;
  /** When print files are split by letter length: the pages of every letter in this file. */
  letterPages: number | null;
  sha256: string;
  inputHash: string;
}

export interface LetterManifest {
  version: 1;
  renderer: string;
  incident: string;
  /** Present on drafts only: letters made to try things out, not to mail. */
  draft?: true;
  letterDate: string;
  /** How the print files are meant to be printed (the incident's settings, or the command's). */
  printSettings?: { duplex: boolean; splitByPages: boolean };
  /** Hash of everything the letters share (renderer, wording, date, fonts): another key is another batch. */
  setupKey?: string;
  /** The audit chain head ("SEQ:HASH") when the batch started: kept with the letters, it later proves the log still holds that entry. */
  auditHead?: string;
  /** False when the run was cancelled: only the letters listed are done. */
  complete: boolean;
  counts: { letters: number; review: number; byCategory: Record<string, number> };
  letters: LetterManifestEntry[];
  print: LetterManifestPrint[];
  /** Persons not printed because the font lacks a character (外字). */
  review: GlyphReviewItem[];
}

/** Bytes read at a time from an earlier manifest. */
const READ_CHUNK = 1 << 16;

/**
 * The manifest an earlier run wrote here (without its letters, each handed to `onLetter` as it
 * is read); null when there is none; throws for a manifest.json inw did not write.
 * It is read as a stream, never whole: at 100,000 letters the file is ≈100 MB, several times
 * that as objects. Every writer so far wrote `JSON.stringify(manifest, null, 2)` (manifest.ts
 * writes the same bytes entry by entry), so each line is one piece of the structure: the
 * top-level keys are indented by two spaces, each letter is the lines from `    {` to `    }`,
 * and anything else is not a manifest of inw's.
 */
export function readPreviousManifest(path: string, onLetter: (entry: LetterManifestEntry) => void): LetterManifestSummary | null {
  if (!existsSync(path)) return null;
  const foreign = new InwError(
    'letters-foreign-manifest',
    `${path} は inw が作った通知書の一覧ではないため、上書きしません。通知書には別の出力先 (空のフォルダ) を指定するか、このファイルを移してください。`,
  );
  // The head and the tail (print volumes and 外字 review, bounded), with the letters left out.
  const outer: string[] = [];
  let letters: 'before' | 'in' | 'after' = 'before';
  let entry: Buffer[] | null = null;
  for (const line of linesOf(path)) {
    if (letters !== 'in') {
      const text = line.toString('utf8');
      if (letters === 'before' && text === '  "letters": [') letters = 'in';
      else outer.push(text);
      continue;
    }
    if (entry === null) {
      if (isLine(line, '    {')) entry = [line];
      else if (isLine(line, '  ]') || isLine(line, '  ],')) {
        outer.push(`  "letters": []${isLine(line, '  ],') ? ',' : ''}`);
        letters = 'after';
      } else throw foreign;
      continue;
    }
    entry.push(line);
    const comma = isLine(line, '    },');
    if (!comma && !isLine(line, '    }')) continue;
    const bytes = Buffer.concat(entry);
    entry = null;
    const value = parseJson(bytes.toString('utf8', 0, bytes.length - (comma ? 1 : 0))) as Partial<LetterManifestEntry> | undefined;
    if (typeof value?.personId !== 'string') throw foreign;
    onLetter(value as LetterManifestEntry);
  }
  const m = letters === 'in' ? undefined : (parseJson(outer.join('\n')) as Partial<LetterManifest> | undefined);
  if (m && m.version === 1 && typeof m.renderer === 'string' && typeof m.letterDate === 'string' && Array.isArray(m.letters) && Array.isArray(m.print)) {
    const { letters: _letters, ...head } = m as LetterManifest;
    return head;
  }
  throw foreign;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isLine(line: Buffer, text: string): boolean {
  return line.length === text.length && line.toString('latin1') === text;
}

/** The file's lines (without their newline), read a chunk at a time. */
function* linesOf(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    // A fresh chunk each time: the lines handed out are views into it.
    for (let chunk = Buffer.allocUnsafe(READ_CHUNK), n; (n = readSync(fd, chunk, 0, READ_CHUNK, null)) > 0; chunk = Buffer.allocUnsafe(READ_CHUNK)) {
      // A newline byte is never part of a multi-byte UTF-8 character: lines split safely here.
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let end; (end = data.indexOf(10, start)) !== -1; start = end + 1) yield data.subarray(start, end);
      carry = data.subarray(start);
    }
    if (carry.length > 0) yield carry;
  } finally {
    closeSync(fd);
  }
}

/** Whether an earlier manifest belongs to the batch with this setup key (older manifests have none). */
export function sameBatch(previous: LetterManifestSummary, setupKey: string, incidentTitle: string, letterDate: string): boolean {
  if (previous.setupKey !== undefined) return previous.setupKey === setupKey;
  return previous.renderer === LETTER_RENDERER_VERSION && previous.incident === incidentTitle && previous.letterDate === letterDate;
}

/** A print volume as the manifest orders letters: volume by volume, in this order. */
export interface ManifestVolume {
  category: string;
  file: string;
}

/** What the batch knows so far, read each time the manifest is written. */
export interface ManifestState {
  incident: LetterIncident;
  letterDate: string;
  setupKey: string;
  auditHead?: string;
  /** The print volumes in order: the manifest lists letters volume by volume. */
  volumes: readonly ManifestVolume[];
  /** The letters done, in the manifest's order (read from the batch's ledger each time). */
  letters: () => Iterable<LetterManifestEntry>;
  printEntries: ReadonlyMap<string, LetterManifestPrint>;
  review: readonly GlyphReviewItem[];
}

/** The manifest without its letters: what a batch returns (the letters are read from its ledger). */
export type LetterManifestSummary = Omit<LetterManifest, 'letters'>;

/** Of the run's time, at most about this share goes to checkpoints. */
const CHECKPOINT_SHARE = 1 / 20;

/** Writes manifest.json atomically, renaming the finished files it lists into place first. */
export class ManifestWriter {
  /** Finished files ([.ready path, real path]) waiting for the next manifest. */
  private readonly ready: Array<[string, string]> = [];
  private lastWrite = 0;
  private lastTook = 0;

  constructor(
    private readonly path: string,
    private readonly state: ManifestState,
  ) {}

  /** A finished file, renamed from `from` to `to` with the next manifest written. */
  finished(from: string, to: string): void {
    this.ready.push([from, to]);
  }

  /** Whether the next checkpoint is due: about once a second, less often when a write takes long. */
  due(): boolean {
    return performance.now() - this.lastWrite > Math.max(1000, this.lastTook / CHECKPOINT_SHARE);
  }

  write(complete: boolean): LetterManifestSummary {
    const started = performance.now();
    const summary = this.summaryOf(complete);
    // Written first under a temporary name: a full disk fails here, before any file is renamed.
    const tmp = `${this.path}.${process.pid}.partial`;
    try {
      writeManifestFile(tmp, summary, this.letters());
      for (const [from, to] of this.ready.splice(0)) renameSync(from, to);
      renameSync(tmp, this.path);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    this.lastWrite = performance.now();
    this.lastTook = this.lastWrite - started;
    return summary;
  }

  /** The letters the manifest lists (those done), read from the ledger in the manifest's order. */
  letters(): Iterable<LetterManifestEntry> {
    return this.state.letters();
  }

  private summaryOf(complete: boolean): LetterManifestSummary {
    const { incident, letterDate, setupKey, auditHead, volumes, printEntries, review } = this.state;
    const byCategory: Record<string, number> = {};
    let letters = 0;
    for (const e of this.letters()) {
      byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
      letters++;
    }
    return {
      version: 1,
      renderer: LETTER_RENDERER_VERSION,
      incident: incident.title,
      ...(incident.draft ? { draft: true as const } : {}),
      letterDate,
      printSettings: printSettingsOf(incident.letter),
      setupKey,
      ...(auditHead !== undefined ? { auditHead } : {}),
      complete,
      counts: { letters, review: new Set(review.map((r) => r.personId)).size, byCategory },
      print: volumes.map((v) => printEntries.get(v.file)).filter((p): p is LetterManifestPrint => p !== undefined),
      review: [...review],
    };
  }
}

/** Stands for the letters in the manifest's JSON while the rest is serialised in one piece. */
const LETTERS_MARK = '\u0000letters';

/**
 * The bytes of `JSON.stringify(manifest, null, 2)` and a newline, with the letters written one
 * by one in 64 KB pieces as the ledger yields them, so a 100,000-letter manifest is never in
 * memory, as objects or as one string.
 */
function writeManifestFile(path: string, summary: LetterManifestSummary, letters: Iterable<LetterManifestEntry>): void {
  // The letters' place in the JSON: after counts, before print, as in LetterManifest.
  const { print, review, ...head } = summary;
  const [before, after] = JSON.stringify({ ...head, letters: LETTERS_MARK, print, review }, null, 2).split(JSON.stringify(LETTERS_MARK));
  const fd = openSync(path, 'w');
  try {
    let pending = before!;
    const flush = (min: number): void => {
      if (pending.length < min) return;
      writeAll(fd, Buffer.from(pending));
      pending = '';
    };
    let i = 0;
    for (const entry of letters) {
      pending += `${i === 0 ? '[\n' : ',\n'}    ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')}`;
      i++;
      flush(65536);
    }
    pending += i === 0 ? '[]' : '\n  ]';
    pending += `${after!}\n`;
    flush(0);
  } catch (error) {
    // A write through a descriptor names no file: the user needs to know which disk is full.
    (error as NodeJS.ErrnoException).path ??= path;
    throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes all of `data`: a write on a nearly full disk may take only part of it and say so,
 * without an error (a manifest cut at 4 KB was renamed into place once).
 */
function writeAll(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
}
