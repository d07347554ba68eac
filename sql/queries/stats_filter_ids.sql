-- What a statistics filter names, as the list's filters do: the public kelurahan of a kelurahan
-- or kecamatan (by name in any case, or id), an agency (by code) and categories (codes, comma-separated,
-- as the list takes them). NULL where there is no filter; an empty array or -1 where the name
-- matches nothing (nothing is counted).
SELECT CASE WHEN %(kelurahan)s::text IS NOT NULL OR %(kecamatan)s::text IS NOT NULL THEN coalesce((
           SELECT array_agg(k.id ORDER BY k.id)
           FROM kelurahan k JOIN kecamatan kc ON kc.id = k.kecamatan_id AND kc.city_id = k.city_id
           WHERE k.city_id = %(city_id)s
             AND (%(kelurahan)s::text IS NULL OR lower(k.name) = lower(%(kelurahan)s) OR k.id::text = %(kelurahan)s)
             AND (%(kecamatan)s::text IS NULL OR lower(kc.name) = lower(%(kecamatan)s) OR kc.id::text = %(kecamatan)s)),
           '{}') END AS kelurahan_ids,
       CASE WHEN %(agency)s::text IS NOT NULL THEN coalesce((
           SELECT a.id FROM agencies a WHERE a.city_id = %(city_id)s AND a.code = %(agency)s), -1) END AS agency_id,
       CASE WHEN %(category)s::text IS NOT NULL THEN coalesce((
           SELECT array_agg(c.id ORDER BY c.id) FROM categories c
           WHERE c.city_id = %(city_id)s AND c.code = ANY(string_to_array(%(category)s, ','))), '{}') END AS category_ids;
