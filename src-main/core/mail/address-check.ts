// Postal code ↔ address check, offline, against the postal data in use. Each person to notify
// is one of: the code does not exist; the code exists but the address's prefecture / city /
// 町域 are not the code's (with the code's own address and the codes of the address's town as
// the suggestion); or they match. Addresses are compared after foldAddress() (NFKC, dashes,
// ヶ/ケ/が, 丁目 in kanji or digits) and may leave out the prefecture.
import type { Db } from '../store/db.js';
import { normalizePostalCode } from '../text/normalize.js';
import type { PostalArea, PostalIndex } from './postal-data.js';
import { postalIndexFor } from './postal-store.js';
import { postalMark } from '../vocabulary/postal-code.js';
import { formatPersonId } from '../store/ids.js';

export type PostalCheckStatus = 'match' | 'unknown-code' | 'mismatch';

export interface PostalCheck {
  status: PostalCheckStatus;
  /** What the code covers ([] for an unknown code). */
  codeAreas: PostalArea[];
  /** The address as read against the data (null where a part was not found). */
  read: { pref: string | null; city: string | null; town: string | null };
  /** Codes of the address's town: the correction to offer ([] when the town was not found). */
  townCodes: string[];
}

export function checkPostalAddress(index: PostalIndex, postalCode: string, address: string): PostalCheck {
  const codeAreas = index.areasOf(postalCode);
  const parsed = index.parse(address, codeAreas[0]?.pref, codeAreas);
  const read = { pref: parsed.pref, city: parsed.city, town: parsed.town };
  const townCodes = parsed.pref && parsed.city && parsed.town ? index.codesOfTown(parsed.pref, parsed.city, parsed.town) : [];
  if (codeAreas.length === 0) return { status: 'unknown-code', codeAreas, read, townCodes };
  const fits = codeAreas.some((area) => {
    if (area.pref !== parsed.pref || area.city !== parsed.city) return false;
    if (area.office !== undefined) return true;
    // A representative or whole-municipality code is right for an address whose town has no code of its own.
    if (area.town === '') return parsed.town === null;
    return area.town === parsed.town;
  });
  return { status: fits ? 'match' : 'mismatch', codeAreas, read, townCodes };
}


function areaText(area: PostalArea): string {
  return `${area.pref}${area.city}${area.town}${area.representative ? ' (以下に掲載がない場合)' : ''}${area.office ? ` ${area.office}` : ''}`;
}

/** One line for staff: what is wrong and what would be right. */
export function describePostalCheck(postalCode: string, check: PostalCheck): string {
  const code = postalMark(postalCode);
  const suggestion = check.townCodes.length > 0
    ? `住所の町域 (${check.read.pref}${check.read.city}${check.read.town}) の郵便番号: ${check.townCodes.map(postalMark).join('・')}。`
    : check.read.city === null ? '住所から市区町村を読み取れません。' : check.read.town === null ? '住所の町域が郵便番号データにありません。' : '';
  if (check.status === 'unknown-code') return `${code} は郵便番号データにありません。${suggestion}`;
  if (check.status === 'mismatch') return `${code} は ${check.codeAreas.map(areaText).join('、')} の郵便番号です。${suggestion}`;
  return `${code} は住所と一致しています。`;
}

export interface PersonPostalCheck {
  id: number;
  personId: string;
  name: string | null;
  groupKey: string;
  postalCode: string;
  address: string;
  check: PostalCheck;
  message: string;
}

export function addressOf(address1: string | null, address2: string | null): string {
  return [address1, address2].filter((a): a is string => !!a).join(' ');
}

/**
 * Every mailable person to notify in a run whose postal code does not fit the address
 * (unknown code or mismatch), in person order. Persons without a 7-digit code or an address are
 * the 郵送不可 items of the review queue, not these.
 */
export function postalMismatches(db: Db, runId: number, index: PostalIndex = postalIndexFor(db)): PersonPostalCheck[] {
  const rows = db.$client.prepare(
    `SELECT p.id, p.name, p.group_key AS groupKey, p.postal_code AS postalCode, p.address1, p.address2
     FROM run_persons r JOIN persons p ON p.id = r.person_id WHERE r.run_id = ? AND p.mailable = 1 ORDER BY p.id`,
  ).all(runId) as Array<{ id: number; name: string | null; groupKey: string; postalCode: string | null; address1: string | null; address2: string | null }>;
  const out: PersonPostalCheck[] = [];
  for (const row of rows) {
    const postalCode = normalizePostalCode(row.postalCode);
    if (!postalCode || !row.address1) continue;
    const address = addressOf(row.address1, row.address2);
    const check = checkPostalAddress(index, postalCode, address);
    if (check.status === 'match') continue;
    out.push({
      id: row.id, personId: formatPersonId(row.id), name: row.name, groupKey: row.groupKey, postalCode, address, check,
      message: describePostalCheck(postalCode, check),
    });
  }
  return out;
}
