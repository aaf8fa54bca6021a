CREATE TABLE `evidence_chain` (
	`seq` integer PRIMARY KEY NOT NULL,
	`evidence_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`file_unique_id` text,
	`file_size` integer,
	`sha256` text,
	`captured_at` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`row_hash` text NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_chain_evidence_id_unique` ON `evidence_chain` (`evidence_id`);--> statement-breakpoint
CREATE TABLE `evidence_files` (
	`evidence_id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `vault_message_id` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `file_unique_id` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `file_size` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `captured_at` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `sha256` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `chain_seq` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `vault_message_id` integer;--> statement-breakpoint
ALTER TABLE `evidence` ADD `purged_at` integer;