SELECT id, code, name_id, name_en FROM agencies ORDER BY id;
