-- Before changing the default city: another `sigap city default` running at the same moment
-- waits here (else it met cities_one_default half-way and stopped with a traceback).
SELECT id FROM cities ORDER BY id FOR UPDATE;
