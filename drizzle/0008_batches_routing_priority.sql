CREATE TABLE `batch_items` (
	`batch_id` integer NOT NULL,
	`position` integer NOT NULL,
	`case_id` integer NOT NULL,
	`joined` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `position`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batch_items_case_idx` ON `batch_items` (`case_id`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reporter_id` integer NOT NULL,
	`reporter_unit` text,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`description` text NOT NULL,
	`submission_key` text NOT NULL,
	`item_count` integer NOT NULL,
	`group_chat_id` integer NOT NULL,
	`card_message_id` integer,
	`card_page` integer DEFAULT 0 NOT NULL,
	`progress_message_id` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_submission_key_unique` ON `batches` (`submission_key`);--> statement-breakpoint
CREATE TABLE `forum_topics` (
	`chat_id` integer NOT NULL,
	`category` text NOT NULL,
	`thread_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `category`)
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `group_chat_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `batch_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `due_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_order_idx` ON `outbox` (`chat_id`,`status`,`priority`,`due_at`,`id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `batch_id` integer;