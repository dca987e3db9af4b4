// tracking:, mailing:, returns:, inquiries:, sheet:, report:, backup: and a person's history and
// status — the after-mailing work (issue 6), each a call into core/tracking like the CLI's.
// Results that name a file carry its base name only: paths stay in the main process.
import { basename } from 'node:path';
import {
  MANUAL_STATUSES, INQUIRY_CHANNELS, INQUIRY_TOPICS, POSTAGE_METHODS, RETURN_REASONS, addressHistory, applySheet, backupDatabase,
  correctAddress, createMailingBatch, deleteInquiry, planMailing, printFilesToMail, undoMailingBatch, updateInquiry, followupHistory, importReturns, letterHistory, lettersToMail, listInquiries, listMailingBatches,
  listReturns, logInquiry, parseJstDate, purgePersonalData, parseLetterOrPerson, pendingResends, recordReturn, regulatorReport, setLetterStatus,
  unreachablePersons, latestRun, caseExposures, type TrackingContext,
} from '../../../core/index.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys =
  | 'tracking:options' | 'mailing:list' | 'mailing:plan' | 'mailing:create' | 'mailing:undo' | 'returns:list' | 'returns:record' | 'returns:import'
  | 'persons:history' | 'persons:correctAddress' | 'persons:setStatus' | 'inquiries:list' | 'inquiries:log' | 'inquiries:update' | 'inquiries:delete'
  | 'sheet:apply' | 'report:get' | 'backup:create' | 'purge:run' | 'scan:start';

export function trackingHandlers(s: AppServices): HandlerGroup<Keys> {
  const ctx = (): TrackingContext => ({ db: s.db, now: s.now, actor: s.actor });
  return {
    'tracking:options': () => ({
      postageMethods: [...POSTAGE_METHODS],
      returnReasons: RETURN_REASONS.map(({ code, label }) => ({ code, label })),
      inquiryChannels: [...INQUIRY_CHANNELS],
      inquiryTopics: INQUIRY_TOPICS.map(({ code, label }) => ({ code, label })),
      manualStatuses: [...MANUAL_STATUSES],
      exposures: caseExposures(s.db),
    }),
    'mailing:list': () => ({ batches: listMailingBatches({ db: s.db }).reverse(), waiting: lettersToMail({ db: s.db }).length, printFiles: printFilesToMail({ db: s.db }) }),
    'mailing:plan': (selection) => planMailing({ db: s.db }, selection),
    'mailing:create': ({ mailedDate, postageMethod, note, letterIds, printFile }) =>
      createMailingBatch(ctx(), { mailedDate: parseJstDate(mailedDate, '発送日'), postageMethod, note: note ?? null, letterIds, printFile }),
    'mailing:undo': ({ batchId, reason }) => undoMailingBatch(ctx(), batchId, reason),
    'returns:list': () => ({ returns: listReturns({ db: s.db }).reverse(), resends: pendingResends(s.db), unreachable: unreachablePersons({ db: s.db }) }),
    'returns:record': ({ target, returnedDate, reason }) =>
      recordReturn(ctx(), { ...parseLetterOrPerson(target), returnedDate: parseJstDate(returnedDate, '返送日'), reason }),
    'returns:import': async ({ file, dryRun }) => importReturns(ctx(), { file: s.files.resolve(file, 'open'), dryRun }),
    'persons:history': ({ id }) => ({
      letters: letterHistory(s.db, id),
      addresses: addressHistory(s.db, id),
      followups: followupHistory(s.db, id),
      inquiries: listInquiries(s.db, { personId: id }),
    }),
    'persons:correctAddress': ({ id, postalCode, address1, address2, reason }) => correctAddress(ctx(), id, { postalCode, address1, address2, reason }),
    'persons:setStatus': ({ id, status, mailedDate, note }) =>
      setLetterStatus(ctx(), { person: id, status, mailedDate: mailedDate ? parseJstDate(mailedDate, '発送日') : null, note }),
    'inquiries:list': ({ personId }) => listInquiries(s.db, personId !== undefined ? { personId } : {}).reverse(),
    'inquiries:log': (form) => logInquiry(ctx(), form),
    'inquiries:update': ({ id, form }) => updateInquiry(ctx(), id, form),
    'inquiries:delete': ({ id }) => deleteInquiry(ctx(), id),
    'sheet:apply': async ({ file, dryRun }) => {
      const result = await applySheet(ctx(), { file: s.files.resolve(file, 'open'), dryRun });
      return { ...result, file: basename(result.file) };
    },
    'report:get': () => (latestRun(s.db) ? regulatorReport(s.db) : null),
    // A job: pdf.js over thousands of letters takes minutes, with progress and 取消.
    'scan:start': () => ({ jobId: s.jobs.start({ kind: 'scan' }) }),
    'purge:run': ({ before, incident, dryRun }) => {
      const result = purgePersonalData(ctx(), { before: before ? parseJstDate(before, '基準日') : undefined, incident, dryRun });
      return { ...result, deletedFiles: result.deletedFiles.map((f) => basename(f)) };
    },
    'backup:create': async ({ file }) => {
      // The save dialog has already asked before replacing an existing file.
      const result = await backupDatabase(ctx(), { out: s.files.resolve(file, 'save'), overwrite: true });
      return { ...result, file: basename(result.file) };
    },
  };
}
