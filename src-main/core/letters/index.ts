// Public API of the letters module (re-exported by core/index.ts).
export type { GlyphReviewItem, LetterExposure, LetterFontPaths, LetterInput, LetterPayment } from './types.js';
export type { LetterIncident, LetterModel } from './compose.js';
export { composeLetter } from './compose.js';
export { defaultFontPaths, loadLetterFonts } from './fonts.js';
export { LetterGlyphError, LetterRenderer, renderCalibrationPage, renderLetterPreview } from './render.js';
export type { CalibrationOptions, PreviewOptions } from './render.js';
export { LETTER_RENDERER_VERSION, renderLetterBatch } from './batch.js';
export type {
  LetterBatchOptions,
  LetterBatchResult,
  LetterManifest,
  LetterManifestEntry,
  LetterManifestPrint,
  LetterProgress,
} from './batch.js';
export { breakLines, NO_LINE_END, NO_LINE_START } from './line-breaker.js';
