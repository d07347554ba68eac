-- The acting user for this transaction (read by the reporter-notification trigger, 0014).
SELECT set_config('sigap.actor_id', %(actor_id)s, true);
