-- Dispatch takes the officer's row before offering them a report: two workers dispatching two
-- reports at once both saw the same officer free and offered them both (one offer at a time, a
-- walk). The second waits here until the first commits; officer_free_for then sees its offer.
-- Taken after the report's lock, as lifecycle and recategorize take them; disabling an account takes
-- the officer's own work first, then the officer (and withdraws an offer made meanwhile). Let go at
-- once when they are not free (a savepoint, geo/dispatch._claim).
SELECT status FROM responders
WHERE user_id = %(user_id)s AND city_id = %(city_id)s
FOR UPDATE;
