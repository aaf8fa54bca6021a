-- Hand-written (drizzle-kit cannot generate triggers): sla_minutes and sla_decider_minutes (0024)
-- count sla_facts per whole minute, in the statement that adds or removes a fact (a decision, an
-- Urungkan), whoever makes it, each through its primary key. A count that falls to zero stays, as 0.
CREATE TRIGGER `sla_facts_count` AFTER INSERT ON `sla_facts`
BEGIN
  INSERT INTO sla_minutes VALUES ('to_decision', NEW.urgency, NEW.category, NEW.minutes_to_decision, 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_minutes VALUES ('to_first_action', NEW.urgency, NEW.category, NEW.minutes_to_first_action, 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_minutes
    VALUES (CASE WHEN NEW.met_deadline THEN 'margin_met' ELSE 'margin_missed' END, NEW.urgency, NEW.category, NEW.margin_minutes, 1)
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_minutes SELECT 'waited', NEW.urgency, NEW.category, NEW.minutes_waited_on_reporter, 1
    WHERE NEW.minutes_waited_on_reporter IS NOT NULL
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
  INSERT INTO sla_decider_minutes SELECT NEW.decided_by, NEW.minutes_to_decision, 1
    WHERE NEW.decided_by IS NOT NULL
    ON CONFLICT DO UPDATE SET decisions = decisions + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_facts_uncount` AFTER DELETE ON `sla_facts`
BEGIN
  UPDATE sla_minutes SET decisions = decisions - 1
    WHERE measure = 'to_decision' AND urgency = OLD.urgency AND category = OLD.category AND minutes = OLD.minutes_to_decision;
  UPDATE sla_minutes SET decisions = decisions - 1
    WHERE measure = 'to_first_action' AND urgency = OLD.urgency AND category = OLD.category
      AND minutes = OLD.minutes_to_first_action;
  UPDATE sla_minutes SET decisions = decisions - 1
    WHERE measure = CASE WHEN OLD.met_deadline THEN 'margin_met' ELSE 'margin_missed' END
      AND urgency = OLD.urgency AND category = OLD.category AND minutes = OLD.margin_minutes;
  UPDATE sla_minutes SET decisions = decisions - 1
    WHERE measure = 'waited' AND urgency = OLD.urgency AND category = OLD.category
      AND minutes = OLD.minutes_waited_on_reporter;
  UPDATE sla_decider_minutes SET decisions = decisions - 1
    WHERE decided_by = OLD.decided_by AND minutes = OLD.minutes_to_decision;
END;
--> statement-breakpoint
-- The decisions made before this migration, counted once.
INSERT INTO sla_minutes
SELECT 'to_decision', urgency, category, minutes_to_decision, count(*) FROM sla_facts GROUP BY 2, 3, 4
UNION ALL
SELECT 'to_first_action', urgency, category, minutes_to_first_action, count(*) FROM sla_facts GROUP BY 2, 3, 4
UNION ALL
SELECT CASE WHEN met_deadline THEN 'margin_met' ELSE 'margin_missed' END, urgency, category, margin_minutes, count(*)
  FROM sla_facts GROUP BY 1, 2, 3, 4
UNION ALL
SELECT 'waited', urgency, category, minutes_waited_on_reporter, count(*) FROM sla_facts
  WHERE minutes_waited_on_reporter IS NOT NULL GROUP BY 2, 3, 4;
--> statement-breakpoint
INSERT INTO sla_decider_minutes
SELECT decided_by, minutes_to_decision, count(*) FROM sla_facts WHERE decided_by IS NOT NULL GROUP BY 1, 2;
