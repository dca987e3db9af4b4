// The renderer's typed client over the contract. In the app it uses the one object the preload
// exposes (window.inw); in the browser test bridge it speaks HTTP to the loopback bridge with
// the token from the page's <meta>. Either way: envelopes in, values or ApiError out.
import type { Channel, EventChannel, EventMap, Input, InwApi, IpcError, JobEvent, Output } from '../../src-main/electron/ipc/contract';
import { bridgeApi } from './bridge-client';

declare global {
  interface Window {
    inw?: InwApi;
  }
}

export class ApiError extends Error {
  readonly code: string;
  readonly issues: IpcError['issues'];

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

let cached: InwApi | null = null;
function api(): InwApi {
  cached ??= window.inw ?? bridgeApi();
  return cached;
}

export async function call<C extends Channel>(channel: C, ...input: Input<C> extends void ? [] : [Input<C>]): Promise<Output<C>> {
  const envelope = await api().invoke(channel, ...input);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value;
}

export function on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  return api().on(event, listener);
}

export function onJobEvent(listener: (event: JobEvent) => void): () => void {
  return on('jobs:event', listener);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return `予期しないエラー: ${error.message}`;
  return String(error);
}
