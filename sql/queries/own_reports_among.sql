-- Which of these reports of one city the caller filed: "nearby" marks them, so the form says
-- "you reported this already" instead of offering to support one's own report (which is refused).
SELECT id FROM reports WHERE city_id = %(city_id)s AND id = ANY(%(ids)s) AND reporter_id = %(user_id)s;
