-- A rejected report's words and photos withheld from the public (0056), and those of the reports
-- merged into it ("duplicate of #n": their words told the same story; their photos moved to it).
UPDATE reports SET withheld_at = now()
WHERE city_id = %(city_id)s AND ((id = %(id)s AND status = 'rejected') OR duplicate_of = %(id)s);
