// exceljs, pdfkit and fontkit load on first use. Every CLI command is a fresh process, and
// loading these three up front took most of its start-up (≈1.5 s of a 2.5 s `inw status`)
// though most commands write no sheet or letter. Types come from the packages as usual.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type PDFDocument from 'pdfkit';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);

function loadedOnce<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}

export const exceljs = loadedOnce<typeof ExcelJS>('exceljs');
export const pdfkit = loadedOnce<typeof PDFDocument>('pdfkit');
export const fontkit = loadedOnce<typeof Fontkit>('fontkit');
