-- A deleted account's reports stay the city's records, no longer anyone's (every city's: one
-- account reports anywhere; on Citus this one statement goes to every shard, and it is rare).
UPDATE reports SET reporter_id = NULL WHERE reporter_id = %(id)s;
