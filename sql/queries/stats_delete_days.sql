DELETE FROM report_stats WHERE period = 'd' AND start = ANY(%(days)s::date[]);
