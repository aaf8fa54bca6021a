# Saluran — reporters: the report form (Edit one part, links in the description, evidence),
# /laporanku, answers to Ask for info, durations. HTML messages: every variable is escaped by the caller.

## Category buttons: short, to fit a phone (the full name is in the summary and the card)
category-short-terrorism = Terrorism
category-short-csam = Child abuse
category-short-public_order = Public order
category-short-pornography = Pornography
category-short-gambling = Gambling
category-short-fraud = Fraud
category-short-hate_speech = Hate speech
category-short-hoax = Hoax
category-short-other = Other

## A link sent as the description (HTML)
report-link-in-description = { $count ->
    [1] This message has a link that is not in the report yet:
   *[other] This message has { $count } links that are not in the report yet:
}
    { $list }
    Add it as a target of this report?
report-link-in-description-again = Please choose with the buttons above: add it as a target, or use that message as the description.
btn-target-add = ➕ Add as a target
btn-target-no = No, it is the description
report-targets-added = Added as a target:
    { $list }
report-ask-description-again = Now describe the violation in your own words ({ $min }–{ $max } characters).

## Evidence, counted the same way everywhere (the forwarded post is the first piece)
report-ask-evidence-more = Evidence so far: { $count }/{ $max } (the post you forwarded counts). Send more evidence (screenshots, files, or forward public posts), then press Done.
report-edit-evidence = Evidence so far: { $count }/{ $max }. Send more, press Remove all to empty the list, then Done.
report-evidence-cleared = All evidence removed (0/{ $max }). Send new evidence or press Done.
report-evidence-full = { $max } pieces of evidence, the maximum. Press Done.
btn-evidence-clear = Remove all

## Edit: change one part of the report, keep the rest
report-edit-which = Which part do you want to change? The rest stays as it is.
report-edit-which-again = Please choose the part to change with the buttons above, or /cancel.
btn-field-targets = Link
btn-field-category = Category
btn-field-urgency = Urgency
btn-field-description = Description
btn-field-evidence = Evidence
btn-field-back = « Back to the summary
report-edit-targets = Send the new public link(s) (at most { $max }), or forward the post from its public channel. They replace the report's links; everything else stays.
report-edit-targets-none = This message holds no public Telegram link (e.g. <code>https://t.me/name/123</code>).
report-edit-targets-too-many = At most { $max } links in one report. For more, send a bulk report (a .txt or .csv file).
report-edit-targets-kept = The report's links were not changed. Send another link, or press « Back to the summary.
report-edit-targets-gave-up = The report's links were not changed. Here is the summary again.

## /laporanku (HTML)
cmd-laporanku = My reports and their status
cmd-keberatan = Object to a rejection (#K12 reason)
my-reports-none = You have not sent a report yet. Forward a post from a public channel or send its link to report.
my-reports-title = <b>Your reports</b> ({ $count } cases, newest first):
my-reports-line = • { $tag } — { $status } — { $url } — { $when }
my-reports-more = … and { $count } older cases

## Answers to a moderator's question sent without Reply
info-answer-which = Several moderator questions wait for your answer ({ $tags }). Please reply to the question you are answering.

## Durations, as people say them (cards, reminders, /stats)
duration-days = { $days } { $days ->
    [1] day
   *[other] days
}{ $hours ->
    [0] {""}
    [1] {" "}1 hour
   *[other] {" "}{ $hours } hours
}
duration-hours = { $hours } { $hours ->
    [1] hour
   *[other] hours
}{ $minutes ->
    [0] {""}
    [1] {" "}1 minute
   *[other] {" "}{ $minutes } minutes
}
duration-minutes = { $minutes } { $minutes ->
    [1] minute
   *[other] minutes
}
duration-under-minute = less than a minute

## Refusals that are not about private content (HTML)
refused-public-links-only = Saluran takes public Telegram links only: channels, posts or usernames (e.g. <code>https://t.me/name/123</code>). Nothing was stored.

## /stats and /export: a word that is neither a range nor a format (HTML)
oversight-range-error-unknown_format = <code>{ $word }</code> is neither a date range nor a known export format. Formats: { $formats }.
