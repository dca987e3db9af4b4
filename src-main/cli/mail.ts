// `inw barcode` and `inw postal`: the customer barcode and the postal-code data. Parsing and printing only.
import type { CliContext } from './commands.js';
import { usageError as usage } from './help.js';

type Core = typeof import('../core/index.js');

export const MAIL_USAGE = `  inw barcode --postal 2630023 --address 住所 [--json]   # カスタマバーコード (住所表示番号と記号列)
`;


const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export function runBarcodeCommand(core: Core, args: string[], ctx: CliContext): number {
  const { values, positionals } = ctx.parse(args, {
    postal: { type: 'string' }, address: { type: 'string' }, json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw usage(`barcode の後の「${positionals[0]}」は使えません (--postal と --address で指定してください)。`);
  if (!values.postal || !values.address) throw usage('--postal 郵便番号 と --address 住所 を指定してください。');
  const postalCode = core.normalizePostalCode(values.postal as string);
  if (!postalCode) throw usage(`郵便番号「${values.postal}」は7桁の郵便番号ではありません。`);
  const index = core.bundledPostalIndex();
  const barcode = core.customerBarcode(index, postalCode, values.address as string);
  if (values.json) {
    out(JSON.stringify(barcode.ok
      ? { addressNumber: barcode.addressNumber, symbols: barcode.symbols }
      : { addressNumber: null, symbols: null, reason: barcode.reason, message: barcode.message }));
  } else if (barcode.ok) {
    out(`住所表示番号: ${barcode.addressNumber || '(なし)'}\n記号: ${barcode.symbols.join(' ')}\n郵便番号データ: ${index.source} (${index.date})`);
  } else out(`バーコードなし: ${barcode.message}`);
  return barcode.ok ? 0 : 1;
}
