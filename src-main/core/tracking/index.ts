// Public API of the after-mailing tracking (re-exported by core/index.ts).
export { parseJstDate, todayJst, type TrackingContext } from '../store/context.js';
export {
  LETTER_STATUSES as LETTER_FLOW, isLetterStatus, canMove, getLetter, latestLetter, lettersOfPerson, moveLetter, correctMailedDate,
  recordLetterVersion, letterHistory, type LetterStatus, type LetterRow, type LetterVersionInput, type HistoryEntry, type StatusChange,
} from './letters.js';
export { setLetterStatus, MANUAL_STATUSES } from './status.js';
export {
  POSTAGE_METHODS, createMailingBatch, listMailingBatches, lettersToMail, planMailing, printFilesToMail, undoMailingBatch,
  type MailingBatch, type MailingOptions, type MailingPlan, type MailingSelection, type PrintFileToMail,
} from './mailing.js';
export {
  RETURN_REASONS, classifyReturnReason, returnReasonLabel, recordReturn, importReturns, listReturns, unreachablePersons,
  type ReturnImportReport, type ReturnImportOptions, type RecordedReturn, type ReturnIssue, type UnreachablePerson, type ReturnedMailRow,
} from './returns.js';
export { correctAddress, fixPostalCode, addressHistory, pendingResends, type AddressCorrection, type AddressInput, type PendingResend } from './address.js';
export { INQUIRY_CHANNELS, INQUIRY_TOPICS, parseInquiryTopic, logInquiry, updateInquiry, deleteInquiry, listInquiries, getInquiry, type Inquiry, type InquiryInput } from './inquiries.js';
export { FOLLOWUP_STATUSES, currentFollowup, setFollowup, followupHistory, type Followup, type FollowupStatus } from './followup.js';
export { applySheet, type SheetApplyResult, type SheetChange, type SheetConflict, type SheetIssue } from './sheet-apply.js';
export { backupDatabase, type BackupResult } from './backup.js';
export { purgePersonalData, type PurgeOptions, type PurgeResult } from './purge.js';
export { regulatorReport, type RegulatorReport } from './report.js';
