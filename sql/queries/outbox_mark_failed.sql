-- Claimed rows that Redis refused: they stay pending for the next pass, with the reason.
UPDATE job_outbox SET attempts = attempts + 1, last_error = %(error)s WHERE id = ANY(%(ids)s);
