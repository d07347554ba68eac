-- The public copy (people blurred, no EXIF) exists: the photo may be shown.
UPDATE photos SET published_at = now(), blurred_regions = %(blurred)s WHERE id = %(id)s AND city_id = %(city_id)s;
