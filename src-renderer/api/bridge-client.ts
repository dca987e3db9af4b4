// The contract over the loopback test bridge (development and E2E only): POST per call,
// Server-Sent Events for job events. Same-origin requests only; the token comes from the page.
import type { Channel, Envelope, EventChannel, EventMap, InwApi } from '../../src-main/electron/ipc/contract';

export function bridgeApi(): InwApi {
  const token = document.querySelector<HTMLMetaElement>('meta[name="inw-bridge-token"]')?.content ?? '';
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const payload = JSON.parse(message.data as string) as unknown;
      for (const listener of listeners.get('jobs:event') ?? []) listener(payload);
    };
  };
  const invoke = async (channel: Channel, ...input: unknown[]): Promise<Envelope<unknown>> => {
    if (!token) return { ok: false, error: { code: 'no-backend', message: 'アプリ本体に接続されていません (ブリッジのトークンがありません)。' } };
    try {
      const response = await fetch(`./api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Inw-Token': token },
        body: JSON.stringify(input[0] ?? null),
      });
      return (await response.json()) as Envelope<unknown>;
    } catch (error) {
      return { ok: false, error: { code: 'no-backend', message: `アプリ本体に接続できません: ${(error as Error).message}` } };
    }
  };
  return {
    invoke: invoke as InwApi['invoke'],
    on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void) {
      connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
  };
}
