import { describe, expect, it } from 'vitest';
import {
  cardEndingsText, displayWidth, excelDate, excelJstDateTime, last4, safeText, slashDate,
} from '../../../src-main/core/sheets/cells.js';

describe('cells', () => {
  it('turns Japan calendar dates into UTC-midnight Dates and instants into Japan wall clock', () => {
    expect(excelDate('2022-01-31')?.toISOString()).toBe('2022-01-31T00:00:00.000Z');
    expect(excelDate('2022/01/31')).toBeNull();
    expect(excelDate(null)).toBeNull();
    expect(excelJstDateTime('2022-03-31T15:00:00Z')?.toISOString()).toBe('2022-04-01T00:00:00.000Z');
    expect(slashDate('2022-01-31')).toBe('2022/01/31');
  });

  it('never lets more than 4 card digits through', () => {
    expect(last4('4111-1111-1111-1111')).toBe('1111');
    expect(last4('****1234')).toBe('1234');
    expect(cardEndingsText(['1234', '４３２１', '1234', '4111111111111111'])).toBe('1234、4321、1111');
    expect(cardEndingsText([])).toBeNull();
    expect(safeText('カード番号 4111 1111 1111 1111 です')).toBe('カード番号 ****1111 です');
    expect(safeText('T1 4111111111111111')).toBe('T1 ****1111');
    expect(safeText('電話 090-1234-5678')).toBe('電話 090-1234-5678');
    // Identifiers: only numbers with a card brand's prefix are masked (IDs pass Luhn by chance).
    expect(safeText('4111111111111111', true)).toBe('****1111');
    expect(safeText('9000000000000001', true)).toBe('9000000000000001');
    expect(safeText('9000000000000001')).toBe('****0001');
  });

  it('counts East Asian characters double for widths', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('氏名')).toBe(4);
    expect(displayWidth('ｶﾅ')).toBe(2);
    expect(displayWidth('①𠮷')).toBe(4);
  });
});
