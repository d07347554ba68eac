-- A switched-off field officer goes off shift in every city they work for (no new offers; the
-- dispatcher skips disabled accounts anyway). Last of the switch-off: their officer row after their
-- offers and tasks, as an accept and an operator's change take them.
UPDATE responders SET status = 'off', busy_by_choice = false WHERE user_id = %(id)s;
