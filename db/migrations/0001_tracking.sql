CREATE TABLE `address_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`postal_code` text,
	`address1` text,
	`address2` text,
	`previous_postal_code` text,
	`previous_address1` text,
	`previous_address2` text,
	`reason` text,
	`returned_mail_id` integer,
	`created_at` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `address_corrections_person_idx` ON `address_corrections` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `inquiries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer,
	`received_at` text NOT NULL,
	`received_date` text NOT NULL,
	`channel` text NOT NULL,
	`topic` text NOT NULL,
	`body` text,
	`resolution` text,
	`staff` text,
	`created_at` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inquiries_person_idx` ON `inquiries` (`person_id`);--> statement-breakpoint
CREATE TABLE `letter_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`letter_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`mailed_date` text,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`source` text NOT NULL,
	`ref` integer,
	`note` text,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_status_history_letter_idx` ON `letter_status_history` (`letter_id`,`id`);--> statement-breakpoint
CREATE INDEX `letter_status_history_person_idx` ON `letter_status_history` (`person_id`,`at`);--> statement-breakpoint
CREATE TABLE `mailing_batch_letters` (
	`batch_id` integer NOT NULL,
	`letter_id` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `letter_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `mailing_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailing_batch_letters_letter_uq` ON `mailing_batch_letters` (`letter_id`);--> statement-breakpoint
CREATE TABLE `mailing_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mailed_date` text NOT NULL,
	`postage_method` text NOT NULL,
	`pieces` integer NOT NULL,
	`by_area` text NOT NULL,
	`manifest_sha256` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `person_followups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`status` text,
	`notes` text,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`source` text NOT NULL,
	`ref` integer,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_followups_person_idx` ON `person_followups` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `purges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`persons` integer NOT NULL,
	`report` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `return_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`rows_read` integer NOT NULL,
	`rows_accepted` integer NOT NULL,
	`rows_rejected` integer NOT NULL,
	`issues` text NOT NULL,
	`imported_at` text NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_imports_sha256_uq` ON `return_imports` (`sha256`);--> statement-breakpoint
CREATE TABLE `returned_mail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`letter_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`returned_date` text NOT NULL,
	`reason_code` text NOT NULL,
	`reason_text` text NOT NULL,
	`import_id` integer,
	`line` integer,
	`created_at` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returned_mail_letter_uq` ON `returned_mail` (`letter_id`);--> statement-breakpoint
CREATE INDEX `returned_mail_person_idx` ON `returned_mail` (`person_id`);--> statement-breakpoint
CREATE TABLE `sheet_applies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`sheet_created_at` text NOT NULL,
	`applied` integer NOT NULL,
	`conflicts` integer NOT NULL,
	`issues` integer NOT NULL,
	`applied_at` text NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sheet_applies_sha256_uq` ON `sheet_applies` (`sha256`);--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model triggers). The audit log is append-only:
-- the app never updates or deletes an entry, and a stray UPDATE/DELETE is refused.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only (監査ログは変更できません)');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only (監査ログは削除できません)');
END;
--> statement-breakpoint
-- A person's effective address is their newest address correction: when a donors import
-- refreshes the contact fields from the donor records, the correction is put back.
CREATE TRIGGER `persons_keep_address_correction` AFTER UPDATE OF `postal_code`, `address1`, `address2` ON `persons`
WHEN EXISTS (
	SELECT 1 FROM `address_corrections` c
	WHERE c.`id` = (SELECT MAX(`id`) FROM `address_corrections` WHERE `person_id` = NEW.`id`) AND c.`address1` IS NOT NULL
)
BEGIN
	UPDATE `persons` SET
		`postal_code` = (SELECT `postal_code` FROM `address_corrections` WHERE `person_id` = NEW.`id` ORDER BY `id` DESC LIMIT 1),
		`address1` = (SELECT `address1` FROM `address_corrections` WHERE `person_id` = NEW.`id` ORDER BY `id` DESC LIMIT 1),
		`address2` = (SELECT `address2` FROM `address_corrections` WHERE `person_id` = NEW.`id` ORDER BY `id` DESC LIMIT 1),
		`mailable` = (SELECT (`postal_code` IS NOT NULL AND COALESCE(`address1`, '') <> '') FROM `address_corrections` WHERE `person_id` = NEW.`id` ORDER BY `id` DESC LIMIT 1)
	WHERE `id` = NEW.`id`;
END;
