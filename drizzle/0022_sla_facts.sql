CREATE TABLE `sla_facts` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`urgency` text NOT NULL,
	`category` text NOT NULL,
	`decided_by` integer,
	`decided_at` integer NOT NULL,
	`minutes_to_decision` integer NOT NULL,
	`minutes_to_first_action` integer NOT NULL,
	`margin_minutes` integer NOT NULL,
	`met_deadline` integer NOT NULL,
	`minutes_waited_on_reporter` integer,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_facts_decided_at_idx` ON `sla_facts` (`decided_at`,`urgency`,`category`,`decided_by`,`minutes_to_decision`,`minutes_to_first_action`,`margin_minutes`,`met_deadline`,`minutes_waited_on_reporter`);