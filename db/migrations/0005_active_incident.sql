ALTER TABLE `incidents` ADD `active` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Before this column the app worked on the most recently updated incident: that one stays active.
UPDATE `incidents` SET `active` = 1 WHERE `id` = (SELECT `id` FROM `incidents` ORDER BY `updated_at` DESC, `id` DESC LIMIT 1);
