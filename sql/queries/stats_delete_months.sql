DELETE FROM report_stats WHERE period = 'm' AND start = ANY(%(months)s::date[]);
