// The import contract's fields and their header synonyms (spec §2), and the mapping of a
// file's header row onto them. Headers match after NFKC, white space removal, lower case.
import { headerKey } from '../text/normalize.js';
import { InwError } from '../errors.js';
import { maskCardNumbers } from '../text/card.js';
import type { ImportKind } from '../vocabulary/import-kinds.js';


export const FIELD_IDS = [
  'transactionId', 'orderId', 'memberId', 'paidAt', 'method', 'cardNumber', 'cardBrand', 'amount', 'status',
  'name', 'familyName', 'givenName', 'kana', 'familyKana', 'givenKana', 'postalCode',
  'address', 'prefecture', 'city', 'street', 'building', 'phone', 'email',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

interface FieldDefinition {
  label: string;
  synonyms: string[];
}

export const FIELDS: Record<FieldId, FieldDefinition> = {
  transactionId: { label: '取引ID', synonyms: ['取引ID', 'トランザクションID', '決済ID', '処理番号', 'transaction_id', 'transactionid'] },
  orderId: { label: 'オーダーID', synonyms: ['オーダーID', '注文番号', '受付番号', '申込番号', '注文ID', 'order_id', 'orderid'] },
  memberId: { label: '会員番号', synonyms: ['会員番号', '会員ID', '顧客ID', '寄付者ID', 'customer_id', 'member_id'] },
  paidAt: {
    label: '決済日時',
    synonyms: ['決済日時', '取引日時', '処理日時', '売上日時', '決済日', '取引日', 'paid_at', 'datetime',
      '寄付日', '寄付日時', '申込日', '申込日時', '注文日', '注文日時', '受付日', '受付日時'],
  },
  method: { label: '決済方法', synonyms: ['決済方法', '決済手段', '支払方法', '支払い方法', 'payment_method', 'method'] },
  cardNumber: { label: 'カード番号', synonyms: ['カード番号', 'card_number', 'pan', 'クレジットカード番号'] },
  cardBrand: { label: 'カードブランド', synonyms: ['カードブランド', 'ブランド', 'カード種別', 'card_brand', 'brand'] },
  amount: { label: '金額', synonyms: ['金額', '決済金額', '取引金額', 'amount', '寄付金額'] },
  status: { label: 'ステータス', synonyms: ['ステータス', '状態', '処理結果', '決済状態', 'status'] },
  name: { label: '氏名', synonyms: ['氏名', 'お名前', '名前', '寄付者名', 'name'] },
  familyName: { label: '姓', synonyms: ['姓'] },
  givenName: { label: '名', synonyms: ['名'] },
  kana: { label: 'フリガナ', synonyms: ['フリガナ', 'ふりがな', 'カナ', '氏名カナ', 'kana'] },
  familyKana: { label: 'セイ', synonyms: ['セイ'] },
  givenKana: { label: 'メイ', synonyms: ['メイ'] },
  postalCode: { label: '郵便番号', synonyms: ['郵便番号', '〒', 'zip', 'postal_code'] },
  address: { label: '住所', synonyms: ['住所'] },
  prefecture: { label: '都道府県', synonyms: ['都道府県'] },
  city: { label: '市区町村', synonyms: ['市区町村'] },
  street: { label: '住所1', synonyms: ['住所1', '番地'] },
  building: { label: '住所2', synonyms: ['住所2', '建物名'] },
  phone: { label: '電話番号', synonyms: ['電話番号', '電話', 'tel', 'phone'] },
  email: { label: 'メールアドレス', synonyms: ['メールアドレス', 'メール', 'email'] },
};

/**
 * Security codes (CVV/CVC …) are never read into the database; the import report warns that
 * the file held them. A header names one when, after headerKey, brackets with their content
 * ("(3桁)"), punctuation and a trailing digit count are removed, it is one of these words or
 * contains one of the Japanese phrases. False alarms cost a dropped column with a warning.
 */
const SECURITY_CODE_WORDS = /^(?:card)?(?:cvv|cvc|cvn|csc|cid|cvd|cav|cvp|spc|sc|ccv|cv)\d?(?:code|number|num|no|value)?$|^(?:card)?(?:security|verification|validation|sec)(?:code|number|num|no|value|digits)$/;
const SECURITY_CODE_PHRASES = /セキュリティー?(?:コード|番号)|カード確認(?:番号|コード)|確認コード|カード検証|検証(?:番号|コード)|カード裏面|裏面の?(?:番号|コード)|署名欄(?:の)?(?:番号|数字)/;

function securityKey(header: string): string {
  return headerKey(header)
    .replace(/[(（[［【「『<〈][^)）\]］】」』>〉]*[)）\]］】」』>〉]/g, '')
    .replace(/[_\-.:：・/#*＊'"]/g, '')
    .replace(/\d+桁$/, '');
}

/** The fields a kind uses; other known fields in its file are ignored (and reported). */
export const FIELDS_BY_KIND: Record<ImportKind, FieldId[]> = {
  payments: ['transactionId', 'orderId', 'memberId', 'paidAt', 'method', 'cardNumber', 'cardBrand', 'amount', 'status'],
  donors: [
    'orderId', 'memberId', 'paidAt', 'method', 'amount', 'name', 'familyName', 'givenName', 'kana', 'familyKana', 'givenKana',
    'postalCode', 'address', 'prefecture', 'city', 'street', 'building', 'phone', 'email',
  ],
  confirmed: ['transactionId'],
};

const REQUIRED: Record<ImportKind, Array<FieldId[]>> = {
  // Each inner list: at least one of these must be mapped.
  payments: [['transactionId'], ['paidAt']],
  donors: [['name', 'familyName']],
  confirmed: [['transactionId']],
};

const SYNONYM_INDEX = new Map<string, FieldId>();
for (const id of FIELD_IDS) {
  for (const synonym of FIELDS[id].synonyms) {
    SYNONYM_INDEX.set(headerKey(synonym), id);
    SYNONYM_INDEX.set(headerKey(synonym).replace(/[_\-]/g, ''), id);
  }
}

export function fieldForHeader(header: string): FieldId | null {
  const key = headerKey(header);
  return SYNONYM_INDEX.get(key) ?? SYNONYM_INDEX.get(key.replace(/[_\-]/g, '')) ?? null;
}

export function isSecurityCodeHeader(header: string): boolean {
  // "CVC/CVV", "CVV・CVC": each part is tested on its own.
  return header.split(/[/／・,、&＆+＋|｜]/).some((part) => {
    const key = securityKey(part);
    return key !== '' && (SECURITY_CODE_WORDS.test(key) || SECURITY_CODE_PHRASES.test(key));
  });
}

/** A mapping (--map, or a profile saved in the app) may not read a security-code column into any field. */
export function checkUserMapping(mapping: UserMapping): void {
  for (const [field, header] of Object.entries(mapping) as Array<[FieldId, string | undefined]>) {
    if (header !== undefined && isSecurityCodeHeader(header)) {
      throw new InwError(
        'security-code-mapping',
        `「${header}」はセキュリティコードの列です。セキュリティコードは保存できないため、項目「${FIELDS[field].label}」(${field}) に割り当てられません。この列は割り当てずに取り込んでください。`,
      );
    }
  }
}

/** `--map field=Header`: field by its id (transactionId / transaction_id) or its Japanese label. */
export function parseFieldName(name: string): FieldId | null {
  const wanted = headerKey(name).replace(/[_\-]/g, '');
  for (const id of FIELD_IDS) {
    if (id.toLowerCase() === wanted) return id;
    if (headerKey(FIELDS[id].label) === headerKey(name)) return id;
  }
  return fieldForHeader(name);
}

export type UserMapping = Partial<Record<FieldId, string>>;

export function parseMapArguments(values: string[]): UserMapping {
  const mapping: UserMapping = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const field = eq > 0 ? parseFieldName(value.slice(0, eq)) : null;
    if (eq <= 0 || field === null) {
      throw new InwError(
        'bad-mapping',
        `--map ${value}: 「項目=見出し」の形で指定してください (項目: ${FIELD_IDS.join(', ')})。`,
      );
    }
    mapping[field] = value.slice(eq + 1);
  }
  checkUserMapping(mapping);
  return mapping;
}

export interface ColumnMapping {
  /** Field → column index in the row. */
  columns: Partial<Record<FieldId, number>>;
  /** Field → header text as written, for the import record. */
  headers: Partial<Record<FieldId, string>>;
  securityCodeColumns: string[];
  /** Headers that match no field, or a field this kind does not use. */
  unknownColumns: string[];
  duplicateColumns: string[];
}

/** How many cells of a row look like known headers: a row is the header row at 2 or more. */
export function headerScore(cells: Array<string | null>, user: UserMapping): number {
  const userHeaders = new Set(Object.values(user).map((h) => headerKey(h ?? '')));
  let score = 0;
  for (const cell of cells) {
    if (cell == null || cell === '') continue;
    if (fieldForHeader(cell) !== null || userHeaders.has(headerKey(cell)) || isSecurityCodeHeader(cell)) score++;
  }
  return score;
}

export function mapHeaders(kind: ImportKind, headerCells: Array<string | null>, user: UserMapping): ColumnMapping {
  checkUserMapping(user);
  const used = new Set<FieldId>(FIELDS_BY_KIND[kind]);
  const mapping: ColumnMapping = { columns: {}, headers: {}, securityCodeColumns: [], unknownColumns: [], duplicateColumns: [] };
  const userByHeader = new Map<string, FieldId>();
  for (const [field, header] of Object.entries(user) as Array<[FieldId, string]>) userByHeader.set(headerKey(header), field);
  headerCells.forEach((raw, index) => {
    // A "header" cell may be data (a file whose header row was guessed): never keep a card number from it.
    const header = maskCardNumbers((raw ?? '').trim()).value;
    if (header === '') return;
    if (isSecurityCodeHeader(header)) {
      mapping.securityCodeColumns.push(header);
      return;
    }
    const field = userByHeader.get(headerKey(header)) ?? fieldForHeader(header);
    if (field === null || !used.has(field)) {
      mapping.unknownColumns.push(header);
      return;
    }
    if (mapping.columns[field] !== undefined) {
      mapping.duplicateColumns.push(header);
      return;
    }
    mapping.columns[field] = index;
    mapping.headers[field] = header;
  });
  return mapping;
}

export function missingRequired(kind: ImportKind, mapping: ColumnMapping): FieldId[][] {
  return REQUIRED[kind].filter((anyOf) => anyOf.every((f) => mapping.columns[f] === undefined));
}
