CREATE TABLE `rollup_decided` (
	`day` integer NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`reject_reason` text NOT NULL,
	`n` integer NOT NULL,
	`met` integer NOT NULL,
	PRIMARY KEY(`day`, `urgency`, `status`, `reject_reason`)
);
--> statement-breakpoint
CREATE TABLE `rollup_deciders` (
	`day` integer NOT NULL,
	`decided_by` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`day`, `decided_by`, `status`)
);
--> statement-breakpoint
CREATE TABLE `rollup_meta` (
	`id` integer PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rollup_minutes` (
	`urgency` text NOT NULL,
	`minutes` integer NOT NULL,
	`n` integer NOT NULL,
	`met` integer NOT NULL,
	PRIMARY KEY(`urgency`, `minutes`)
);
--> statement-breakpoint
CREATE TABLE `rollup_received` (
	`day` integer NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`day`, `category`, `urgency`, `status`)
);
--> statement-breakpoint
CREATE TABLE `rollup_zone` (
	`from_ms` integer PRIMARY KEY NOT NULL,
	`offset_ms` integer NOT NULL
);
