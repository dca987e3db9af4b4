CREATE TABLE `mail_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rates` text NOT NULL,
	`effective_from` text NOT NULL,
	`file` text NOT NULL,
	`loaded_at` text NOT NULL,
	`actor` text NOT NULL
);
