CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `classification_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_code` text NOT NULL,
	`incident_definition` text NOT NULL,
	`incident_sha256` text NOT NULL,
	`last_import_id` integer,
	`created_at` text NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `confirmed_ids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`exposure_code` text NOT NULL,
	`transaction_id` text NOT NULL,
	`import_id` integer NOT NULL,
	`line` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `confirmed_ids_uq` ON `confirmed_ids` (`exposure_code`,`transaction_id`);--> statement-breakpoint
CREATE TABLE `donor_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`record_key` text NOT NULL,
	`order_id` text,
	`member_id` text,
	`name` text,
	`kana` text,
	`postal_code` text,
	`postal_raw` text,
	`address1` text,
	`address2` text,
	`phone` text,
	`email` text,
	`donated_at` text,
	`amount` integer,
	`method` text,
	`name_key` text NOT NULL,
	`address_key` text NOT NULL,
	`phone_key` text NOT NULL,
	`email_key` text NOT NULL,
	`person_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`line` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `donor_records_key_uq` ON `donor_records` (`record_key`);--> statement-breakpoint
CREATE INDEX `donor_records_order_idx` ON `donor_records` (`order_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `donor_records_member_idx` ON `donor_records` (`member_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `donor_records_person_idx` ON `donor_records` (`person_id`);--> statement-breakpoint
CREATE TABLE `glyph_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`field` text NOT NULL,
	`character` text NOT NULL,
	`code_point` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `glyph_reviews_batch_idx` ON `glyph_reviews` (`batch_id`);--> statement-breakpoint
CREATE TABLE `import_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`severity` text NOT NULL,
	`line` integer,
	`column` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`record_key` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_issues_import_idx` ON `import_issues` (`import_id`,`severity`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`exposure_code` text,
	`file_name` text NOT NULL,
	`file_size` integer NOT NULL,
	`sha256` text NOT NULL,
	`format` text NOT NULL,
	`encoding` text NOT NULL,
	`sheet_name` text,
	`header_line` integer NOT NULL,
	`mapping` text NOT NULL,
	`unknown_columns` text NOT NULL,
	`rows_read` integer NOT NULL,
	`rows_accepted` integer NOT NULL,
	`rows_rejected` integer NOT NULL,
	`rows_duplicate` integer NOT NULL,
	`rows_conflict` integer NOT NULL,
	`warnings` text NOT NULL,
	`imported_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_sha256_uq` ON `imports` (`sha256`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`definition` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_code_uq` ON `incidents` (`code`);--> statement-breakpoint
CREATE TABLE `letter_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`out_dir` text NOT NULL,
	`created_at` text NOT NULL,
	`letters` integer NOT NULL,
	`skipped` integer NOT NULL,
	`review` integer NOT NULL,
	`manifest_sha256` text,
	`state` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `classification_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`version` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`category` text NOT NULL,
	`file` text NOT NULL,
	`sha256` text NOT NULL,
	`pages` integer NOT NULL,
	`input_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`status` text DEFAULT '生成' NOT NULL,
	`status_at` text NOT NULL,
	`mailed_date` text,
	`notes` text,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letters_person_version_uq` ON `letters` (`person_id`,`version`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transaction_id` text NOT NULL,
	`order_id` text,
	`member_id` text,
	`paid_at` text NOT NULL,
	`paid_date` text NOT NULL,
	`paid_has_time` integer NOT NULL,
	`method` text,
	`method_class` text,
	`card_last4` text,
	`card_brand` text,
	`amount` integer,
	`status` text,
	`import_id` integer NOT NULL,
	`line` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_transaction_uq` ON `payments` (`transaction_id`);--> statement-breakpoint
CREATE INDEX `payments_window_idx` ON `payments` (`method_class`,`paid_date`,`order_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_key` text NOT NULL,
	`name` text,
	`kana` text,
	`postal_code` text,
	`address1` text,
	`address2` text,
	`phone` text,
	`email` text,
	`mailable` integer DEFAULT 0 NOT NULL,
	`name_key` text DEFAULT '' NOT NULL,
	`address_key` text DEFAULT '' NOT NULL,
	`phone_key` text DEFAULT '' NOT NULL,
	`email_key` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_group_key_uq` ON `persons` (`group_key`);--> statement-breakpoint
CREATE INDEX `persons_name_postal_idx` ON `persons` (`name_key`,`postal_code`);--> statement-breakpoint
CREATE INDEX `persons_phone_idx` ON `persons` (`phone_key`);--> statement-breakpoint
CREATE INDEX `persons_email_idx` ON `persons` (`email_key`);--> statement-breakpoint
CREATE TABLE `run_payments` (
	`run_id` integer NOT NULL,
	`payment_id` integer NOT NULL,
	`exposure_mask` integer NOT NULL,
	`person_id` integer,
	PRIMARY KEY(`run_id`, `payment_id`)
);
--> statement-breakpoint
CREATE INDEX `run_payments_person_idx` ON `run_payments` (`run_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `run_persons` (
	`run_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`category_mask` integer NOT NULL,
	PRIMARY KEY(`run_id`, `person_id`)
);
