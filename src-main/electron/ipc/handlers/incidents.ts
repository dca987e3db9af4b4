// incidents: — definitions kept in the database, validated by the core's schema.
import { PRESETS } from '../../../core/index.js';
import {
  createIncidentFromPreset, getIncident, listIncidents, saveIncident, validateIncident,
} from '../../../core/incident/store.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'incidents:presets' | 'incidents:list' | 'incidents:get' | 'incidents:createFromPreset' | 'incidents:validate' | 'incidents:save';

export function incidentHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'incidents:presets': () =>
      Object.entries(PRESETS).map(([code, value]) => ({ code, title: String((value as { title?: unknown }).title ?? code) })),
    'incidents:list': () => listIncidents(s.db),
    'incidents:get': ({ code }) => getIncident(s.db, code),
    'incidents:createFromPreset': ({ preset, code }) => createIncidentFromPreset({ db: s.db, preset, code, now: s.now, actor: s.actor }),
    'incidents:validate': ({ definition }) => validateIncident(definition),
    'incidents:save': ({ definition, previousCode }) => saveIncident({ db: s.db, definition, previousCode, now: s.now, actor: s.actor }),
  };
}
