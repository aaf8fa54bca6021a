## Removal verification after Turunkan (card, /kasus, /laporanku, batch card, notices)
verify-gone = ✅ verified gone { $at }
verify-online = ⚠️ still accessible, { $checks } checks
verify-ended = (checks stopped)
verify-suspect = 🔎 not found { $misses } of { $needed } times, { $checks } checks
verify-pending = 🔎 first check { $at }
verify-unknown = 🔎 could not be checked yet (network trouble), trying again
verify-reappeared = 🔁 content back online { $at }
verify-card-line = Verification: { $phrase }
verify-still-online-group =
    ⚠️ { $tag }: Take-down recorded, but the content is still accessible ({ $checks } checks).
    { $url }
    Admins, please look: { $admins }
verify-still-online-private =
    ⚠️ { $tag }: Take-down recorded, but the content is still accessible ({ $checks } checks).
    { $url }
verify-reappeared-group =
    🔁 { $tag }: content came back after it was verified gone; the case is reopened.
    { $url }
    Admins, please look: { $admins }
verify-reappeared-private =
    🔁 { $tag }: content that was taken down is back online; the case is reopened.
    { $url }
stats-verified = Verified gone: <b>{ $pct }</b> ({ $gone } of { $verified } taken down), median { $median } after the decision
stats-verified-online = Still accessible at the deadline: { $stillOnline } · came back: { $reappeared }
