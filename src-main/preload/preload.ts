// The preload exposes exactly one object, window.inw, typed by the contract: invoke() for the
// registered channels only and on() for the registered events only. No ipcRenderer, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_CHANNELS } from '../electron/ipc/channels.js';
import type { Channel, Envelope, EventChannel, EventMap, InwApi } from '../electron/ipc/contract.js';

const channels = new Set<string>(CHANNELS);
const events = new Set<string>(EVENT_CHANNELS);

const invoke = (channel: Channel, ...input: unknown[]): Promise<Envelope<unknown>> => {
  if (!channels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `不明な操作です: ${String(channel)}` } });
  return ipcRenderer.invoke(channel, input[0]) as Promise<Envelope<unknown>>;
};

export const api = {
  invoke: invoke as InwApi['invoke'],
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (!events.has(event)) return () => {};
    const wrapped = (_event: IpcRendererEvent, payload: EventMap[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
} satisfies InwApi;

contextBridge.exposeInMainWorld('inw', api);
