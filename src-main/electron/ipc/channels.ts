// The registry of channel names as a value (the contract itself is types only). The preload
// allows exactly these; main registers a handler for each. Exhaustive by a compile-time check.
import type { Channel, EventChannel } from './contract.js';

export const CHANNELS = [
  'app:info',
  'dialog:openFile', 'dialog:saveFile', 'dialog:chooseFolder', 'shell:showItem',
  'incidents:presets', 'incidents:list', 'incidents:get', 'incidents:createFromPreset', 'incidents:validate', 'incidents:save',
  'incidents:activate', 'incidents:delete',
  'imports:preview', 'imports:start', 'imports:list', 'imports:issues',
  'profiles:list', 'profiles:save', 'profiles:delete',
  'classify:start', 'overview:get', 'review:list', 'review:decide', 'review:undo', 'review:decideMany', 'review:undoMany', 'unmatched:list',
  'persons:query', 'persons:get',
  'letters:preview', 'letters:start', 'letters:calibration',
  'exports:sheet', 'exports:csv',
  'tracking:options', 'mailing:list', 'mailing:plan', 'mailing:create', 'mailing:undo', 'returns:list', 'returns:record', 'returns:import',
  'persons:history', 'persons:correctAddress', 'persons:setStatus', 'inquiries:list', 'inquiries:log', 'inquiries:update', 'inquiries:delete',
  'sheet:apply', 'report:get', 'backup:create', 'purge:run', 'scan:start',
  'postal:info', 'postal:load', 'postal:fix', 'mail:plan', 'mail:rates', 'mail:loadRates',
  'audit:list', 'audit:verify',
  'jobs:list', 'jobs:cancel',
] as const satisfies readonly Channel[];

export const EVENT_CHANNELS = ['jobs:event'] as const satisfies readonly EventChannel[];

type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
const exhaustive: [Missing] extends [never] ? true : Missing = true;
void exhaustive;

const known = new Set<string>(CHANNELS);
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && known.has(value);
}
