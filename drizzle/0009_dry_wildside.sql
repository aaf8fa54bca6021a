CREATE TABLE `bulk_intents` (
	`batch_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `user_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bulk_intents_expiry_idx` ON `bulk_intents` (`expires_at`);--> statement-breakpoint
ALTER TABLE `batches` ADD `lead_batch_id` integer;--> statement-breakpoint
CREATE INDEX `batches_lead_idx` ON `batches` (`lead_batch_id`);