ANALYZE report_stats;
