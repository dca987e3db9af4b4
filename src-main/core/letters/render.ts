// Paints laid-out letters into PDFs with pdfkit. Documents are byte-stable: fixed
// CreationDate/ModDate (the letter date, 00:00 Japan time) and a file ID derived from the
// letters' input digest (pdfkit hashes the info dictionary into /ID, and InwDigest is in it).
// Text and fonts go through pdf-fonts.ts (a batch-wide font subset plus one per document).
import type PDFDocument from 'pdfkit';
import { pdfkit } from '../heavy-modules.js';
import type { LetterIncident, LetterModel } from './compose.js';
import { composeLetter, letterTexts } from './compose.js';
import type { LetterFonts } from './fonts.js';
import { loadLetterFonts } from './fonts.js';
import { checkLetterGlyphs } from './glyph-check.js';
import type { LetterSettings } from '../incident/letter-schema.js';
import type { DrawOp, LetterLayout } from './layout.js';
import { BARCODE_SIZE_PT, LetterLayouter, MM, PAGE_HEIGHT, PAGE_WIDTH, boxToPt, foldMarkOps } from './layout.js';
import { BARCODE_QUIET_ZONE_PT, barcodeGeometry } from '../mail/barcode.js';
import type { Face, ShapedGlyph } from './measure.js';
import { Measurer } from './measure.js';
import { PdfTextWriter, SharedSubset, num, type TextRun } from './pdf-fonts.js';
import type { GlyphReviewItem, LetterFontPaths, LetterInput } from './types.js';

export interface LaidOutLetter {
  model: LetterModel;
  layout: LetterLayout;
}

export interface DocumentMeta {
  title: string;
  author: string;
  /** Hex digest of everything the document was made from (becomes part of /ID). */
  digest: string;
  letterDate: string;
}

type Doc = InstanceType<typeof PDFDocument>;

function createDocument(meta: DocumentMeta): Doc {
  const fixed = new Date(`${meta.letterDate}T00:00:00+09:00`);
  const doc = new (pdfkit())({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    lang: 'ja-JP',
    displayTitle: true,
    // No default Helvetica: pdfkit would parse its AFM metrics for every one-letter file,
    // and all text is drawn by PdfTextWriter.
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      Creator: 'Incident Notice Workbench',
      Producer: 'inw letters (pdfkit)',
      CreationDate: fixed,
      ModDate: fixed,
      InwDigest: meta.digest,
    } as PDFKit.DocumentInfo,
  });
  return doc;
}

/**
 * The document's bytes. pdfkit emits many small chunks, and each deflated stream is a view on
 * zlib's 16 KB output buffer: kept as they are, a 10,000-page print file held ≈8 times its
 * size. Joining them every megabyte copies the bytes out and lets those buffers go.
 */
function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const joined: Buffer[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const join = (): void => {
      if (pending.length > 0) joined.push(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    doc.on('data', (c: Buffer) => {
      pending.push(c);
      pendingBytes += c.length;
      if (pendingBytes >= 1 << 20) join();
    });
    doc.on('end', () => {
      join();
      resolve(joined.length === 1 ? joined[0]! : Buffer.concat(joined));
    });
    doc.on('error', reject);
  });
}

/**
 * One page's content, gathered as PDF operators and handed to pdfkit in one piece when the page
 * is done: pdfkit's drawing calls (fillColor, rect, stroke) each convert and copy their few
 * bytes on their own, which cost a per-person batch more than the deflating of its pages.
 * Coordinates are pdfkit's top-down page space; grays are DeviceGray levels.
 */
class PageContent {
  private readonly parts: string[] = [];
  private fill = -1;
  private stroke = -1;
  private width = -1;

  constructor(private readonly text: PdfTextWriter) {}

  /** Saves the graphics state and applies a transformation matrix (a b c d e f). */
  saveAndTransform(matrix: readonly number[]): void {
    this.parts.push(`q\n${matrix.map(num).join(' ')} cm\n`);
  }

  /** Restores the saved state: the colours and width set since are undone, so none is assumed. */
  restore(): void {
    this.parts.push('Q\n');
    this.fill = this.stroke = this.width = -1;
  }

  paint(ops: readonly DrawOp[]): void {
    for (const op of ops) {
      if (op.t === 'text') {
        this.fillGray(op.gray ?? 0);
        this.parts.push(this.text.operators(op));
      } else if (op.t === 'line') {
        this.strokeWith(op.width, op.gray);
        this.parts.push(`${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S\n`);
      } else {
        const path = `${num(op.x)} ${num(op.y)} ${num(op.w)} ${num(op.h)} re`;
        if (op.fill !== null) this.fillGray(op.fill);
        if (op.stroke !== null) this.strokeWith(op.width ?? 0.5, op.stroke);
        if (op.fill !== null || op.stroke !== null) this.parts.push(`${path} ${op.fill === null ? 'S' : op.stroke === null ? 'f' : 'B'}\n`);
      }
    }
  }

  /** Draws the text itself (the draft mark) in a gray. */
  drawText(run: TextRun, gray: number): void {
    this.fillGray(gray);
    this.parts.push(this.text.operators(run));
  }

  /** Writes the page's operators into the page pdfkit has open. */
  writeTo(doc: Doc): void {
    // As bytes: pdfkit converts a string to bytes one character at a time in JavaScript.
    (doc as unknown as { page: { write(chunk: Uint8Array): void } }).page.write(Buffer.from(this.parts.join(''), 'latin1'));
  }

  private fillGray(level: number): void {
    if (level === this.fill) return;
    this.fill = level;
    this.parts.push(`${num(level)} g\n`);
  }

  private strokeWith(width: number, level: number): void {
    if (width !== this.width) this.parts.push(`${num((this.width = width))} w\n`);
    if (level !== this.stroke) this.parts.push(`${num((this.stroke = level))} G\n`);
  }
}

/** The word that marks a draft, across every page. */
export const DRAFT_MARK = '見本';

/**
 * 見本 in large light-grey type diagonally across the page, painted first so the letter's text
 * stays readable on top of it; a photocopy or a scan still shows it.
 */
function paintDraftMark(page: PageContent): void {
  const size = 200;
  // Turned 35° anticlockwise on the page about its centre, as pdfkit's rotate() would turn it.
  const rad = (-35 * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const [cx, cy] = [PAGE_WIDTH / 2, PAGE_HEIGHT / 2];
  page.saveAndTransform([cos, sin, -sin, cos, cx - (cx * cos - cy * sin), cy - (cx * sin + cy * cos)]);
  page.drawText({ x: PAGE_WIDTH / 2 - size, y: PAGE_HEIGHT / 2 + size * 0.35, text: DRAFT_MARK, face: 'bold', size, cs: 0 }, 0.86);
  page.restore();
}

/** Lays out and paints letters for one incident, font and date; reused for a whole batch. */
export class LetterRenderer {
  readonly measurer: Measurer;
  private readonly layouter: LetterLayouter;

  constructor(
    readonly incident: LetterIncident,
    readonly fonts: LetterFonts,
    readonly letterDate: string,
  ) {
    this.measurer = new Measurer(fonts);
    this.layouter = new LetterLayouter(this.measurer, incident.letter);
  }

  compose(input: LetterInput): LetterModel {
    return composeLetter(input, this.incident, this.letterDate);
  }

  /** Missing glyphs of one person's letter (empty when it can be printed). */
  checkGlyphs(input: LetterInput, model = this.compose(input)): GlyphReviewItem[] {
    const fonts = [this.fonts.regular.font, ...(this.fonts.bold ? [this.fonts.bold.font] : [])];
    return checkLetterGlyphs(input, letterTexts(model), fonts);
  }

  layout(input: LetterInput): LaidOutLetter {
    const model = this.compose(input);
    return { model, layout: this.layouter.layout(model) };
  }

  /**
   * One PDF holding the given letters in order, each starting on a new page. Only the pages
   * are painted, so letters laid out on another thread can arrive as an async stream.
   */
  async renderDocument(
    letters: Iterable<Pick<LaidOutLetter, 'layout'>> | AsyncIterable<Pick<LaidOutLetter, 'layout'>>,
    meta: Omit<DocumentMeta, 'letterDate'>,
  ): Promise<Buffer> {
    const doc = createDocument({ ...meta, letterDate: this.letterDate });
    const done = collect(doc);
    const text = new PdfTextWriter(doc, this.measurer, this.sharedSubsets());
    const folds = this.incident.letter.layout.foldMarks ? foldMarkOps() : [];
    let pagesSinceYield = 0;
    for await (const letter of letters) {
      for (const page of letter.layout.pages) {
        doc.addPage({ size: 'A4', margin: 0 });
        const content = new PageContent(text);
        if (this.incident.draft) paintDraftMark(content);
        content.paint(folds);
        content.paint(page.ops);
        content.writeTo(doc);
      }
      // pdfkit's stream hands out its bytes on a later tick: without a turn of the event loop
      // a print file's every page (each on a 16 KB zlib buffer) would wait in memory until the end.
      pagesSinceYield += letter.layout.pages.length;
      if (pagesSinceYield >= 64) {
        pagesSinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    text.finish();
    doc.end();
    return done;
  }

  private shared: Record<Face, SharedSubset> | null = null;
  private simplexLayouter: LetterLayouter | null = null;

  /**
   * The glyphs every letter of this incident prints, whoever it is for: those of sample
   * letters for each exposure alone and each certainty, for two made-up persons with no
   * character in common, that all the samples share. Glyphs only some letters print (one
   * exposure's paragraph, names, addresses) go into each document's own subset, so a file
   * carries no outline it does not draw. Digits stay shared (the samples' dates and amounts
   * print all ten), though a short letter may lack one: nearly every letter prints them.
   */
  private sharedSubsets(): Record<Face, SharedSubset> {
    if (this.shared) return this.shared;
    const codes = Object.keys(this.incident.letter.exposureParagraphs);
    let common: Record<Face, Map<number, ShapedGlyph>> | null = null;
    for (const person of SAMPLE_PERSONS) {
      for (const code of codes.length > 0 ? codes : [null]) {
        for (const certainty of ['possible', 'confirmed'] as const) {
          const glyphs = this.sampleGlyphs(sampleInput(person, code, certainty, this.letterDate));
          common = common === null ? glyphs : { regular: intersect(common.regular, glyphs.regular), bold: intersect(common.bold, glyphs.bold) };
        }
      }
    }
    const regular = new SharedSubset(this.fonts.regular, common!.regular.values());
    this.shared = { regular, bold: this.fonts.bold ? new SharedSubset(this.fonts.bold, common!.bold.values()) : regular };
    return this.shared;
  }

  /** The glyphs one letter prints per face, in order of first use (the subset's CID order). */
  private sampleGlyphs(input: LetterInput): Record<Face, Map<number, ShapedGlyph>> {
    const glyphs: Record<Face, Map<number, ShapedGlyph>> = { regular: new Map(), bold: new Map() };
    // Single-sided: the blank back's words are drawn by odd letters only, so they stay out.
    this.simplexLayouter ??= new LetterLayouter(this.measurer, { ...this.incident.letter, print: { duplex: false, splitByPages: false } });
    for (const page of this.simplexLayouter.layout(this.compose(input)).pages) {
      for (const op of page.ops) {
        if (op.t !== 'text') continue;
        const face = this.fonts.bold ? op.face : 'regular';
        for (const glyph of this.measurer.shape(op.text, op.face)) if (!glyphs[face].has(glyph.id)) glyphs[face].set(glyph.id, glyph);
      }
    }
    return glyphs;
  }
}

function intersect(kept: Map<number, ShapedGlyph>, other: ReadonlyMap<number, ShapedGlyph>): Map<number, ShapedGlyph> {
  return new Map([...kept].filter(([id]) => other.has(id)));
}

/** Two made-up persons whose name and address share no character, so neither stays in the shared subset. */
const SAMPLE_PERSONS = [
  { name: '見本 太郎', postalCode: '1000001', address1: '東京都千代田区千代田1-1', address2: '見本ビル2階' },
  { name: '例 花子', postalCode: '9998888', address1: '沖縄県那覇市泉崎', address2: null },
] as const;

/** A made-up person with one exposure (and payments) over two pages. */
function sampleInput(
  person: (typeof SAMPLE_PERSONS)[number],
  code: string | null,
  certainty: 'possible' | 'confirmed',
  letterDate: string,
): LetterInput {
  return {
    personId: 'P000000',
    referenceNumber: '0000-0000',
    category: code ?? '',
    kana: null,
    ...person,
    exposures: code === null ? [] : [{ code, label: code, certainty, items: [], window: { from: letterDate, to: letterDate } }],
    payments: Array.from({ length: 40 }, (_, i) => ({
      transactionId: `sample-${i}`,
      jstDate: letterDate,
      cardLast4: '0123',
      amount: 1000 * (i + 1),
      method: 'クレジットカード',
      exposures: code === null ? [] : [code],
    })),
  };
}

export class LetterGlyphError extends Error {
  constructor(readonly items: GlyphReviewItem[]) {
    super(`フォントにない文字があります: ${items.map((i) => `${i.field} ${i.char} (${i.codePoint})`).join(', ')}`);
    this.name = 'LetterGlyphError';
  }
}

export interface PreviewOptions {
  incident: LetterIncident;
  fontPaths: LetterFontPaths;
  /** YYYY-MM-DD, Japan-local: the date printed on the letter. */
  letterDate: string;
}

/**
 * One person's letter as a PDF, exactly as the batch would print it. Throws
 * LetterGlyphError when the font lacks a character (the batch lists such persons instead).
 */
export async function renderLetterPreview(input: LetterInput, options: PreviewOptions): Promise<Buffer> {
  const renderer = new LetterRenderer(options.incident, loadLetterFonts(options.fontPaths), options.letterDate);
  const model = renderer.compose(input);
  const missing = renderer.checkGlyphs(input, model);
  if (missing.length > 0) throw new LetterGlyphError(missing);
  const letter = { model, layout: new LetterLayouter(renderer.measurer, options.incident.letter).layout(model) };
  return renderer.renderDocument([letter], {
    title: model.subject,
    author: options.incident.organisation.name,
    digest: `preview:${input.personId}`,
  });
}

export interface CalibrationOptions {
  letter: LetterSettings;
  fontPaths: LetterFontPaths;
  /** YYYY-MM-DD; only fixes the document date. */
  letterDate: string;
}

/**
 * A page for checking the address position against real envelopes: print it, fold it in
 * three along the lines and put it in a window envelope; the solid frame (the window)
 * and the address block must both be visible through the window.
 */
export async function renderCalibrationPage(options: CalibrationOptions): Promise<Buffer> {
  const fonts = loadLetterFonts(options.fontPaths);
  const doc = createDocument({
    title: '窓付き封筒 位置確認シート',
    author: 'Incident Notice Workbench',
    digest: 'calibration',
    letterDate: options.letterDate,
  });
  const done = collect(doc);
  doc.addPage({ size: 'A4', margin: 0 });
  const win = boxToPt(options.letter.layout.window);
  const blk = boxToPt(options.letter.layout.addressBlock);
  const ops: DrawOp[] = [...foldMarkOps()];
  // Fold lines across the page, dashed.
  for (const mm of [99, 198]) {
    for (let x = 10 * MM; x < PAGE_WIDTH - 10 * MM; x += 4 * MM) {
      ops.push({ t: 'line', x1: x, y1: mm * MM, x2: x + 2 * MM, y2: mm * MM, width: 0.4, gray: 0.4 });
    }
  }
  // Rulers along the top and left edges, every millimetre to 120 / 100 mm.
  for (let mm = 0; mm <= 120; mm++) {
    const len = mm % 10 === 0 ? 4 : mm % 5 === 0 ? 2.5 : 1.5;
    ops.push({ t: 'line', x1: mm * MM, y1: 0, x2: mm * MM, y2: len * MM, width: 0.3, gray: 0.3 });
  }
  for (let mm = 0; mm <= 100; mm++) {
    const len = mm % 10 === 0 ? 4 : mm % 5 === 0 ? 2.5 : 1.5;
    ops.push({ t: 'line', x1: 0, y1: mm * MM, x2: len * MM, y2: mm * MM, width: 0.3, gray: 0.3 });
  }
  const label = (x: number, y: number, text: string, size = 7): void => {
    ops.push({ t: 'text', x, y, text, face: 'regular', size, cs: 0, gray: 0.25 });
  };
  for (let mm = 10; mm <= 120; mm += 10) label(mm * MM + 0.8, 7 * MM, String(mm), 6);
  for (let mm = 10; mm <= 90; mm += 10) label(5 * MM, mm * MM + 2, String(mm), 6);
  ops.push({ t: 'rect', x: win.x, y: win.y, w: win.w, h: win.h, fill: null, stroke: 0, width: 1 });
  ops.push({ t: 'rect', x: blk.x, y: blk.y, w: blk.w, h: blk.h, fill: 0.92, stroke: 0.35, width: 0.5 });
  const L = options.letter.layout;
  label(win.x, win.y - 1.5 * MM, `封筒の窓（${L.window.widthMm}×${L.window.heightMm} mm、左 ${L.window.xMm} mm・上 ${L.window.yMm} mm）`);
  label(blk.x + 2 * MM, blk.y + 6 * MM, `宛名の範囲（${L.addressBlock.widthMm}×${L.addressBlock.heightMm} mm）`, 8);
  label(blk.x + 2 * MM, blk.y + 11 * MM, `左 ${L.addressBlock.xMm} mm・上 ${L.addressBlock.yMm} mm`, 8);
  // Where the customer barcode goes (bars, and the 2 mm quiet zone around them).
  const bars = barcodeGeometry(BARCODE_SIZE_PT);
  const quiet = BARCODE_QUIET_ZONE_PT;
  const barsTop = blk.y + blk.h - quiet - bars.height;
  ops.push({ t: 'rect', x: blk.x, y: barsTop - quiet, w: bars.width + quiet * 2, h: bars.height + quiet * 2, fill: null, stroke: 0.5, width: 0.3 });
  ops.push({ t: 'rect', x: blk.x + quiet, y: barsTop, w: bars.width, h: bars.height, fill: 0.7, stroke: null });
  label(blk.x + quiet, barsTop - quiet - 1, `カスタマバーコード（${BARCODE_SIZE_PT} pt、${(bars.width / MM).toFixed(1)}×${(bars.height / MM).toFixed(1)} mm、周囲 2 mm 空白）`, 6.5);
  const notes = [
    '窓付き封筒（長形3号）位置確認シート',
    '1. この用紙を普段と同じ設定（倍率100%、余白なし調整なし）で印刷してください。',
    '2. 破線で三つ折りにし、上の面を外側にして封筒に入れてください。',
    '3. 封筒を上下左右に動かしても、灰色の「宛名の範囲」が窓から外れないことを確認してください。',
    '   下端の枠はカスタマバーコードの位置です（周囲 2 mm の空白も窓の内側に）。',
    '4. 外れる場合は、インシデント定義の letter.layout.addressBlock（mm）を調整してください。',
    '   窓の実寸を測り letter.layout.window に入れると、その枠がこのシートに描かれます。',
  ];
  notes.forEach((t, i) => label(20 * MM, 110 * MM + i * 7 * MM, t, i === 0 ? 12 : 9.5));
  ops.push({ t: 'text', x: PAGE_WIDTH - 60 * MM, y: PAGE_HEIGHT - 12 * MM, text: 'A4 210×297 mm', face: 'regular', size: 8, cs: 0, gray: 0.4 });
  // No batch to share a subset with: the shared subsets are empty, the page's glyphs are its own.
  const empty = new SharedSubset(fonts.regular, []);
  const text = new PdfTextWriter(doc, new Measurer(fonts), { regular: empty, bold: empty });
  const content = new PageContent(text);
  content.paint(ops);
  content.writeTo(doc);
  text.finish();
  doc.end();
  return done;
}
