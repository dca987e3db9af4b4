import { describe, expect, it } from 'vitest';
import {
  contactDeskSchema,
  letterSettingsSchema,
  organisationSchema,
  validateLetterTemplates,
} from '../../../src-main/core/incident/letter-schema.js';
import { metaps2022Letter } from '../../../src-main/core/incident/preset-metaps-2022.js';
import { demoContactDesk, demoOrganisation } from '../../../src-main/core/demo/sender.js';
import { incidentExposures } from './fixtures.js';

const ctx = { organisation: demoOrganisation, contactDesk: demoContactDesk, exposures: incidentExposures };

describe('letter templates', () => {
  it('the metaps-2022 preset is valid for its exposures', () => {
    const letter = letterSettingsSchema.parse(metaps2022Letter);
    expect(validateLetterTemplates(letter, ctx)).toEqual([]);
    expect(letter.layout.addressBlock).toEqual({ xMm: 26, yMm: 18, widthMm: 74, heightMm: 28 });
  });

  it('names the template and placeholder of an unknown placeholder', () => {
    const letter = letterSettingsSchema.parse({ ...metaps2022Letter, subject: '{{nmae}}様へのお知らせ' });
    const issues = validateLetterTemplates(letter, ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ template: 'letter.subject', placeholder: 'nmae' });
  });

  it('a placeholder whose data is missing is an error', () => {
    const letter = letterSettingsSchema.parse({
      ...metaps2022Letter,
      opening: [...metaps2022Letter.opening, 'メールでも承ります（{{contact.email}}）。'],
    });
    const noEmail = { ...demoContactDesk, email: undefined };
    const issues = validateLetterTemplates(letter, { ...ctx, contactDesk: noEmail });
    expect(issues.map((i) => [i.template, i.placeholder])).toEqual([['letter.opening[3]', 'contact.email']]);
  });

  it('an exposure without a window cannot use {{windowFrom}}', () => {
    const letter = letterSettingsSchema.parse(metaps2022Letter);
    const issues = validateLetterTemplates(letter, {
      ...ctx,
      exposures: [{ code: 'token-db' }, { code: 'payment-db' }],
    });
    expect(issues.map((i) => [i.template, i.placeholder])).toEqual([
      ['letter.exposureParagraphs.token-db', 'windowFrom'],
      ['letter.exposureParagraphs.token-db', 'windowTo'],
    ]);
  });

  it('an exposure without wording, or a block placeholder inside a sentence, is an error', () => {
    const letter = letterSettingsSchema.parse({
      ...metaps2022Letter,
      opening: ['拝啓　{{payments}}'],
    });
    const issues = validateLetterTemplates(letter, { ...ctx, exposures: [...incidentExposures, { code: 'extra-db' }] });
    expect(issues.map((i) => i.template)).toEqual(['letter.opening[0]', 'letter.exposureParagraphs.extra-db']);
  });

  it('refuses sample values for the organisation and contact desk', () => {
    expect(organisationSchema.safeParse({ ...demoOrganisation, name: '（団体名）' }).success).toBe(false);
    expect(organisationSchema.safeParse({ ...demoOrganisation, representativeName: '○○ ○○' }).success).toBe(false);
    expect(contactDeskSchema.safeParse({ ...demoContactDesk, phone: '' }).success).toBe(false);
    expect(organisationSchema.parse({ ...demoOrganisation, postalCode: '〒150-0001' }).postalCode).toBe('1500001');
  });
});
