-- The city of a report named by id alone (an old link, a client that names no city): one
-- indexed probe per shard on Citus. Requests that name their city, and jobs, skip it.
SELECT city_id FROM reports WHERE id = %(id)s;
