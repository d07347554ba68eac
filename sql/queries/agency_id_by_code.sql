-- The id of an agency (OPD) by its code; no row when the code is unknown.
SELECT id FROM agencies WHERE code = %(code)s
