ALTER TABLE `run_persons` ADD `unmailable` text;--> statement-breakpoint
-- Earlier runs: why each person who could not be mailed could not, from the address they have now (a person purged earlier has none left: 住所なし).
UPDATE `run_persons` SET `unmailable` = CASE WHEN COALESCE(p.`address1`, '') = '' THEN 'no-address' ELSE 'no-postal-code' END
FROM `persons` p WHERE p.`id` = `run_persons`.`person_id` AND p.`mailable` = 0;
