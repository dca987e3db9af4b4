// `inw barcode`: the example through the real CLI, a representative code refused with exit 1.
import { describe, expect, it } from 'vitest';
import { inw, inwOk } from '../helpers/fixtures.js';

describe('inw barcode', () => {
  it('prints the address number and the 23 symbols as JSON', async () => {
    const result = await inwOk(['barcode', '--postal', '2630023', '--address', '千葉県千葉市稲毛区緑町3丁目30-8 郵便ビル403号', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({
      addressNumber: '3-30-8-403',
      symbols: ['STC', '2', '6', '3', '0', '0', '2', '3', '3', '-', '3', '0', '-', '8', '-', '4', '0', '3', 'CC4', 'CC4', 'CC4', '5', 'SPC'],
    });
  });

  it('gives no barcode for a representative code and says why', async () => {
    const result = await inw(['barcode', '--postal', '100-0000', '--address', '東京都千代田区', '--json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ addressNumber: null, symbols: null, reason: 'representative-code' });
  });
});
