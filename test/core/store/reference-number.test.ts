// お問い合わせ番号: person ID + Damm check digit, grouped for the phone; every single-digit
// error and adjacent transposition must be refused, and typed variants must still parse.
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, looksLikeReferenceNumber, parseLetterOrPerson, parsePersonId, parseReferenceNumber, referenceNumberOf } from '../../../src-main/core/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('referenceNumberOf', () => {
  it('uses the published Damm check digit', () => {
    // The worked example of the Damm algorithm: 572 → check digit 4.
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammCheckDigit('5724')).toBe(0);
  });

  it.each([
    [1, '0000-0013'],
    [1234, '0001-2340'],
    [12000, '0012-0007'],
    [9999999, '9999-9992'],
    [10000000, '1-0000-0006'],
  ])('person %i → %s', (id, reference) => {
    expect(referenceNumberOf(id)).toBe(reference);
    expect(parseReferenceNumber(reference)).toBe(id);
  });

  it('refuses an ID that is not a positive integer', () => {
    expect(codeOf(() => referenceNumberOf(0))).toBe('bad-person-id');
    expect(codeOf(() => referenceNumberOf(1.5))).toBe('bad-person-id');
  });
});

describe('parseReferenceNumber', () => {
  it.each(['0001-2340', '00012340', '0001 2340', '０００１－２３４０', '０００１　２３４０', '0001ー2340', '0001−2340', ' 0001-2340 '])(
    'accepts %j',
    (text) => {
      expect(parseReferenceNumber(text)).toBe(1234);
      expect(looksLikeReferenceNumber(text)).toBe(true);
    },
  );

  it('catches every single-digit error and every adjacent transposition (persons 1 to 1,500)', () => {
    const missed: string[] = [];
    let tried = 0;
    const expectRefused = (wrong: string) => {
      tried += 1;
      if (codeOf(() => parseReferenceNumber(wrong)) !== 'reference-check-failed') missed.push(wrong);
    };
    for (let id = 1; id <= 1500; id += 1) {
      const digits = referenceNumberOf(id).replace(/-/g, '');
      for (let i = 0; i < digits.length; i += 1) {
        for (let d = 0; d <= 9; d += 1) {
          if (String(d) !== digits[i]) expectRefused(digits.slice(0, i) + String(d) + digits.slice(i + 1));
        }
        if (i + 1 < digits.length && digits[i] !== digits[i + 1]) expectRefused(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
      }
    }
    expect(missed.slice(0, 10)).toEqual([]);
    expect(tried).toBeGreaterThan(100_000);
  });

  it('says in Japanese what is wrong', () => {
    expect(() => parseReferenceNumber('0001-2341')).toThrow(/確認数字が合いません/);
    expect(() => parseReferenceNumber('0001-234')).toThrow(/7桁です.*8桁の番号/);
    expect(() => parseReferenceNumber('0001-23A0')).toThrow(/数字以外の文字「A」/);
    expect(() => parseReferenceNumber('  ')).toThrow(/お問い合わせ番号を入力してください/);
    expect(codeOf(() => parseReferenceNumber('0000-0000'))).toBe('bad-reference-number');
  });

  it('tells a reference number from a person ID or a postal code', () => {
    expect(looksLikeReferenceNumber('P001234')).toBe(false);
    expect(looksLikeReferenceNumber('1234')).toBe(false);
    expect(looksLikeReferenceNumber('100-0005')).toBe(false);
    expect(looksLikeReferenceNumber('山田')).toBe(false);
  });
});

describe('person IDs also take the reference number', () => {
  it('reads P000123, a bare ID and an お問い合わせ番号 as the same person', () => {
    expect(parsePersonId('P001234')).toBe(1234);
    expect(parsePersonId('1234')).toBe(1234);
    expect(parsePersonId('０００１－２３４０')).toBe(1234);
    expect(parseLetterOrPerson('0001-2340')).toEqual({ person: 1234 });
    expect(parseLetterOrPerson('L000012')).toEqual({ letter: 12 });
  });

  it('refuses a mistyped reference number rather than taking it as another person', () => {
    expect(codeOf(() => parsePersonId('0001-2341'))).toBe('reference-check-failed');
    expect(codeOf(() => parseLetterOrPerson('00012341'))).toBe('reference-check-failed');
    expect(codeOf(() => parsePersonId('山田'))).toBe('bad-person-id');
  });
});
