CREATE TABLE `verifications` (
	`case_id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`misses` integer DEFAULT 0 NOT NULL,
	`checks` integer DEFAULT 0 NOT NULL,
	`streak` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`last_miss_at` integer,
	`verified_at` integer,
	`next_probe_at` integer,
	`last_probe_at` integer,
	`last_verdict` text,
	`online_notice_at` integer,
	`reappeared_at` integer
);
--> statement-breakpoint
CREATE INDEX `verifications_due_idx` ON `verifications` (`next_probe_at`);--> statement-breakpoint
CREATE INDEX `verifications_started_idx` ON `verifications` (`started_at`,`state`,`verified_at`,`online_notice_at`,`reappeared_at`);