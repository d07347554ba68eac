-- One category as it is now (a cached copy may predate a reference reload).
SELECT c.confidential, c.agency_id FROM categories c WHERE c.id = %(id)s AND c.city_id = %(city_id)s;
