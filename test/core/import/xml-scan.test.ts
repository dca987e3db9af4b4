// The XML tokenizer fed in pieces: wherever the pieces are cut (inside a tag, an attribute, an
// entity, a comment, CDATA, or a tag longer than the part of a piece joined to the cut token),
// the events are those of the whole document read at once.
import { describe, expect, it } from 'vitest';
import { InwError } from '../../../src-main/core/errors.js';
import { XmlScanner, type XmlHandler } from '../../../src-main/core/import/xml-scan.js';

function events(pieces: string[]): string[] {
  const out: string[] = [];
  const handler: XmlHandler = {
    wantText: true,
    open(name, buf, from, to, selfClosing) {
      const attrs = buf.slice(from, to).trim();
      out.push(`<${name}${attrs === '' ? '' : ` ${attrs}`}${selfClosing ? '/' : ''}>`);
    },
    close(name) {
      out.push(`</${name}>`);
    },
    text(text) {
      out.push(`"${text}"`);
    },
  };
  const scanner = new XmlScanner(handler, (why) => new InwError('xml', why));
  for (const piece of pieces) scanner.push(piece);
  scanner.end();
  return out;
}

const long = 'x'.repeat(10_000);
const doc =
  '<?xml version="1.0"?><x:sheet a="1"><row r="1"><c r="A1" t="s"><v>12</v></c>' +
  `<c r="B1" t="inlineStr"><is><t>a &amp; b&#x3042;\r\nc</t></is></c><!-- note > --><c t="str"><v><![CDATA[<d>]]></v></c></row>` +
  `<row r="2" long="${long}"><c><v>${long}</v></c></row><e/></x:sheet>`;

describe('XmlScanner', () => {
  const whole = events([doc]);

  it('reads tags, text with entities and line ends, CDATA, and skips comments and declarations', () => {
    expect(whole.slice(0, 14)).toEqual([
      '<sheet a="1">', '<row r="1">', '<c r="A1" t="s">', '<v>', '"12"', '</v>', '</c>',
      '<c r="B1" t="inlineStr">', '<is>', '<t>', '"a & bあ\nc"', '</t>', '</is>', '</c>',
    ]);
    expect(whole).toContain('"<d>"');
    expect(whole).toContain(`<row r="2" long="${long}">`);
    expect(whole.slice(-4)).toEqual(['</row>', '<e/>', '</e>', '</sheet>']);
  });

  it('gives the same events wherever the pieces are cut', () => {
    for (let cut = 1; cut < 400; cut++) {
      expect(events([doc.slice(0, cut), doc.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    const longTag = doc.indexOf('<row r="2"');
    for (const cut of [longTag + 1, longTag + 5000, longTag + 9000, doc.length - 5000, doc.length - 3]) {
      expect(events([doc.slice(0, cut), doc.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    for (const size of [7, 100, 4095, 4097, 6000]) {
      const pieces = Array.from({ length: Math.ceil(doc.length / size) }, (_, i) => doc.slice(i * size, (i + 1) * size));
      expect(events(pieces), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('refuses a document that ends inside a tag', () => {
    expect(() => events([doc.slice(0, 30), '<row r="3'])).toThrow('途中で終わっています');
  });
});
