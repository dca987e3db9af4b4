// A small push tokenizer for the XML parts of an XLSX package: start and end tags (namespace
// prefixes dropped: `x:c` is `c`), text with the five predefined and numeric entities decoded,
// CDATA, comments and processing instructions skipped. Text arrives in decoded string pieces;
// whatever is cut at a piece's end waits for the next piece, so nothing is ever split.
// A DOCTYPE is refused: XLSX never has one, and it is how entity bombs are built.
// Hand-written rather than saxes: tokenising the 460k-row sheet (200 MB of XML) takes 2.6 s of
// CPU here against saxes's 4.9 s (README, Performance), and a worksheet needs nothing more.
import { InwError } from '../errors.js';

export interface XmlHandler {
  /** True while the handler wants text events (inside <v>, <t>, …): other text is skipped unsliced. */
  wantText: boolean;
  /**
   * The attributes are buf[from, to): sliced only by the handlers that need them (millions of cells).
   * A handler may read the element's content and end tag itself from buf (a worksheet's plain
   * cells) and return where they end: the scanner goes on from there and sends no events for
   * them, not even the close.
   */
  open(name: string, buf: string, from: number, to: number, selfClosing: boolean): number | void;
  close(name: string): void;
  text(text: string): void;
}

/** No start tag, text run or comment of a real sheet is this long (a cell holds ≤ 32,767 characters). */
const MAX_PENDING = 4 << 20;

/** How much of a piece is joined to the token cut at the end of the last one (most tokens are shorter). */
const HEAD = 4096;

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED[named]!;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** XML reads CR LF and a lone CR as LF (a CR meant as such is written &#13; or _x000D_). */
function endOfLines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The text buf[from, to) (outside CDATA) as XML means it. */
export function textOf(buf: string, from: number, to: number): string {
  return decodeEntities(endOfLines(buf.slice(from, to)));
}

const ATTR_CACHE = new Map<string, RegExp>();

/** The value of attribute `name` (any namespace prefix) in a tag's attribute text. */
export function attr(attrs: string, name: string): string | undefined {
  let re = ATTR_CACHE.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTR_CACHE.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2]!) : undefined;
}

/** One-letter names (c, v, f, t, r) without a new string each time. */
const LETTERS = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

function nameAt(buf: string, from: number, to: number): string {
  let start = from;
  for (let k = from; k < to; k++) if (buf.charCodeAt(k) === 58) start = k + 1;
  if (to - start === 1) {
    const code = buf.charCodeAt(start);
    if (code < 128) return LETTERS[code]!;
  }
  return buf.slice(start, to);
}

function isNameEnd(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 47 || code === 62;
}

/** Index of the `>` that ends the tag starting at `from`, skipping quoted attribute values; -1 if not yet here. */
function tagEnd(buf: string, from: number): number {
  const n = buf.length;
  for (let k = from; k < n; k++) {
    const c = buf.charCodeAt(k);
    if (c === 62) return k;
    if (c === 34 || c === 39) {
      const close = buf.indexOf(c === 34 ? '"' : "'", k + 1);
      if (close < 0) return -1;
      k = close;
    }
  }
  return -1;
}

export class XmlScanner {
  private pending = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly malformed: (why: string) => InwError,
  ) {}

  push(piece: string): void {
    let buf = piece;
    let from = 0;
    if (this.pending !== '') {
      // Only the token cut at the last piece's end is joined to the start of this one: joining
      // the whole piece would copy it (a megabyte) into a new string.
      const cut = Math.min(piece.length, HEAD);
      const head = this.pending + piece.slice(0, cut);
      const used = this.scan(head, 0);
      if (cut === piece.length) {
        buf = head;
        from = used;
      } else if (used >= this.pending.length) {
        from = used - this.pending.length;
      } else {
        // A token longer than the head: join after all.
        buf = head.slice(used) + piece.slice(cut);
      }
    }
    const used = this.scan(buf, from);
    this.pending = used === buf.length ? '' : buf.slice(used);
    if (this.pending.length > MAX_PENDING) throw this.malformed('終わらない要素があります');
  }

  end(): void {
    if (this.pending.trim() !== '') throw this.malformed('途中で終わっています');
  }

  /** Consumes complete tokens; returns where the incomplete rest begins. */
  private scan(buf: string, from: number): number {
    const h = this.handler;
    let pos = from;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) return pos;
      if (lt > pos && h.wantText) h.text(textOf(buf, pos, lt));
      const next = buf.charCodeAt(lt + 1);
      if (Number.isNaN(next)) return lt;
      if (next === 47) {
        const gt = buf.indexOf('>', lt);
        if (gt < 0) return lt;
        let end = gt;
        while (end > lt + 2 && isNameEnd(buf.charCodeAt(end - 1))) end--;
        h.close(nameAt(buf, lt + 2, end));
        pos = gt + 1;
      } else if (next === 33) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) return lt;
          pos = end + 3;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) return lt;
          if (h.wantText) h.text(endOfLines(buf.slice(lt + 9, end)));
          pos = end + 3;
        } else if (buf.length - lt < 9) {
          return lt;
        } else {
          throw this.malformed('DOCTYPE などの宣言は XLSX にはありえません');
        }
      } else if (next === 63) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) return lt;
        pos = end + 2;
      } else {
        const gt = tagEnd(buf, lt + 1);
        if (gt < 0) return lt;
        const selfClosing = buf.charCodeAt(gt - 1) === 47;
        let i = lt + 1;
        while (i < gt && !isNameEnd(buf.charCodeAt(i))) i++;
        const name = nameAt(buf, lt + 1, i);
        const end = h.open(name, buf, i, selfClosing ? gt - 1 : gt, selfClosing);
        if (typeof end === 'number') {
          pos = end;
        } else {
          if (selfClosing) h.close(name);
          pos = gt + 1;
        }
      }
    }
  }
}
