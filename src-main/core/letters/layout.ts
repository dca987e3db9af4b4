// Places a composed letter on A4 pages as a list of draw operations, before anything is
// drawn, so the page count is known for the running header ("2 / 3") and the batch can
// record pages per letter. Units are PDF points (1/72 in); y grows downwards from the top
// edge; a text op's y is its baseline. Invariants: nothing but the address block sits in
// the envelope-window zone of page 1, and no text crosses the page margins.
import { printSettingsOf, type BoxMm, type LetterSettings } from '../incident/letter-schema.js';
import type { Block, LetterModel, PaymentRow } from './compose.js';
import type { BrokenLine } from './line-breaker.js';
import { breakLines } from './line-breaker.js';
import type { Face, Measurer } from './measure.js';
import { BARCODE_QUIET_ZONE_PT, barcodeGeometry, barRects } from '../mail/barcode.js';
import { BoundedCache } from '../bounded-cache.js';

export const MM = 72 / 25.4;
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
const MARGIN_LEFT = 20 * MM;
const MARGIN_RIGHT = 20 * MM;
const MARGIN_TOP = 15 * MM;
const BODY_BOTTOM = PAGE_HEIGHT - 20 * MM;
const FOOTER_BASELINE = PAGE_HEIGHT - 12 * MM;
/** How far the folded sheet may move inside the envelope beyond the window's edges. */
const WINDOW_PLAY = 5 * MM;
/**
 * Customer barcode size: the manual allows 8–11.5 pt; at 8 pt its 63.8 mm and 2 mm quiet
 * zones fit the default 74 mm address block.
 */
export const BARCODE_SIZE_PT = 8;
/** The blank back of a double-sided letter with an odd page count says so, so nobody thinks a page is missing. */
export const BLANK_PAGE_TEXT = '（このページは白紙です）';
export const FOOTER_REFERENCE_LABEL = 'お問い合わせ番号';
const CONTINUED = '次ページへ続きます';
/** Baseline of CJK text within its em box (ideographic em box is 0.88 above, 0.12 below). */
const EM_ASCENT = 0.88;

export type DrawOp =
  | { t: 'text'; x: number; y: number; text: string; face: Face; size: number; cs: number; gray?: number }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; gray: number }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: number | null; stroke: number | null; width?: number };

export interface PagePlan {
  ops: DrawOp[];
}

export interface LetterLayout {
  /** Every page printed, the blank one of a double-sided letter included. */
  pages: PagePlan[];
  /** 1 when the letter was padded to an even page count for double-sided printing, else 0. */
  blankPages: number;
  /** Non-fatal layout problems (an address too long for the window even at the smallest size). */
  warnings: string[];
}

export function boxToPt(box: BoxMm): { x: number; y: number; w: number; h: number } {
  return { x: box.xMm * MM, y: box.yMm * MM, w: box.widthMm * MM, h: box.heightMm * MM };
}

interface TextStyle {
  face: Face;
  size: number;
}

class PageFlow {
  readonly pages: PagePlan[] = [];
  y = 0;
  constructor(private readonly continuationTop: number) {}

  get ops(): DrawOp[] {
    return this.pages[this.pages.length - 1]!.ops;
  }

  newPage(top: number): void {
    this.pages.push({ ops: [] });
    this.y = top;
  }

  /** Starts a new page when `height` does not fit below the current position. */
  ensure(height: number): boolean {
    if (this.y + height <= BODY_BOTTOM + 0.01) return false;
    this.newPage(this.continuationTop);
    return true;
  }
}

/** Entries per cache generation (see BoundedCache). */
const BROKEN_LINES_CACHE_LIMIT = 2_000;

export class LetterLayouter {
  private readonly body: TextStyle;
  private readonly lineHeight: number;
  private readonly left = MARGIN_LEFT;
  private readonly width: number;

  constructor(
    private readonly measurer: Measurer,
    private readonly settings: LetterSettings,
  ) {
    const size = settings.layout.bodyFontSizePt;
    this.body = { face: 'regular', size };
    this.lineHeight = size * 1.75;
    // A whole number of full-width characters per line: pure-CJK lines need no spacing.
    this.width = Math.floor((PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / size) * size;
  }

  private keepWithNext = 0;

  /** Height of the part of a block that must not be separated from the heading above it. */
  private leadHeight(b: Block): number {
    const lh = this.lineHeight;
    if (b.kind === 'payments') return (this.body.size - 0.6) * 1.95 * 2.3;
    if (b.kind === 'contactDesk') return this.contactDeskHeight(b.rows, this.left + this.body.size * 2) + lh * 0.2;
    return lh * 2;
  }

  /**
   * Per style and widths (a few per incident: the address block tries nine sizes at most), then
   * per text: a key joining them would be a new long string to hash for every paragraph.
   */
  private readonly brokenLines = new Map<string, BoundedCache<string, BrokenLine[]>>();

  /**
   * breakLines, remembered: most paragraphs are the incident's wording, the same in every
   * letter of a batch, so only those with the person's name or figures are broken again.
   */
  private lines(text: string, style: TextStyle, width: number, firstWidth = width): readonly BrokenLine[] {
    const measure = `${style.face}\u0000${style.size}\u0000${width}\u0000${firstWidth}`;
    let cache = this.brokenLines.get(measure);
    if (!cache) this.brokenLines.set(measure, (cache = new BoundedCache(BROKEN_LINES_CACHE_LIMIT)));
    let lines = cache.get(text);
    if (!lines) {
      lines = breakLines(text, this.measurer.measureFor(style.face, style.size), width, firstWidth);
      cache.set(text, lines);
    }
    return lines;
  }

  private w(text: string, style: TextStyle): number {
    return this.measurer.width(text, style.face, style.size);
  }

  private text(flow: PageFlow, x: number, top: number, text: string, style: TextStyle, lineHeight: number, cs = 0, gray?: number): void {
    const y = top + (lineHeight - style.size) / 2 + EM_ASCENT * style.size;
    flow.ops.push({ t: 'text', x, y, text, face: style.face, size: style.size, cs, ...(gray === undefined ? {} : { gray }) });
  }

  /** Lays out wrapped, justified lines; the last line of a paragraph stays ragged. */
  private paragraph(flow: PageFlow, text: string, firstX: number, restX: number, style: TextStyle, lineHeight: number, justify = true): void {
    const right = this.left + this.width;
    const lines = this.lines(text, style, right - restX, right - firstX);
    lines.forEach((line, i) => {
      flow.ensure(lineHeight);
      const x = i === 0 ? firstX : restX;
      let cs = 0;
      const count = codePointCount(line.text);
      if (justify && !line.last && count > 1) {
        cs = (right - x - this.measurer.shapedWidth(line.text, style.face, style.size)) / (count - 1);
        // A line ended early by an unbreakable word would look letter-spaced: leave it ragged.
        if (cs > style.size * 0.25 || cs < 0) cs = 0;
      }
      this.text(flow, x, flow.y, line.text, style, lineHeight, cs);
      flow.y += lineHeight;
    });
  }

  layout(model: LetterModel): LetterLayout {
    const warnings: string[] = [];
    const flow = new PageFlow(MARGIN_TOP + 14 * MM);
    flow.newPage(MARGIN_TOP);
    const { settings } = this;
    const window = boxToPt(settings.layout.window);
    const block = boxToPt(settings.layout.addressBlock);

    if (!this.addressBlock(flow, model, block)) warnings.push('宛名が窓の枠に収まりません（最小の文字サイズでもはみ出します）');

    // Date and sender to the right of everything that can show through the window.
    const right = this.left + this.width;
    const columnLeft = Math.max(window.x + window.w, block.x + block.w) + WINDOW_PLAY;
    const small: TextStyle = { face: 'regular', size: this.body.size + 0.2 };
    let y = block.y;
    const put = (text: string, style: TextStyle, lh: number): void => {
      const lines = this.lines(text, style, right - columnLeft);
      for (const line of lines) {
        this.text(flow, right - this.measurer.shapedWidth(line.text, style.face, style.size), y, line.text, style, lh);
        y += lh;
      }
    };
    put(model.date, small, small.size * 1.6);
    y += small.size * 1.2;
    for (const line of model.sender) put(line, small, small.size * 1.6);

    // Subject below the window zone (the sheet may move up by WINDOW_PLAY).
    const keepOut = Math.max(window.y + window.h, block.y + block.h) + WINDOW_PLAY;
    const subject: TextStyle = { face: 'bold', size: this.body.size + 3.7 };
    flow.y = Math.max(keepOut, y + 4 * MM);
    const subjectLines = this.lines(model.subject, subject, this.width);
    for (const line of subjectLines) {
      this.text(flow, this.left + (this.width - line.width) / 2, flow.y, line.text, subject, subject.size * 1.6);
      flow.y += subject.size * 1.6;
    }
    flow.y += this.lineHeight * 0.6;

    let inSections = false;
    model.blocks.forEach((b, i) => {
      const next = model.blocks[i + 1];
      if (b.kind === 'heading' && next) this.keepWithNext = this.leadHeight(next);
      this.block(flow, b, () => inSections, () => (inSections = true));
    });
    // Double-sided: an odd letter gets a blank back, so the next person's first page starts a
    // new sheet and no envelope holds another person's page.
    const contentPages = flow.pages.length;
    if (printSettingsOf(settings).duplex && contentPages % 2 === 1) flow.pages.push({ ops: [this.blankPageText()] });
    this.addPageFurniture(flow.pages, contentPages, model);
    return { pages: flow.pages, blankPages: flow.pages.length - contentPages, warnings };
  }

  private block(flow: PageFlow, b: Block, inSections: () => boolean, enterSections: () => void): void {
    const em = this.body.size;
    const left = this.left + (inSections() ? em : 0);
    const lh = this.lineHeight;
    switch (b.kind) {
      case 'paragraph': {
        if (b.style === 'list') {
          const markerW = this.w(b.marker ?? '', this.body);
          this.paragraph(flow, b.text, left + em, left + em + markerW, this.body, lh);
        } else {
          this.paragraph(flow, b.text, b.style === 'body' ? left + em : left, left, this.body, lh);
        }
        return;
      }
      case 'heading': {
        const style: TextStyle = { face: 'bold', size: em + 0.7 };
        flow.y += lh * 0.45;
        // Keep a heading with the start of its section (two lines, a table head, a whole box).
        flow.ensure(lh * 1.1 + this.keepWithNext);
        this.paragraph(flow, b.text, this.left, this.left + em * 2, style, lh, false);
        return;
      }
      case 'right': {
        flow.ensure(lh);
        const w = this.w(b.text, this.body);
        this.text(flow, this.left + this.width - w - em, flow.y, b.text, this.body, lh);
        flow.y += lh;
        return;
      }
      case 'center': {
        flow.ensure(lh * 3);
        const w = this.w(b.text, this.body);
        this.text(flow, this.left + (this.width - w) / 2, flow.y, b.text, this.body, lh);
        flow.y += lh;
        enterSections();
        return;
      }
      case 'payments':
        this.paymentTable(flow, b.rows, left + em);
        return;
      case 'contactDesk':
        this.contactDesk(flow, b.rows, left + em);
        return;
    }
  }

  private paymentTable(flow: PageFlow, rows: PaymentRow[], x0: number): void {
    const style: TextStyle = { face: 'regular', size: this.body.size - 0.6 };
    const em = style.size;
    const rowH = em * 1.95;
    const total = this.left + this.width - em - x0;
    const fixed = { no: em * 2.6, date: em * 8.4, card: em * 7.2, amount: em * 7.6, marks: em * 4 };
    const method = total - fixed.no - fixed.date - fixed.card - fixed.amount - fixed.marks;
    const cols: Array<{ key: keyof PaymentRow; title: string; w: number; align: 'left' | 'center' | 'right' }> = [
      { key: 'no', title: 'No.', w: fixed.no, align: 'center' },
      { key: 'date', title: '決済日', w: fixed.date, align: 'left' },
      { key: 'method', title: 'お支払い方法', w: method, align: 'left' },
      { key: 'card', title: 'カード番号', w: fixed.card, align: 'left' },
      { key: 'amount', title: '金額', w: fixed.amount, align: 'right' },
      { key: 'marks', title: '該当', w: fixed.marks, align: 'center' },
    ];
    const pad = em * 0.6;
    const cell = (x: number, w: number, text: string, align: 'left' | 'center' | 'right', top: number, st: TextStyle): void => {
      let s = st;
      // Shrink a value that would not fit its column instead of cutting it.
      while (this.w(text, s) > w - pad * 2 && s.size > 6) s = { ...s, size: s.size - 0.5 };
      const tw = this.w(text, s);
      const tx = align === 'left' ? x + pad : align === 'right' ? x + w - pad - tw : x + (w - tw) / 2;
      this.text(flow, tx, top + (rowH - s.size * 1.5) / 2, text, s, s.size * 1.5);
    };
    const header = (): void => {
      flow.ops.push({ t: 'rect', x: x0, y: flow.y, w: total, h: rowH, fill: 0.9, stroke: null });
      let x = x0;
      for (const c of cols) {
        cell(x, c.w, c.title, 'center', flow.y, style);
        x += c.w;
      }
      flow.ops.push({ t: 'line', x1: x0, y1: flow.y, x2: x0 + total, y2: flow.y, width: 0.7, gray: 0 });
      flow.ops.push({ t: 'line', x1: x0, y1: flow.y + rowH, x2: x0 + total, y2: flow.y + rowH, width: 0.5, gray: 0 });
      flow.y += rowH;
    };
    flow.y += rowH * 0.15;
    flow.ensure(rowH * 2);
    header();
    rows.forEach((row, i) => {
      if (flow.ensure(rowH)) header();
      let x = x0;
      for (const c of cols) {
        cell(x, c.w, row[c.key], c.align, flow.y, style);
        x += c.w;
      }
      flow.y += rowH;
      const last = i === rows.length - 1;
      flow.ops.push({ t: 'line', x1: x0, y1: flow.y, x2: x0 + total, y2: flow.y, width: last ? 0.7 : 0.3, gray: last ? 0 : 0.55 });
    });
    flow.y += rowH * 0.4;
  }

  private contactDeskGeometry(rows: Array<[string, string]>, x0: number) {
    const style = this.body;
    const lh = style.size * 1.7;
    const labelW = style.size * 5.5;
    const total = this.left + this.width - style.size - x0;
    const pad = style.size * 0.9;
    const wrapped = rows.map(([k, v]) => ({ k, lines: this.lines(v, style, total - labelW - pad * 2) }));
    const height = wrapped.reduce((h, r) => h + r.lines.length * lh, 0) + pad * 2;
    return { style, lh, labelW, total, pad, wrapped, height };
  }

  private contactDeskHeight(rows: Array<[string, string]>, x0: number): number {
    return this.contactDeskGeometry(rows, x0).height;
  }

  private contactDesk(flow: PageFlow, rows: Array<[string, string]>, x0: number): void {
    const { style, lh, labelW, total, pad, wrapped, height } = this.contactDeskGeometry(rows, x0);
    flow.y += lh * 0.2;
    flow.ensure(height);
    const top = flow.y;
    flow.ops.push({ t: 'rect', x: x0, y: top, w: total, h: height, fill: null, stroke: 0, width: 0.6 });
    let y = top + pad;
    for (const r of wrapped) {
      this.text(flow, x0 + pad, y, r.k, style, lh);
      r.lines.forEach((line, i) => {
        this.text(flow, x0 + pad + labelW, y + i * lh, line.text, style, lh);
      });
      y += r.lines.length * lh;
    }
    flow.y = top + height + lh * 0.3;
  }

  /**
   * Fits 〒, address lines and name + 様 into the window box, shrinking all sizes together
   * when a long address needs more lines. Lines wrap (never cut). False when even the
   * smallest size overflows.
   */
  private addressBlock(flow: PageFlow, model: LetterModel, box: { x: number; y: number; w: number; h: number }): boolean {
    const pad = 1.5 * MM;
    const inner = box.w - pad * 2;
    // The barcode sits at the bottom of the block with its quiet zone inside it: the block stays
    // inside the window at the calibrated offsets, so the 2 mm stay clear of the window's edge.
    const barcode = model.address.barcode;
    const bars = barcode ? barcodeGeometry(BARCODE_SIZE_PT) : null;
    const reserve = bars ? BARCODE_QUIET_ZONE_PT * 2 + bars.height - pad : 0;
    if (bars && barcode) {
      const x = box.x + BARCODE_QUIET_ZONE_PT;
      const y = box.y + box.h - BARCODE_QUIET_ZONE_PT - bars.height;
      for (const r of barRects(barcode, x, y, BARCODE_SIZE_PT)) flow.ops.push({ t: 'rect', x: r.x, y: r.y, w: r.w, h: r.h, fill: 0, stroke: null });
    }
    for (let scale = 1; ; scale -= 0.05) {
      const postal: TextStyle = { face: 'regular', size: 10 * scale };
      const addr: TextStyle = { face: 'regular', size: 10.5 * scale };
      const name: TextStyle = { face: 'regular', size: 14.5 * scale };
      const planned: Array<{ text: string; style: TextStyle; lh: number; indent: number }> = [];
      planned.push({ text: `〒${model.address.postalCode}`, style: postal, lh: postal.size * 1.5, indent: 0 });
      for (const l of model.address.lines) {
        // Continuation lines of one address line are indented by one character.
        this.wrapAddress(l, addr, inner).forEach((text, i) => {
          planned.push({ text, style: addr, lh: addr.size * 1.45, indent: i === 0 ? 0 : addr.size });
        });
      }
      const nameLines = this.lines(`${model.address.name}　様`, name, inner - name.size);
      const gap = 2.2 * MM * scale;
      const height =
        planned.reduce((h, p) => h + p.lh, 0) + gap + nameLines.length * name.size * 1.4;
      if (height <= box.h - pad * 2 - reserve || scale <= 0.6 + 1e-9) {
        let y = box.y + pad;
        for (const p of planned) {
          this.text(flow, box.x + pad + p.indent, y, p.text, p.style, p.lh);
          y += p.lh;
        }
        y += gap;
        for (const line of nameLines) {
          this.text(flow, box.x + pad + name.size, y, line.text, name, name.size * 1.4);
          y += name.size * 1.4;
        }
        return height <= box.h - pad * 2 - reserve;
      }
    }
  }

  /**
   * Wraps an address line, breaking at its spaces (番地｜建物名) where the parts fit, so a
   * building name is not split in the middle; a part too long for a line wraps by characters.
   */
  private wrapAddress(line: string, style: TextStyle, inner: number): string[] {
    const measure = this.measurer.measureFor(style.face, style.size);
    // Each part keeps the spaces written after it; they are dropped at a line end.
    const parts = line.trim().match(/[^\s\u3000]+[\s\u3000]*/g) ?? [];
    const out: string[] = [];
    let current = '';
    for (const raw of parts) {
      const part = raw.replace(/[\s\u3000]+$/, '');
      const avail = out.length === 0 ? inner : inner - style.size;
      const candidate = current + part;
      if (measure(candidate) <= avail) {
        current += raw;
        continue;
      }
      current = current.replace(/[\s\u3000]+$/, '');
      if (current !== '') out.push(current);
      const lines = this.lines(part, style, inner - style.size, out.length === 0 ? inner : inner - style.size);
      lines.slice(0, -1).forEach((l) => out.push(l.text));
      current = (lines[lines.length - 1]?.text ?? '') + raw.slice(part.length);
    }
    current = current.replace(/[\s\u3000]+$/, '');
    if (current !== '') out.push(current);
    return out;
  }

  private blankPageText(): DrawOp {
    const size = 9;
    const w = this.measurer.width(BLANK_PAGE_TEXT, 'regular', size);
    return { t: 'text', x: this.left + (this.width - w) / 2, y: PAGE_HEIGHT / 2, text: BLANK_PAGE_TEXT, face: 'regular', size, cs: 0, gray: 0.45 };
  }

  /**
   * On every page, at the foot (far from the window): the お問い合わせ番号 with the person ID and
   * 「n / N」, so a page found loose is matched to its envelope; 次ページへ続きます under a page the
   * letter continues after. Pages 2+ of the letter's text also get a running header (name, n / N).
   */
  private addPageFurniture(pages: PagePlan[], contentPages: number, model: LetterModel): void {
    const total = pages.length;
    const style: TextStyle = { face: 'regular', size: 8 };
    const right = this.left + this.width;
    const id = `${FOOTER_REFERENCE_LABEL} ${model.referenceNumber}（${model.personId}）`;
    pages.forEach((page, i) => {
      const label = `${i + 1} / ${total}`;
      const lw = this.measurer.width(label, style.face, style.size);
      const footer = (x: number, text: string): void => {
        page.ops.push({ t: 'text', x, y: FOOTER_BASELINE, text, face: style.face, size: style.size, cs: 0, gray: 0.3 });
      };
      footer(this.left, id);
      footer(this.left + (this.width - lw) / 2, label);
      if (i < contentPages - 1) footer(right - this.measurer.width(CONTINUED, style.face, style.size), CONTINUED);
      if (i === 0 || i >= contentPages) return;
      const base = MARGIN_TOP + 5 * MM;
      const name = `${model.address.name} 様`;
      page.ops.push({ t: 'text', x: this.left, y: base, text: name, face: style.face, size: style.size, cs: 0, gray: 0.3 });
      page.ops.push({ t: 'text', x: right - lw, y: base, text: label, face: style.face, size: style.size, cs: 0, gray: 0.3 });
      page.ops.push({ t: 'line', x1: this.left, y1: base + 2.5 * MM, x2: right, y2: base + 2.5 * MM, width: 0.4, gray: 0.5 });
    });
  }
}

/** Short marks in the left margin where A4 is folded in three (99 and 198 mm). */
export function foldMarkOps(): DrawOp[] {
  return [99, 198].map((mm) => ({ t: 'line', x1: 4 * MM, y1: mm * MM, x2: 9 * MM, y2: mm * MM, width: 0.4, gray: 0.45 }) as DrawOp);
}

/** Characters (code points) in a line, without making an array of them for every line laid out. */
function codePointCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    if (text.codePointAt(i)! > 0xffff) i++;
  }
  return count;
}
