CREATE TABLE `group_members` (
	`chat_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `user_id`)
);
--> statement-breakpoint
ALTER TABLE `users` ADD `is_reporter` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `is_moderator` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `is_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
/* Each person's one role becomes their set of roles: a reporter stays a reporter, and so on;
   'none' (revoked or never granted) is the empty set. Written by hand between the generated
   steps: the old column is dropped only in 0011, after this has read it. */
UPDATE `users` SET
  `is_reporter` = (`role` = 'reporter'),
  `is_moderator` = (`role` = 'moderator'),
  `is_admin` = (`role` = 'admin');
