CREATE TABLE `channel_replacements` (
	`case_id` integer NOT NULL,
	`of_case_id` integer NOT NULL,
	`reason` text NOT NULL,
	`of_username` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `of_case_id`)
);
--> statement-breakpoint
CREATE TABLE `channel_titles` (
	`username` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`seen_at` integer NOT NULL
);
