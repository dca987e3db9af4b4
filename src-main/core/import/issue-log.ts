// The rows an import rejected, flagged as conflicts or warned about: every one goes to
// import_issues (inside the import's transaction), the first REPORTED_ISSUES of each sort into
// the report, and counts for its warnings.
import type Database from 'better-sqlite3';
import type { RowIssue } from './rows.js';
import { maskCardNumbers } from '../text/card.js';
import { CONFLICT_RESOLVED } from '../store/import-conflicts.js';

const REPORTED_ISSUES = 200;

export class IssueLog {
  readonly rejects: RowIssue[] = [];
  readonly conflicts: RowIssue[] = [];
  readonly rowWarnings: RowIssue[] = [];
  readonly rowWarningCounts = new Map<string, number>();
  rejected = 0;
  conflictCount = 0;
  resolvedCount = 0;
  /** Card numbers masked in the messages themselves (added to the report's count). */
  maskedInMessages = 0;
  private readonly insert: Database.Statement;

  constructor(client: Database.Database, private readonly importId: number) {
    this.insert = client.prepare(
      'INSERT INTO import_issues (import_id, severity, line, column, code, message, record_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  reject(issue: RowIssue): void {
    // Last guard: a message that quotes a cell never carries a full card number.
    const masked = maskCardNumbers(issue.message);
    if (masked.masked > 0) {
      issue.message = masked.value;
      this.maskedInMessages += masked.masked;
    }
    this.rejected++;
    if (this.rejects.length < REPORTED_ISSUES) this.rejects.push(issue);
    this.insert.run(this.importId, 'reject', issue.line, issue.column, issue.code, issue.message, null);
  }

  warn(warning: RowIssue, recordKey: string | null = null): void {
    this.rowWarningCounts.set(warning.code, (this.rowWarningCounts.get(warning.code) ?? 0) + 1);
    if (this.rowWarnings.length < REPORTED_ISSUES) this.rowWarnings.push(warning);
    this.insert.run(this.importId, 'warning', warning.line, warning.column, warning.code, warning.message, recordKey);
  }

  /** An earlier import's conflict on `recordKey` settled by this row (store/import-conflicts.ts reads these). */
  resolved(line: number, message: string, recordKey: string): void {
    this.resolvedCount++;
    this.warn({ line, column: null, code: CONFLICT_RESOLVED, message }, recordKey);
  }

  /** `recordKey` is the stored record's key, so the conflict can be found again. */
  conflict(line: number, message: string, recordKey: string): void {
    this.conflictCount++;
    if (this.conflicts.length < REPORTED_ISSUES) this.conflicts.push({ line, column: null, code: 'conflict', message });
    this.insert.run(this.importId, 'conflict', line, null, 'conflict', message, recordKey);
  }
}
