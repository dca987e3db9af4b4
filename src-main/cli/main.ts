// `inw`: argument parsing and printing only; all work is done by the core.
// Every failure a user can cause or meet (wrong option, missing or read-only file, busy or full
// disk) ends in one line on stderr, never a stack trace; `--help` anywhere prints the command's
// help; a closed stdout (`inw audit list | head`) ends the output quietly.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDbPath } from './paths.js';
import { runCommand, USAGE } from './commands.js';
import { HELP_COMMANDS, commandHelp, usageError, usageMessage } from './help.js';
import { boundHeapGrowth } from '../core/heap-growth.js';

boundHeapGrowth();

/** After the reader of a pipe has gone, further output is dropped; the command still finishes. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    stream.write = (() => true) as typeof stream.write;
  });
}

/**
 * A message as the terminal should show it: control characters (a binary file's NUL bytes quoted
 * in an error) escaped, a run of one shown once with its length, and no more than a few hundred characters.
 */
function printable(text: string): string {
  const escaped = text.replace(/([\u0000-\u0009\u000b-\u001f\u007f\ufffd])\1*/g, (run: string, ch: string) => {
    const code = ch.charCodeAt(0);
    const one = code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
    return run.length > 3 ? `${one}×${run.length}` : one.repeat(run.length);
  });
  return escaped.length > 600 ? `${escaped.slice(0, 600)}…` : escaped;
}

/** The file an error is about, in words a user can act on; undefined when it is not an environment error. */
function environmentMessage(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  const where = e.path ?? '';
  switch (e.code) {
    case 'ENOSPC':
    case 'EFBIG':
      return `ディスクの空きが足りないため${where ? ` ${where} に` : ''}書き込めませんでした。空きを作ってから、もう一度実行してください。`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `${where} に書き込む (または読む) 権限がありません。別の場所を指定してください。`;
    case 'ENOENT':
      return `${where} がありません。パスを確かめてください。`;
    case 'EISDIR':
      return `${where} はフォルダです。ファイル名を指定してください。`;
    case 'ENOTDIR':
      return `${where} のパスの途中にフォルダではないものがあります。パスを確かめてください。`;
    default:
      return undefined;
  }
}

function helpFor(argv: string[]): string | undefined {
  if (!argv.some((a) => a === '--help' || a === '-h') && argv[0] !== 'help') return undefined;
  // The first word that names a command (`inw --db x.db backup --help` is backup's help).
  return argv.map((a) => (a.startsWith('-') ? undefined : commandHelp(a, USAGE))).find(Boolean) ?? USAGE;
}

async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const [command, ...rest] = argv;
  const help = helpFor(argv);
  if (!command || help) {
    process.stdout.write(help ?? USAGE);
    return 0;
  }
  let core: typeof import('../core/index.js');
  try {
    core = await import('../core/index.js');
  } catch (error) {
    const message = (error as Error).message;
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
      process.stderr.write('inw: better-sqlite3 がこの Node.js 用にビルドされていません。`npm rebuild better-sqlite3` を実行してください。\n');
      return 1;
    }
    throw error;
  }
  let dbFile: string | undefined;
  try {
    return await runCommand(core, command, rest, {
      parse: (args, options) => parseArgs({ args, options, allowPositionals: true, strict: true }) as never,
      openDb: (values, mode) => {
        const file = (values.db as string | undefined) ?? defaultDbPath();
        // Only a command that creates data makes the folder (the app's own, on first use).
        if (mode === 'create' && values.db === undefined) mkdirSync(dirname(file), { recursive: true });
        const wait = values.wait === undefined ? undefined : Number(values.wait);
        if (wait !== undefined && !(wait >= 0)) throw usageError(`--wait ${String(values.wait)}: 秒数 (0 以上) を指定してください。`);
        dbFile = file;
        return core.openDb({
          file, mode,
          busyTimeoutMs: wait === undefined ? undefined : Math.round(wait * 1000),
          onBusy: () => process.stderr.write(`inw: データベース ${file} は別のプログラム (アプリや別の inw) が使用中です。終わるまで待っています…\n`),
        });
      },
      closeDb: (db) => core.closeDb(db),
      actor: () => core.systemActor(),
    });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const helpCommand = HELP_COMMANDS.includes(command) ? `inw ${command} --help` : 'inw --help';
      process.stderr.write(`inw: ${usageMessage(error as Error)}\n(使い方: ${helpCommand})\n`);
      return 2;
    }
    const described = dbFile ? core.describeDbError(error, dbFile) : error;
    if (core.isInwError(described)) {
      process.stderr.write(`inw: ${printable(described.message.replace(/\n/g, ' '))}\n`);
      return 1;
    }
    const environment = environmentMessage(error);
    if (environment) {
      process.stderr.write(`inw: ${environment}\n`);
      return 1;
    }
    // A bug, not a user's mistake: one line, the stack only when asked for.
    const detail = process.env.INW_DEBUG ? ((error as Error).stack ?? String(error)) : `${(error as Error).message ?? String(error)} (詳細: INW_DEBUG=1 を付けて再実行)`;
    process.stderr.write(`inw: 予期しないエラー: ${detail}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
