-- The time zones of the given cities (of every city when none are given).
SELECT DISTINCT time_zone FROM cities WHERE %(ids)s::int[] IS NULL OR id = ANY(%(ids)s);
