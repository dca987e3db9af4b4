// postal: and mail: — the postal-code data (its date, loading a newer Japan Post file), the
// one-click correction of a 〒と住所の不一致, and the mailing plan with its rate table, each a call
// into the core like `inw postal` and `inw mail plan|rates`.
import { basename } from 'node:path';
import {
  fixPostalCode, latestRun, loadPostalData, mailRatesFor, parsePersonId, postalDataInfo, readMailRatesFile, runMailPlan, saveMailRates,
  type TrackingContext,
} from '../../../core/index.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'postal:info' | 'postal:load' | 'postal:fix' | 'mail:plan' | 'mail:rates' | 'mail:loadRates';

export function mailHandlers(s: AppServices): HandlerGroup<Keys> {
  const ctx = (): TrackingContext => ({ db: s.db, now: s.now, actor: s.actor });
  return {
    'postal:info': () => postalDataInfo(s.db),
    'postal:load': ({ files, date }) => loadPostalData(ctx(), { files: files.map((f) => s.files.resolve(f, 'open')), date }),
    'postal:fix': ({ personId, code }) => fixPostalCode(ctx(), parsePersonId(personId), code),
    'mail:plan': ({ print }) => (latestRun(s.db) ? runMailPlan(s.db, print ?? {}) : null),
    'mail:rates': () => mailRatesFor(s.db),
    'mail:loadRates': ({ file }) => {
      const path = s.files.resolve(file, 'open');
      return saveMailRates(ctx(), readMailRatesFile(path), basename(path));
    },
  };
}
