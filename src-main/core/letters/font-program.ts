// The TrueType programs of the letters' font subsets, cut from the font file and made smaller
// for print. Glyph outlines are 90 % of a letter's bytes, and what deflate cannot squeeze out of
// them is the low bits of every coordinate: Noto Serif JP draws on a 1000-unit em, so at the
// letters' 9.8 pt one unit is 0.0035 mm, a twelfth of a 600 dpi printer dot (0.042 mm). The
// program is written on a coarser em (EMBEDDED_UNITS_PER_EM), every point rounded to the nearest
// unit of it: an outline point moves by at most half a unit, 0.014 mm at 9.8 pt, a third of a
// printer dot. Widths in the PDF come from the CIDFont's W array (unchanged) and readers scale
// glyph space by the program's own unitsPerEm, so every glyph stays where it was. Hinting (glyph
// instructions and the cvt, fpgm and prep tables) is dropped too: it is meaningless on the new
// grid and only fits outlines to screen pixels. The glyphs are numbered as fontkit's subsetter
// numbers them (the subset's order, then composites' components), so the bytes are those of
// fontkit's subset rewritten. CFF programs are left to fontkit, as they are.

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

/** One composite glyph with its offsets scaled, its instructions dropped and its components renumbered by `include`. */
function writeCompositeGlyph(view: DataView, start: number, scale: (v: number) => number, out: Bytes, include: (glyphId: number) => number): number {
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
    out.u16(include(glyphIndex));
    if (xy) for (const a of args) out.u16(scale(a) & 0xffff);
    else if (words) for (const a of args) out.u16(a);
    else for (const a of args) out.u8(a);
    out.bytes(new Uint8Array(view.buffer, view.byteOffset + p, transformBytes));
    p += transformBytes;
    more = (flags & MORE_COMPONENTS) !== 0;
  }
  return box[0]!;
}

/** The sfnt checksum: the sum of big-endian 32-bit words, the last one padded with zeros. */
function checksum(table: Uint8Array): number {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const whole = table.length & ~3;
  let sum = 0;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < table.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = last * 256 + (table[i] ?? 0);
    sum = (sum + last) >>> 0;
  }
  return sum;
}

/** One glyph as the embedded program stores it: its record on the new em, padded to an even length. */
interface CompactGlyph {
  bytes: Uint8Array;
  /** Advance on the new em. */
  advance: number;
  /** Left side bearing on the new em (the outline's left edge; the font's own for an empty glyph). */
  lsb: number;
}

const NO_BYTES = new Uint8Array(0);

/**
 * Subset programs of one TrueType font on an em of `unitsPerEm` (never finer than the font's
 * own), without hinting. Every per-person file embeds a subset, and the same glyphs (the kanji
 * of common names, digits) recur in thousands of them: each simple glyph is rewritten once and
 * its bytes reused, so a subset costs a copy per glyph. The cache holds at most one entry per
 * glyph of the font, whatever the size of the batch. Deterministic: the same glyphs in the same
 * order always give the same bytes.
 */
export class TrueTypeSubsetter {
  private readonly view: DataView;
  private readonly at: Tables['at'];
  private readonly factor: number;
  private readonly unitsPerEm: number;
  private readonly longLoca: boolean;
  private readonly metrics: number;
  private readonly glyphs = new Map<number, CompactGlyph>();
  private readonly scratch = new Bytes();

  constructor(
    private readonly ttf: Uint8Array,
    unitsPerEm = EMBEDDED_UNITS_PER_EM,
  ) {
    const { view, at } = readTables(ttf);
    this.view = view;
    this.at = at;
    const fontUnitsPerEm = view.getUint16(at.head.offset + 18);
    this.unitsPerEm = Math.min(unitsPerEm, fontUnitsPerEm);
    this.factor = this.unitsPerEm / fontUnitsPerEm;
    this.longLoca = view.getInt16(at.head.offset + 50) === 1;
    this.metrics = view.getUint16(at.hhea.offset + 34);
  }

  private readonly scale = (v: number): number => Math.round(v * this.factor) || 0;

  private locaAt(g: number): number {
    const { view, at } = this;
    return this.longLoca ? view.getUint32(at.loca.offset + 4 * g) : view.getUint16(at.loca.offset + 2 * g) * 2;
  }

  /** The font's own advance and left side bearing (hmtx: the last advance repeats past its long metrics). */
  private horizontal(g: number): { advance: number; lsb: number } {
    const { view, metrics } = this;
    const hmtx = this.at.hmtx.offset;
    const advance = view.getUint16(hmtx + 4 * Math.min(g, metrics - 1));
    const lsb = g < metrics ? view.getInt16(hmtx + 4 * g + 2) : view.getInt16(hmtx + 4 * metrics + 2 * (g - metrics));
    return { advance, lsb };
  }

  /** Glyph `g` on the new em; a composite's components are renumbered by `include`. */
  private compact(g: number, include: (glyphId: number) => number): CompactGlyph {
    const cached = this.glyphs.get(g);
    if (cached) return cached;
    const { advance, lsb } = this.horizontal(g);
    if (this.locaAt(g + 1) === this.locaAt(g)) {
      const empty = { bytes: NO_BYTES, advance: this.scale(advance), lsb: this.scale(lsb) };
      this.glyphs.set(g, empty);
      return empty;
    }
    const start = this.at.glyf.offset + this.locaAt(g);
    const contours = this.view.getInt16(start);
    const out = new Bytes(256);
    const left = contours < 0 ? writeCompositeGlyph(this.view, start, this.scale, out, include) : writeSimpleGlyph(this.view, start, contours, this.scale, out, this.scratch);
    out.align(2);
    const glyph = { bytes: out.result(), advance: this.scale(advance), lsb: left };
    // A composite's bytes hold its components' numbers in this subset: not reusable.
    if (contours >= 0) this.glyphs.set(g, glyph);
    return glyph;
  }

  /**
   * The program holding `glyphIds` in this order (glyph i of the program is glyphIds[i]), then
   * the components of composite glyphs not among them, in order of first use.
   */
  program(glyphIds: readonly number[]): Uint8Array {
    const order = [...glyphIds];
    const indexOf = new Map<number, number>();
    order.forEach((g, i) => {
      if (!indexOf.has(g)) indexOf.set(g, i);
    });
    const include = (g: number): number => {
      let i = indexOf.get(g);
      if (i === undefined) {
        i = order.length;
        order.push(g);
        indexOf.set(g, i);
      }
      return i;
    };
    const glyphs: CompactGlyph[] = [];
    // Components found on the way are appended to `order`, and compacted in their turn.
    for (let i = 0; i < order.length; i++) glyphs.push(this.compact(order[i]!, include));
    return this.assemble(glyphs);
  }

  /** A copy of one of the font's tables (a Buffer's slice() would share its memory). */
  private table(tag: Tag): Uint8Array {
    const { offset, length } = this.at[tag];
    return new Uint8Array(this.ttf.subarray(offset, offset + length));
  }

  private assemble(glyphs: readonly CompactGlyph[]): Uint8Array {
    const { scale } = this;
    const count = glyphs.length;
    let glyfLength = 0;
    for (const glyph of glyphs) glyfLength += glyph.bytes.length;
    const glyf = new Uint8Array(glyfLength);
    const shortLoca = glyfLength < 0x20000;
    const loca = new Bytes((count + 1) * (shortLoca ? 2 : 4));
    const hmtx = new Bytes(count * 4);
    let offset = 0;
    let advanceMax = 0;
    for (const glyph of glyphs) {
      if (shortLoca) loca.u16(offset / 2);
      else loca.u32(offset);
      glyf.set(glyph.bytes, offset);
      offset += glyph.bytes.length;
      advanceMax = Math.max(advanceMax, glyph.advance);
      hmtx.u16(glyph.advance);
      hmtx.u16(glyph.lsb & 0xffff);
    }
    if (shortLoca) loca.u16(offset / 2);
    else loca.u32(offset);

    const headTable = this.table('head');
    const headView = new DataView(headTable.buffer);
    headView.setUint32(8, 0); // checkSumAdjustment, set below
    headView.setUint16(18, this.unitsPerEm);
    for (const o of [36, 38, 40, 42]) headView.setInt16(o, scale(headView.getInt16(o)));
    headView.setInt16(50, shortLoca ? 0 : 1);
    const hheaTable = this.table('hhea');
    const hheaView = new DataView(hheaTable.buffer);
    for (const o of [4, 6, 8, 12, 14, 16, 22]) hheaView.setInt16(o, scale(hheaView.getInt16(o)));
    hheaView.setUint16(10, advanceMax);
    hheaView.setUint16(34, count); // every glyph has a long metric
    const maxpTable = this.table('maxp');
    const maxpView = new DataView(maxpTable.buffer);
    maxpView.setUint16(4, count);
    // maxSizeOfInstructions (version 1.0 maxp only): none are left.
    if (maxpTable.length >= 32) maxpView.setUint16(26, 0);

    const tables: Record<Tag, Uint8Array> = { glyf, head: headTable, hhea: hheaTable, hmtx: hmtx.view(), loca: loca.view(), maxp: maxpTable };
    const tableCount = KEPT_TABLES.length;
    const power = 2 ** Math.floor(Math.log2(tableCount));
    let size = 12 + 16 * tableCount;
    for (const tag of KEPT_TABLES) size += Math.ceil(tables[tag].length / 4) * 4;
    const out = new Bytes(size);
    out.u32(0x00010000);
    out.u16(tableCount);
    out.u16(power * 16);
    out.u16(Math.log2(power));
    out.u16(tableCount * 16 - power * 16);
    let tableOffset = 12 + 16 * tableCount;
    for (const tag of KEPT_TABLES) {
      const table = tables[tag];
      for (const c of tag) out.u8(c.charCodeAt(0));
      out.u32(checksum(table));
      out.u32(tableOffset);
      out.u32(table.length);
      tableOffset += Math.ceil(table.length / 4) * 4;
    }
    for (const tag of KEPT_TABLES) {
      out.bytes(tables[tag]);
      out.align(4);
    }
    const font = out.view();
    const headAt = 12 + 16 * tableCount + KEPT_TABLES.slice(0, KEPT_TABLES.indexOf('head')).reduce((sum, tag) => sum + Math.ceil(tables[tag].length / 4) * 4, 0);
    new DataView(font.buffer, font.byteOffset).setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
    return font;
  }
}
