-- A resident's own row deleted (after hand_over_resident): their sessions, phones' push
-- subscriptions, notifications and "dukung" rows go with it (ON DELETE CASCADE); the reports they
-- supported keep their count.
DELETE FROM users WHERE id = %(id)s AND role = 'citizen' AND deleted_at IS NULL;
