import { describe, expect, it } from 'vitest';
import { categorySheetName, safeSheetName, uniqueSheetName } from '../../../src-main/core/sheets/sheet-names.js';
import { EXPOSURES } from './fixtures.js';

describe('categorySheetName', () => {
  it('numbers categories by the exposure order', () => {
    expect(categorySheetName('token-db', EXPOSURES)).toBe('①のみ');
    expect(categorySheetName('payment-db', EXPOSURES)).toBe('②のみ');
    expect(categorySheetName('token-db+payment-db', EXPOSURES)).toBe('①②両方');
    expect(categorySheetName('payment-db+token-db', ['token-db', 'payment-db'])).toBe('①②両方');
    expect(categorySheetName('none', EXPOSURES)).toBe('対象外');
  });

  it('handles three or more exposures', () => {
    const three = ['a', 'b', 'c'];
    expect(categorySheetName('a+c', three)).toBe('①③のみ');
    expect(categorySheetName('a+b+c', three)).toBe('①②③すべて');
    expect(categorySheetName('c', three)).toBe('③のみ');
  });

  it('keeps an unknown code, made safe for Excel', () => {
    expect(categorySheetName('x/y:z', EXPOSURES)).toBe('x_y_z');
  });
});

describe('safeSheetName / uniqueSheetName', () => {
  it('removes forbidden characters and cuts to 31 characters', () => {
    expect(safeSheetName('a[b]c:d*e?f/g\\h')).toBe('a_b_c_d_e_f_g_h');
    expect(safeSheetName('あ'.repeat(40))).toHaveLength(31);
    expect(safeSheetName("'quoted'")).toBe('quoted');
    expect(safeSheetName('  ')).toBe('Sheet');
    // A surrogate pair is not cut in half.
    expect(safeSheetName('a'.repeat(30) + '𠮷')).toBe('a'.repeat(30));
  });

  it('makes names unique without regard to case', () => {
    const taken = new Set<string>();
    expect(uniqueSheetName('概要', taken)).toBe('概要');
    expect(uniqueSheetName('概要', taken)).toBe('概要(2)');
    expect(uniqueSheetName('Data', taken)).toBe('Data');
    expect(uniqueSheetName('DATA', taken)).toBe('DATA(2)');
  });
});
