-- A photo under a new key (its files were linked there first): links to the old key stop working.
UPDATE photos SET media_key = %(key)s WHERE id = %(id)s AND city_id = %(city_id)s;
