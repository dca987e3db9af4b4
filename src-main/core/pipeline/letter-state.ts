// A person's letter state as managers see it on the contact sheet: the newest letter
// version's status mapped onto the sheet's drop-down (未発送, 発送済, 返送, 電話済, 対応完了).
import type { Db } from '../store/db.js';

export interface LetterState {
  status: string;
  mailedDate: string | null;
  notes: string | null;
}

const SHEET_STATUS: Record<string, string> = {
  生成: '未発送',
  印刷: '未発送',
  発送: '発送済',
  返送: '返送',
  電話済: '電話済',
  対応完了: '対応完了',
};

export function sheetStatusOf(letterStatus: string): string {
  return SHEET_STATUS[letterStatus] ?? '未発送';
}

export function letterStates(db: Db): Map<number, LetterState> {
  const rows = db.$client.prepare(
    `SELECT l.person_id AS personId, l.status, l.mailed_date AS mailedDate, l.notes
     FROM letters l JOIN (SELECT person_id, MAX(version) AS v FROM letters GROUP BY person_id) m
       ON m.person_id = l.person_id AND m.v = l.version`,
  ).all() as Array<{ personId: number; status: string; mailedDate: string | null; notes: string | null }>;
  return new Map(rows.map((r) => [r.personId, { status: sheetStatusOf(r.status), mailedDate: r.mailedDate, notes: r.notes }]));
}
