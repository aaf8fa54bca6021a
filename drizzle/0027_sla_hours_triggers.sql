-- Hand-written (drizzle-kit cannot generate triggers): sla_hours and sla_decider_hours (0026) are
-- sla_minutes and sla_decider_minutes summed per hour, kept by the same kind of triggers on sla_facts
-- as 0025's, in the same statements. An hour is minutes floor-divided by 60 (SQLite's / truncates
-- towards zero, so the remainder is taken off first: −1 min is in hour −1, as JS Math.floor has it).
CREATE TRIGGER `sla_facts_count_hours` AFTER INSERT ON `sla_facts`
BEGIN
  INSERT INTO sla_hours VALUES ('to_decision', NEW.urgency, NEW.category, ((NEW.minutes_to_decision - (((NEW.minutes_to_decision) % 60) + 60) % 60) / 60), 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_hours VALUES ('to_first_action', NEW.urgency, NEW.category, ((NEW.minutes_to_first_action - (((NEW.minutes_to_first_action) % 60) + 60) % 60) / 60), 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_hours VALUES (CASE WHEN NEW.met_deadline THEN 'margin_met' ELSE 'margin_missed' END, NEW.urgency, NEW.category, ((NEW.margin_minutes - (((NEW.margin_minutes) % 60) + 60) % 60) / 60), 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_hours SELECT 'waited', NEW.urgency, NEW.category, ((NEW.minutes_waited_on_reporter - (((NEW.minutes_waited_on_reporter) % 60) + 60) % 60) / 60), 1
    WHERE NEW.minutes_waited_on_reporter IS NOT NULL
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_decider_hours SELECT NEW.decided_by, ((NEW.minutes_to_decision - (((NEW.minutes_to_decision) % 60) + 60) % 60) / 60), 1
    WHERE NEW.decided_by IS NOT NULL
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_facts_uncount_hours` AFTER DELETE ON `sla_facts`
BEGIN
  UPDATE sla_hours SET decisions = decisions - 1
    WHERE measure = 'to_decision' AND urgency = OLD.urgency AND category = OLD.category
      AND hour = ((OLD.minutes_to_decision - (((OLD.minutes_to_decision) % 60) + 60) % 60) / 60);
  UPDATE sla_hours SET decisions = decisions - 1
    WHERE measure = 'to_first_action' AND urgency = OLD.urgency AND category = OLD.category
      AND hour = ((OLD.minutes_to_first_action - (((OLD.minutes_to_first_action) % 60) + 60) % 60) / 60);
  UPDATE sla_hours SET decisions = decisions - 1
    WHERE measure = CASE WHEN OLD.met_deadline THEN 'margin_met' ELSE 'margin_missed' END AND urgency = OLD.urgency AND category = OLD.category
      AND hour = ((OLD.margin_minutes - (((OLD.margin_minutes) % 60) + 60) % 60) / 60);
  UPDATE sla_hours SET decisions = decisions - 1
    WHERE measure = 'waited' AND urgency = OLD.urgency AND category = OLD.category
      AND hour = ((OLD.minutes_waited_on_reporter - (((OLD.minutes_waited_on_reporter) % 60) + 60) % 60) / 60);
  UPDATE sla_decider_hours SET decisions = decisions - 1
    WHERE decided_by = OLD.decided_by AND hour = ((OLD.minutes_to_decision - (((OLD.minutes_to_decision) % 60) + 60) % 60) / 60);
END;
--> statement-breakpoint
-- The counts made before this migration, summed once.
INSERT INTO sla_hours
SELECT measure, urgency, category, ((minutes - (((minutes) % 60) + 60) % 60) / 60), sum(decisions) FROM sla_minutes GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO sla_decider_hours
SELECT decided_by, ((minutes - (((minutes) % 60) + 60) % 60) / 60), sum(decisions) FROM sla_decider_minutes GROUP BY 1, 2;
