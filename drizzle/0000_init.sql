CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_key` text NOT NULL,
	`username` text NOT NULL,
	`post_id` integer,
	`target_url` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`description` text NOT NULL,
	`reporter_id` integer NOT NULL,
	`reporter_unit` text,
	`report_count` integer DEFAULT 1 NOT NULL,
	`previous_case_id` integer,
	`batch_id` integer,
	`created_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`claimed_by` integer,
	`claimed_at` integer,
	`status_before_info` text,
	`decided_by` integer,
	`decided_at` integer,
	`reject_reason` text,
	`minutes_to_decision` integer,
	`met_deadline` integer,
	`escalated_at` integer,
	`reminder_sent_at` integer,
	`overdue_at` integer,
	`card_message_id` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_open_key_uq` ON `cases` (`case_key`) WHERE status IN ('open', 'claimed', 'needs_info');--> statement-breakpoint
CREATE INDEX `cases_key_idx` ON `cases` (`case_key`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`);--> statement-breakpoint
CREATE INDEX `cases_decided_idx` ON `cases` (`decided_at`);--> statement-breakpoint
CREATE INDEX `cases_status_deadline_idx` ON `cases` (`status`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `conversation_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_chat_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_report_idx` ON `evidence` (`report_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`unit` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by` integer,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_code_hash_unique` ON `invitations` (`code_hash`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`kind` text NOT NULL,
	`case_id` integer,
	`payload` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`sent_message_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`status`,`not_before`,`id`);--> statement-breakpoint
CREATE TABLE `prompts` (
	`chat_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`kind` text NOT NULL,
	`case_id` integer NOT NULL,
	`user_id` integer,
	`created_at` integer NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`chat_id`, `message_id`)
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`reporter_id` integer NOT NULL,
	`description` text NOT NULL,
	`submission_key` text NOT NULL,
	`joined` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_submission_key_unique` ON `reports` (`submission_key`);--> statement-breakpoint
CREATE INDEX `reports_case_idx` ON `reports` (`case_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`role` text DEFAULT 'none' NOT NULL,
	`name` text,
	`unit` text,
	`username` text,
	`locale` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`granted_by` integer,
	`revoked_at` integer,
	`revoked_by` integer
);
