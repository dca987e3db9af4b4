CREATE TABLE `review_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key_a` text NOT NULL,
	`key_b` text DEFAULT '' NOT NULL,
	`decision` text NOT NULL,
	`note` text,
	`decided_at` text NOT NULL,
	`actor` text NOT NULL,
	`undone_at` text,
	`undone_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_decisions_live_uq` ON `review_decisions` (`kind`,`key_a`,`key_b`) WHERE undone_at IS NULL;