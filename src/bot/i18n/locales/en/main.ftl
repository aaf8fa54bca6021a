# Saluran — English.

## General
not-registered = Sorry, this bot is only for verified staff. If you are staff, ask an admin for an invitation link.
not-reporter = Sorry, you are not (or no longer) registered as a reporter. The report was not sent.
not-authorized = You are not authorised to do this.
button-expired = This button is no longer valid.
cancelled = Cancelled. Nothing was stored.
nothing-to-cancel = Nothing is in progress.
case-not-found = Case not found.
language-choose = Pilih bahasa / Choose a language:
language-set = Language: English.

help-reporter =
    <b>How to report</b>
    • Forward a post from a public channel, or
    • send one or more links (t.me/name/123, @name), or
    • /lapor and then send the link.
    Public content only. Private invite links, private posts (t.me/c/…) and messages from personal accounts are refused.
    Violence or injuries? Press <b>Mark as graphic content</b> on the summary: the moderators' card says so (photos, videos and GIFs always arrive under a spoiler).
    /laporanku — your reports with their case ids and status.
    /keberatan #K12 &lt;reason&gt; — object to a rejection (within 14 days; or the <b>Object</b> button under the rejection notice). Another moderator decides it within 24 hours.
help-admin =
    <b>Admin</b>
    /invite [unit] — create a reporter invitation link
    /staff — staff and roles
    /bukakembali #K12 &lt;reason&gt; — reopen a decided case (its reporters are told the reason)
    /revoke &lt;id|@username&gt; [reporter|moderator|admin] — remove one role; without it you pick from their roles (or reply to the person's message in the group)
    /grant &lt;id|@username&gt; moderator|admin — add a role; their other roles stay (or reply to the person's message in the group)
    /stats [7d|30d|all|YYYY-MM-DD..YYYY-MM-DD] — statistics: deadlines, p50/p90/p95, moderators' workload
    /export [range] [csv|xlsx|json] — export cases (xlsx is for Excel)
help-common = /cancel — cancel · /language — change language

## Commands (menu)
cmd-lapor = Report public content
cmd-bukakembali = Reopen a decided case
cmd-batal = Cancel what is in progress
cmd-bahasa = Change language / bahasa
cmd-help = Help
cmd-invite = Create a reporter invitation link
cmd-staff = Staff and roles
cmd-revoke = Remove one of someone's roles
cmd-grant = Add the moderator/admin role
cmd-stats = Statistics and chart
cmd-export = Export cases (CSV/Excel/JSON)

## Onboarding
invite-created =
    Invitation link (single use, valid until { $expires }):
    { $link }
    Unit: { $unit }
invite-unit-too-long = The unit name is too long (max. { $max } characters).
invite-unknown = Unknown invitation code. Check the link or ask an admin for a new one.
invite-used = This invitation code has already been used. Ask an admin for a new link.
invite-expired = This invitation code has expired. Ask an admin for a new link.
onboarding-already = You are already a reporter. Send a link or forward a post to report.
onboarding-ask-name = Welcome to <b>Saluran</b>. What is your full name?
onboarding-ask-unit = Which unit do you work in? (e.g. Directorate of Control)
onboarding-invalid = Please send text between { $min } and { $max } characters.
onboarding-withdrawn = Your invitation was withdrawn by an admin, so onboarding has stopped. Ask an admin if you think this is a mistake.
onboarding-roles = Your roles now: { $roles }.
onboarding-done =
    Thank you, <b>{ $name }</b> ({ $unit }). You are now an active reporter.
    Forward a post from a public channel or send its link to report.

## Roles
role-reporter = reporter
role-moderator = moderator
role-admin = admin
role-none = no role
staff-title = <b>Staff</b>
staff-roles-title = <b>Granted roles</b>
staff-line = • { $who } — { $unit } — { $role } · <code>{ $id }</code>
staff-group-title = <b>Moderators by membership of the group “{ $group }”</b> (<code>{ $id }</code>)
staff-group-line = • { $who } — { $what } · <code>{ $id }</code>
staff-group-admin = group administrator
staff-group-member = group member
staff-group-none = • (no member seen by the bot yet)
staff-group-admins-unavailable = • (the group's administrators could not be fetched from Telegram: { $error })
revoke-usage = Usage: <code>/revoke &lt;id|@username&gt; reporter|moderator|admin</code>, or in the moderator group reply to the person's message with <code>/revoke moderator</code>
revoke-which = Which role should { $who } lose? Their roles: { $roles }.
revoke-not-held = { $who } does not have the { $role } role. Their roles: { $roles }.
revoke-config-admin = Admins listed in ADMIN_IDS can only be removed in the configuration.
revoke-unknown = { $who } has no role.
revoke-onboarding = The onboarding in progress of { $who } was cancelled: they will not become a reporter.
revoke-done = The { $role } role of { $who } was removed. Their past cases stay.
revoke-kept = Roles they keep: { $roles }.
revoke-cancelled = No role was removed.
revoke-not-yours = This button is only for the admin who typed this /revoke.
btn-revoke-role = Remove { $role }
btn-revoke-cancel = « Cancel
grant-usage = Usage: <code>/grant &lt;id|@username&gt; moderator|admin</code>, or in the moderator group reply to the person's message with <code>/grant moderator</code>. Reporters join through /invite.
grant-done = { $who } is now { $role }. Their roles: { $roles }.
grant-already = { $who } is already { $role }. Their roles: { $roles }.

## Categories and urgency
category-terrorism = Terrorism / radicalism
category-csam = Child sexual abuse material
category-public_order = Public unrest / disturbing public order
category-pornography = Pornography
category-gambling = Gambling
category-fraud = Fraud / illegal investment
category-hate_speech = Hate speech (SARA)
category-hoax = Hoax / disinformation
category-other = Other
urgency-urgent = Urgent
urgency-normal = Normal
status-open = open
status-claimed = being handled
status-needs_info = waiting for details
status-taken_down = taken down
status-rejected = rejected
status-objected = objection, waiting for a decision

## Refusals (public-only policy)
refused-title = Cannot be reported:
refused-policy = Saluran handles <b>public</b> content only. Private communication is out of scope by policy, and nothing was stored.
refused-resend = This message was not processed at all. Send it again without the private links.
refused-private_invite = private invitation link
refused-private_post = post from a private chat (t.me/c/…)
refused-service_path = a Telegram service link, not content
refused-not_telegram = not a Telegram link
refused-malformed_username = invalid username
refused-malformed_link = invalid link
refused-forward_from_user = This message was forwarded from a private user.
refused-forward_hidden = This message was forwarded from a user who hides their account.
refused-forward_no_username = This message comes from a channel or group without a public username.
refused-disguised_link = disguised link (as displayed, it is a Telegram link that cannot be checked)
refused-private_person = a link to a person (phone number, contact or private account)
refused-more = … and { $count } more
refused-kind = Saluran does not take { $kind ->
    [contact] contacts
    [location] locations
    [venue] venues
    [poll] polls
    [dice] dice
    [story] stories
    [sticker] stickers
    [voice] voice messages
    [audio] audio
    [video_note] video notes
    *[other] this kind of message
}. Send public links, text, photos, files, videos, GIFs or a forwarded public channel post. Nothing was stored.
refused-in-text = This text contains links that cannot be accepted:
refused-in-text-resend = Only public Telegram links (channels, posts, usernames) may appear here. Send it again without them; nothing was stored.
report-description-links = The description may contain public Telegram links only.
edit-not-applied = Edits are not applied: Saluran uses a message as it was checked when sent. Send a new message if needed.

## Report conversation
report-ask-link = Send the link of the public content to report (e.g. <code>https://t.me/name/123</code>), or forward the post.
report-too-many-links = The message has { $count } links; at most { $max } per report. Split it into several reports.
report-targets =
    Report targets ({ $count }):
    { $list }
report-ask-category = Choose a category:
report-ask-category-again = Please choose a category with the buttons above, or /cancel.
report-chosen-category = Category: <b>{ $category }</b>
report-ask-urgency = Proposed urgency: <b>{ $proposed }</b>. You may raise it.
report-ask-urgency-again = Please choose the urgency with the buttons above, or /cancel.
report-proposed = (proposed)
report-chosen-urgency = Urgency: <b>{ $urgency }</b>
report-urgent-by-category = Urgency: <b>{ $urgency }</b> (from the category).
report-ask-description = Describe the violation in your own words ({ $min }–{ $max } characters).
report-description-not-text = Please send the description as text.
report-description-short = The description is too short ({ $len } characters); at least { $min }.
report-description-long = The description is too long ({ $len } characters); at most { $max }.
report-description-forward = Please write the description in your own words, not as a forwarded message.
report-description-command = That is a command, not a description. Write the description, or /cancel to leave this report.
report-ask-evidence = Send evidence (screenshots, files, or forward public posts), at most { $max }. Press Done when finished, or Skip.
report-evidence-added = Evidence received ({ $count }/{ $max }). Send more or press Done.
report-evidence-unsupported = Evidence must be a photo, file, video, GIF or a forwarded public post.
report-evidence-withheld = This post contains a private link, so it cannot be attached as evidence. Report the post itself by forwarding it outside this form, or send its public link.
report-post-private-left-out = The private link inside this post was left out; only the public post is reported.
report-old-button = This button is not for this step.
report-summary-title = <b>Report summary</b>
report-summary-targets =
    Targets:
    { $list }
report-summary-category = Category: { $category }
report-summary-urgency = Urgency: { $urgency }
report-summary-description = Description: { $description }
report-summary-evidence = Evidence: { $count }
report-summary-graphic-yes = Graphic content: <b>yes</b> — the moderators' card says so
report-summary-graphic-no = Graphic content: no (mark it with the button below for violence, injuries or the like)
report-ask-summary-again = Choose <b>Send</b>, <b>Edit</b> or <b>Cancel</b> with the buttons above.
report-cancelled = Report cancelled. Nothing was stored.
report-too-many-edits = Too many edits. Start a new report if needed.
btn-send = ✅ Send
btn-edit = ✏️ Edit
btn-cancel = ✖️ Cancel
btn-graphic-off = ⬜ Mark as graphic content
btn-graphic-on = ☑️ Graphic content (tap to unmark)
btn-evidence-skip = Skip
btn-evidence-done = Done
submit-received = <b>Report received.</b>
submit-new = { $tag } — { $url } — new case
submit-joined = { $tag } — { $url } — joined the existing case (status: { $status })
submit-previous = (linked to earlier case { $tag })

## Notifications to the reporter (HTML)
notify-claimed = { $tag } is being handled by a moderator. { $url }
notify-taken_down = ✅ { $tag }: the content was <b>taken down</b>. { $url }
notify-rejected = { $tag }: the report was <b>rejected</b> — { $reason }. { $url }
notify-reopened =
    { $tag } was reopened by an admin: { $reason }
    { $url }
info-question =
    ❓ A moderator asks for more details on { $tag } ({ $url }):
    { $question }

    <b>Reply to this message</b> with your answer.
info-answer-sent = Your answer on { $tag } was passed to the moderators.
info-answer-too-late = The question on { $tag } is no longer waiting for an answer.
info-answer-unsupported = The answer must be text, a photo or a file.

## Moderator group (HTML)
card-title = { $icon } <b>{ $tag }</b> · { $urgency }
card-category = Category: { $category }
card-graphic = ⚠️ <b>graphic content</b> — photos, videos and GIFs are covered by a spoiler, tap to view (files, including pictures sent as files, cannot be covered)
card-image-files = 🖼 { $count ->
    [one] 1 picture sent as a file: shown without a spoiler cover
   *[other] { $count } pictures sent as files: shown without a spoiler cover
}
card-deadline = Deadline: { $deadline }
card-overdue = ⏰ <b>OVERDUE</b>
card-unit = Reporter's unit: { $unit }
card-count = Reports: { $count }
card-previous = Earlier case: { $tag }
card-description = <b>Description:</b>
card-status-open = Status: <b>open</b>, not claimed
card-status-claimed = Status: <b>claimed</b> by { $who }
card-status-needs_info = Status: <b>waiting for details</b> from the reporter
card-claimed-by = claimed by { $who }
card-status-taken_down = Status: ✅ <b>taken down</b> by { $who } in { $took } ({ $met })
card-status-rejected = Status: ✖️ <b>rejected</b>{ $reason } by { $who } in { $took } ({ $met })
card-status-objected = Status: ⚖️ reporter's <b>objection</b>, waiting for another moderator's decision (not { $who })
card-objection-decision = Decision objected to: ✖️ rejected{ $reason } by { $who } on { $at }
card-objection-text = <b>Reporter's objection:</b> { $text }
card-met-deadline = within deadline
card-missed-deadline = past the deadline
card-escalated = ⚠️ Escalated to admins
btn-claim = Claim
btn-down = Take down
btn-reject = Reject
btn-info = Ask for details
btn-esc = Escalate
btn-reopen = Reopen
btn-uphold = Uphold
btn-overturn = Overturn decision
btn-undo = ↩️ Undo ({ $seconds } s)
btn-back = « Back
reject-pick-reason = Choose the reason for rejecting.
reject-reason-not_violating = not a violation
reject-reason-link_invalid = link invalid / cannot be opened
reject-reason-already_removed = content no longer available
reject-reason-evidence_mismatch = evidence does not match
reject-reason-private_out_of_scope = private communication — out of scope
reject-reason-duplicate = duplicate
reject-reason-insufficient_info = not enough information
reject-reason-other = other
escalate-prompt = { $who }, <b>reply to this message</b> with a short reason for escalating { $tag } (for the admins).
escalated-reason = Reason: { $reason }
reason-private = This reason cannot be used: it points at private communication. Write it without private links; nothing has changed.
reject-other-prompt = { $who }, <b>reply to this message</b> with the reason for rejecting { $tag } (at most 500 characters). The reporter is sent this reason.
reject-other-private = This reason cannot be used: it points at private communication. Write it without private links; the report is not rejected yet.
done-claim = { $tag } is now yours.
done-take_down = { $tag }: taken down.
done-reject = { $tag }: rejected.
done-escalate = { $tag }: escalated to admins.
decision-already-made = { $tag } was already { $status } by { $by }.
decision-error-not_found = Case { $tag } not found.
decision-error-not_allowed_from_state = This action does not apply to { $tag } in its current state.
decision-error-not_permitted = You may not do this on { $tag }.
decision-error-already_claimed_by_you = { $tag } is already yours.
decision-error-already_escalated = { $tag } was already escalated.
decision-error-conflict = { $tag } was just changed by someone else. Try again.
decision-error-target_has_open_case = { $tag } cannot be reopened: the same target is already handled in the open case { $open }.
decision-error-other_group = { $tag } belongs to another group and is decided on its own card; nothing was changed.
undo-done = { $tag }: decision undone. The case is yours again; the reporter was not told.
undo-error-not_decider = Only { $by }, who decided { $tag }, can undo it. Nothing was changed.
undo-error-expired = The time to undo the decision on { $tag } has passed; the decision stands. An admin can reopen it with /bukakembali.
undo-error-undone = The decision on { $tag } was already undone.
undo-error-none = There is no decision on { $tag } to undo.
escalated = ⚠️ { $tag } escalated by { $by }. Admins, please look: { $admins }
info-prompt = { $who }, <b>reply to this message</b> with your question for the reporter of { $tag }.
reopen-prompt = { $who }, <b>reply to this message</b> with the reason to reopen { $tag }.
reopen-admin-only = Only admins can reopen a decided case.
prompt-text-required = Please reply with text (max. { $max } characters).
info-question-sent = The question on { $tag } was sent to the reporter.
reopen-done = { $tag } reopened.
reopen-usage = Usage: <code>/bukakembali #K12 reason</code> (a reason of at most { $max } characters)
info-answer-group =
    💬 The reporter's answer on { $tag }:
    { $answer }
info-answer-group-media = 💬 The reporter's answer on { $tag } (attachment below).

## Deadlines (HTML, moderator group)
deadline-reminder = ⏰ Reminder { $tag }: deadline { $deadline } ({ $left } left). { $who }
deadline-claimed-by = Claimed by { $who }.
deadline-nobody = Nobody has claimed this case yet.
deadline-overdue = 🚨 { $tag } is <b>overdue</b> (deadline { $deadline }). { $who } Admins, please look: { $admins }

## Daily transparency post (public channel, HTML; counts only)
transparency-post = 📢 <b>Saluran — transparency { $day }</b>
    Public channels/groups taken down: <b>{ $channels }</b>
    Public posts taken down: <b>{ $posts }</b>
    Only public content is handled. Private communication is never opened.
transparency-ledger =
    Taken down since the start of the month: channels/groups <b>{ $monthChannels }</b>, posts <b>{ $monthPosts }</b>
    Median time to decision: { $median ->
        [none] –
       *[other] { $median } min
    }
    <code>ledger: { $ledger }</code>
transparency-verified = Verified gone since the start of the month: <b>{ $pct }%</b> ({ $gone } of { $verified } taken down)

# Batches (bulk intake)
batch-card-title = { $icon } <b>{ $tag }</b> · { $count } links · { $urgency }
batch-card-all-decided = Every link has been decided.
batch-card-counts = Status: { $counts }
batch-card-decided-taken_down = ✅ { $who }: { $count } taken down
batch-card-decided-rejected = ✖️ { $who }: { $count } rejected
batch-card-page = Page { $page }/{ $pages }:
batch-item-joined = (joined an open case)
batch-item-other-group = joined { $tag } (another group)
batch-card-other-group = 🔗 { $count } links joined cases of another group: shown only, decided in that group.
batch-progress-title = 📦 <b>{ $tag }</b>: { $count } links received and passed to the moderators.
batch-progress-parts = Split into { $count } cards, one per moderator group: { $list }.
batch-progress-part = { $tag } ({ $count } links)
batch-finished = ✅ <b>{ $tag }</b> done: { $taken } taken down, { $rejected } rejected.
