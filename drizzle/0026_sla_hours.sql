CREATE TABLE `sla_decider_hours` (
	`decided_by` integer NOT NULL,
	`hour` integer NOT NULL,
	`decisions` integer NOT NULL,
	PRIMARY KEY(`decided_by`, `hour`)
);
--> statement-breakpoint
CREATE TABLE `sla_hours` (
	`measure` text NOT NULL,
	`urgency` text NOT NULL,
	`category` text NOT NULL,
	`hour` integer NOT NULL,
	`decisions` integer NOT NULL,
	PRIMARY KEY(`measure`, `urgency`, `category`, `hour`)
);
