import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START, breakLines, tokenize } from '../../../src-main/core/letters/line-breaker.js';

// Monospace measure: full-width 10 pt, ASCII 5 pt.
const measure = (s: string): number => Array.from(s).reduce((w, c) => w + (c.charCodeAt(0) < 0x80 ? 5 : 10), 0);

describe('breakLines', () => {
  it('breaks between CJK characters and fills the line', () => {
    const lines = breakLines('あいうえおかきくけこさしすせそ', measure, 50);
    expect(lines.map((l) => l.text)).toEqual(['あいうえお', 'かきくけこ', 'さしすせそ']);
    expect(lines.map((l) => l.last)).toEqual([false, false, true]);
  });

  it('never starts a line with closing punctuation or small kana (oidashi)', () => {
    const text = 'あいうえ。かきくけこっさしすせ、そたちつ」てとなにぬねー';
    for (let width = 20; width <= 90; width += 10) {
      const lines = breakLines(text, measure, width);
      for (const line of lines.slice(1)) expect(NO_LINE_START.has(Array.from(line.text)[0]!)).toBe(false);
      expect(lines.map((l) => l.text).join('')).toBe(text);
    }
  });

  it('never ends a line with an opening bracket', () => {
    const text = 'あいう「えおかき」くけ（こさし）すせそ『たちつ』';
    for (let width = 30; width <= 90; width += 10) {
      const lines = breakLines(text, measure, width);
      for (const line of lines.slice(0, -1)) {
        const chars = Array.from(line.text);
        expect(NO_LINE_END.has(chars[chars.length - 1]!)).toBe(false);
      }
    }
  });

  it('keeps Latin words, numbers, amounts and e-mail addresses whole', () => {
    const text = 'お問い合わせはinfo@hidamari-kikin.example.jpまで。金額は12,345円、番号は0120-000-000です。';
    const lines = breakLines(text, measure, 200);
    const joined = lines.map((l) => l.text);
    expect(joined.some((l) => l.includes('info@hidamari-kikin.example.jp'))).toBe(true);
    expect(joined.some((l) => l.includes('12,345円'))).toBe(true);
    expect(joined.some((l) => l.includes('0120-000-000'))).toBe(true);
  });

  it('treats a character outside the BMP as one character', () => {
    const units = tokenize('𠮷田', measure);
    expect(units.map((u) => u.text)).toEqual(['𠮷', '田']);
  });

  it('splits a word longer than the line instead of overflowing', () => {
    const lines = breakLines('a'.repeat(30), measure, 50);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(50);
    expect(lines.map((l) => l.text).join('')).toBe('a'.repeat(30));
  });

  it('honours a narrower first line (indent)', () => {
    const lines = breakLines('あいうえおかきくけこ', measure, 50, 40);
    expect(lines[0]!.text).toBe('あいうえ');
  });
});
