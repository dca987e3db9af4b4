// Turns one person's data and the incident's wording into the letter's content: the
// address block, sender block and a list of blocks (paragraphs, headings, the payment
// table). No fonts or positions here; layout.ts places the blocks on pages.
import type { BarcodeSymbol } from '../mail/barcode.js';
import { japaneseEraDate, westernKanjiDate } from '../text/dates.js';
import { runningTextName } from '../text/normalize.js';
import type { ContactDesk, LetterSettings, Organisation } from '../incident/letter-schema.js';
import { blockPlaceholder, fillTemplate, joinJapanese } from '../incident/template.js';
import type { LetterInput } from './types.js';
import { InwError } from '../errors.js';
import { formatPostalCode } from '../vocabulary/postal-code.js';

/** Incident-level data a letter needs (the lead merges these keys into the incident definition). */
export interface LetterIncident {
  title: string;
  organisation: Organisation;
  contactDesk: ContactDesk;
  letter: LetterSettings;
  /**
   * A draft for trying things out: every page says 見本 across it and print files are named
   * as drafts, so it cannot pass for a letter to mail. Absent (never false) on real letters,
   * so their input hashes and bytes stay what they were.
   */
  draft?: true;
}

export type ParagraphStyle = 'body' | 'flush' | 'list';

export interface PaymentRow {
  no: string;
  date: string;
  method: string;
  card: string;
  amount: string;
  marks: string;
}

export type Block =
  | { kind: 'paragraph'; text: string; style: ParagraphStyle; marker?: string }
  | { kind: 'heading'; text: string }
  | { kind: 'right'; text: string }
  | { kind: 'center'; text: string }
  | { kind: 'payments'; rows: PaymentRow[] }
  | { kind: 'contactDesk'; rows: Array<[string, string]> };

export interface LetterModel {
  personId: string;
  /** お問い合わせ番号, printed at the foot of every page. */
  referenceNumber: string;
  category: string;
  address: { postalCode: string; lines: string[]; name: string; barcode: BarcodeSymbol[] | null };
  date: string;
  sender: string[];
  subject: string;
  blocks: Block[];
}

const MARKS = Array.from('①②③④⑤⑥⑦⑧⑨⑩');

export function formatAmount(amount: number | null): string {
  return amount === null ? '—' : `${amount.toLocaleString('en-US')}円`;
}

export function formatCard(last4: string | null): string {
  return last4 ? `••••${last4}` : '—';
}

/**
 * 拝啓 and similar openers start flush left; ○●・※, ①… and （1）… start a list item
 * with a hanging indent (continuation lines align after the marker).
 */
function paragraphBlock(raw: string): Block {
  const text = raw.replace(/^[\u3000 ]+/, '');
  const list = /^([○●・※]|[①-⑳]|（[0-9０-９]{1,2}）)\u3000?/.exec(text);
  if (list) return { kind: 'paragraph', text, style: 'list', marker: list[0] };
  if (/^(拝啓|謹啓|前略)/.test(text)) return { kind: 'paragraph', text, style: 'flush' };
  return { kind: 'paragraph', text, style: 'body' };
}

export function composeLetter(input: LetterInput, incident: LetterIncident, letterDate: string): LetterModel {
  const { organisation: org, contactDesk: desk, letter } = incident;
  const exposures = input.exposures;
  const markOf = new Map(exposures.map((e, i) => [e.code, MARKS[i] ?? `(${i + 1})`]));

  const allItems: string[] = [];
  for (const e of exposures) for (const item of e.items) if (!allItems.includes(item)) allItems.push(item);
  const certainties = new Set(exposures.map((e) => e.certainty));
  const leakPhrase =
    certainties.size > 1 ? letter.leakPhrases.mixed : certainties.has('confirmed') ? letter.leakPhrases.confirmed : letter.leakPhrases.possible;
  const starts = exposures.map((e) => e.window?.from).filter((d): d is string => d !== undefined);
  const firstPayment = input.payments.map((p) => p.jstDate).sort()[0];
  const checkFrom = [...starts].sort()[0] ?? firstPayment ?? letterDate;

  const common: Record<string, string | undefined> = {
    // In running text the name reads without the space (木村涼子様); the address block keeps it as written.
    name: runningTextName(input.name),
    letterDate: japaneseEraDate(letterDate),
    incidentTitle: incident.title,
    'organisation.name': org.name,
    'organisation.postalCode': formatPostalCode(org.postalCode),
    'organisation.address': org.address,
    'organisation.address2': org.address2,
    'organisation.representativeTitle': org.representativeTitle,
    'organisation.representativeName': org.representativeName,
    'organisation.phone': org.phone,
    'contact.name': desk.name,
    'contact.phone': desk.phone,
    'contact.hours': desk.hours,
    'contact.email': desk.email,
    checkFrom: westernKanjiDate(checkFrom),
    allItems: joinJapanese(allItems),
    paymentCount: String(input.payments.length),
    leakPhrase,
  };
  const fill = (text: string, where: string): string => fillTemplate(text, common, where);

  const blocks: Block[] = [];
  letter.opening.forEach((p, i) => blocks.push(paragraphBlock(fill(p, `letter.opening[${i}]`))));
  if (letter.complimentaryClose) blocks.push({ kind: 'right', text: letter.complimentaryClose });
  if (letter.kigaki) blocks.push({ kind: 'center', text: letter.kigaki });

  letter.sections.forEach((section, s) => {
    blocks.push({ kind: 'heading', text: `${s + 1}．${fill(section.heading, `letter.sections[${s}].heading`)}` });
    section.paragraphs.forEach((p, i) => {
      const block = blockPlaceholder(p);
      if (block === 'exposureParagraphs') {
        for (const e of exposures) {
          const template = letter.exposureParagraphs[e.code];
          if (template === undefined) throw new InwError('letter-wording-missing', `事案定義の letter.exposureParagraphs に流出区分「${e.code}」の文面がありません。事案定義に追加してください。`);
          const dates = input.payments.filter((pay) => pay.exposures.includes(e.code)).map((pay) => pay.jstDate).sort();
          const values = {
            ...common,
            mark: markOf.get(e.code),
            label: e.label,
            items: joinJapanese(e.items),
            certainty: letter.certaintyPhrases[e.certainty],
            windowFrom: e.window ? westernKanjiDate(e.window.from) : undefined,
            windowTo: e.window ? westernKanjiDate(e.window.to) : undefined,
            count: String(dates.length),
            firstDate: dates[0] ? westernKanjiDate(dates[0]) : undefined,
            lastDate: dates.length ? westernKanjiDate(dates[dates.length - 1]!) : undefined,
          };
          blocks.push(paragraphBlock(fillTemplate(template, values, `letter.exposureParagraphs.${e.code}`)));
        }
      } else if (block === 'payments') {
        blocks.push({
          kind: 'payments',
          rows: input.payments.map((pay, n) => ({
            no: String(n + 1),
            date: westernKanjiDate(pay.jstDate),
            method: pay.method,
            card: formatCard(pay.cardLast4),
            amount: formatAmount(pay.amount),
            marks: pay.exposures.map((code) => markOf.get(code) ?? '').join(''),
          })),
        });
      } else if (block === 'contactDesk') {
        const rows: Array<[string, string]> = [
          ['窓口', desk.name],
          ['電話番号', /^(0120|0800)/.test(desk.phone.replace(/\D/g, '')) ? `${desk.phone}（通話料無料）` : desk.phone],
          ['受付時間', desk.hours],
        ];
        if (desk.email) rows.push(['メール', desk.email]);
        blocks.push({ kind: 'contactDesk', rows });
      } else {
        blocks.push(paragraphBlock(fill(p, `letter.sections[${s}].paragraphs[${i}]`)));
      }
    });
  });
  blocks.push({ kind: 'right', text: letter.finalWord });

  const addressLines = [input.address1, input.address2].filter((l): l is string => !!l && l.trim() !== '');
  const sender = [org.name, `${org.representativeTitle}　${org.representativeName}`];
  return {
    personId: input.personId,
    referenceNumber: input.referenceNumber,
    category: input.category,
    address: {
      postalCode: formatPostalCode(input.postalCode), lines: addressLines, name: input.name,
      barcode: input.barcode && 'symbols' in input.barcode ? input.barcode.symbols : null,
    },
    date: japaneseEraDate(letterDate),
    sender,
    subject: fill(letter.subject, 'letter.subject'),
    blocks,
  };
}

/** Every string the letter prints, for the glyph check. */
export function letterTexts(model: LetterModel): string[] {
  const out = [model.address.postalCode, ...model.address.lines, model.address.name, model.date, ...model.sender, model.subject, model.referenceNumber, model.personId];
  for (const b of model.blocks) {
    if (b.kind === 'payments') for (const r of b.rows) out.push(r.no, r.date, r.method, r.card, r.amount, r.marks);
    else if (b.kind === 'contactDesk') for (const [k, v] of b.rows) out.push(k, v);
    else out.push(b.text);
  }
  return out;
}
