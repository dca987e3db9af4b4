// The TrueType program of a letter's font subset, made smaller for print. Glyph outlines are
// 90 % of a letter's bytes, and what deflate cannot squeeze out of them is the low bits of every
// coordinate: Noto Serif JP draws on a 1000-unit em, so at the letters' 9.8 pt one unit is
// 0.0035 mm, a twelfth of a 600 dpi printer dot (0.042 mm). The program is rewritten on a
// coarser em (EMBEDDED_UNITS_PER_EM), every point rounded to the nearest unit of it: an outline
// point moves by at most half a unit, 0.014 mm at 9.8 pt, a third of a printer dot. Widths in
// the PDF come from the CIDFont's W array (unchanged) and readers scale glyph space by the
// program's own unitsPerEm, so every glyph stays where it was. Hinting (glyph instructions and
// the cvt, fpgm and prep tables) is dropped too: it is meaningless on the new grid and only
// fits outlines to screen pixels. CFF programs are left as they are.

/** Units per em of the embedded programs (Noto's 1000 divided by 8). */
export const EMBEDDED_UNITS_PER_EM = 125;

/** The tables a TrueType program embedded in a PDF needs (PDF 32000 §9.9, Table 126, hinting aside). */
const KEPT_TABLES = ['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp'] as const;
type Tag = (typeof KEPT_TABLES)[number];

// Simple-glyph point flags and composite-component flags (OpenType 'glyf').
const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME_OR_POSITIVE = 0x10;
const Y_SAME_OR_POSITIVE = 0x20;
const OVERLAP_SIMPLE = 0x40;
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const ARGS_ARE_XY_VALUES = 0x0002;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
const WE_HAVE_INSTRUCTIONS = 0x0100;

/** A big-endian byte writer, growing when full. */
class Bytes {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }

  u16(v: number): void {
    this.room(2);
    this.buf[this.length++] = (v >> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Pads with zeros to a multiple of `n` bytes. */
  align(n: number): void {
    while (this.length % n !== 0) this.u8(0);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** The bytes written so far, without copying (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

interface Tables {
  view: DataView;
  at: Record<Tag, { offset: number; length: number }>;
}

function readTables(ttf: Uint8Array): Tables {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const at: Partial<Tables['at']> = {};
  for (let i = 0, n = view.getUint16(4); i < n; i++) {
    const entry = 12 + 16 * i;
    const tag = String.fromCharCode(...ttf.subarray(entry, entry + 4));
    if ((KEPT_TABLES as readonly string[]).includes(tag)) at[tag as Tag] = { offset: view.getUint32(entry + 8), length: view.getUint32(entry + 12) };
  }
  for (const tag of KEPT_TABLES) if (!at[tag]) throw new Error(`TrueType font subset without a '${tag}' table`);
  return { view, at: at as Tables['at'] };
}

/** Reads one axis of a simple glyph's coordinates (deltas) into `into`, scaled; returns the next offset. */
function readCoordinates(view: DataView, p: number, flags: Uint8Array, short: number, same: number, scale: (v: number) => number, into: Int32Array): number {
  let v = 0;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (flag & short) v += flag & same ? view.getUint8(p++) : -view.getUint8(p++);
    else if (!(flag & same)) {
      v += view.getInt16(p);
      p += 2;
    }
    into[i] = scale(v);
  }
  return p;
}

/** Sets one axis's bits in each point's flag and writes its deltas in the shortest form. */
function writeCoordinates(coords: Int32Array, flags: Uint8Array, short: number, same: number, out: Bytes): void {
  let previous = 0;
  for (let i = 0; i < coords.length; i++) {
    const d = coords[i]! - previous;
    previous = coords[i]!;
    if (d === 0) flags[i] = flags[i]! | same;
    else if (d > -256 && d < 256) {
      flags[i] = flags[i]! | short | (d > 0 ? same : 0);
      out.u8(d > 0 ? d : -d);
    } else out.u16(d & 0xffff);
  }
}

function extent(coords: Int32Array): [number, number] {
  let min = coords.length === 0 ? 0 : coords[0]!;
  let max = min;
  for (const v of coords) {
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  return [min, max];
}

/** One simple glyph re-encoded with its points scaled; returns its left edge (the lsb). */
function writeSimpleGlyph(view: DataView, start: number, contours: number, scale: (v: number) => number, out: Bytes, scratch: Bytes): number {
  const endsAt = start + 10;
  const points = contours === 0 ? 0 : view.getUint16(endsAt + 2 * (contours - 1)) + 1;
  let p = endsAt + 2 * contours;
  p += 2 + view.getUint16(p); // instructions, dropped
  const flags = new Uint8Array(points);
  for (let i = 0; i < points; ) {
    const flag = view.getUint8(p++);
    flags[i++] = flag;
    if (flag & REPEAT) for (let r = view.getUint8(p++); r > 0; r--) flags[i++] = flag;
  }
  const xs = new Int32Array(points);
  const ys = new Int32Array(points);
  p = readCoordinates(view, p, flags, X_SHORT, X_SAME_OR_POSITIVE, scale, xs);
  readCoordinates(view, p, flags, Y_SHORT, Y_SAME_OR_POSITIVE, scale, ys);
  const [minX, maxX] = extent(xs);
  const [minY, maxY] = extent(ys);
  out.u16(contours);
  out.u16(minX);
  out.u16(minY);
  out.u16(maxX);
  out.u16(maxY);
  for (let c = 0; c < contours; c++) out.u16(view.getUint16(endsAt + 2 * c));
  out.u16(0);
  // Flags with the shortest coordinate form each, runs of equal flags folded with REPEAT.
  const overlap = flags[0]! & OVERLAP_SIMPLE;
  for (let i = 0; i < points; i++) flags[i] = flags[i]! & ON_CURVE;
  if (points > 0) flags[0] = flags[0]! | overlap;
  scratch.length = 0;
  writeCoordinates(xs, flags, X_SHORT, X_SAME_OR_POSITIVE, scratch);
  writeCoordinates(ys, flags, Y_SHORT, Y_SAME_OR_POSITIVE, scratch);
  for (let i = 0; i < points; ) {
    let run = 0;
    while (i + run + 1 < points && flags[i + run + 1] === flags[i] && run < 255) run++;
    if (run > 0) {
      out.u8(flags[i]! | REPEAT);
      out.u8(run);
    } else out.u8(flags[i]!);
    i += run + 1;
  }
  out.bytes(scratch.view());
  return minX;
}

/** One composite glyph with its offsets scaled and its instructions dropped. */
function writeCompositeGlyph(view: DataView, start: number, scale: (v: number) => number, out: Bytes): number {
  const box = [2, 4, 6, 8].map((o) => scale(view.getInt16(start + o)));
  out.u16(0xffff);
  for (const v of box) out.u16(v);
  let p = start + 10;
  for (let more = true; more; ) {
    const flags = view.getUint16(p);
    const glyphIndex = view.getUint16(p + 2);
    p += 4;
    const words = (flags & ARG_1_AND_2_ARE_WORDS) !== 0;
    const xy = (flags & ARGS_ARE_XY_VALUES) !== 0;
    const args = words ? [view.getInt16(p), view.getInt16(p + 2)] : xy ? [view.getInt8(p), view.getInt8(p + 1)] : [view.getUint8(p), view.getUint8(p + 1)];
    p += words ? 4 : 2;
    const transformBytes = flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
    // Offsets scaled (as words: their new values may not fit a byte); point numbers kept.
    out.u16((flags & ~WE_HAVE_INSTRUCTIONS) | (xy ? ARG_1_AND_2_ARE_WORDS : 0));
    out.u16(glyphIndex);
    if (xy) for (const a of args) out.u16(scale(a) & 0xffff);
    else if (words) for (const a of args) out.u16(a);
    else for (const a of args) out.u8(a);
    out.bytes(new Uint8Array(view.buffer, view.byteOffset + p, transformBytes));
    p += transformBytes;
    more = (flags & MORE_COMPONENTS) !== 0;
  }
  return box[0]!;
}

function checksum(table: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(table.length / 4) * 4);
  padded.set(table);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/**
 * The subset's TrueType program on an em of `unitsPerEm` (never finer than the font's own),
 * without hinting. Deterministic: the same subset always gives the same bytes.
 */
export function compactTrueType(ttf: Uint8Array, unitsPerEm = EMBEDDED_UNITS_PER_EM): Uint8Array {
  const { view, at } = readTables(ttf);
  const head = at.head.offset;
  const hhea = at.hhea.offset;
  const fontUnitsPerEm = view.getUint16(head + 18);
  const newUnitsPerEm = Math.min(unitsPerEm, fontUnitsPerEm);
  const factor = newUnitsPerEm / fontUnitsPerEm;
  const scale = (v: number): number => Math.round(v * factor) || 0;
  const glyphCount = view.getUint16(at.maxp.offset + 4);
  const longLoca = view.getInt16(head + 50) === 1;
  const locaAt = (g: number): number => (longLoca ? view.getUint32(at.loca.offset + 4 * g) : view.getUint16(at.loca.offset + 2 * g) * 2);

  const glyf = new Bytes(at.glyf.length + 4 * glyphCount + 64);
  const scratch = new Bytes();
  const offsets: number[] = [];
  const lsbs: Array<number | null> = [];
  for (let g = 0; g < glyphCount; g++) {
    offsets.push(glyf.length);
    const start = at.glyf.offset + locaAt(g);
    if (locaAt(g + 1) === locaAt(g)) {
      lsbs.push(null);
      continue;
    }
    const contours = view.getInt16(start);
    lsbs.push(contours < 0 ? writeCompositeGlyph(view, start, scale, glyf) : writeSimpleGlyph(view, start, contours, scale, glyf, scratch));
    glyf.align(2);
  }
  offsets.push(glyf.length);
  const shortLoca = glyf.length < 0x20000;
  const loca = new Bytes();
  for (const o of offsets) {
    if (shortLoca) loca.u16(o / 2);
    else loca.u32(o);
  }

  const metrics = view.getUint16(hhea + 34);
  const hmtx = new Bytes();
  let advanceMax = 0;
  for (let g = 0; g < glyphCount; g++) {
    if (g < metrics) {
      const advance = scale(view.getUint16(at.hmtx.offset + 4 * g));
      advanceMax = Math.max(advanceMax, advance);
      hmtx.u16(advance);
    }
    const lsb = g < metrics ? view.getInt16(at.hmtx.offset + 4 * g + 2) : view.getInt16(at.hmtx.offset + 4 * metrics + 2 * (g - metrics));
    hmtx.u16((lsbs[g] ?? scale(lsb)) & 0xffff);
  }

  const headTable = ttf.slice(head, head + at.head.length);
  const headView = new DataView(headTable.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, set below
  headView.setUint16(18, newUnitsPerEm);
  for (const o of [36, 38, 40, 42]) headView.setInt16(o, scale(headView.getInt16(o)));
  headView.setInt16(50, shortLoca ? 0 : 1);
  const hheaTable = ttf.slice(hhea, hhea + at.hhea.length);
  const hheaView = new DataView(hheaTable.buffer);
  for (const o of [4, 6, 8, 12, 14, 16, 22]) hheaView.setInt16(o, scale(hheaView.getInt16(o)));
  hheaView.setUint16(10, advanceMax);
  const maxpTable = ttf.slice(at.maxp.offset, at.maxp.offset + at.maxp.length);
  // maxSizeOfInstructions (version 1.0 maxp only): none are left.
  if (maxpTable.length >= 32) new DataView(maxpTable.buffer).setUint16(26, 0);

  const tables: Record<Tag, Uint8Array> = { glyf: glyf.result(), head: headTable, hhea: hheaTable, hmtx: hmtx.result(), loca: loca.result(), maxp: maxpTable };
  const out = new Bytes();
  const count = KEPT_TABLES.length;
  const power = 2 ** Math.floor(Math.log2(count));
  out.u32(0x00010000);
  out.u16(count);
  out.u16(power * 16);
  out.u16(Math.log2(power));
  out.u16(count * 16 - power * 16);
  let offset = 12 + 16 * count;
  for (const tag of KEPT_TABLES) {
    const table = tables[tag];
    for (const c of tag) out.u8(c.charCodeAt(0));
    out.u32(checksum(table));
    out.u32(offset);
    out.u32(table.length);
    offset += Math.ceil(table.length / 4) * 4;
  }
  for (const tag of KEPT_TABLES) {
    out.bytes(tables[tag]);
    out.align(4);
  }
  const font = out.result();
  const headAt = 12 + 16 * count + KEPT_TABLES.slice(0, KEPT_TABLES.indexOf('head')).reduce((sum, tag) => sum + Math.ceil(tables[tag].length / 4) * 4, 0);
  new DataView(font.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}
