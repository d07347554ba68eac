-- A responder's offers and live assignments, oldest first, with the category's names, the place
-- (for the phone's map app) and what the reporter wrote: an offer said only "#9828 Sampah ·
-- 2987 m", too little to accept or decline it in the two minutes it stands.
SELECT a.id AS assignment_id, a.report_id, a.status, a.distance_m, a.offered_at, a.expires_at,
       -- seconds left by the server's clock: a phone's own clock minutes fast showed every new offer
       -- as "time is up" (a review); the page counts down from when the answer came
       floor(extract(epoch FROM a.expires_at - now()))::int AS expires_in_s,
       c.code AS category, c.confidential, r.withheld_at IS NOT NULL AS withheld, c.name_id AS category_name_id, c.name_en AS category_name_en, r.priority,
       ST_X(r.geom) AS lng, ST_Y(r.geom) AS lat, r.street_name AS street, k.name AS kelurahan, r.description,
       -- the reporter's photo, once published (geo/dispatch._with_photo)
       (SELECT p.media_key FROM photos p WHERE p.report_id = r.id AND p.city_id = r.city_id AND p.kind = 'before'
          AND p.published_at IS NOT NULL ORDER BY p.id LIMIT 1) AS photo_key
FROM assignments a JOIN reports r ON r.id = a.report_id AND r.city_id = a.city_id JOIN categories c ON c.id = r.category_id AND c.city_id = r.city_id
JOIN kelurahan k ON k.id = r.kelurahan_id AND k.city_id = r.city_id
WHERE a.responder_id = %(user_id)s AND a.city_id = %(city_id)s AND a.status IN ('offered','accepted','arrived')
ORDER BY a.offered_at;
