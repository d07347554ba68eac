-- A city's kelurahan by code: a boundary file loaded again must still hold every one of them.
SELECT code, name FROM kelurahan WHERE city_id = %(city_id)s ORDER BY code;
