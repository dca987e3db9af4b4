// The text encodings an import reads, named once: the decoder (import/decode.ts), the CLI's
// --encoding check, the IPC schema and contract and the import screen's list all come from here.
// This folder imports nothing (the renderer bundles it).

export const ENCODINGS = ['cp932', 'utf8', 'utf16le', 'utf16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** What the user may ask for: an encoding, or `auto` (BOM, then content). */
export const ENCODING_CHOICES = ['auto', ...ENCODINGS] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];

export const ENCODING_LABELS: Record<Encoding, string> = {
  cp932: 'Shift_JIS (CP932)',
  utf8: 'UTF-8',
  utf16le: 'UTF-16LE',
  utf16be: 'UTF-16BE',
};

export const ENCODING_CHOICE_LABELS: Record<EncodingChoice, string> = { auto: '自動判定', ...ENCODING_LABELS };

export function isEncodingChoice(value: unknown): value is EncodingChoice {
  return (ENCODING_CHOICES as readonly unknown[]).includes(value);
}

/** 「auto / cp932 / utf8 / utf16le / utf16be」, for messages that list the choices. */
export const ENCODING_CHOICES_TEXT = ENCODING_CHOICES.join(' / ');
