// Named placeholders in letter wording: `{{name}}`, `{{contact.phone}}`. Templates are
// checked when the incident is loaded (see validateLetterTemplates), so filling one here
// can only fail on a programming error, never leave a blank on paper.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;

/** Placeholder names in order of appearance (with repeats). */
export function placeholdersOf(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]!);
}

/** Text between braces that is not a well-formed placeholder (`{{ na me }}`, `{{name}`). */
export function malformedPlaceholders(template: string): string[] {
  const stripped = template.replace(PLACEHOLDER, '');
  return Array.from(stripped.matchAll(/\{\{[^}]*\}?\}?|\}\}/g), (m) => m[0]);
}

/** The whole template is one placeholder (a block such as the payment table). */
export function blockPlaceholder(template: string): string | null {
  const m = /^\s*\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}\s*$/.exec(template);
  return m ? m[1]! : null;
}

export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>, where: string): string {
  return template.replace(PLACEHOLDER, (_all, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`${where}: no value for {{${key}}}`);
    return value;
  });
}

/** A, B and C in Japanese: 「A、BおよびC」. */
export function joinJapanese(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join('、')}および${items[items.length - 1]}`;
}
