// The public API of the core: what the CLI, the Electron main process and the tests import.
export { InwError, isInwError, describeLocation, type ErrorLocation } from './errors.js';
export { openDb, closeDb, describeDbError, findMigrationsDir, DEFAULT_BUSY_TIMEOUT_MS, type Db, type OpenDbOptions, type OpenMode } from './store/db.js';
export { guardOutput, writeOutputFile, writeFileAtomic, type OutputGuard } from './store/output-guard.js';
export { listOutputs, OUTPUT_KINDS, type OutputKind, type OutputRecord } from './store/outputs.js';
export {
  appendAudit, auditHead, formatAuditHead, listAudit, parseAuditAnchor, verifyAudit, type AuditEntry, type AuditHead, type AuditVerification,
} from './store/audit.js';
export { importFile, type ImportOptions, type ImportReport, type ImportProgress, type ImportWarning } from './import/run.js';
export { checkUserMapping, isSecurityCodeHeader, parseMapArguments, FIELD_IDS, FIELDS, type FieldId, type UserMapping } from './import/fields.js';
export { ENCODING_CHOICES, ENCODING_CHOICES_TEXT, isEncodingChoice, type Encoding, type EncodingChoice } from './vocabulary/encodings.js';
export { IMPORT_KINDS, IMPORT_KIND_LABELS, isImportKind, type ImportKind } from './vocabulary/import-kinds.js';
export {
  parseIncident, incidentSchema, incidentWarnings, type Incident, type Exposure, type IncidentFieldIssue,
} from './incident/schema.js';
export { categoryOf, allCategories, maskOfCategory, itemsFor } from './incident/categories.js';
export { loadIncident } from './incident/load.js';
export { PRESETS } from './incident/presets.js';
export { classify, incidentToReclassify, latestRun, requireRun, type ClassifyResult, type RunInfo } from './classify/run.js';
export type { Summary, SummaryWarning } from './classify/summary-types.js';
export { formatPersonId, formatLetterId, parsePersonId, parseLetterId, parseLetterOrPerson, type LetterOrPerson } from './store/ids.js';
export { findNearDuplicates, type NearDuplicate } from './persons/near-duplicates.js';
export { referenceNumberOf, parseReferenceNumber, looksLikeReferenceNumber, dammCheckDigit } from './store/reference-number.js';
export { parseDate, japaneseEraDate, jstDateOf, jstDateTime, letterDateText, type ParsedDate } from './text/dates.js';
export { isJapanesePhoneNumber, maskCardNumbers, reduceCardNumber, type CardContext } from './text/card.js';
export { listImports, importIssues, type ImportRecord, type ImportIssueRecord } from './import/records.js';
export { caseExposures, caseOverview, type CaseOverview } from './pipeline/overview.js';
export { previewImport, type ImportPreview, type PreviewOptions } from './import/preview.js';
export {
  affectedPersons, unmatchedPayments, exposureItemsFor,
  type AffectedPerson, type AffectedPayment, type PersonFilter, type UnmatchedPayment,
} from './persons/affected.js';
export {
  reviewItems, reviewCounts, decideReview, undoReviewDecision, decideReviewBulk, undoReviewBulk, personReviewDecisions, REVIEW_DECISIONS, REVIEW_KIND_LABELS, DECIDABLE_REVIEW_KINDS, REVIEW_DECISION_CODES,
  type ReviewItem, type ReviewKind, type DecidableReviewKind, type ReviewDecisionCode, type ReviewDecision, type ReviewListOptions,
  type ReviewCounts, type ReviewTarget, type ReviewDecisionRequest, type ReviewDecisionResult, type PersonReviewDecision, type ReviewBulkTarget, type ReviewBulkResult,
} from './persons/review.js';
export { exportContactSheet, exportPersonsCsv, reconciliation, type SheetExportOptions } from './pipeline/sheet.js';
export { letterStates, sheetStatusOf, type LetterState } from './tracking/letter-state.js';
export {
  generateLetters, previewLetter, savePreview, calibrationPage, letterSourceOf, mailableLetterProblem, SENDER_TEMPLATE,
  type GenerateLettersOptions, type GenerateLettersResult, type NotMailable, type PreviewLetterOptions,
} from './pipeline/letters.js';
export { defaultFontPaths } from './letters/fonts.js';
export type { LetterProgress } from './letters/batch.js';
export { overallLetterProgress, type OverallProgress } from './letters/progress.js';
export { runDemo, demoIncident, type DemoOptions, type DemoResult, type DemoStep } from './pipeline/demo.js';
export * from './tracking/index.js';
export { systemActor, dryRunTransaction } from './store/context.js';
export { combinedStatus, emptyLetterState } from './tracking/letter-state.js';
export {
  addressNumberOf, barcodeSymbols, barcodeBars, barcodeGeometry, barRects, checkSymbol, encodedAddressNumber, kanjiNumber,
  BARCODE_MIN_PT, BARCODE_MAX_PT, BARCODE_QUIET_ZONE_PT, type BarcodeSymbol, type Bar, type BarRect, type BarcodeGeometry,
} from './mail/barcode.js';
export { customerBarcode, type CustomerBarcode } from './mail/customer-barcode.js';
export { PostalIndex, bundledPostalIndex, bundledSource, foldAddress, type PostalArea, type PostalDataset, type PostalSource, type ParsedAddress } from './mail/postal-data.js';
export { normalizePostalCode } from './text/normalize.js';
export { formatPostalCode, postalMark } from './vocabulary/postal-code.js';
export { reconciliationVerdict, reconciliationVerdictText, type ReconciliationVerdict } from './vocabulary/reconciliation.js';
export { CERTAINTIES, CERTAINTY_LABELS, NO_CATEGORY, categoryMark, categoryTitle, type Certainty, type ExposureInfo } from './vocabulary/exposures.js';
export {
  TERMS, BANNED_TERMS, HISTORY_SOURCE_LABELS, UNREACHABLE_KIND_LABELS, FILE_FORMAT_LABELS, METHOD_CLASS_LABELS, OUTPUT_KIND_LABELS,
  RETURN_REASON_LABELS, INQUIRY_TOPIC_LABELS, REVIEW_DECISION_LABELS, AUDIT_ACTION_LABELS, codeLabel, auditActionLabel, auditDetailEntries, auditDetailValue,
} from './vocabulary/labels.js';
export { scanPaths, type ScanFinding, type ScanReport, type ScanOptions } from './scan/index.js';
export { scanCase, caseScanTargets, type CaseScan } from './pipeline/scan-case.js';
export {
  checkPostalAddress, postalMismatches, describePostalCheck,
  type PostalCheck, type PostalCheckStatus, type PersonPostalCheck,
} from './mail/address-check.js';
export { postalIndexFor, postalDataInfo, loadPostalData, readPostalFiles, type PostalDataInfo, type LoadPostalOptions } from './mail/postal-store.js';
export { letterPrintStats, type LetterPrintStats } from './letters/print-stats.js';
export {
  bundledMailRates, mailRatesFor, parseMailRates, parseMailRatesText, readMailRatesFile, saveMailRates, mailRatesSchema,
  type MailRates, type MailRatesInfo,
} from './mail/rates.js';
export { mailPlan, type MailPiece, type MailPlan, type MailPlanBundle, type MailPlanDiscount, type MailPlanOptions } from './mail/plan.js';
export { runMailPlan, type RunMailPlan } from './pipeline/mail-plan.js';
export { printSettingsOf, type PrintSettings } from './incident/letter-schema.js';
