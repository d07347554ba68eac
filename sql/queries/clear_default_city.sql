-- Before set_default_city: no other city is the default any more.
UPDATE cities SET is_default = false WHERE is_default AND id <> %(city_id)s;
