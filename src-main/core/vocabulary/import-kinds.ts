// What an import can be, named once (import/fields.ts, the CLI, the IPC schema, the import screen).
// This folder imports nothing (the renderer bundles it).

export const IMPORT_KINDS = ['payments', 'donors', 'confirmed'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  payments: '決済データ',
  donors: '寄付者データ',
  confirmed: '流出確認リスト',
};

export function isImportKind(value: unknown): value is ImportKind {
  return (IMPORT_KINDS as readonly unknown[]).includes(value);
}
