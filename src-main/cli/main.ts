// `inw`: argument parsing and printing only; all work is done by the core.
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDbPath } from './paths.js';
import { runCommand, USAGE } from './commands.js';


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
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
  try {
    return await runCommand(core, command, rest, {
      parse: (args, options) => parseArgs({ args, options, allowPositionals: true, strict: true }) as never,
      dbPath: (given) => {
        const file = given ?? defaultDbPath();
        if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
        return file;
      },
      actor: () => {
        try {
          return userInfo().username;
        } catch {
          return 'unknown';
        }
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`inw: ${(error as Error).message}\n(使い方: inw --help)\n`);
      return 2;
    }
    if (core.isInwError(error)) {
      process.stderr.write(`inw: ${error.message.replace(/\n/g, ' ')}\n`);
      return 1;
    }
    process.stderr.write(`inw: 予期しないエラー: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
