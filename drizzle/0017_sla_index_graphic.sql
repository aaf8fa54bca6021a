ALTER TABLE `cases` ADD `graphic` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `case_events_action_at_idx` ON `case_events` (`action`,`at`);