// Reading PDFs back in tests with npm packages only (pdf.js for text and fonts, @napi-rs/canvas
// for page images), so the tests need no poppler on any operating system. pdf.js paints the
// fonts embedded in the file, so Japanese renders without a system font.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const PDFJS = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function withPdf<T>(file: string, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const doc = await getDocument({
    data: new Uint8Array(readFileSync(file)),
    // The standard 14 fonts and CMaps from the package, for PDFs that do not embed theirs.
    standardFontDataUrl: join(PDFJS, 'standard_fonts') + '/',
    cMapUrl: join(PDFJS, 'cmaps') + '/',
    cMapPacked: true,
    verbosity: 0,
  }).promise;
  try {
    return await use(doc);
  } finally {
    await doc.destroy();
  }
}

/** 1-based, inclusive page range; the whole document when omitted. */
export interface PageRange {
  first?: number;
  last?: number;
}

function pageNumbers(doc: PDFDocumentProxy, range: PageRange): number[] {
  const first = range.first ?? 1;
  const last = Math.min(range.last ?? doc.numPages, doc.numPages);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/**
 * A page's text as lines, top to bottom, like `pdftotext -layout` without the column padding:
 * runs on one baseline are joined left to right, with a space where a gap separates them.
 */
async function pageLines(page: PDFPageProxy): Promise<string[]> {
  const content = await page.getTextContent();
  const runs: Run[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    const [a, b, , , x, y] = item.transform as number[];
    runs.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) || item.height });
  }
  runs.sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Run[][] = [];
  for (const run of runs) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - run.y) < Math.min(line[0]!.size, run.size) * 0.5) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    line.sort((p, q) => p.x - q.x);
    let text = '';
    let end = -Infinity;
    for (const run of line) {
      if (text !== '' && run.x - end > run.size * 0.25) text += ' ';
      text += run.str;
      end = run.x + run.width;
    }
    return text;
  });
}

/** The text of a PDF (or of some pages), one line per printed line, pages separated by a form feed. */
export async function pdfText(file: string, range: PageRange = {}): Promise<string> {
  return withPdf(file, async (doc) => {
    const pages: string[] = [];
    for (const n of pageNumbers(doc, range)) pages.push((await pageLines(await doc.getPage(n))).join('\n'));
    return pages.join('\n\f');
  });
}

export async function pdfPageCount(file: string): Promise<number> {
  return withPdf(file, async (doc) => doc.numPages);
}

export interface PdfFont {
  /** The base font name, with its subset tag (ABCDEF+) when the font is a subset. */
  name: string;
  subset: boolean;
}

/**
 * The fonts the pages use, once each (like `pdffonts`). Whether a font maps back to Unicode
 * shows in `pdfText`: pdf.js reads an embedded CID font's glyphs as text only through it.
 */
export async function pdfFonts(file: string): Promise<PdfFont[]> {
  return withPdf(file, async (doc) => {
    const fonts = new Map<string, PdfFont>();
    for (const n of pageNumbers(doc, {})) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.setFont) continue;
        const id = (ops.argsArray[i] as [string])[0];
        if (fonts.has(id)) continue;
        const font = page.commonObjs.get(id) as { name: string };
        fonts.set(id, { name: font.name, subset: /^[A-Z]{6}\+/.test(font.name) });
      }
    }
    return [...fonts.values()];
  });
}

/** Renders one page to a PNG file at `dpi` (72 = one pixel per point). */
export async function renderPdfPage(file: string, pageNumber: number, pngFile: string, dpi = 70): Promise<void> {
  await withPdf(file, async (doc) => {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    // pdf.js types its parameters with the DOM's canvas; @napi-rs/canvas implements that API.
    await page.render({ canvas: canvas as never, canvasContext: canvas.getContext('2d') as never, viewport }).promise;
    writeFileSync(pngFile, canvas.toBuffer('image/png'));
  });
}
