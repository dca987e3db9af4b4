DROP INDEX `run_payments_person_idx`;--> statement-breakpoint
CREATE INDEX `run_payments_person_idx` ON `run_payments` (`run_id`,`person_id`,`exposure_mask`);--> statement-breakpoint
ALTER TABLE `payments` ADD `donor_linked` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Payments imported before: linked as core/store/payment-links.ts links them (before the index, which then holds only the unmatched).
UPDATE `payments` SET `donor_linked` = (EXISTS (SELECT 1 FROM `donor_records` d WHERE d.`order_id` = `payments`.`order_id`)
  OR EXISTS (SELECT 1 FROM `donor_records` d WHERE d.`member_id` = `payments`.`member_id`));--> statement-breakpoint
CREATE INDEX `payments_unlinked_idx` ON `payments` (`id`) WHERE donor_linked = 0;
