-- Hand-written (drizzle-kit cannot generate views or triggers): keeps sla_facts (0022) current.
--
-- sla_fact_source measures every decision event exactly as domain/sla.ts `decisionsOf` does over
-- its case's log, in log order (case_events.id):
--   window start  = the last reopen/reappear/overturn before the decision, else the case's creation;
--   segment start = the last reopen/reappear/overturn/decision before it (claims and asks before it do not count);
--   first action  = the first claim in the segment, else the decision itself;
--   a decision taken back with Urungkan (the next of decision/undo/reopen/reappear after it is an
--   undo) gets no row and does not start a segment, but it is a first action;
--   waited        = each info_answered closes the first ask_info after the previous info_answered
--                   (in the segment); the decision closes one still pending; summed, then rounded;
--   window length = the case's deadline minus its window's start (cases.deadline_at, reopened_at),
--                   as it stands when the decision is logged (a later objection or raised urgency
--                   changes the row, not the decision: see the fill's case below);
--   urgency, category = as the decision's own row (0021) has them, else the case's.
-- Minutes are JS Math.round(ms / 60000) = floor((ms + 30000) / 60000), written with integer
-- arithmetic since SQLite's / truncates towards zero and round() rounds halves away from zero.
CREATE VIEW `sla_fact_source` AS
SELECT
  x.id AS event_id,
  x.case_id,
  x.urgency,
  x.category,
  x.actor_id AS decided_by,
  x.at AS decided_at,
  max(0, ((x.at - x.start_at + 30000) - (((x.at - x.start_at + 30000) % 60000) + 60000) % 60000) / 60000)
    AS minutes_to_decision,
  max(0, ((x.first_at - x.start_at + 30000) - (((x.first_at - x.start_at + 30000) % 60000) + 60000) % 60000) / 60000)
    AS minutes_to_first_action,
  ((x.start_at + x.window_ms - x.at + 30000) - (((x.start_at + x.window_ms - x.at + 30000) % 60000) + 60000) % 60000) / 60000
    AS margin_minutes,
  x.at <= x.start_at + x.window_ms AS met_deadline,
  ((x.waited_ms + 30000) - (((x.waited_ms + 30000) % 60000) + 60000) % 60000) / 60000 AS minutes_waited_on_reporter
FROM (
  SELECT
    y.*,
    coalesce(
      (SELECT f.at FROM case_events f WHERE f.id = (
         SELECT min(f2.id) FROM case_events f2
         WHERE f2.case_id = y.case_id AND f2.action IN ('claim', 'take_down', 'reject') AND f2.id > y.seg AND f2.id < y.id)),
      y.at) AS first_at,
    (SELECT sum(k.at - (SELECT a.at FROM case_events a WHERE a.id = (
                          SELECT min(a2.id) FROM case_events a2
                          WHERE a2.case_id = y.case_id AND a2.action = 'ask_info' AND a2.id < k.id
                            AND a2.id > coalesce((SELECT max(p.id) FROM case_events p
                                                  WHERE p.case_id = y.case_id AND p.action = 'info_answered'
                                                    AND p.id > y.seg AND p.id < k.id), y.seg))))
     FROM case_events k
     WHERE k.case_id = y.case_id AND k.action IN ('info_answered', 'take_down', 'reject') -- (case_id, action) seeks
       AND k.id > y.seg AND k.id <= y.id AND (k.action = 'info_answered' OR k.id = y.id)) AS waited_ms
  FROM (
    SELECT
      d.id, d.case_id, d.actor_id, d.at,
      coalesce(r.urgency, c.urgency) AS urgency,
      coalesce(r.category, c.category) AS category,
      CASE
        WHEN coalesce(r.urgency, c.urgency) = c.urgency
          AND NOT EXISTS (SELECT 1 FROM case_events o
                          WHERE o.case_id = d.case_id AND o.action = 'object'
                            AND o.id > coalesce((SELECT max(w.id) FROM case_events w
                                                 WHERE w.case_id = d.case_id
                                                   AND w.action IN ('reopen', 'reappear', 'overturn')), 0))
        THEN c.deadline_at - coalesce(c.reopened_at, c.created_at)
        -- Filled later, for a case whose row no longer holds a window of the decision's urgency (an
        -- objection moved its deadline, or its urgency was raised since): the window of that urgency
        -- as the latest case of it without an objection has it.
        ELSE coalesce(
          (SELECT u.deadline_at - coalesce(u.reopened_at, u.created_at) FROM cases u
           WHERE u.urgency = coalesce(r.urgency, c.urgency)
             AND NOT EXISTS (SELECT 1 FROM case_events o2 WHERE o2.case_id = u.id AND o2.action = 'object')
           ORDER BY u.id DESC LIMIT 1),
          c.deadline_at - coalesce(c.reopened_at, c.created_at))
      END AS window_ms,
      coalesce(
        (SELECT w.at FROM case_events w WHERE w.id = (
           SELECT max(w2.id) FROM case_events w2
           WHERE w2.case_id = d.case_id AND w2.action IN ('reopen', 'reappear', 'overturn') AND w2.id < d.id)),
        c.created_at) AS start_at,
      coalesce(
        (SELECT max(s.id) FROM case_events s
         WHERE s.case_id = d.case_id AND s.id < d.id AND s.action IN ('reopen', 'reappear', 'overturn', 'take_down', 'reject')
           AND coalesce((SELECT n.action FROM case_events n WHERE n.id = (
                           SELECT min(n2.id) FROM case_events n2
                           WHERE n2.case_id = s.case_id AND n2.id > s.id
                             AND n2.action IN ('take_down', 'reject', 'undo', 'reopen', 'reappear', 'overturn'))), '') <> 'undo'),
        0) AS seg
    FROM case_events d JOIN cases c ON c.id = d.case_id
      -- The decision's own row (0021) keeps the urgency and category it was made under; older
      -- decisions without one take the case's.
      LEFT JOIN decisions r ON r.id = (SELECT max(r2.id) FROM decisions r2 WHERE r2.case_id = d.case_id AND r2.decided_at = d.at)
    WHERE d.action IN ('take_down', 'reject')
      AND coalesce((SELECT n.action FROM case_events n WHERE n.id = (
                      SELECT min(n2.id) FROM case_events n2
                      WHERE n2.case_id = d.case_id AND n2.id > d.id
                        AND n2.action IN ('take_down', 'reject', 'undo', 'reopen', 'reappear', 'overturn'))), '') <> 'undo'
  ) y
) x;
--> statement-breakpoint
-- Every decision gets its row in the statement that logs it, whoever logs it.
CREATE TRIGGER `case_events_sla_fact` AFTER INSERT ON `case_events`
WHEN NEW.action IN ('take_down', 'reject')
BEGIN
  INSERT INTO sla_facts SELECT * FROM sla_fact_source WHERE event_id = NEW.id;
END;
--> statement-breakpoint
-- Urungkan takes its decision's row away in the statement that logs the undo: the decision it
-- follows directly (as the view reads an undo), never one before a reopening.
CREATE TRIGGER `case_events_sla_fact_undo` AFTER INSERT ON `case_events`
WHEN NEW.action = 'undo'
BEGIN
  DELETE FROM sla_facts WHERE event_id = (
    SELECT id FROM case_events
    WHERE case_id = NEW.case_id AND id < NEW.id
      AND action IN ('take_down', 'reject', 'undo', 'reopen', 'reappear', 'overturn')
    ORDER BY id DESC LIMIT 1);
END;
--> statement-breakpoint
-- Decisions made before this migration: measured once, here (about a minute per million; see docs/performance.md).
INSERT INTO sla_facts SELECT * FROM sla_fact_source;
