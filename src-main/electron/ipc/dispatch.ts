// One entry point for every call, shared by ipcMain and the test bridge: validate the input
// against the channel's schema, run the handler, wrap the result (or the error) in an envelope.
import { isInwError } from '../../core/index.js';
import type { Channel, Envelope, Input, IpcError, Output } from './contract.js';
import type { Handlers } from './handlers/types.js';
import { inputSchemas, isChannel } from './schemas.js';

export function toIpcError(error: unknown): IpcError {
  if (isInwError(error)) {
    const issues = (error as { issues?: IpcError['issues'] }).issues;
    return issues ? { code: error.code, message: error.message, issues } : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `予期しないエラーが発生しました: ${message}` };
}

export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'unknown-channel', message: `不明な操作です: ${channel}` } };
  const parsed = inputSchemas[channel].safeParse(raw === null ? undefined : raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(入力)'}: ${i.message}`).join(' / ');
    return { ok: false, error: { code: 'invalid-input', message: `入力が正しくありません (${channel}): ${detail}` } };
  }
  try {
    const handler = handlers[channel] as (input: Input<Channel>) => Promise<Output<Channel>> | Output<Channel>;
    const value = await handler(parsed.data as Input<Channel>);
    return { ok: true, value: value ?? null };
  } catch (error) {
    return { ok: false, error: toIpcError(error) };
  }
}
