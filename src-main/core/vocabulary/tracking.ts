// The words of the after-mailing work, named once: a letter's statuses, staff follow-ups, the
// statuses staff set by hand, Japan Post's return reasons, inquiry channels and topics. The
// core checks against them, the CLI's help lists them, the app's forms offer them.
// This folder imports nothing (the renderer bundles it).

/** A letter's life: 生成 → 印刷 → 発送 → (返送 | 対応完了). */
export const LETTER_STATUSES = ['生成', '印刷', '発送', '返送', '対応完了'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** A person's follow-up: reached by phone, or nothing more to do. */
export const FOLLOWUP_STATUSES = ['電話済', '対応完了'] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/** What staff set by hand (the app's list, `inw status`): the letter's later steps, and follow-ups for persons reached by phone. */
export const MANUAL_STATUSES = ['印刷', '発送', ...FOLLOWUP_STATUSES] as const;

/** Japan Post's reasons for returning a letter (還付理由), with the spellings a list may use; free text is その他. */
export const RETURN_REASONS = [
  { code: 'not-found', label: 'あて所に尋ねあたりません', keys: ['あて所に尋ねあたりません', 'あて所に尋ねあたらず', 'あて所不明', 'あて所に尋ね'] },
  { code: 'moved-unknown', label: '転居先不明', keys: ['転居先不明', '転居先不明のため'] },
  { code: 'absent', label: '受取人不在 (保管期間経過)', keys: ['受取人不在', '保管期間経過', '保管期間満了', '不在'] },
  { code: 'refused', label: '受取拒絶', keys: ['受取拒絶', '受取拒否', '受け取り拒絶', '受取り拒絶'] },
  { code: 'incomplete-address', label: 'あて名不完全', keys: ['あて名不完全', 'あて所不完全', '住所不完全', 'あて名不備'] },
] as const;
export type ReturnReasonCode = (typeof RETURN_REASONS)[number]['code'] | 'other';

export const INQUIRY_CHANNELS = ['電話', 'メール', '手紙', '窓口', 'その他'] as const;

export const INQUIRY_TOPICS = [
  { code: 'card-reissue', label: 'カード再発行' },
  { code: 'unauthorised-charge', label: '不正利用・身に覚えのない請求' },
  { code: 'letter-content', label: '通知書の内容' },
  { code: 'stop-contact', label: '連絡停止の希望' },
  { code: 'other', label: 'その他' },
] as const;
export type InquiryTopic = (typeof INQUIRY_TOPICS)[number]['code'];
