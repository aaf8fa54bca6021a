CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`reject_reason` text,
	`note` text,
	`decided_by` integer,
	`decided_at` integer NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`minutes_to_decision` integer,
	`met_deadline` integer,
	`superseded_by` text,
	`superseded_at` integer,
	`superseded_actor` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_case_idx` ON `decisions` (`case_id`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_decided_idx` ON `decisions` (`decided_at`,`outcome`,`met_deadline`);--> statement-breakpoint
CREATE INDEX `decisions_minutes_idx` ON `decisions` (`urgency`,`minutes_to_decision`,`decided_at`,`met_deadline`);--> statement-breakpoint
CREATE INDEX `decisions_decider_idx` ON `decisions` (`decided_by`,`decided_at`,`outcome`);--> statement-breakpoint
CREATE INDEX `decisions_reason_idx` ON `decisions` (`outcome`,`reject_reason`,`decided_at`);--> statement-breakpoint
CREATE INDEX `decisions_superseded_idx` ON `decisions` (`decided_at`,`case_id`,`id`) WHERE superseded_by IS NOT NULL;--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`reporter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`filed_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`outcome` text,
	`decided_by` integer,
	`decided_at` integer,
	`note` text,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `objections_decision_id_unique` ON `objections` (`decision_id`);--> statement-breakpoint
CREATE INDEX `objections_case_idx` ON `objections` (`case_id`);--> statement-breakpoint
CREATE INDEX `objections_decided_idx` ON `objections` (`decided_at`,`outcome`);--> statement-breakpoint
-- ---- Hand-written (issue 19, "history is never rewritten"); keep apart from the generated part above. ----
-- Decisions are appended and never deleted; only the supersede columns may be set, once.
CREATE TRIGGER `decisions_no_delete` BEFORE DELETE ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'decisions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_supersede_only` BEFORE UPDATE ON `decisions`
WHEN OLD.`superseded_by` IS NOT NULL
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`case_id` IS NOT OLD.`case_id` OR NEW.`outcome` IS NOT OLD.`outcome`
  OR NEW.`reject_reason` IS NOT OLD.`reject_reason` OR NEW.`note` IS NOT OLD.`note`
  OR NEW.`decided_by` IS NOT OLD.`decided_by` OR NEW.`decided_at` IS NOT OLD.`decided_at`
  OR NEW.`category` IS NOT OLD.`category` OR NEW.`urgency` IS NOT OLD.`urgency`
  OR NEW.`minutes_to_decision` IS NOT OLD.`minutes_to_decision` OR NEW.`met_deadline` IS NOT OLD.`met_deadline`
BEGIN
  SELECT RAISE(ABORT, 'decisions: only a standing decision can be marked superseded');
END;
--> statement-breakpoint
-- Every case decided now carries its decision over as its first decision row, in decision order
-- (earlier decisions that reopenings cleared from the case row are in case_events only).
INSERT INTO `decisions` (`case_id`, `outcome`, `reject_reason`, `note`, `decided_by`, `decided_at`, `category`,
    `urgency`, `minutes_to_decision`, `met_deadline`)
  SELECT `id`, `status`, `reject_reason`, `reject_note`, `decided_by`, `decided_at`, `category`, `urgency`,
      `minutes_to_decision`, `met_deadline`
  FROM `cases`
  WHERE `status` IN ('taken_down', 'rejected') AND `decided_at` IS NOT NULL
  ORDER BY `decided_at`, `id`;
