# Saluran — people and moderators' tools (English). HTML messages: every variable is escaped by the caller.

## People by name
person-unknown = user { $id } (name not known yet)
people-unknown-username = The bot has not seen @{ $username } yet. They need to write to the bot or in the moderator group first; or use their numeric id.
people-not-a-person = That is a bot's or an anonymous sender's message, not a person who can be given a role.
staff-config-admin = admin (ADMIN_IDS)
revoked-you-reporter = An admin revoked your reporter role: you are no longer registered as a reporter and cannot send new reports. Your earlier reports are kept.
revoked-you-moderator = An admin revoked your moderator role in Saluran.
revoked-you-admin = An admin revoked your admin role in Saluran.
revoked-you-reporter-admin = An admin revoked your reporter role. As an admin you can still send reports. Your earlier reports are kept.
revoked-you-keep = Roles you keep: { $roles }.
revoked-you-none-left = You now have no other role in Saluran.

## Taking over a claim
takeover-ask = Take { $tag } over from { $holder }? Choose Yes or Cancel on the card.
btn-takeover = Yes, take over from { $holder }
btn-takeover-cancel = « Cancel
taken-over = 🔁 { $from }: { $tag } was taken over by { $by }.

## Under the card
report-joined-group =
    ➕ Another report on { $tag } — reporter's unit: { $unit }
    { $description }
evidence-origin = ↪️ The next piece of evidence for { $tag } was forwarded from @{ $username } ({ $url }).

## To admins, privately
admin-card-link = <a href="{ $href }">Open its card</a>.
admin-escalated = ⚠️ { $tag } was escalated by { $by } and needs your attention: { $url }
admin-overdue = 🚨 { $tag } is overdue (deadline { $deadline }): { $url }. { $who }
admin-batch-overdue = 🚨 { $tag }: { $count } links are overdue (deadline { $deadline }).
admins-more = … and { $count } more admins

## Moderators
help-moderator =
    <b>In the moderator group</b>
    Every report becomes a card in the moderator group. Its buttons: <b>Ambil</b> (claim), <b>Turunkan</b> (take down), <b>Tolak</b> (reject, with a reason from the list; <i>lainnya</i> (other): reply to the bot with a typed reason), <b>Minta keterangan</b> (ask the reporter) and <b>Eskalasi</b> (to the admins, with a short reason as a reply). After Turunkan or Tolak, whoever decided can press <b>↩️ Urungkan</b> (undo) for a few seconds (shown on the button); the reporter is told only once that time has passed.
    A reporter's <b>objection</b> to a rejection comes back to the queue (⚖️, 24 h deadline): another moderator or an admin — not the one who rejected — presses <b>Pertahankan</b> (uphold) or <b>Batalkan keputusan</b> (overturn) and replies with a short note.
    /antrian — the queue of open cases by deadline, overdue first (a bulk report is one line); ◀ ▶ buttons and filters: mine, not claimed, overdue, category
    /kasus #K12 — a case's whole history
    /bukti #K12 — a case's evidence pack (zip: the case, its history, its evidence files and their hash chain)
    /help — this help
help-admin-private =
    <b>You are a Saluran admin.</b> Reports arrive as cards in the moderator group, where you decide them as moderators do; your admin commands are below.
help-moderator-private =
    <b>You are a Saluran moderator.</b> Reports arrive as cards in the moderator group, and you decide them there; you do not need to register as a reporter.
    /antrian, /kasus #K12 and /bukti #K12 work here too.
cmd-antrian = Open cases by deadline
cmd-kasus = A case's history (#K12)
cmd-bukti = A case's evidence pack (#K12)

## /antrian
queue-title = <b>Queue</b>: { $count } open cases
queue-summary = { $late } overdue · { $unclaimed } not claimed · { $mine } yours
queue-filtered = Filter: { $filter }
queue-filter-empty = No cases under this filter.
queue-empty = No open cases.
queue-line = { $tag } · { $target } · { $category } · { $time } · { $who }{ $card }
queue-batch-line = { $tag } · bulk report, { $count } open links ({ $late } overdue, { $unclaimed } not claimed) · { $category } · { $time }{ $card }
queue-left = { $duration } left
queue-late = ⏰ { $duration } overdue
queue-overdue = {" "}⏰ OVERDUE
queue-nobody = not claimed
queue-card = {" "}· <a href="{ $href }">card</a>
queue-page = Page { $page }/{ $pages }
queue-filter-all = All
queue-filter-mine = Mine
queue-filter-free = Not claimed
queue-filter-late = Overdue
queue-not-queue = This button does not belong to a queue message.

## /bukti
bukti-usage = Usage: <code>/bukti #K12</code>
bukti-caption = Evidence pack of { $tag }: { $items } evidence entries, { $files } files{ $skipped ->
    [0] {""}
   *[other] , { $skipped } files too big for one Telegram document (their hashes are listed)
}.

## /kasus
kasus-usage = Usage: <code>/kasus #K12</code>, <code>/kasus https://t.me/channel/123</code> or <code>/kasus @channel</code>
kasus-none-for-link = No case for { $url }.
kasus-list-title = Cases for { $url } (newest first, at most 30):
kasus-list-line = { $tag } · { $status } · { $url }
kasus-title = <b>History of { $tag }</b> · { $status }
kasus-target = 🔗 { $url } · { $category } · { $urgency }
kasus-deadline = Deadline: { $deadline }{ $overdue }
kasus-holder = Claimed by: { $who }
kasus-reports = <b>Reports ({ $count }):</b>
kasus-report = • { $at } — { $unit }: { $description }
kasus-reporter = reporter ({ $unit })
kasus-events = <b>Events ({ $count }):</b>
kasus-event = • { $at } — { $what } — { $who }{ $reason }
kasus-more = … and { $count } more
kasus-system = system
kasus-previous = Previous case: { $tag }
kasus-action = { $action ->
    [create] opened
    [report_joined] another report
    [claim] claimed
    [take_down] taken down
    [reject] rejected
    [ask_info] asked for details
    [info_answered] reporter answered
    [escalate] escalated
    [reopen] reopened
    [reappear] content back online, reopened
    [undo] decision undone
    [overdue] overdue
   *[other] { $action }
}
