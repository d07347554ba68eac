-- The offered responder is now the assignee.
UPDATE assignments SET status = 'accepted', responded_at = coalesce(responded_at, now()) WHERE id = %(id)s AND city_id = %(city_id)s;
