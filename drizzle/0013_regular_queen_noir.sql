CREATE TABLE `pdq_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`file_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`done_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pdq_queue_due_idx` ON `pdq_queue` (`done_at`,`not_before`);--> statement-breakpoint
CREATE UNIQUE INDEX `pdq_queue_case_file_uq` ON `pdq_queue` (`case_id`,`file_id`);