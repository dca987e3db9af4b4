// app:, dialog:, shell:, audit:, jobs: — the host's services and the audit log.
import { listAudit, verifyAudit } from '../../../core/index.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'app:info' | 'dialog:openFile' | 'dialog:saveFile' | 'dialog:chooseFolder' | 'shell:showItem'
  | 'audit:list' | 'audit:verify' | 'jobs:list' | 'jobs:cancel';

export function appHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'app:info': () => ({ version: s.version, dbFile: s.paths.dbFile, actor: s.actor, host: s.host }),
    'dialog:openFile': async ({ purpose }) => {
      const path = await s.dialogs.openFile(purpose);
      return path === null ? null : s.files.register(path, 'open');
    },
    'dialog:saveFile': async ({ purpose, defaultName }) => {
      const path = await s.dialogs.saveFile(purpose, defaultName);
      return path === null ? null : s.files.register(path, 'save');
    },
    'dialog:chooseFolder': async ({ purpose }) => {
      const path = await s.dialogs.chooseFolder(purpose);
      return path === null ? null : s.files.register(path, 'folder');
    },
    'shell:showItem': async ({ ref }) => {
      await s.dialogs.showItem(s.files.resolveAny(ref));
    },
    'audit:list': ({ limit }) => listAudit(s.db, { limit }),
    'audit:verify': () => verifyAudit(s.db),
    'jobs:list': () => s.jobs.list(),
    'jobs:cancel': ({ jobId }) => ({ cancelled: s.jobs.cancel(jobId) }),
  };
}
