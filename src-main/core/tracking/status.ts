// Manual status changes (`inw status`): a letter, or a person's newest letter, moved along the
// flow by hand (e.g. 印刷 after printing, 対応完了), or a person's follow-up set to 電話済 /
// 対応完了 when they were reached without a letter. Each change is audited.
import { appendAudit } from '../store/audit.js';
import { InwError } from '../errors.js';
import { inTransaction, type TrackingContext } from '../store/context.js';
import { getLetter, isLetterStatus, latestLetter, moveLetter } from './letters.js';
import { FOLLOWUP_STATUSES, setFollowup, type FollowupStatus } from './followup.js';
import { formatPersonId } from '../store/ids.js';

export { MANUAL_STATUSES } from '../vocabulary/tracking.js';

export interface StatusRequest {
  letter?: number;
  person?: number;
  /** A letter status (印刷, 発送, 対応完了, …) or a follow-up (電話済, 対応完了 for a person without a letter). */
  status: string;
  mailedDate?: string | null;
  note?: string | null;
}

export function setLetterStatus(ctx: TrackingContext, request: StatusRequest): { letterId: string | null; personId: string; steps: string[] } {
  const { db } = ctx;
  return inTransaction(db, () => {
    const now = ctx.now();
    const letter = request.letter !== undefined ? getLetter(db, request.letter) : request.person !== undefined ? latestLetter(db, request.person) : null;
    const personId = letter?.personId ?? request.person;
    if (personId === undefined) throw new InwError('letter-required', '通知書IDか対象者IDを指定してください。');
    const info = { at: now, actor: ctx.actor };
    let steps: string[];
    if (request.status === '電話済' || (request.status === '対応完了' && !letter)) {
      setFollowup(db, personId, { status: request.status as FollowupStatus, ...(request.note != null ? { notes: request.note } : {}), source: 'manual', ...info });
      steps = [`対応: ${request.status}`];
    } else {
      if (!isLetterStatus(request.status)) {
        throw new InwError('bad-status', `状態「${request.status}」は使えません (生成・印刷・発送・返送・対応完了、または ${FOLLOWUP_STATUSES.join('・')})。`);
      }
      if (request.status === '返送') throw new InwError('use-returns', '返送は inw returns add / import で理由と一緒に記録してください。');
      if (!letter) throw new InwError('no-letter', `対象者 ${formatPersonId(personId)} には通知書がありません。`);
      steps = moveLetter(db, letter.id, { to: request.status, mailedDate: request.mailedDate ?? null, source: 'manual', note: request.note ?? null, ...info })
        .map((s) => `${s.from} → ${s.to}`);
      if (request.status === '対応完了') setFollowup(db, personId, { status: '対応完了', source: 'manual', ...info });
    }
    appendAudit(db, {
      at: now, actor: ctx.actor, action: 'status-change',
      detail: { letterId: letter?.letterId ?? null, personId: formatPersonId(personId), status: request.status, steps },
    });
    return { letterId: letter?.letterId ?? null, personId: formatPersonId(personId), steps };
  });
}
