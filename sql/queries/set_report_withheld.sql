-- A report's words and photos withheld from the public, or shown again (0056), by a dispatcher
-- at any time: a genuine problem told with a neighbour's name and phone number had to stay public
-- or be rejected. The reports merged into it follow (their words told the same story; their
-- photos are its photos now). A withholding keeps its first time.
UPDATE reports SET withheld_at = CASE WHEN %(withheld)s THEN coalesce(withheld_at, now()) END, updated_at = now()
WHERE city_id = %(city_id)s AND (id = %(id)s OR duplicate_of = %(id)s)
RETURNING id;
