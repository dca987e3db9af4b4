-- The audit log is tamper-evident through its SHA-256 chain (inw audit verify names the first
-- edited or deleted entry). Migration 0001's triggers refused UPDATE/DELETE outright, which
-- anyone with the sqlite3 shell can drop anyway, and which made an edit fail instead of being
-- detected. The app itself only ever INSERTs into audit_log.
DROP TRIGGER IF EXISTS `audit_log_no_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `audit_log_no_delete`;
