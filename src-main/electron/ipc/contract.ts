// The one typed contract between the renderer and the main process (types only, no code).
// Channels are `domain:verb`. Every call resolves to an envelope; errors carry a stable code.
// The Electron handlers (ipcMain) and the browser test bridge (HTTP) implement the same map, and
// the preload object and the renderer client are typed from it. File paths never cross it:
// the renderer holds opaque file references handed out by main-process dialogs.
import type {
  AddressCorrection, AuditEntry, GenerateLettersResult, exportContactSheet, exportPersonsCsv, CaseOverview, ImportIssueRecord, ImportRecord, AuditVerification, BackupResult, Followup, HistoryEntry, ImportKind, ImportPreview, ImportReport, Incident,
  CaseScan, EncodingChoice, Inquiry, MailingBatch, MailingPlan, MailingSelection, PendingResend, PrintFileToMail, PurgeResult, RecordedReturn, RegulatorReport, ReturnImportReport, ReturnedMailRow, ReviewItem, ReviewBulkResult, SheetApplyResult,
  Summary, UnmatchedPayment, UnreachablePerson, DecidableReviewKind, ReviewDecisionCode, ReviewDecisionResult,
  PostalDataInfo, RunMailPlan, MailRatesInfo, PrintSettings,
} from '../../core/index.js';
import type { ExposureInfo } from '../../core/vocabulary/exposures.js';
import type { BrowseOptions, PersonDetail, PersonPage } from '../../core/persons/browse.js';
import type { IncidentFieldIssue } from '../../core/incident/schema.js';

export interface IpcError {
  /** Stable code (core InwError codes, `invalid-input`, `cancelled`, `internal`…). */
  code: string;
  /** Japanese, for the user. */
  message: string;
  /** Field-level problems (incident editor, input validation). */
  issues?: IncidentFieldIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** An opaque handle for a file or folder chosen in a main-process dialog. */
export interface FileRef {
  id: string;
  name: string;
  /** Bytes, for files that exist (open dialogs). */
  size: number | null;
  kind: 'open' | 'save' | 'folder';
}

export type OpenPurpose = 'import' | 'incident' | 'returns' | 'sheet' | 'postal' | 'rates';
export type SavePurpose = 'sheet' | 'csv' | 'calibration' | 'incident' | 'backup';

export type FieldMapping = Partial<Record<string, string>>;

export interface AppInfo {
  version: string;
  dbFile: string;
  actor: string;
  /** 'electron' in the app, 'bridge' in the browser test bridge. */
  host: 'electron' | 'bridge';
}

export interface IncidentRecord {
  code: string;
  definition: Incident;
  updatedAt: string;
  /** The incident the app works on (chosen by staff with incidents:activate). */
  active: boolean;
}

export interface MappingProfile {
  name: string;
  kind: ImportKind;
  map: FieldMapping;
  encoding: EncodingChoice;
  savedAt: string;
}




/** The persons screen's query: the core's browse options, the run being the latest one. */
export type PersonsQuery = Omit<BrowseOptions, 'run'>;


/**
 * What each kind of job produces: the result of its `done` event (after a JSON round trip). The
 * worker is compiled against this map and useJob(kind) reads it, so no screen casts a result.
 */
export interface JobResults {
  import: ImportReport;
  classify: { runId: number; summary: Summary };
  letters: LettersJobResult;
  sheet: Awaited<ReturnType<typeof exportContactSheet>>;
  csv: Awaited<ReturnType<typeof exportPersonsCsv>>;
  scan: CaseScan;
}
export type JobKind = keyof JobResults;

/**
 * A letters batch as the screen reports it: its manifest carries no entry per letter (they are in
 * manifest.json and the database; at 100,000 letters they would be a message of about 100 MB).
 */
export type LettersJobResult = GenerateLettersResult;
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total: number | null;
  /** Japanese, e.g. 「12,000 行を読み込みました」. */
  label: string;
  /** Estimated time left (ms), once the job has run long enough to tell. */
  remainingMs?: number;
}

export interface JobEvent {
  jobId: string;
  kind: JobKind;
  state: JobState;
  progress: JobProgress | null;
  /** On `done`: what the job produced, JobResults[kind] (read it with useJob(kind)). */
  result?: unknown;
  error?: IpcError;
}

/** The fixed lists of the after-mailing forms (the core owns them; the renderer only shows them). */
export interface TrackingOptions {
  postageMethods: string[];
  returnReasons: Array<{ code: string; label: string }>;
  inquiryChannels: string[];
  inquiryTopics: Array<{ code: string; label: string }>;
  /** What staff may set by hand on a person's newest letter (or as a follow-up without one). */
  manualStatuses: string[];
  /** The case's exposures, to name categories (①+② …) in the tabs without loading the overview. */
  exposures: ExposureInfo[];
}

export interface MailingOverview {
  batches: MailingBatch[];
  /** Newest-version letters still 生成 or 印刷: what the next batch would mail. */
  waiting: number;
  /** The print files of the letter batches, with their letters still waiting. */
  printFiles: PrintFileToMail[];
}

export interface ReturnsOverview {
  returns: ReturnedMailRow[];
  resends: PendingResend[];
  unreachable: UnreachablePerson[];
}

export interface PersonHistory {
  letters: HistoryEntry[];
  addresses: AddressCorrection[];
  followups: Array<Followup & { actor: string; source: string }>;
  inquiries: Inquiry[];
}

export interface InquiryForm {
  personId: number | null;
  /** Japan time as typed, e.g. 2022/03/05 10:30. */
  receivedAt: string;
  channel: string;
  topic: string;
  body?: string;
  resolution?: string;
  staff?: string;
}

/** One review item, named as the queue lists it (P000123; two persons for a near-duplicate pair). */
export interface ReviewTargetInput {
  kind: DecidableReviewKind;
  personIds: string[];
}

export interface ReviewDecideInput extends ReviewTargetInput {
  decision: ReviewDecisionCode;
  note?: string;
}

/** Many items of one kind (each item's persons as the queue lists them), decided or taken back together. */
export interface ReviewBulkInput {
  kind: DecidableReviewKind;
  items: string[][];
}

export interface LettersOutputs {
  split: boolean;
  print: boolean;
}

/** Over the incident's print settings for one batch (the screen shows the incident's first). */
export interface LettersPrint {
  duplex?: boolean;
  splitByPages?: boolean;
}

export interface LettersStartInput {
  folder: string;
  categories?: string[];
  personIds?: number[];
  outputs: LettersOutputs;
  /** Drafts to try things out: 見本 across every page, print files named as drafts, nothing to mail. */
  draft?: boolean;
  print?: LettersPrint;
  /** The 発行日 the letters carry, as typed (the core checks it); omitted, today in Japan. */
  letterDate?: string;
}

/** Channel → input and output. Handlers must implement every key. */
export interface Contract {
  'app:info': { input: void; output: AppInfo };

  'dialog:openFile': { input: { purpose: OpenPurpose }; output: FileRef | null };
  'dialog:saveFile': { input: { purpose: SavePurpose; defaultName: string }; output: FileRef | null };
  'dialog:chooseFolder': { input: { purpose: 'letters' }; output: FileRef | null };
  'shell:showItem': { input: { ref: string }; output: void };

  'incidents:presets': { input: void; output: Array<{ code: string; title: string }> };
  'incidents:list': { input: void; output: IncidentRecord[] };
  'incidents:get': { input: { code: string }; output: IncidentRecord | null };
  /** A code in use is refused; `senderFrom` starts the new one with that incident's sender and contact desk. */
  'incidents:createFromPreset': { input: { preset: string; code?: string; senderFrom?: string }; output: IncidentRecord };
  'incidents:validate': { input: { definition: unknown }; output: IncidentFieldIssue[] };
  'incidents:save': { input: { definition: unknown; previousCode?: string }; output: IncidentRecord };
  'incidents:activate': { input: { code: string }; output: IncidentRecord };
  /** Refused with the reason when a classification run used it. */
  'incidents:delete': { input: { code: string }; output: void };

  'imports:preview': { input: { file: string; kind: ImportKind; encoding: EncodingChoice; map: FieldMapping }; output: ImportPreview };
  'imports:start': { input: { file: string; kind: ImportKind; exposure?: string; encoding: EncodingChoice; map: FieldMapping; strict: boolean }; output: { jobId: string } };
  'imports:list': { input: void; output: ImportRecord[] };
  'imports:issues': { input: { importId: number; limit?: number }; output: ImportIssueRecord[] };

  'profiles:list': { input: { kind?: ImportKind }; output: MappingProfile[] };
  'profiles:save': { input: Omit<MappingProfile, 'savedAt'>; output: MappingProfile };
  'profiles:delete': { input: { name: string; kind: ImportKind }; output: void };

  'classify:start': { input: { incidentCode: string }; output: { jobId: string } };
  'overview:get': { input: void; output: CaseOverview };
  /** Open items only unless `includeDecided` (then each with its decision). */
  'review:list': { input: { includeDecided?: boolean }; output: ReviewItem[] };
  'review:decide': { input: ReviewDecideInput; output: ReviewDecisionResult };
  'review:undo': { input: ReviewTargetInput; output: ReviewDecisionResult };
  /** One decision on every item given (the queue's filter), all or nothing, one audit entry. */
  'review:decideMany': { input: ReviewBulkInput & { decision: ReviewDecisionCode; note?: string }; output: ReviewBulkResult };
  /** Takes back the decisions of every item given. */
  'review:undoMany': { input: ReviewBulkInput; output: ReviewBulkResult };
  'unmatched:list': { input: { offset: number; limit: number }; output: { total: number; rows: UnmatchedPayment[] } };

  'persons:query': { input: PersonsQuery; output: PersonPage };
  'persons:get': { input: { id: number }; output: PersonDetail };

  /** letterDate: the 発行日 typed by staff (checked by the core); omitted, today in Japan. */
  'letters:preview': { input: { personId: number; draft?: boolean; letterDate?: string }; output: { pdfBase64: string; draft: boolean; letterDate: string } };
  'letters:start': { input: LettersStartInput; output: { jobId: string } };
  'letters:calibration': { input: { file: string }; output: { name: string } };

  'exports:sheet': { input: { file: string; categories?: string[] }; output: { jobId: string } };
  'exports:csv': { input: { file: string; category?: string }; output: { jobId: string } };

  'tracking:options': { input: void; output: TrackingOptions };
  'mailing:list': { input: void; output: MailingOverview };
  /** Which waiting letters a selection takes (what the confirmation shows before anything is recorded). */
  'mailing:plan': { input: MailingSelection; output: MailingPlan };
  /** Records the letters of a plan as mailed (all waiting letters without `letterIds`). */
  'mailing:create': { input: { mailedDate: string; postageMethod: string; note?: string; letterIds?: number[]; printFile?: { letterBatch: number; file: string } }; output: MailingBatch };
  /** Takes back a mailing record: its letters return to 印刷 (audited, with the reason). */
  'mailing:undo': { input: { batchId: number; reason: string }; output: { batchId: number; pieces: number } };
  'returns:list': { input: void; output: ReturnsOverview };
  'returns:record': { input: { target: string; returnedDate: string; reason: string }; output: RecordedReturn };
  'returns:import': { input: { file: string; dryRun: boolean }; output: ReturnImportReport };
  'persons:history': { input: { id: number }; output: PersonHistory };
  'persons:correctAddress': { input: { id: number; postalCode: string; address1: string; address2?: string; reason?: string }; output: AddressCorrection };
  'persons:setStatus': { input: { id: number; status: string; mailedDate?: string; note?: string }; output: { letterId: string | null; personId: string; steps: string[] } };
  'inquiries:list': { input: { personId?: number }; output: Inquiry[] };
  'inquiries:log': { input: InquiryForm; output: Inquiry };
  /** Corrects a logged inquiry (audited with the names of the fields changed). */
  'inquiries:update': { input: { id: number; form: InquiryForm }; output: Inquiry };
  /** Deletes one logged by mistake (audited); it no longer counts in the report. */
  'inquiries:delete': { input: { id: number }; output: void };
  'sheet:apply': { input: { file: string; dryRun: boolean }; output: SheetApplyResult };
  'report:get': { input: void; output: RegulatorReport | null };
  /** `inw scan` over the database and every recorded output still on disk: full card numbers and security-code columns, masked, with where. */
  'scan:start': { input: void; output: { jobId: string } };
  'backup:create': { input: { file: string }; output: BackupResult };
  /** Exactly one of `before` (YYYY-MM-DD) and `incident`; `dryRun` first, to show what would go. */
  'purge:run': { input: { before?: string; incident?: string; dryRun: boolean }; output: PurgeResult };

  /** The postal-code data in use and its date; loading Japan Post's KEN_ALL.CSV (+ JIGYOSYO.CSV). */
  'postal:info': { input: void; output: PostalDataInfo };
  'postal:load': { input: { files: string[]; date?: string }; output: PostalDataInfo };
  /** The one-click correction of a 〒と住所の不一致 (an address correction with audit, as `inw postal fix`). */
  'postal:fix': { input: { personId: string; code?: string }; output: AddressCorrection };
  /** The mailing plan of the latest run (null before classification), with print settings to try. */
  'mail:plan': { input: { print?: Partial<PrintSettings> }; output: RunMailPlan | null };
  'mail:rates': { input: void; output: MailRatesInfo };
  'mail:loadRates': { input: { file: string }; output: MailRatesInfo };

  'audit:list': { input: { limit: number }; output: AuditEntry[] };
  'audit:verify': { input: void; output: AuditVerification };

  'jobs:list': { input: void; output: JobEvent[] };
  'jobs:cancel': { input: { jobId: string }; output: { cancelled: boolean } };
}

export type Channel = keyof Contract;
export type Input<C extends Channel> = Contract[C]['input'];
export type Output<C extends Channel> = Contract[C]['output'];

/** Events pushed from main to the renderer. */
export interface EventMap {
  'jobs:event': JobEvent;
}
export type EventChannel = keyof EventMap;

/** The one object the preload exposes (window.inw) and the bridge client imitates. */
export interface InwApi {
  invoke<C extends Channel>(channel: C, ...input: Input<C> extends void ? [] : [Input<C>]): Promise<Envelope<Output<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export type { ImportReport };
