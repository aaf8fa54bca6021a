CREATE INDEX `cases_received_idx` ON `cases` (`category`,`urgency`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_decided_cover_idx` ON `cases` (`decided_at`,`status`,`met_deadline`);--> statement-breakpoint
CREATE INDEX `cases_minutes_idx` ON `cases` (`urgency`,`minutes_to_decision`,`decided_at`,`status`,`met_deadline`);--> statement-breakpoint
CREATE INDEX `cases_decider_idx` ON `cases` (`decided_by`,`decided_at`,`status`);