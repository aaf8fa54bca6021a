ALTER TABLE `users` ADD `onboarding_invitation_id` integer;--> statement-breakpoint
/* Onboardings already under way when this runs become pending, so they can still finish. "Under way"
   is the rule redeemInvitation used before: a redeemed invitation whose person has no row, or a row
   with no role, no name and no revoke. Finishing needs a row, so such people get a bare one. */
INSERT INTO `users` (`id`, `role`, `created_at`, `updated_at`)
SELECT `used_by`, 'none', max(`used_at`), max(`used_at`) FROM `invitations` WHERE `used_by` IS NOT NULL GROUP BY `used_by`
ON CONFLICT (`id`) DO NOTHING;--> statement-breakpoint
UPDATE `users` SET `onboarding_invitation_id` = (SELECT max(i.`id`) FROM `invitations` i WHERE i.`used_by` = `users`.`id`)
WHERE `role` = 'none' AND `revoked_at` IS NULL AND `name` IS NULL
  AND EXISTS (SELECT 1 FROM `invitations` i WHERE i.`used_by` = `users`.`id`);
