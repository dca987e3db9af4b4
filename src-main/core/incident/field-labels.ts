// The Japanese name of each place of an incident definition, as the app's form labels it, so a
// validation message names the field staff typed in (「差出人の郵便番号」) instead of its path in
// the JSON (organisation.postalCode). The JSON path stays in messages about a file (the CLI).

const FIELDS: Record<string, string> = {
  code: '事案コード',
  title: '事案名',
  processor: '決済代行会社',
  description: '概要',
  breachPeriod: '不正アクセス期間',
  'breachPeriod.from': '不正アクセス期間 (開始)',
  'breachPeriod.to': '不正アクセス期間 (終了)',
  exposures: '流出区分',
  statedCounts: '公表件数',
  organisation: '差出人',
  'organisation.name': '差出人の団体名',
  'organisation.postalCode': '差出人の郵便番号',
  'organisation.address': '差出人の住所',
  'organisation.address2': '差出人の住所2',
  'organisation.representativeTitle': '代表者の肩書',
  'organisation.representativeName': '代表者名',
  'organisation.phone': '差出人の電話番号',
  contactDesk: 'お問い合わせ窓口',
  'contactDesk.name': '窓口名',
  'contactDesk.phone': '窓口の電話番号',
  'contactDesk.hours': '窓口の受付時間',
  'contactDesk.email': '窓口のメールアドレス',
  letter: '文面',
  'letter.subject': '件名',
  'letter.opening': '前文',
  'letter.sections': '記書き',
  'letter.exposureParagraphs': '区分ごとの説明文',
  'letter.leakPhrases': '流出の言い回し',
  'letter.certaintyPhrases': '確度の言い回し',
  'letter.layout': 'レイアウト',
};

const EXPOSURE_FIELDS: Record<string, string> = {
  code: '区分コード',
  label: '名称',
  certainty: '確度',
  items: '流出した項目',
  rule: '判定ルール',
  'rule.methods': '決済方法',
  'rule.from': '対象期間 (開始)',
  'rule.to': '対象期間 (終了)',
  'rule.statuses': '対象の状態',
  'rule.window': '想定期間',
  'rule.window.from': '想定期間 (開始)',
  'rule.window.to': '想定期間 (終了)',
};

const STATED_FIELDS: Record<string, string> = { count: '件数', kind: '種類', unit: '単位', note: '出典・注記' };

const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧'];

/** 「差出人の郵便番号」 for organisation.postalCode; 「流出区分② 対象期間 (開始)」 for exposures.1.rule.from. */
export function incidentFieldLabel(path: string): string {
  if (path === '') return '事案の定義全体';
  const known = FIELDS[path];
  if (known) return known;
  const keys = path.split('.');
  if (keys[0] === 'exposures' && keys[1] !== undefined && /^\d+$/.test(keys[1])) {
    const exposure = `流出区分${CIRCLED[Number(keys[1])] ?? Number(keys[1]) + 1}`;
    const rest = keys.slice(2);
    if (rest.length === 0) return exposure;
    if (rest[0] === 'items') return `${exposure} 流出した項目${rest[1] ? ` (${rest[1] === 'card' ? 'クレジットカード' : rest[1] === '*' ? 'その他の決済方法' : rest[1]})` : ''}`;
    const field = EXPOSURE_FIELDS[rest.join('.')] ?? EXPOSURE_FIELDS[rest.slice(0, 2).join('.')] ?? EXPOSURE_FIELDS[rest[0]!];
    return field ? `${exposure} ${field}` : exposure;
  }
  if (keys[0] === 'statedCounts' && keys[1] !== undefined) {
    const field = keys[2] ? STATED_FIELDS[keys[2]] : undefined;
    return `公表件数 (${keys[1]})${field ? ` ${field}` : ''}`;
  }
  if (keys[0] === 'letter' && keys[1] === 'sections' && keys[2] !== undefined && /^\d+$/.test(keys[2])) {
    const part = keys[3] === 'heading' ? '見出し' : keys[3] === 'paragraphs' ? '本文' : '';
    return `記書き ${Number(keys[2]) + 1} ${part}`.trimEnd();
  }
  if (keys[0] === 'letter' && keys[1] === 'exposureParagraphs' && keys[2]) return `区分ごとの説明文 (${keys[2]})`;
  // The nearest named parent: a deeper key is a detail of it.
  for (let n = keys.length - 1; n > 0; n--) {
    const parent = FIELDS[keys.slice(0, n).join('.')];
    if (parent) return parent;
  }
  return '事案の定義';
}
