ALTER TABLE `cases` ADD `reject_note` text;--> statement-breakpoint
CREATE INDEX `cases_reject_reason_idx` ON `cases` (`status`,`reject_reason`,`decided_at`);--> statement-breakpoint
ALTER TABLE `prompts` ADD `batch_id` integer;--> statement-breakpoint
ALTER TABLE `prompts` ADD `all_open` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Tolak's closed list of reasons (issue 19): the earlier codes become today's; anything else a
-- rejection carried (free text of old) becomes `other` with that text as its note.
UPDATE `cases` SET `reject_note` = `reject_reason`
  WHERE `reject_reason` IS NOT NULL
    AND `reject_reason` NOT IN ('not_violation', 'not_public', 'dead_link', 'duplicate', 'not_violating', 'link_invalid',
      'already_removed', 'evidence_mismatch', 'private_out_of_scope', 'insufficient_info', 'other');
--> statement-breakpoint
UPDATE `cases` SET `reject_reason` = CASE `reject_reason`
    WHEN 'not_violation' THEN 'not_violating'
    WHEN 'not_public' THEN 'private_out_of_scope'
    WHEN 'dead_link' THEN 'link_invalid'
    ELSE 'other' END
  WHERE `reject_reason` IS NOT NULL
    AND `reject_reason` NOT IN ('duplicate', 'not_violating', 'link_invalid', 'already_removed', 'evidence_mismatch',
      'private_out_of_scope', 'insufficient_info', 'other');
--> statement-breakpoint
-- Unconfirmed Tolak semua questions expire within minutes; those asked with an old code are dropped (asked again).
DELETE FROM `bulk_intents` WHERE `reason` IS NOT NULL
  AND `reason` NOT IN ('duplicate', 'not_violating', 'link_invalid', 'already_removed', 'evidence_mismatch',
    'private_out_of_scope', 'insufficient_info', 'other');
