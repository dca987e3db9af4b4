// Public API of the letters module (re-exported by core/index.ts).
export type { GlyphReviewItem, LetterExposure, LetterFontPaths, LetterInput, LetterPayment } from './types.js';
export {
  BLOCK_PLACEHOLDERS,
  COMMON_PLACEHOLDERS,
  DEFAULT_ADDRESS_BLOCK_MM,
  DEFAULT_WINDOW_MM,
  EXPOSURE_PLACEHOLDERS,
  LetterTemplateError,
  assertLetterTemplates,
  contactDeskSchema,
  letterSettingsSchema,
  organisationSchema,
  validateLetterTemplates,
} from './incident-letter-schema.js';
export type {
  BoxMm,
  ContactDesk,
  LetterSettings,
  LetterSettingsInput,
  Organisation,
  TemplateContext,
  TemplateExposureInfo,
  TemplateIssue,
} from './incident-letter-schema.js';
export { demoContactDesk, demoOrganisation, metaps2022Letter } from './preset-metaps-2022.js';
export type { LetterIncident, LetterModel } from './compose.js';
export { composeLetter } from './compose.js';
export { defaultFontPaths, loadLetterFonts } from './fonts.js';
export { LetterGlyphError, LetterRenderer, renderCalibrationPage, renderLetterPreview } from './render.js';
export type { CalibrationOptions, PreviewOptions } from './render.js';
export { LETTER_RENDERER_VERSION, printOrder, renderLetterBatch } from './batch.js';
export type {
  LetterBatchOptions,
  LetterBatchResult,
  LetterManifest,
  LetterManifestEntry,
  LetterManifestPrint,
  LetterProgress,
} from './batch.js';
export { breakLines, NO_LINE_END, NO_LINE_START } from './line-breaker.js';
