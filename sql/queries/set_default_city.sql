-- `sigap city default`: this city answers requests that name none (after clear_default_city:
-- one statement for both would trip cities_one_default when it reached the new one first).
UPDATE cities SET is_default = true WHERE id = %(city_id)s;
