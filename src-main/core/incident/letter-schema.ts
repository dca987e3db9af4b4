// The letter-related parts of an incident definition (keys `organisation`, `contactDesk`,
// `letter`), validated when the incident is loaded. Wording is data: templates with named
// placeholders, checked here so that an unknown placeholder or one whose data is missing
// is an error naming the template, never a blank on paper. Lengths are millimetres.
import { z } from 'zod';
import { blockPlaceholder, malformedPlaceholders, placeholdersOf } from './template.js';
import { strictObject } from './strict.js';
import { nfkc } from '../text/normalize.js';

/**
 * A value the organisation must fill in. Sample markers such as 「（団体名）」, ○○ or
 * {{...}} are refused, so an unfilled preset cannot reach paper.
 */
const filledText = z
  .string()
  .trim()
  .min(1, '入力してください')
  .refine((v) => !/^[（(［[【〈<＜].*[）)］\]】〉>＞]$/.test(v), '記入例のままです（括弧書きの値）')
  .refine((v) => !/○○|〇〇|××|ＸＸ|XXX|\{\{|\}\}/.test(v), '記入例のままです（○○ などの伏せ字）');

/** Full-width digits, dashes and spaces as an IME types them (１００－０００５) read as half-width. */
const halfWidth = (value: unknown) => (typeof value === 'string' ? nfkc(value).replace(/[\u2010-\u2015\u2212\u30fc]/g, '-') : value);
const phoneText = z.preprocess(halfWidth, filledText);

export const organisationSchema = strictObject({
  /** 差出人名, e.g. 特定非営利活動法人○○. */
  name: filledText,
  /** 7 digits, with or without the hyphen. */
  postalCode: z.preprocess(halfWidth, z
    .string()
    .trim()
    .regex(/^〒?\s*\d{3}-?\d{4}$/, '郵便番号は 7 桁で入力してください (例: 100-0005)')
    .transform((v) => v.replace(/\D/g, ''))),
  address: filledText,
  address2: filledText.optional(),
  /** 代表者の肩書, e.g. 理事長. */
  representativeTitle: filledText,
  representativeName: filledText,
  phone: phoneText.optional(),
});
export type Organisation = z.output<typeof organisationSchema>;

export const contactDeskSchema = strictObject({
  /** e.g. 〇〇 お問い合わせ窓口. */
  name: filledText,
  /** Free-dial number, e.g. 0120-123-456. */
  phone: phoneText,
  /** e.g. 平日 10:00～17:00（土日祝日を除く）. */
  hours: filledText,
  email: z.preprocess((v) => (typeof v === 'string' ? nfkc(v) : v), z.string().trim().email('メールアドレスの形式ではありません')).optional(),
});
export type ContactDesk = z.output<typeof contactDeskSchema>;

const mm = z.number().finite().min(0).max(300);
const boxSchema = strictObject({ xMm: mm, yMm: mm, widthMm: mm.min(10), heightMm: mm.min(10) });
export type BoxMm = z.output<typeof boxSchema>;

/**
 * Default window of a 長形3号 window envelope (120×235 mm) read in landscape, as the
 * common makers cut it: 90×45 mm, 23 mm from the left edge and 13 mm from the top (Japan
 * Post wants at least 80×45 mm). The folded A4 sheet (210×99 mm) has about 25 mm of play
 * along the envelope and 20 mm across it; it settles at the closed (left) end, so in
 * practice it moves ≈5 mm sideways and ≈12 mm up or down.
 */
export const DEFAULT_WINDOW_MM: BoxMm = { xMm: 23, yMm: 13, widthMm: 90, heightMm: 45 };

/**
 * Default address block on the page: 26 mm from the left, 18 mm from the top, 74×28 mm.
 * With the window above it stays fully visible while the folded sheet moves 3 mm towards
 * the closed end or 13 mm towards the flap, and 5 mm up or 12 mm down, and it keeps
 * 3–5 mm clear of the window's edges as Japan Post's address readers expect.
 */
export const DEFAULT_ADDRESS_BLOCK_MM: BoxMm = { xMm: 26, yMm: 18, widthMm: 74, heightMm: 28 };

const templateText = z.string().min(1);

export const letterSettingsSchema = strictObject({
  /** 件名, centred under the sender block. */
  subject: templateText,
  /** Paragraphs before 記 (the first usually starts with 拝啓). */
  opening: z.array(templateText).min(1),
  /** Right-aligned after the opening, e.g. 敬具. */
  complimentaryClose: z.string().default('敬具'),
  /** Centred between the opening and the numbered sections (記書き). */
  kigaki: z.string().default('記'),
  /**
   * The numbered sections. A paragraph that is exactly `{{exposureParagraphs}}`,
   * `{{payments}}` or `{{contactDesk}}` is replaced by that block.
   */
  sections: z.array(strictObject({ heading: templateText, paragraphs: z.array(templateText).min(1) })).min(1),
  /** One paragraph per exposure code, printed for the exposures in the person's category. */
  exposureParagraphs: z.record(z.string(), templateText),
  /** {{leakPhrase}}: how the leak is described for possible-only, confirmed-only and mixed categories. */
  leakPhrases: strictObject({ possible: templateText, confirmed: templateText, mixed: templateText })
    .default({ possible: '流出した可能性がある', confirmed: '流出した', mixed: '流出した、または流出した可能性がある' }),
  /** {{certainty}} in an exposure paragraph. */
  certaintyPhrases: strictObject({ possible: templateText, confirmed: templateText })
    .default({ possible: '流出した可能性がございます', confirmed: '流出したことが確認されております' }),
  /** Closing word, right-aligned at the end, e.g. 以上. */
  finalWord: z.string().min(1).default('以上'),
  layout: strictObject({
      addressBlock: boxSchema.default(DEFAULT_ADDRESS_BLOCK_MM),
      /** The envelope window as measured on the calibration page. */
      window: boxSchema.default(DEFAULT_WINDOW_MM),
      /** Short marks in the left margin at 99 and 198 mm for folding in three. */
      foldMarks: z.boolean().default(true),
      /** Body text size in points. */
      bodyFontSizePt: z.number().min(8).max(14).default(9.8),
    })
    .default({
      addressBlock: DEFAULT_ADDRESS_BLOCK_MM,
      window: DEFAULT_WINDOW_MM,
      foldMarks: true,
      bodyFontSizePt: 9.8,
    }),
  /**
   * How the print files are printed. `duplex`: double-sided (most office copiers' default), so
   * each letter is padded to an even page count with a marked blank page and no person's first
   * page lands on the back of another's last. `splitByPages`: one set of print files per letter
   * length (1, 2, 3… pages), so a folding/inserting machine takes uniform sets.
   */
  print: strictObject({
    duplex: z.boolean().default(true),
    splitByPages: z.boolean().default(false),
  }).default({ duplex: true, splitByPages: false }),
});

export type PrintSettings = { duplex: boolean; splitByPages: boolean };

/** An incident's print settings; a definition stored before they existed prints double-sided. */
export function printSettingsOf(letter: { print?: Partial<PrintSettings> } | undefined): PrintSettings {
  return { duplex: letter?.print?.duplex ?? true, splitByPages: letter?.print?.splitByPages ?? false };
}
export type LetterSettings = z.output<typeof letterSettingsSchema>;
export type LetterSettingsInput = z.input<typeof letterSettingsSchema>;

/** Placeholders every template may use. */
export const COMMON_PLACEHOLDERS = [
  'name',
  'letterDate',
  'incidentTitle',
  'organisation.name',
  'organisation.postalCode',
  'organisation.address',
  'organisation.address2',
  'organisation.representativeTitle',
  'organisation.representativeName',
  'organisation.phone',
  'contact.name',
  'contact.phone',
  'contact.hours',
  'contact.email',
  /** Earliest start of the person's exposure windows (or first affected payment): 2021年10月14日. */
  'checkFrom',
  /** Every leaked item over the person's exposures: カード番号、有効期限およびセキュリティコード. */
  'allItems',
  'paymentCount',
  'leakPhrase',
] as const;

/** Extra placeholders of an exposure paragraph. */
export const EXPOSURE_PLACEHOLDERS = [
  'mark',
  'label',
  'items',
  'certainty',
  'windowFrom',
  'windowTo',
  'count',
  'firstDate',
  'lastDate',
] as const;

/** Placeholders that stand alone as a paragraph of a section and expand to a block. */
export const BLOCK_PLACEHOLDERS = ['exposureParagraphs', 'payments', 'contactDesk'] as const;

/** Exposure facts the templates depend on (from the incident definition). */
export interface TemplateExposureInfo {
  code: string;
  window?: { from: string; to: string } | null;
}

export interface TemplateContext {
  organisation: Organisation;
  contactDesk: ContactDesk;
  exposures: readonly TemplateExposureInfo[];
}

export interface TemplateIssue {
  /** e.g. letter.sections[2].paragraphs[1] */
  template: string;
  placeholder: string | null;
  message: string;
}

function optionalData(ctx: TemplateContext): Map<string, boolean> {
  return new Map([
    ['organisation.address2', ctx.organisation.address2 !== undefined],
    ['organisation.phone', ctx.organisation.phone !== undefined],
    ['contact.email', ctx.contactDesk.email !== undefined],
  ]);
}

/**
 * Checks every template against the placeholders it may use and the data the incident
 * provides. Returns the issues (empty when the letter can be rendered for any person).
 */
export function validateLetterTemplates(letter: LetterSettings, ctx: TemplateContext): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const optional = optionalData(ctx);
  const common = new Set<string>(COMMON_PLACEHOLDERS);
  const blocks = new Set<string>(BLOCK_PLACEHOLDERS);

  const check = (where: string, text: string, allowed: Set<string>, missing: (key: string) => boolean): void => {
    for (const bad of malformedPlaceholders(text)) {
      issues.push({ template: where, placeholder: bad, message: `${where}: 差し込み項目の書き方が正しくありません: ${bad}` });
    }
    for (const key of placeholdersOf(text)) {
      if (blocks.has(key)) {
        issues.push({ template: where, placeholder: key, message: `${where}: {{${key}}} は段落単独でのみ使えます` });
      } else if (!allowed.has(key)) {
        issues.push({ template: where, placeholder: key, message: `${where}: 不明な差し込み項目 {{${key}}}` });
      } else if (missing(key)) {
        issues.push({ template: where, placeholder: key, message: `${where}: {{${key}}} のデータがありません` });
      }
    }
  };
  const missingCommon = (key: string): boolean => optional.get(key) === false;

  check('letter.subject', letter.subject, common, missingCommon);
  letter.opening.forEach((p, i) => check(`letter.opening[${i}]`, p, common, missingCommon));
  const blockUse = new Map<string, number>();
  letter.sections.forEach((section, s) => {
    check(`letter.sections[${s}].heading`, section.heading, common, missingCommon);
    section.paragraphs.forEach((p, i) => {
      const block = blockPlaceholder(p);
      if (block && blocks.has(block)) {
        blockUse.set(block, (blockUse.get(block) ?? 0) + 1);
        return;
      }
      check(`letter.sections[${s}].paragraphs[${i}]`, p, common, missingCommon);
    });
  });
  for (const block of ['exposureParagraphs', 'payments'] as const) {
    const n = blockUse.get(block) ?? 0;
    if (n !== 1) {
      issues.push({
        template: 'letter.sections',
        placeholder: block,
        message: `letter.sections: {{${block}}} はちょうど 1 回必要です（${n} 回）`,
      });
    }
  }

  const exposureAllowed = new Set<string>([...COMMON_PLACEHOLDERS, ...EXPOSURE_PLACEHOLDERS]);
  for (const exposure of ctx.exposures) {
    const where = `letter.exposureParagraphs.${exposure.code}`;
    const text = letter.exposureParagraphs[exposure.code];
    if (text === undefined) {
      issues.push({ template: where, placeholder: null, message: `${where}: 流出区分 ${exposure.code} の文面がありません` });
      continue;
    }
    const hasWindow = exposure.window != null;
    check(where, text, exposureAllowed, (key) =>
      (key === 'windowFrom' || key === 'windowTo') ? !hasWindow : missingCommon(key),
    );
  }
  for (const code of Object.keys(letter.exposureParagraphs)) {
    if (!ctx.exposures.some((e) => e.code === code)) {
      issues.push({
        template: `letter.exposureParagraphs.${code}`,
        placeholder: null,
        message: `letter.exposureParagraphs.${code}: 流出区分 ${code} はこの事案にありません`,
      });
    }
  }
  return issues;
}

export class LetterTemplateError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(`文面テンプレートに誤りがあります:\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
    this.name = 'LetterTemplateError';
  }
}

/** Throws LetterTemplateError naming every bad template and placeholder. */
export function assertLetterTemplates(letter: LetterSettings, ctx: TemplateContext): void {
  const issues = validateLetterTemplates(letter, ctx);
  if (issues.length > 0) throw new LetterTemplateError(issues);
}
