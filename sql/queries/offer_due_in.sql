-- An offer still open but not yet due: seconds until it is (an expiry job that ran early).
SELECT extract(epoch FROM expires_at - now())::float8 AS remaining_s
FROM assignments WHERE id = %(id)s AND city_id = %(city_id)s AND status = 'offered' AND expires_at > now();
