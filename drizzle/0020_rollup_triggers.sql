-- Rollups for /stats (src/db/rollups.ts, schema.ts): every statement that inserts, changes or
-- deletes a case moves its counts in the same transaction, whichever code path it comes from. A
-- day is (ms + the zone's offset then) / 86400000, whole; rollup_zone is filled, and the rollups from
-- existing cases, by syncRollups at start (a migration cannot know the configured time zone).
CREATE TRIGGER `cases_rollup_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((new.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.category, new.urgency, new.status, 1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.urgency, new.status, coalesce(new.reject_reason, ''), 1, coalesce(new.met_deadline, 0)
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected')
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.decided_by, new.status, 1
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected') AND new.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT new.urgency, new.minutes_to_decision, 1, coalesce(new.met_deadline, 0)
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected') AND new.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollup_received_update` AFTER UPDATE OF created_at, category, urgency, status ON `cases`
WHEN old.created_at IS NOT new.created_at OR old.category IS NOT new.category OR old.urgency IS NOT new.urgency OR old.status IS NOT new.status BEGIN
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((old.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.category, old.urgency, old.status, -1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((new.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.category, new.urgency, new.status, 1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollup_decided_update` AFTER UPDATE OF status, urgency, decided_at, decided_by, reject_reason, met_deadline, minutes_to_decision ON `cases`
WHEN old.status IS NOT new.status OR old.urgency IS NOT new.urgency OR old.decided_at IS NOT new.decided_at OR old.decided_by IS NOT new.decided_by OR old.reject_reason IS NOT new.reject_reason OR old.met_deadline IS NOT new.met_deadline OR old.minutes_to_decision IS NOT new.minutes_to_decision BEGIN
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.urgency, old.status, coalesce(old.reject_reason, ''), -1, -coalesce(old.met_deadline, 0)
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected')
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.decided_by, old.status, -1
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected') AND old.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT old.urgency, old.minutes_to_decision, -1, -coalesce(old.met_deadline, 0)
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected') AND old.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.urgency, new.status, coalesce(new.reject_reason, ''), 1, coalesce(new.met_deadline, 0)
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected')
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((new.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= new.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), new.decided_by, new.status, 1
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected') AND new.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT new.urgency, new.minutes_to_decision, 1, coalesce(new.met_deadline, 0)
    WHERE new.decided_at IS NOT NULL AND new.status IN ('taken_down', 'rejected') AND new.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollup_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO rollup_received (day, category, urgency, status, n)
    SELECT CAST((old.created_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.created_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.category, old.urgency, old.status, -1 WHERE true
    ON CONFLICT (day, category, urgency, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.urgency, old.status, coalesce(old.reject_reason, ''), -1, -coalesce(old.met_deadline, 0)
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected')
    ON CONFLICT (day, urgency, status, reject_reason) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
  INSERT INTO rollup_deciders (day, decided_by, status, n)
    SELECT CAST((old.decided_at + coalesce((SELECT offset_ms FROM rollup_zone WHERE from_ms <= old.decided_at ORDER BY from_ms DESC LIMIT 1), 0)) / 86400000 AS INTEGER), old.decided_by, old.status, -1
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected') AND old.decided_by IS NOT NULL
    ON CONFLICT (day, decided_by, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_minutes (urgency, minutes, n, met)
    SELECT old.urgency, old.minutes_to_decision, -1, -coalesce(old.met_deadline, 0)
    WHERE old.decided_at IS NOT NULL AND old.status IN ('taken_down', 'rejected') AND old.minutes_to_decision IS NOT NULL
    ON CONFLICT (urgency, minutes) DO UPDATE SET n = n + excluded.n, met = met + excluded.met;
END;
