// review: — the review queue (要確認) of the latest run and staff decisions on it, as `inw review`.
import {
  decideReview, decideReviewBulk, latestRun, parsePersonId, reviewItems, undoReviewBulk, undoReviewDecision, type TrackingContext,
} from '../../../core/index.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'review:list' | 'review:decide' | 'review:undo' | 'review:decideMany' | 'review:undoMany';

export function reviewHandlers(s: AppServices): HandlerGroup<Keys> {
  const ctx = (): TrackingContext => ({ db: s.db, now: s.now, actor: s.actor });
  return {
    'review:list': ({ includeDecided }) => {
      const run = latestRun(s.db);
      return run ? reviewItems(s.db, run.runId, { includeDecided }) : [];
    },
    'review:decide': ({ kind, personIds, decision, note }) =>
      decideReview(ctx(), { kind, personIds: personIds.map(parsePersonId), decision, note }),
    'review:undo': ({ kind, personIds }) => undoReviewDecision(ctx(), { kind, personIds: personIds.map(parsePersonId) }),
    'review:decideMany': ({ kind, items, decision, note }) =>
      decideReviewBulk(ctx(), { kind, items: items.map((ids) => ids.map(parsePersonId)), decision, note }),
    'review:undoMany': ({ kind, items }) => undoReviewBulk(ctx(), { kind, items: items.map((ids) => ids.map(parsePersonId)) }),
  };
}
