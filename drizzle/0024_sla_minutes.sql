CREATE TABLE `sla_decider_minutes` (
	`decided_by` integer NOT NULL,
	`minutes` integer NOT NULL,
	`decisions` integer NOT NULL,
	PRIMARY KEY(`decided_by`, `minutes`)
);
--> statement-breakpoint
CREATE TABLE `sla_minutes` (
	`measure` text NOT NULL,
	`urgency` text NOT NULL,
	`category` text NOT NULL,
	`minutes` integer NOT NULL,
	`decisions` integer NOT NULL,
	PRIMARY KEY(`measure`, `urgency`, `category`, `minutes`)
);
