// What main.ts gives every command: argument parsing, the database as the command needs it (and
// the one withDb that closes it again) and the actor's name. In its own file so that the command
// modules (commands, review, tracking, mail) depend on it and not on each other.
import type { ParseArgsConfig } from 'node:util';

type Core = typeof import('../core/index.js');
type OpenMode = NonNullable<Parameters<Core['openDb']>[0]['mode']>;
type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

export interface CliContext {
  parse(args: string[], options: Options): Parsed;
  /** The database of `--db` (or the app's), opened as the command needs it; `--wait` bounds a busy wait. */
  openDb(values: Parsed['values'], mode: OpenMode): ReturnType<Core['openDb']>;
  closeDb(db: ReturnType<Core['openDb']>): void;
  actor(): string;
}

/** The database opened as the command needs it, closed when fn is done (also when it throws). */
export async function withDb<T>(
  ctx: CliContext, values: Parsed['values'], mode: OpenMode, fn: (db: ReturnType<Core['openDb']>) => T | Promise<T>,
): Promise<T> {
  const db = ctx.openDb(values, mode);
  try {
    return await fn(db);
  } finally {
    ctx.closeDb(db);
  }
}
