/* Each person's one role becomes their set of roles: a reporter stays a reporter, and so on;
   'none' (revoked or never granted) is the empty set. */
UPDATE `users` SET
  `is_reporter` = (`role` = 'reporter'),
  `is_moderator` = (`role` = 'moderator'),
  `is_admin` = (`role` = 'admin');
