// `inw COMMAND --help`: the command's lines of the overall usage, what each option means and an
// example. A command without an entry here still gets its usage lines and the common options.
import { ENCODING_CHOICES, ENCODING_CHOICES_TEXT, isEncodingChoice, type EncodingChoice } from '../core/vocabulary/encodings.js';

const COMMON_OPTIONS: Array<[string, string]> = [
  ['--db FILE', 'データベースファイル (省略時はアプリのデータベース)'],
  ['--wait 秒', '別のプログラムがデータベースを使用中のとき待つ時間 (既定 60 秒)'],
];
const FORCE: [string, string] = ['--force', '出力先に inw が作ったのではないファイルがあっても置き換える (データベース・バックアップ・取り込んだファイルは置き換えません)'];

interface CommandHelp {
  options: Array<[string, string]>;
  examples: string[];
  /** The command reads no database. */
  noDb?: boolean;
}

const HELP: Record<string, CommandHelp> = {
  import: {
    options: [
      ['payments|donors|confirmed', '取り込むファイルの種類 (決済一覧・寄付者一覧・流出が確認された番号の一覧)'],
      ['--encoding 名前', `文字コード: ${ENCODING_CHOICES.join(' ')} (既定 auto)`],
      ['--map 項目=見出し', '列の対応を指定 (複数可)'],
      ['--sheet 名前', 'Excel のシート名'],
      ['--strict', '除外する行が一つでもあれば取り込まない'],
      ['--exposure CODE', 'confirmed のとき: 事案定義の流出区分のコード (事案にないコードは取り込みません)'],
      ['--incident metaps-2022|FILE.json', 'confirmed のとき: 流出区分を定義した事案 (省略時は前回の分類の事案)'],
      ['--json', '結果を JSON で出力'],
    ],
    examples: ['inw import payments 決済一覧.csv --db case.db', 'inw import confirmed 確認済み.csv --exposure payment-db --db case.db'],
  },
  classify: {
    options: [['--incident metaps-2022|FILE.json', '事案定義 (省略時は前回と同じ)'], ['--json', '結果を JSON で出力']],
    examples: ['inw classify --incident 事案.json --db case.db'],
  },
  summary: { options: [['--json', 'JSON で出力']], examples: ['inw summary --db case.db'] },
  review: {
    options: [
      ['list [--all]', '要確認の項目 (--all: 対応済みも)'],
      ['decide --kind 種類 --persons P1[,P2] --decision 判断', '判断を記録'],
      ['undo --kind 種類 --persons P1[,P2]', '判断を取り消す'],
      ['--note TEXT', 'メモ'],
      ['--json', 'JSON で出力'],
    ],
    examples: ['inw review list --db case.db', 'inw review decide --kind near-duplicate --persons P000012,P000345 --decision different --db case.db'],
  },
  letters: {
    options: [
      ['--out DIR', '出力フォルダ (letters/ print/ manifest.json。中断後の再実行は続きから。日付や文面の違う以前の通知書は old-日付/ へ移します)'],
      ['--category CODE', '分類で絞り込む (複数可)'],
      ['--person ID', '対象者で絞り込む (複数可)'],
      ['--date YYYY-MM-DD', '通知書の日付 (既定: 今日)'],
      ['--print-only / --split-only', '印刷用ファイルだけ / 個別ファイルだけ'],
      ['--print-volume N', '印刷用ファイル1冊の通数 (既定 1000。超える区分は 区分-001.pdf, -002.pdf … に郵便番号順で分けます)'],
      ['--duplex / --simplex', '両面印刷 (奇数ページの通知書に白紙ページを加える) / 片面印刷。既定は事案の letter.print.duplex (未設定なら両面)'],
      ['--split-pages', '印刷用ファイルを通知書のページ数ごとに分ける (区分-2p.pdf, 区分-4p.pdf …。封入機に同じ枚数の組を渡す)'],
      ['--draft', '見本として作成 (全ページに「見本」、印刷用は 見本-区分.pdf、発送には使えません。差出人が未記入でも作れます)'],
    ],
    examples: ['inw letters --out 通知書 --date 2026-12-01 --db case.db', 'inw letters --out 見本 --draft --print-only --db case.db'],
  },
  preview: {
    options: [['--person ID', '対象者'], ['--out FILE.pdf', '出力ファイル'], ['--date YYYY-MM-DD', '通知書の日付'], ['--draft', '見本として作成 (全ページに「見本」)'], FORCE],
    examples: ['inw preview --person P000123 --out プレビュー.pdf --db case.db'],
  },
  calibrate: {
    options: [['--out FILE.pdf', '出力ファイル'], ['--incident metaps-2022|FILE.json', '事案定義 (窓の位置)'], FORCE],
    examples: ['inw calibrate --out 位置確認.pdf'],
    noDb: true,
  },
  incident: {
    options: [['template', '事案定義のひな形を出力'], ['--preset 名前', '元にするプリセット (既定 metaps-2022)'], ['--out FILE.json', '出力ファイル (省略時は画面へ)'], FORCE],
    examples: ['inw incident template --out 事案.json'],
    noDb: true,
  },
  sheet: {
    options: [['--out FILE.xlsx', '出力ファイル'], ['--category CODE', '分類で絞り込む (複数可)'], ['apply FILE.xlsx [--dry-run]', 'Excel で編集した一覧を反映'], FORCE],
    examples: ['inw sheet --out 連絡表.xlsx --db case.db', 'inw sheet apply 連絡表.xlsx --dry-run --db case.db'],
  },
  export: {
    options: [['persons', '対象者一覧'], ['--out FILE.csv', '出力ファイル'], ['--category CODE', '分類で絞り込む (複数可)'], FORCE],
    examples: ['inw export persons --out 対象者.csv --db case.db'],
  },
  audit: {
    options: [['list [--limit N] [--json]', '監査ログを表示 (既定 200 件)'], ['verify', '監査ログが改ざんされていないか確認']],
    examples: ['inw audit list --db case.db | head', 'inw audit verify --db case.db'],
  },
  mail: {
    options: [
      ['--date YYYY-MM-DD', '発送日'], ['--postage 方法', '料金の支払い方法 (料金別納など)'], ['--letter ID', '通知書 (複数可、省略時は未発送の全部)'],
      ['--note TEXT', 'メモ'], ['list [--json]', '発送記録の一覧'],
    ],
    examples: ['inw mail --date 2026-12-01 --postage 料金別納 --db case.db', 'inw mail list --db case.db'],
  },
  status: {
    options: [['ID', 'L…(通知書) か P…(対象者)'], ['状態', '印刷 発送 対応完了 電話済'], ['--date YYYY-MM-DD', '発送日'], ['--note TEXT', 'メモ']],
    examples: ['inw status P000123 電話済 --note "本人と話した" --db case.db'],
  },
  history: { options: [['P…', '対象者'], ['--json', 'JSON で出力']], examples: ['inw history P000123 --db case.db'] },
  returns: {
    options: [
      ['import FILE [--dry-run]', '返送一覧を取り込む'], ['add ID --date --reason', '返送を一件記録'],
      ['list | unreachable | resend', '返送・連絡がつかない人・再送できる人の一覧'], ['--json', 'JSON で出力'],
    ],
    examples: ['inw returns add L000012 --date 2026-12-10 --reason 宛所不明 --db case.db', 'inw returns resend --db case.db'],
  },
  address: {
    options: [['P…', '対象者'], ['--postal 〒 --address1 住所', '訂正後の住所'], ['--address2 建物', '建物名'], ['--reason 理由', '訂正の理由']],
    examples: ['inw address P000123 --postal 1000001 --address1 東京都千代田区千代田1-1 --db case.db'],
  },
  inquiry: {
    options: [
      ['add --at 日時 --channel 経路 --topic 種類', '問い合わせを記録'], ['--person ID --body --resolution --staff', '対象者・内容・対応・担当'],
      ['list [--person ID] [--json]', '問い合わせの一覧'],
    ],
    examples: ['inw inquiry add --at "2026-12-02 10:00" --channel 電話 --topic 確認 --person P000123 --db case.db'],
  },
  backup: { options: [['--out FILE', 'バックアップの出力先'], FORCE], examples: ['inw backup --out case-2026-12-01.db --db case.db'] },
  purge: {
    options: [['--before YYYY-MM-DD | --incident ID', '削除する範囲'], ['--dry-run', '件数の確認だけ'], ['--yes', '削除を確認 (元に戻せません)'], ['--json', 'JSON で出力']],
    examples: ['inw purge --before 2027-04-01 --dry-run --db case.db'],
  },
  report: { options: [['--json', 'JSON で出力']], examples: ['inw report --db case.db'] },
  barcode: {
    options: [['--postal 〒', '郵便番号 (7桁)'], ['--address 住所', '住所'], ['--json', 'JSON で出力']],
    examples: ['inw barcode --postal 2630023 --address 千葉県千葉市稲毛区緑町3丁目30-8'],
    noDb: true,
  },
  demo: {
    options: [
      ['--out DIR', '出力フォルダ'], ['--persons N', '見本の人数 (50 以上)'], ['--seed S', '乱数の種'],
      ['--print-only', '通知書は印刷用ファイルだけ'], ['--print-volume N', '印刷用ファイル1冊の通数 (既定 1000)'],
    ],
    examples: ['inw demo --out demo-output'],
    noDb: true,
  },
};

/** Columns on a terminal: East Asian wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return width;
}

/** The help for `command`, or undefined for an unknown command. */
export function commandHelp(command: string, usage: string): string | undefined {
  const synopsis = usage.split('\n').filter((line) => `${line.trim()} `.startsWith(`inw ${command} `));
  const help = HELP[command];
  if (!help && synopsis.length === 0) return undefined;
  const lines = ['使い方:', ...synopsis.map((l) => `  ${l.trim()}`)];
  const options: Array<[string, string]> = [...(help?.options ?? []), ...(help?.noDb ? [] : COMMON_OPTIONS), ['--help', 'この説明']];
  const width = Math.max(...options.map(([flag]) => displayWidth(flag)));
  lines.push('', 'オプション:', ...options.map(([flag, text]) => `  ${flag}${' '.repeat(width - displayWidth(flag))}  ${text}`));
  if (help) lines.push('', '例:', ...help.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export const HELP_COMMANDS = Object.keys(HELP);

/**
 * A usage mistake as staff read it: node:util's parseArgs words its errors in English ("Unknown
 * option '--foo'. To specify a positional argument…"); the option or argument is taken from them.
 */
export function usageMessage(error: { code?: string; message: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1]?.replace(/ <value>$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${quoted ?? 'そのオプション'} というオプションはありません。`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(error.message)
        ? `${quoted ?? 'このオプション'} には値を付けません。`
        : `${quoted ?? 'このオプション'} の後に値を指定してください。`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `余分な引数 ${quoted ?? ''} があります。`;
    default:
      return error.message;
  }
}

/** An error the CLI prints as a usage mistake (exit code 2, with a pointer to the command's help). */
export function usageError(message: string): Error {
  const error = new Error(message);
  (error as { code?: string }).code = 'ERR_PARSE_ARGS_USAGE';
  return error;
}

/** --encoding as given (default auto), checked against the one list the decoder reads. */
export function encodingOption(value: unknown): EncodingChoice {
  const encoding = value ?? 'auto';
  if (!isEncodingChoice(encoding)) throw usageError(`--encoding ${String(encoding)} は使えません (${ENCODING_CHOICES_TEXT})。`);
  return encoding;
}
