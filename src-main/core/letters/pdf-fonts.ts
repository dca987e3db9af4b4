// Text drawing and font embedding for the letter PDFs, written straight into pdfkit's
// content stream. Why not pdfkit's doc.text(): every per-person file would embed its own
// subset of every glyph it uses — ≈370 glyphs, ≈110 KB of outlines encoded and deflated per
// file, a third of a batch's time — and shape the same template lines again. Here each face
// is embedded as two fonts: a subset of the glyphs every letter of the batch shares (the
// incident's wording, labels, digits and Latin), encoded and compressed once per batch and
// copied into each file, and a small per-document subset for the rest (names, addresses).
// The shared subset depends only on the incident, font and date — never on which persons
// are in a batch — so a letter's bytes are the same whether it is made alone, resumed or
// in a full run. Both fonts carry a ToUnicode map, so text extraction reads the letters.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type PDFDocument from 'pdfkit';
import { TrueTypeSubsetter } from './font-program.js';
import type { LoadedFont } from './fonts.js';
import type { Face, Measurer, ShapedGlyph } from './measure.js';

type Doc = InstanceType<typeof PDFDocument>;
/** pdfkit's indirect object (not in its type definitions). */
interface PdfRef {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array | string): void;
}
interface DocInternals {
  ref(data?: Record<string, unknown>): PdfRef;
  page: { height: number; fonts: Record<string, PdfRef>; write(chunk: Uint8Array): void };
}

interface FontSubset {
  includeGlyph(glyphId: number): number;
  encode(): Uint8Array;
  cff?: unknown;
}
interface SubsettableFont {
  createSubset(): FontSubset;
  getGlyph(glyphId: number): { advanceWidth: number };
  unitsPerEm: number;
  postscriptName: string;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  post: { isFixedPitch: boolean };
  head: { macStyle: { italic: boolean } };
  'OS/2'?: { sFamilyClass?: number };
}

/**
 * Text that pdfkit writes into an object as it is: its serialiser prints anything that is
 * not a plain object, array, string, number or date through toString(). Used for the
 * shared font's width array, the same in every file of a batch.
 */
class PdfRaw {
  constructor(private readonly text: string) {}
  get [Symbol.toStringTag](): string {
    return 'PdfRaw';
  }
  toString(): string {
    return this.text;
  }
}

/** fontkit's font as typed here (the package ships no types for subsetting). */
function subsettable(loaded: LoadedFont): SubsettableFont {
  return loaded.pdfFont as unknown as SubsettableFont;
}

/** Rounded so that the same layout always writes the same bytes. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** A subset tag: six capitals derived from what the subset holds (PDF 32000 §9.6.4). */
function subsetTag(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

function toUnicodeCmap(unicode: ReadonlyArray<readonly number[] | undefined>): string {
  const entries = unicode.map((codePoints) => {
    const units: string[] = [];
    for (const cp of codePoints ?? [0]) {
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        units.push(hex4(0xd800 | ((v >>> 10) & 0x3ff)), hex4(0xdc00 | (v & 0x3ff)));
      } else {
        units.push(hex4(cp));
      }
    }
    return `<${units.join('')}>`;
  });
  const ranges: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const end = Math.min(start + 100, entries.length);
    ranges.push(`<${hex4(start)}> <${hex4(end - 1)}> [${entries.slice(start, end).join(' ')}]`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    `${ranges.length} beginbfrange`,
    ...ranges,
    'endbfrange',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Glyphs collected into one subset: CIDs in order of first use, 0 being .notdef. */
class GlyphCollector {
  readonly subset: FontSubset;
  readonly cidOf = new Map<number, number>();
  readonly widths: number[];
  readonly unicode: Array<readonly number[]> = [[0]];
  readonly gids: number[] = [0];

  constructor(font: SubsettableFont) {
    this.subset = font.createSubset();
    this.widths = [(font.getGlyph(0).advanceWidth * 1000) / font.unitsPerEm];
  }

  include(glyph: ShapedGlyph): number {
    let cid = this.cidOf.get(glyph.id);
    if (cid === undefined) {
      cid = this.subset.includeGlyph(glyph.id);
      this.cidOf.set(glyph.id, cid);
      this.widths[cid] = glyph.advance;
      this.unicode[cid] = glyph.codePoints;
      this.gids[cid] = glyph.id;
    }
    return cid;
  }
}

/**
 * The W array of a CIDFont: runs of CIDs with one width as `first last width`, CIDs of
 * the default width (1000, every full-width kana and kanji) left out, so a subset of
 * mostly Japanese glyphs lists a few dozen widths instead of hundreds.
 */
function widthArray(widths: readonly number[]): string {
  const parts: string[] = [];
  for (let first = 0; first < widths.length; ) {
    const width = num(widths[first]!);
    let last = first;
    while (last + 1 < widths.length && num(widths[last + 1]!) === width) last++;
    if (width !== '1000') parts.push(`${first} ${last} ${width}`);
    first = last + 1;
  }
  return `[${parts.join(' ')}]`;
}

/** The font program, widths and ToUnicode map of one subset, ready to be written into a PDF. */
interface EncodedSubset {
  baseFont: string;
  fontFile: Uint8Array;
  fontFileLength1: number;
  cff: boolean;
  /** The W array of the CIDFont (see widthArray). */
  widths: PdfRaw;
  toUnicode: Uint8Array;
}

const subsetters = new WeakMap<LoadedFont, TrueTypeSubsetter>();

/** The font's TrueType subsetter, made once per font: it keeps each glyph it has rewritten. */
function subsetterOf(loaded: LoadedFont): TrueTypeSubsetter {
  let subsetter = subsetters.get(loaded);
  if (!subsetter) subsetters.set(loaded, (subsetter = new TrueTypeSubsetter(loaded.bytes)));
  return subsetter;
}

function encodeSubset(loaded: LoadedFont, glyphs: GlyphCollector): EncodedSubset {
  const cff = glyphs.subset.cff != null;
  const raw = cff ? glyphs.subset.encode() : subsetterOf(loaded).program(glyphs.gids);
  return {
    baseFont: `${subsetTag(`${loaded.sha256}:${glyphs.gids.join(',')}`)}+${subsettable(loaded).postscriptName.replaceAll(' ', '_')}`,
    fontFile: deflateSync(raw),
    fontFileLength1: raw.length,
    cff,
    widths: new PdfRaw(widthArray(glyphs.widths)),
    toUnicode: deflateSync(toUnicodeCmap(glyphs.unicode)),
  };
}

/** Writes one subset as a Type0/CIDFontType2 (or CFF) font into `fontRef`, like pdfkit's EmbeddedFont. */
function writeFont(doc: DocInternals, loaded: LoadedFont, encoded: EncodedSubset, fontRef: PdfRef): void {
  const font = subsettable(loaded);
  const scale = 1000 / font.unitsPerEm;
  const fontFile = doc.ref({ Filter: 'FlateDecode', ...(encoded.cff ? { Subtype: 'CIDFontType0C' } : { Length1: encoded.fontFileLength1 }) });
  fontFile.end(encoded.fontFile);
  const familyClass = (font['OS/2']?.sFamilyClass ?? 0) >> 8;
  // Flags as pdfkit sets them: symbolic always; fixed pitch, serif, script and italic from the font.
  let flags = 1 << 2;
  if (font.post.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (familyClass === 10) flags |= 1 << 3;
  if (font.head.macStyle.italic) flags |= 1 << 6;
  const { bbox } = font;
  const descriptor = doc.ref({
    Type: 'FontDescriptor',
    FontName: encoded.baseFont,
    Flags: flags,
    FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale],
    ItalicAngle: font.italicAngle,
    Ascent: font.ascent * scale,
    Descent: font.descent * scale,
    CapHeight: (font.capHeight || font.ascent) * scale,
    XHeight: (font.xHeight || 0) * scale,
    StemV: 0,
    [encoded.cff ? 'FontFile3' : 'FontFile2']: fontFile,
  });
  descriptor.end();
  const descendant = doc.ref({
    Type: 'Font',
    Subtype: encoded.cff ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: encoded.baseFont,
    // pdfkit writes String objects as PDF strings and plain strings as names.
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    W: encoded.widths,
    ...(encoded.cff ? {} : { CIDToGIDMap: 'Identity' }),
  });
  descendant.end();
  const toUnicode = doc.ref({ Filter: 'FlateDecode' });
  toUnicode.end(encoded.toUnicode);
  fontRef.data = {
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: encoded.baseFont,
    Encoding: 'Identity-H',
    DescendantFonts: [descendant],
    ToUnicode: toUnicode,
  };
  fontRef.end();
}

/** The batch-wide subset of one face: built once per renderer, copied into every document. */
export class SharedSubset {
  private readonly glyphs: GlyphCollector;
  readonly encoded: EncodedSubset;

  constructor(
    readonly loaded: LoadedFont,
    shapedGlyphs: Iterable<ShapedGlyph>,
  ) {
    this.glyphs = new GlyphCollector(subsettable(loaded));
    for (const glyph of shapedGlyphs) this.glyphs.include(glyph);
    this.encoded = encodeSubset(loaded, this.glyphs);
  }

  cidOf(glyphId: number): number | undefined {
    return this.glyphs.cidOf.get(glyphId);
  }
}

/** One face in one document: the shared subset plus a subset of this document's other glyphs. */
class DocumentFace {
  private sharedRef: PdfRef | null = null;
  private own: { glyphs: GlyphCollector; ref: PdfRef } | null = null;
  /** Page resource names of the two fonts (R → Rs and Rd). */
  private readonly sharedName: string;
  private readonly ownName: string;

  constructor(
    private readonly doc: DocInternals,
    private readonly shared: SharedSubset,
    resourceName: string,
  ) {
    this.sharedName = `${resourceName}s`;
    this.ownName = `${resourceName}d`;
  }

  /** The font resource name and CID that draw this glyph. */
  place(glyph: ShapedGlyph): { name: string; cid: number } {
    const sharedCid = this.shared.cidOf(glyph.id);
    if (sharedCid !== undefined) {
      this.sharedRef ??= this.doc.ref();
      this.use(this.sharedName, this.sharedRef);
      return { name: this.sharedName, cid: sharedCid };
    }
    this.own ??= { glyphs: new GlyphCollector(subsettable(this.shared.loaded)), ref: this.doc.ref() };
    this.use(this.ownName, this.own.ref);
    return { name: this.ownName, cid: this.own.glyphs.include(glyph) };
  }

  private use(name: string, ref: PdfRef): void {
    const fonts = this.doc.page.fonts;
    if (fonts[name] === undefined) fonts[name] = ref;
  }

  finish(): void {
    if (this.sharedRef) writeFont(this.doc, this.shared.loaded, this.shared.encoded, this.sharedRef);
    if (this.own) writeFont(this.doc, this.shared.loaded, encodeSubset(this.shared.loaded, this.own.glyphs), this.own.ref);
  }
}

export interface TextRun {
  x: number;
  /** Baseline, from the top edge of the page. */
  y: number;
  text: string;
  face: Face;
  size: number;
  /** Extra space after every glyph, in points. */
  cs: number;
}

/** Draws text into one pdfkit document and embeds the fonts it used when finished. */
export class PdfTextWriter {
  private readonly faces: Record<Face, DocumentFace>;
  private readonly doc: DocInternals;

  constructor(
    doc: Doc,
    private readonly measurer: Measurer,
    shared: Record<Face, SharedSubset>,
  ) {
    this.doc = doc as unknown as DocInternals;
    const regular = new DocumentFace(this.doc, shared.regular, 'R');
    // Without a bold font, headings use the regular one: embed it once, not twice.
    this.faces = { regular, bold: shared.bold === shared.regular ? regular : new DocumentFace(this.doc, shared.bold, 'B') };
  }

  /**
   * The operators that draw one line of text in the current fill colour, exactly as pdfkit would
   * place it, for the page's content (render.ts writes a page's operators in one piece).
   */
  operators(run: TextRun): string {
    const shaped = this.measurer.shape(run.text, run.face);
    if (shaped.length === 0) return '';
    const face = this.faces[run.face];
    const pageHeight = this.doc.page.height;
    const scale = run.size / 1000;
    const y = pageHeight - run.y;
    // pdfkit's pages have a top-down user space; text is drawn in the PDF's own, bottom-up.
    const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`, 'BT', `1 0 0 1 ${num(run.x)} ${num(y)} Tm`];
    if (run.cs) out.push(`${num(run.cs)} Tc`);
    let font = '';
    let segment = '';
    const items: string[] = [];
    const flush = (): void => {
      if (segment) items.push(`<${segment}>`);
      segment = '';
      if (items.length > 0) out.push(`[${items.join(' ')}] TJ`);
      items.length = 0;
    };
    let x = run.x;
    for (const glyph of shaped) {
      const { name, cid } = face.place(glyph);
      if (name !== font) {
        flush();
        out.push(`/${name} ${num(run.size)} Tf`);
        font = name;
      }
      if (glyph.xOffset !== 0 || glyph.yOffset !== 0) {
        flush();
        out.push(`1 0 0 1 ${num(x + glyph.xOffset * scale)} ${num(y + glyph.yOffset * scale)} Tm`, `[<${hex4(cid)}>] TJ`);
        x += glyph.xAdvance * scale + run.cs;
        out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
        continue;
      }
      segment += hex4(cid);
      const kern = glyph.xAdvance - glyph.advance;
      if (kern !== 0) {
        items.push(`<${segment}>`, num(-kern));
        segment = '';
      }
      x += glyph.xAdvance * scale + run.cs;
    }
    flush();
    out.push('ET', 'Q', '');
    return out.join('\n');
  }

  /** Writes the fonts; call once, after the last page and before doc.end(). */
  finish(): void {
    this.faces.regular.finish();
    if (this.faces.bold !== this.faces.regular) this.faces.bold.finish();
  }
}
