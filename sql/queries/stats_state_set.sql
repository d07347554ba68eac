UPDATE report_stats_state SET settled_before = %(s)s, refreshed_at = %(as_of)s;
