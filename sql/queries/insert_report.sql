INSERT INTO reports (source, reporter_id, category_id, agency_id, kecamatan_id, kelurahan_id, zone_id,
                     priority, description, geom, accuracy_m,
                     h3_r6, h3_r7, h3_r8, h3_r9, h3_r10, h3_r11, idempotency_key, due_at, public_geom)
VALUES (%(source)s, %(reporter_id)s, %(category_id)s, %(agency_id)s, %(kecamatan_id)s, %(kelurahan_id)s,
        %(zone_id)s, %(priority)s, %(description)s, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326),
        %(accuracy_m)s, %(h3_r6)s, %(h3_r7)s, %(h3_r8)s, %(h3_r9)s, %(h3_r10)s, %(h3_r11)s,
        %(idempotency_key)s, now() + make_interval(hours => %(sla_hours)s),
        ST_SetSRID(ST_MakePoint(%(public_lng)s, %(public_lat)s), 4326))
ON CONFLICT (reporter_id, idempotency_key) DO NOTHING
RETURNING id;
