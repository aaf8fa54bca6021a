CREATE TABLE `bank_signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`value` text NOT NULL,
	`quality` integer,
	`category` text,
	`mode` text NOT NULL,
	`case_id` integer,
	`case_ref` text NOT NULL,
	`source` text,
	`taken_down_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bank_signals_value_idx` ON `bank_signals` (`type`,`value`);--> statement-breakpoint
CREATE UNIQUE INDEX `bank_signals_uq` ON `bank_signals` (`type`,`value`,`mode`,`case_ref`);--> statement-breakpoint
CREATE TABLE `case_matches` (
	`case_id` integer NOT NULL,
	`bank_signal_id` integer NOT NULL,
	`distance` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `bank_signal_id`),
	FOREIGN KEY (`bank_signal_id`) REFERENCES `bank_signals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `media_signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`type` text NOT NULL,
	`value` text NOT NULL,
	`quality` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_signals_case_uq` ON `media_signals` (`case_id`,`type`,`value`);--> statement-breakpoint
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