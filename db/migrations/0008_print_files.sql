CREATE TABLE `letter_print_files` (
	`batch_id` integer NOT NULL,
	`letter_id` integer NOT NULL,
	`file` text NOT NULL,
	`first_page` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `letter_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `letter_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_print_files_letter_idx` ON `letter_print_files` (`letter_id`);--> statement-breakpoint
-- Letters that earlier versions made in print files only name their file and page themselves (print/token-db.pdf#page=7): their volume is known. Letters made with their own files as well are not (their print file was only in manifest.json).
INSERT OR IGNORE INTO `letter_print_files` (`batch_id`, `letter_id`, `file`, `first_page`)
SELECT `batch_id`, `id`, substr(`file`, 1, instr(`file`, '#page=') - 1), CAST(substr(`file`, instr(`file`, '#page=') + 6) AS INTEGER)
FROM `letters` WHERE `file` LIKE 'print/%#page=%';
