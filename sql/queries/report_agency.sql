-- Which agency and area a report belongs to (for scoping who may see its nearest responders or its
-- possible duplicates).
SELECT agency_id, city_id, kecamatan_id, kelurahan_id FROM reports WHERE id = %(id)s AND city_id = %(city_id)s;
