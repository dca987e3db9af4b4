// Shaping in remembered pieces gives exactly fontkit's glyphs and positions for the whole run:
// whole letters, kana pairs that Noto Serif JP kerns (す。, あっ), Latin kerning, marks, variation
// selectors, a fraction, and every pair of a set of characters; and a font whose lookups are
// not analysed (LiberationSans, with a legacy kern table or none) is shaped whole.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { composeLetter, letterTexts } from '../../../src-main/core/letters/compose.js';
import { PieceShaper } from '../../../src-main/core/letters/shaping.js';
import { LETTER_DATE, fontPaths, incident, personBoth, personPayment, personToken } from './fixtures.js';

function open(file: string): fontkit.Font {
  return fontkit.create(readFileSync(file)) as fontkit.Font;
}

/** fontkit's own shaping of the whole run, as the letters read it. */
function whole(font: fontkit.Font, run: string): unknown[] {
  const shaped = font.layout(run);
  return shaped.glyphs.map((g, i) => {
    const p = shaped.positions[i]!;
    return { id: g.id, codePoints: g.codePoints, advanceWidth: g.advanceWidth, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset };
  });
}

const TRICKY = [
  'すっかり、ありがとうございます。',
  'きゃっきゃ、しゅっしゅ。ちょっと「そうですか」と。',
  'AVATAR To Wa, Yes. LTA fi ffl',
  'か\u3099き\u309Aく', // combining (semi-)voiced marks
  'e\u0301te\u0300', // Latin with combining accents
  '葛\u{E0100}城 辻\uFE00', // ideographic variation selectors
  '1\u20442 と 3\u20444',
  '𠮷野家　髙橋　﨑',
  'ｶﾞｷﾞｸﾞ ｱｲｳ',
  '••••1234 ¥12,345 ０９０－１２３４－５６７８',
  'ー―…‥〜～',
  'a\u200Bb\u00ADc\u200Dd',
];

const PAIRS = Array.from('あっゃすソ、。．」「（）ーァアイ様円AVTo.,1０ 　');

describe('shaping in pieces', () => {
  for (const face of ['regular', 'bold'] as const) {
    it(`gives fontkit's glyphs and positions for whole runs (${face})`, () => {
      const font = open(fontPaths[face]);
      const shaper = new PieceShaper(font);
      expect(shaper.cuts).toBe(true);
      const runs = [...TRICKY];
      for (const person of [personToken, personPayment, personBoth]) runs.push(...letterTexts(composeLetter(person, incident, LETTER_DATE)).filter((t) => t.length > 0));
      for (const a of PAIRS) for (const b of PAIRS) runs.push(`${a}${b}`, `漢${a}${b}字`);
      // Twice: the second time from remembered pieces.
      for (const run of [...runs, ...runs]) expect(shaper.shape(run), run).toEqual(whole(font, run));
    });
  }

  it('shapes runs whole in a font whose lookups are not analysed', () => {
    const font = open(createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf'));
    const shaper = new PieceShaper(font);
    for (const run of ['AVATAR To Wa', 'Yes. fi', 'e\u0301']) expect(shaper.shape(run)).toEqual(whole(font, run));
  });
});
