// The words the shells share: one list or function each, and every shell reads that one.
import { describe, expect, it } from 'vitest';
import { formatPostalCode, postalMark } from '../../../src-main/core/vocabulary/postal-code.js';
import { reconciliationVerdict, reconciliationVerdictText } from '../../../src-main/core/vocabulary/reconciliation.js';
import { ENCODING_CHOICES, isEncodingChoice } from '../../../src-main/core/vocabulary/encodings.js';
import { inputSchemas } from '../../../src-main/electron/ipc/schemas.js';

describe('postal codes', () => {
  it('writes 7 digits as 123-4567 (text, leading zeros kept) and anything else as given', () => {
    expect(formatPostalCode('0600001')).toBe('060-0001');
    expect(formatPostalCode(null)).toBeNull();
    expect(formatPostalCode('')).toBeNull();
    expect(formatPostalCode('12345')).toBe('12345');
    expect(postalMark('0600001')).toBe('〒060-0001');
    expect(postalMark('12345')).toBe('12345');
  });
});

describe('reconciliation verdict', () => {
  it('treats a max figure as an upper bound and an exact figure as one to meet', () => {
    expect(reconciliationVerdict({ stated: 100, statedKind: 'max', ours: 100 })).toBe('ok');
    expect(reconciliationVerdict({ stated: 100, statedKind: 'max', ours: 99 })).toBe('ok');
    expect(reconciliationVerdict({ stated: 100, statedKind: 'max', ours: 101 })).toBe('mismatch');
    expect(reconciliationVerdict({ stated: 100, statedKind: 'exact', ours: 99 })).toBe('mismatch');
    expect(reconciliationVerdict({ stated: 100, statedKind: 'exact', ours: 100 })).toBe('ok');
    expect(reconciliationVerdict({ stated: null, statedKind: null, ours: 5 })).toBeNull();
    expect(reconciliationVerdictText({ stated: 100, statedKind: 'max', ours: 99 })).toBe('上限以内');
    expect(reconciliationVerdictText({ stated: 100, statedKind: 'max', ours: 101 })).toBe('上限を超過');
    expect(reconciliationVerdictText({ stated: 100, statedKind: 'exact', ours: 100 })).toBe('一致');
    expect(reconciliationVerdictText({ stated: 100, statedKind: 'exact', ours: 1 })).toBe('不一致');
    expect(reconciliationVerdictText({ stated: null, statedKind: null, ours: 1 })).toBe('公表値なし');
  });
});

describe('encodings', () => {
  it('lets the app ask for every encoding the decoder reads, utf16be included', () => {
    expect(ENCODING_CHOICES).toContain('utf16be');
    for (const encoding of ENCODING_CHOICES) {
      expect(isEncodingChoice(encoding)).toBe(true);
      expect(inputSchemas['imports:preview'].safeParse({ file: crypto.randomUUID(), kind: 'payments', encoding, map: {} }).success).toBe(true);
    }
    expect(isEncodingChoice('latin1')).toBe(false);
    expect(inputSchemas['imports:preview'].safeParse({ file: crypto.randomUUID(), kind: 'payments', encoding: 'latin1', map: {} }).success).toBe(false);
  });
});
