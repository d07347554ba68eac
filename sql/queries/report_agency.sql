-- Which agency a report belongs to (for scoping who may see its nearest responders or its possible duplicates).
SELECT agency_id, city_id FROM reports WHERE id = %(id)s AND city_id = %(city_id)s;
