# The batch card's moderator side (moderator group): buttons, answers to presses, deadline notices.

## Buttons (Telegram shows button text as plain text)
batch-btn-down = { $tag } Take down
batch-btn-reject = Reject
batch-btn-card = Card
batch-btn-card-only = { $tag } Card
batch-btn-prev = ◀
batch-btn-next = ▶
batch-btn-all-claim = Claim all
batch-btn-all-down = Take all down
batch-btn-all-reject = Reject all
batch-yes-claim = Yes, claim { $count }
batch-yes-down = Yes, take down { $count }
batch-yes-reject = Yes, reject { $count }
batch-btn-no = Cancel

## Answers to the presser (plain text, at most 200 characters)
batch-not-found = Bulk report not found.
batch-stale = This button is not on the current card of { $tag }; nothing was changed.
batch-not-item = { $case } is not a link of { $tag }.
batch-pick-reason = Choose the reason for rejecting.
batch-confirm-claim = Claim all { $count } open, unclaimed links of { $tag }? Press Yes or Cancel.
batch-confirm-down = Take down all { $count } open links of { $tag }? Press Yes or Cancel.
batch-confirm-reject = Reject all { $count } open links of { $tag } ({ $reason })? Press Yes or Cancel.
batch-nothing-open = { $tag } has no open links.
batch-done-claim = { $skipped ->
    [0] { $tag }: { $changed } claimed.
   *[other] { $tag }: { $changed } claimed; { $skipped } skipped as already claimed or decided.
}
batch-done-down = { $skipped ->
    [0] { $tag }: { $changed } taken down.
   *[other] { $tag }: { $changed } taken down; { $skipped } skipped as already decided.
}
batch-done-reject = { $skipped ->
    [0] { $tag }: { $changed } rejected.
   *[other] { $tag }: { $changed } rejected; { $skipped } skipped as already decided.
}
batch-no-intent = No confirmation of yours is waiting for this action on { $tag } (or it is over 2 minutes old); nothing was changed. Press the bulk button again.
batch-press-other-group = { $case } belongs to another group and is decided on its own card, not from this one; nothing was changed.
batch-card-requested = Card of { $case } sent to the group.
batch-card-exists = { $case } already has a card in the group.

## Deadlines of a batch's card-less items: one notice per batch, under the batch card (HTML)
batch-reminder = ⏰ Reminder { $tag }: { $count } links undecided, deadline { $deadline } ({ $left } left). { $who }
    { $cases }
batch-overdue = 🚨 { $tag }: { $count } links are <b>overdue</b> (deadline { $deadline }). { $who } Admins, please look: { $admins }
    { $cases }
batch-claimed-by = Claimed by { $who }.
batch-more-cases = … and { $count } more
