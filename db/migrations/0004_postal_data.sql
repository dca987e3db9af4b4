CREATE TABLE `postal_data` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`data_date` text NOT NULL,
	`code_count` integer NOT NULL,
	`dataset` blob NOT NULL,
	`loaded_at` text NOT NULL,
	`actor` text NOT NULL
);
