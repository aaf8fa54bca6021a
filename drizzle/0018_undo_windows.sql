CREATE TABLE `undo_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`action` text NOT NULL,
	`decided_by` integer NOT NULL,
	`decided_at` integer NOT NULL,
	`status_before` text NOT NULL,
	`status_after` text NOT NULL,
	`until` integer NOT NULL,
	`settled_at` integer,
	`undone_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `undo_windows_due_idx` ON `undo_windows` (`settled_at`,`until`);--> statement-breakpoint
CREATE INDEX `undo_windows_case_idx` ON `undo_windows` (`case_id`);