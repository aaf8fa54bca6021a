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
CREATE INDEX `decisions_decided_idx` ON `decisions` (`decided_at`,`outcome`,`met_deadline`) WHERE superseded_by IS NOT 'undone';--> statement-breakpoint
CREATE INDEX `decisions_minutes_idx` ON `decisions` (`urgency`,`minutes_to_decision`,`decided_at`,`met_deadline`);--> statement-breakpoint
CREATE INDEX `decisions_decider_idx` ON `decisions` (`decided_by`,`decided_at`,`outcome`);--> statement-breakpoint
CREATE INDEX `decisions_reason_idx` ON `decisions` (`outcome`,`reject_reason`,`decided_at`) WHERE superseded_by IS NOT 'undone';--> statement-breakpoint
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
--> statement-breakpoint
-- ---- Hand-written (merge of decisions as rows with the /stats rollups of 0019/0020); keep apart. ----
-- /stats counts decision rows (a reopened case keeps its first decision; an undone one counts
-- nothing), so the decided rollups follow the decisions table, no longer the cases' current
-- decision: the cases' triggers keep only rollup_received. A decision row is never deleted; an
-- undo (superseded_by 'undone') takes it back out. Then the decided rollups are counted again from
-- the decision rows, in the zone rollup_zone holds (db/rollups.ts recountRollups does the same).
DROP TRIGGER `cases_rollup_decided_update`;
--> statement-breakpoint
DROP TRIGGER `cases_rollup_insert`;
--> statement-breakpoint
CREATE TRIGGER `cases_rollup_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((new.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.category, new.urgency, new.status, 1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
DROP TRIGGER `cases_rollup_delete`;
--> statement-breakpoint
CREATE TRIGGER `cases_rollup_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((old.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.category, old.urgency, old.status, -1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_rollup_insert` AFTER INSERT ON `decisions` BEGIN
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.urgency, new.outcome, coalesce(new.reject_reason, ''), 1, coalesce(new.met_deadline, 0) WHERE true
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.decided_by, new.outcome, 1
    WHERE new.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT new.urgency, new.minutes_to_decision, 1, coalesce(new.met_deadline, 0)
    WHERE new.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_rollup_undone` AFTER UPDATE OF superseded_by ON `decisions`
WHEN new.superseded_by = 'undone' AND old.superseded_by IS NOT 'undone' BEGIN
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.urgency, old.outcome, coalesce(old.reject_reason, ''), -1, -coalesce(old.met_deadline, 0) WHERE true
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.decided_by, old.outcome, -1
    WHERE old.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT old.urgency, old.minutes_to_decision, -1, -coalesce(old.met_deadline, 0)
    WHERE old.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
END;
--> statement-breakpoint
DELETE FROM rollup_decided;
--> statement-breakpoint
DELETE FROM rollup_deciders;
--> statement-breakpoint
DELETE FROM rollup_minutes;
--> statement-breakpoint
INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
  SELECT CAST((decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER) AS d, urgency, outcome, coalesce(reject_reason, '') AS r, count(*), coalesce(sum(met_deadline), 0)
  FROM decisions WHERE superseded_by IS NOT 'undone' GROUP BY d, urgency, outcome, r;
--> statement-breakpoint
INSERT INTO rollup_deciders (day, decided_by, status, n)
  SELECT CAST((decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER) AS d, decided_by, outcome, count(*)
  FROM decisions WHERE superseded_by IS NOT 'undone' AND decided_by IS NOT NULL GROUP BY d, decided_by, outcome;
--> statement-breakpoint
INSERT INTO rollup_minutes (urgency, minutes, n, met)
  SELECT urgency, minutes_to_decision, count(*), coalesce(sum(met_deadline), 0)
  FROM decisions WHERE superseded_by IS NOT 'undone' AND minutes_to_decision IS NOT NULL GROUP BY urgency, minutes_to_decision;
