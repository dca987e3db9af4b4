// incidents: — definitions kept in the database, validated by the core's schema.
import { PRESETS } from '../../../core/index.js';
import {
  activeIncident, createIncidentFromPreset, deleteIncident, getIncident, listIncidents, saveIncident, setActiveIncident, validateIncident,
} from '../../../core/incident/store.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys =
  | 'incidents:presets' | 'incidents:list' | 'incidents:get' | 'incidents:createFromPreset' | 'incidents:validate' | 'incidents:save'
  | 'incidents:activate' | 'incidents:delete';

export function incidentHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'incidents:presets': () =>
      Object.entries(PRESETS).map(([code, value]) => ({ code, title: String((value as { title?: unknown }).title ?? code) })),
    // When none was chosen and there is only one, that one is the active incident.
    'incidents:list': () => {
      const active = activeIncident(s.db)?.code;
      return listIncidents(s.db).map((i) => ({ ...i, active: i.code === active }));
    },
    'incidents:get': ({ code }) => getIncident(s.db, code),
    'incidents:createFromPreset': ({ preset, code, senderFrom }) =>
      createIncidentFromPreset({ db: s.db, preset, code, senderFrom, now: s.now, actor: s.actor }),
    'incidents:validate': ({ definition }) => validateIncident(definition),
    'incidents:save': ({ definition, previousCode }) => saveIncident({ db: s.db, definition, previousCode, now: s.now, actor: s.actor }),
    'incidents:activate': ({ code }) => setActiveIncident({ db: s.db, code, now: s.now, actor: s.actor }),
    'incidents:delete': ({ code }) => deleteIncident({ db: s.db, code, now: s.now, actor: s.actor }),
  };
}
