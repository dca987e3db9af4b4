CREATE TABLE `outputs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer,
	`written_at` text NOT NULL,
	`audit_seq` integer,
	`batch_id` integer,
	`person_id` integer,
	`persons` integer,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outputs_path_uq` ON `outputs` (`path`);--> statement-breakpoint
CREATE INDEX `outputs_person_idx` ON `outputs` (`person_id`);--> statement-breakpoint
-- What earlier versions recorded of their outputs (the audit log's previews, exports and backups, and the letters of batches written to an absolute folder), so that purge finds those files too.
INSERT OR REPLACE INTO `outputs` (`path`, `kind`, `sha256`, `bytes`, `written_at`, `audit_seq`, `person_id`, `persons`)
SELECT json_extract(`detail`, '$.file'),
  CASE `action` WHEN 'preview' THEN 'preview' WHEN 'export-sheet' THEN 'contact-sheet' WHEN 'export-csv' THEN 'csv' ELSE 'backup' END,
  coalesce(json_extract(`detail`, '$.sha256'), ''), json_extract(`detail`, '$.bytes'), `at`, `id`, json_extract(`detail`, '$.personId'),
  CASE `action` WHEN 'export-csv' THEN json_extract(`detail`, '$.rows') WHEN 'backup' THEN json_extract(`detail`, '$.persons') ELSE NULL END
FROM `audit_log`
WHERE `action` IN ('preview', 'export-sheet', 'export-csv', 'backup') AND json_extract(`detail`, '$.file') IS NOT NULL
ORDER BY `id`;
--> statement-breakpoint
INSERT OR REPLACE INTO `outputs` (`path`, `kind`, `sha256`, `written_at`, `batch_id`, `person_id`, `persons`)
SELECT CASE WHEN b.`out_dir` LIKE '/%' THEN b.`out_dir` || '/' || l.`file` ELSE b.`out_dir` || '\' || replace(l.`file`, '/', '\') END,
  'letter', l.`sha256`, l.`created_at`, b.`id`, l.`person_id`, 1
FROM `letters` l JOIN `letter_batches` b ON b.`id` = l.`batch_id`
WHERE l.`file` NOT LIKE '%#page=%' AND (b.`out_dir` LIKE '/%' OR b.`out_dir` LIKE '_:\%' OR b.`out_dir` LIKE '\\%')
ORDER BY l.`id`;
--> statement-breakpoint
INSERT OR REPLACE INTO `outputs` (`path`, `kind`, `sha256`, `written_at`, `batch_id`, `persons`)
SELECT CASE WHEN `out_dir` LIKE '/%' THEN `out_dir` || '/manifest.json' ELSE `out_dir` || '\manifest.json' END,
  'manifest', coalesce(`manifest_sha256`, ''), `created_at`, `id`, `letters`
FROM `letter_batches`
WHERE `out_dir` LIKE '/%' OR `out_dir` LIKE '_:\%' OR `out_dir` LIKE '\\%'
ORDER BY `id`;
--> statement-breakpoint
-- An INSERT that adds no row still leaves a sqlite_sequence row behind: a database with nothing to carry over stays as it was.
DELETE FROM `sqlite_sequence` WHERE `name` = 'outputs' AND NOT EXISTS (SELECT 1 FROM `outputs`);
