# Saluran — /export columns (CSV and xlsx, for people; JSON Lines keeps the codes).
# The code columns (category_code, urgency_code, status_code, reject_reason_code, verification_state_code) are never translated.

export-col-case_id = Case
export-col-created_at = Received
export-col-target_url = Link
export-col-username = Channel username
export-col-post_id = Post number
export-col-category = Category
export-col-urgency = Urgency
export-col-description = Description
export-col-reporter_unit = Reporting unit
export-col-report_count = Reports
export-col-previous_case_id = Previous case
export-col-deadline_at = Deadline
export-col-claimed_by = Claimed by (ID)
export-col-claimed_by_name = Claimed by
export-col-claimed_at = Claimed at
export-col-escalations = Escalations
export-col-reopen_count = Reopened
export-col-last_reopen_reason = Last reason for reopening
export-col-status = Status
export-col-reject_reason = Reason for rejection
export-col-decided_at = Decided
export-col-decided_by = Decided by (ID)
export-col-decided_by_name = Decided by
export-col-minutes_to_decision = Minutes to decision
export-col-met_deadline = Met deadline
export-col-verification_state = Removal verification
export-col-verification_checks = Checks
export-col-verified_gone_at = Verified gone at
export-col-last_checked_at = Last checked
export-verify-pending = not checked yet
export-verify-online = still accessible
export-verify-suspect = possibly gone
export-verify-verified_gone = verified gone
export-value-yes = yes
export-value-no = no
