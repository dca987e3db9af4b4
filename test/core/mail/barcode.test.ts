// The customer barcode against Japan Post's own worked examples (郵便番号・バーコードマニュアル
// p06, p17–p25) and the edge cases of shared/spec/customer-barcode.md.
import { describe, expect, it } from 'vitest';
import {
  addressNumberOf, barcodeBars, barcodeGeometry, barcodeSymbols, barRects, bundledPostalIndex, checkSymbol, customerBarcode,
  encodedAddressNumber, kanjiNumber, type BarcodeSymbol,
} from '../../../src-main/core/index.js';

const index = bundledPostalIndex();
const s = (text: string) => text.split(' ');

describe('customer barcode: the manual p25 worked examples (postal code + full address)', () => {
  it.each([
    ['2630023', '千葉市稲毛区緑町3丁目30-8　郵便ビル403号', '3-30-8-403', 'STC 2 6 3 0 0 2 3 3 - 3 0 - 8 - 4 0 3 CC4 CC4 CC4 5 SPC'],
    ['0140113', '秋田県大仙市堀見内　南田茂木　添60-1', '60-1', 'STC 0 1 4 0 1 1 3 6 0 - 1 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC8 SPC'],
    ['1100016', '東京都台東区台東5-6-3　ABCビル10F', '5-6-3-10', 'STC 1 1 0 0 0 1 6 5 - 6 - 3 - 1 0 CC4 CC4 CC4 CC4 CC4 9 SPC'],
    ['0600906', '北海道札幌市東区北六条東4丁目　郵便センター6号館', '4-6', 'STC 0 6 0 0 9 0 6 4 - 6 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9 SPC'],
    ['0650006', '北海道札幌市東区北六条東8丁目　郵便センター10号館', '8-10', 'STC 0 6 5 0 0 0 6 8 - 1 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9 SPC'],
    ['4070033', '山梨県韮崎市龍岡町下條南割　韮崎400', '400', 'STC 4 0 7 0 0 3 3 4 0 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 - SPC'],
    ['2730102', '千葉県鎌ケ谷市右京塚　東3丁目-20-5　郵便・A&bコーポB604号', '3-20-5B604', 'STC 2 7 3 0 1 0 2 3 - 2 0 - 5 CC1 1 6 0 4 CC4 CC4 0 SPC'],
    ['1980036', '東京都青梅市河辺町十一丁目六番地一号　郵便タワー601', '11-6-1-601', 'STC 1 9 8 0 0 3 6 1 1 - 6 - 1 - 6 0 1 CC4 CC4 CC4 CC8 SPC'],
    ['0270203', '岩手県宮古市大字津軽石第二十一地割大淵川480', '21-480', 'STC 0 2 7 0 2 0 3 2 1 - 4 8 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC5 SPC'],
    ['5900016', '大阪府堺市堺区中田出井町四丁六番十九号', '4-6-19', 'STC 5 9 0 0 0 1 6 4 - 6 - 1 9 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC2 SPC'],
    ['0800831', '北海道帯広市稲田町南七線　西28', '7-28', 'STC 0 8 0 0 8 3 1 7 - 2 8 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC7 SPC'],
    ['3170055', '茨城県日立市宮田町6丁目7-14　ABCビル2F', '6-7-14-2', 'STC 3 1 7 0 0 5 5 6 - 7 - 1 4 - 2 CC4 CC4 CC4 CC4 CC4 CC1 SPC'],
    ['6500046', '神戸市中央区港島中町9丁目7-6　郵便シティA棟1F1号', '9-7-6A1-1', 'STC 6 5 0 0 0 4 6 9 - 7 - 6 CC1 0 1 - 1 CC4 CC4 CC4 5 SPC'],
    ['6230011', '京都府綾部市青野町綾部6-7　LプラザB106', '6-7LB106', 'STC 6 2 3 0 0 1 1 6 - 7 CC2 1 CC1 1 1 0 6 CC4 CC4 CC4 4 SPC'],
    ['0640804', '札幌市中央区南四条西29丁目1524-23　第2郵便ハウス501', '29-1524-23-2-501', 'STC 0 6 4 0 8 0 4 2 9 - 1 5 2 4 - 2 3 - 2 - 3 SPC'],
    ['9100067', '福井県福井市新田塚3丁目80-25　J1ビル2-B', '3-80-25J1-2B', 'STC 9 1 0 0 0 6 7 3 - 8 0 - 2 5 CC1 9 1 - 2 CC1 9 SPC'],
  ])('%s %s', (postalCode, address, addressNumber, symbols) => {
    const barcode = customerBarcode(index, postalCode, address);
    expect(barcode).toEqual({ ok: true, addressNumber, symbols: s(symbols) });
  });

  it('the issue\'s CLI example (with the prefecture and a half-width space)', () => {
    const barcode = customerBarcode(index, '2630023', '千葉県千葉市稲毛区緑町3丁目30-8 郵便ビル403号');
    expect(barcode).toEqual({ ok: true, addressNumber: '3-30-8-403', symbols: s('STC 2 6 3 0 0 2 3 3 - 3 0 - 8 - 4 0 3 CC4 CC4 CC4 5 SPC') });
  });
});

describe('address number extraction (p19 rules on 住所B)', () => {
  it.each([
    // p19 walk-through: & / ・ . deleted, the run of letters AB is a separator, hyphens next to a letter removed.
    ['東3丁目-20-5 郵便・A&bコーポB604号', '3-20-5B604'],
    ['1F1号', '1-1'], // 補足3: F after a digit followed by data is one hyphen
    ['2F201号室', '2-201'],
    ['ABCビル10F', '10'], // 補足2: trailing floor F dropped
    ['1-2 F棟', '1-2F'], // F not after a digit is the letter F
    ['6-7 LプラザB106', '6-7LB106'], // 補足5: adjacent letters stay
    ['十一丁目六番地一号', '11-6-1'],
    ['第二十一地割', '21'],
    ['四丁六番十九号', '4-6-19'],
    ['百一番地', '101'],
    ['二〇番地', '20'],
    ['三丁目', '3'],
    ['1丁目11ー32', '1-11-32'], // ー between digits is a hyphen
    ['１丁目２番３号', '1-2-3'], // full width
    ['1‐2−3', '1-2-3'], // dash variants
    ['番地の四', ''], // a kanji numeral not before a counter is dropped, as the manual says
    ['八丁堀', '8'], // inside 住所B a numeral before 丁 is a number (why the 町域 split matters)
    ['郵便ハウス', ''],
    ['a棟3号', '3'.replace('3', 'A3')], // lower case is upper-cased
  ])('%s → %s', (addressB, expected) => {
    expect(addressNumberOf(addressB)).toBe(expected);
  });

  it('kanji numerals', () => {
    expect([kanjiNumber('十'), kanjiNumber('二十一'), kanjiNumber('百'), kanjiNumber('千二百三十四'), kanjiNumber('一〇五')]).toEqual([10, 21, 100, 1234, 105]);
  });

  it('the 町域 boundary comes from the postal data: numerals in the town name are not extracted', () => {
    // 中央区八丁堀 (104-0032): 八丁 is part of the 町域, only 3-4-5 is the address number.
    expect(customerBarcode(index, '1040032', '東京都中央区八丁堀3丁目4-5')).toMatchObject({ ok: true, addressNumber: '3-4-5' });
    // 大字 before the 町域 and ケ/が variants
    expect(customerBarcode(index, '1000013', '東京都千代田区霞ヶ関1丁目3番2号 郵便プラザ503室')).toMatchObject({
      ok: true, addressNumber: '1-3-2-503', symbols: s('STC 1 0 0 0 0 1 3 1 - 3 - 2 - 5 0 3 CC4 CC4 CC4 CC4 9 SPC'),
    });
  });
});

describe('symbols, truncation and the check digit', () => {
  it('p17/p21: 霞が関 example, sum 105 → check 9', () => {
    expect(barcodeSymbols('1000013', '1-3-2-503')).toEqual(s('STC 1 0 0 0 0 1 3 1 - 3 - 2 - 5 0 3 CC4 CC4 CC4 CC4 9 SPC'));
  });

  it('p20: cut after 20 symbols; a letter at position 20 keeps its control code, loses its digit', () => {
    expect(barcodeSymbols('0640804', '29-1524-23-2-501').slice(1, 21).join(' ')).toBe('0 6 4 0 8 0 4 2 9 - 1 5 2 4 - 2 3 - 2 -');
    const fukui = barcodeSymbols('9100067', '3-80-25J1-2B');
    expect(fukui.slice(1, 21)).toEqual(s('9 1 0 0 0 6 7 3 - 8 0 - 2 5 CC1 9 1 - 2 CC1'));
    expect(encodedAddressNumber(fukui)).toBe('3-80-25J1-2');
    // a letter whose control code would fall at position 21 is dropped entirely
    expect(barcodeSymbols('1234567', '123456789012Z').slice(1, 21).join(' ')).toBe('1 2 3 4 5 6 7 1 2 3 4 5 6 7 8 9 0 1 2 CC3');
    expect(barcodeSymbols('1234567', '1234567890123Z').slice(1, 21).join(' ')).toBe('1 2 3 4 5 6 7 1 2 3 4 5 6 7 8 9 0 1 2 3');
    expect(barcodeSymbols('1234567', '1-2-3-4-5-6-7-8-9')).toHaveLength(23);
  });

  it('a sum already divisible by 19 gives check 0 (p22: 100-8792 with 13×CC4), where BWIPP prints a corrupt character', () => {
    expect(barcodeSymbols('1008792', '')).toEqual(['STC', ...'1008792'.split(''), ...Array(13).fill('CC4'), '0', 'SPC']);
    expect(checkSymbol(s('1 0 0 8 7 9 2 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4') as BarcodeSymbol[])).toBe('0');
  });

  it('check values 10–18 print as - and CC1–CC8', () => {
    expect(barcodeSymbols('4070033', '400').at(-2)).toBe('-');
    expect(barcodeSymbols('0270203', '21-480').at(-2)).toBe('CC5');
    expect(barcodeSymbols('0140113', '60-1').at(-2)).toBe('CC8');
  });

  it('p22: 私書箱 without an individual code carries the box number', () => {
    expect(barcodeSymbols('9808691', '215')).toEqual(['STC', ...'9808691215'.split(''), ...Array(10).fill('CC4'), '1', 'SPC']);
  });

  it('an address with no numbers at all is still barcoded with 13×CC4', () => {
    expect(customerBarcode(index, '0140113', '秋田県大仙市堀見内')).toMatchObject({ ok: true, addressNumber: '', symbols: expect.arrayContaining(['CC4']) });
  });

  it('no barcode for a representative code (以下に掲載がない場合) nor for a code that does not exist', () => {
    expect(customerBarcode(index, '1000000', '東京都千代田区丸の内1-1')).toMatchObject({ ok: false, reason: 'representative-code' });
    expect(customerBarcode(index, '9216381', '石川県金沢市長町1-2-3')).toMatchObject({ ok: false, reason: 'unknown-code' });
  });
});

describe('bars', () => {
  // zint's test_postal.c rows for the manual's p06 examples ("verified manually against tec-it"):
  // top row = bars reaching the top (long, semi-long up), bottom row = bars reaching the bottom.
  const rows = (symbols: ReturnType<typeof barcodeSymbols>) => {
    const bars = barcodeBars(symbols);
    const row = (on: string) => bars.map((b) => (on.includes(b) ? '1' : '0')).join('0');
    return [row('LU'), row('LD')];
  };
  it('p06 example 1: 154-0023 3-16-4-205', () => {
    expect(rows(barcodeSymbols('1540023', '3-16-4-205'))).toEqual([
      '1000101000100010101000100000100000100010001010001010001000101000001010001000101000001000100010100000100010000010000010000010001010001',
      '1010101000100010100010100000100000101000101000101000001000101000100010001000100010001000101000100000100010001000001000001000100010101',
    ]);
  });
  it('p06 example 2: 350-1106 22-1A308', () => {
    expect(addressNumberOf('22-1-A-308')).toBe('22-1A308');
    expect(rows(barcodeSymbols('3501106', '22-1A308'))).toEqual([
      '1000001010100010100000101000101000100000001010100010100010001000101000001000100000001010100000100010000010000010000010000010100010001',
      '1010101000100010100000101000101000100000100010101000101000001000101000100000100000101000100000001010001000001000001000001000100010101',
    ]);
  });
  it('67 bars; at 10 pt a long bar is 3.6 mm, a timing bar 1.2 mm, the pitch 1.2 mm and the whole 79.8 mm', () => {
    const mm = (pt: number) => Math.round((pt * 25.4 / 72) * 100) / 100;
    const symbols = barcodeSymbols('2630023', '3-30-8-403');
    const rects = barRects(symbols, 0, 0, 10);
    expect(rects).toHaveLength(67);
    const g = barcodeGeometry(10);
    expect([mm(g.height), mm(g.pitch), mm(g.unit), mm(g.width)]).toEqual([3.6, 1.2, 0.6, 79.8]);
    const heights = new Set(rects.map((r) => mm(r.h)));
    expect([...heights].sort()).toEqual([1.2, 2.4, 3.6]);
    expect(mm(barcodeGeometry(8).width)).toBe(63.84);
    expect(() => barcodeGeometry(12)).toThrow();
  });
});
