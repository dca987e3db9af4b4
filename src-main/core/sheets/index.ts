// Public API of the sheet writers: the managers' workbook and the CSV exports.
export { writeContactSheet, WORKBOOK_CREATOR, OVERVIEW_SHEET, UNMATCHED_SHEET, REVIEW_SHEET } from './contact-sheet.js';
export { writePersonsCsv, csvCell, csvLine, type PersonsCsvOptions } from './csv.js';
export { categorySheetName, safeSheetName, uniqueSheetName, exposureMark } from './sheet-names.js';
export { LETTER_STATUSES } from './columns.js';
export type * from './types.js';
