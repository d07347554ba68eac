-- A category held while its confidentiality is checked and written: a report being filed under it
-- holds it FOR SHARE (insert_report.sql), so the check that follows, in a statement of its own
-- (a fresh snapshot), sees every report filed before the change, and none is filed during it.
SELECT c.id FROM categories c WHERE c.city_id = %(city_id)s AND c.code = %(code)s FOR UPDATE;
