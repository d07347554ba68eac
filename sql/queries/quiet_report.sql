-- For the rest of the transaction the reporter's status notice of this report is left out
-- (0055): geo/recategorize.py tells them in words of its own. '' speaks again.
SELECT set_config('sigap.quiet_report', %(report_id)s::text, true);
