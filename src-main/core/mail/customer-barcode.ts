// A person's customer barcode from the postal code and the full address: split at the 町域 with
// the postal data, extract the address number, encode. Representative codes and codes that do
// not exist get no barcode (manual p18), and say why.
import { addressNumberOf, barcodeSymbols, type BarcodeSymbol } from './barcode.js';
import type { PostalIndex } from './postal-data.js';

export type CustomerBarcode =
  | { ok: true; addressNumber: string; symbols: BarcodeSymbol[] }
  | { ok: false; reason: 'unknown-code' | 'representative-code' | 'invalid-code'; message: string };

// 私書箱 without an individual code (p22): the box number is the address number.
const PO_BOX = /私書箱\s*(?:第)?([0-9]{1,4})/;

export function customerBarcode(index: PostalIndex, postalCode: string, address: string): CustomerBarcode {
  if (!/^[0-9]{7}$/.test(postalCode)) return { ok: false, reason: 'invalid-code', message: '郵便番号が7桁の数字ではありません' };
  const areas = index.areasOf(postalCode);
  if (areas.length === 0) return { ok: false, reason: 'unknown-code', message: `〒${postalCode.slice(0, 3)}-${postalCode.slice(3)} は郵便番号データにありません` };
  // p22: a 大口事業所 / 私書箱 individual code carries no address number at all.
  if (areas.every((a) => a.office !== undefined)) return { ok: true, addressNumber: '', symbols: barcodeSymbols(postalCode, '') };
  const parsed = index.parse(address, areas[0]!.pref, areas);
  const poBox = PO_BOX.exec(parsed.rest);
  if (poBox) return { ok: true, addressNumber: poBox[1]!, symbols: barcodeSymbols(postalCode, poBox[1]!) };
  const area = areas.find((a) => a.town !== '' && a.town === parsed.town) ?? areas.find((a) => a.representative) ?? areas[0]!;
  if (area.representative) {
    return { ok: false, reason: 'representative-code', message: '代表の郵便番号 (以下に掲載がない場合) にはバーコードを付けません' };
  }
  const addressNumber = addressNumberOf(parsed.rest);
  return { ok: true, addressNumber, symbols: barcodeSymbols(postalCode, addressNumber) };
}
