-- Where a stored photo's files live (media/<key>/...).
SELECT media_key FROM photos WHERE id = %(id)s AND city_id = %(city_id)s;
