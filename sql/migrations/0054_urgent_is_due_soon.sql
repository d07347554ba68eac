-- When a report is due. A report raised to Darurat by hand kept its category's deadline: a heap of
-- garbage blocking a road after a flood, raised to Darurat, read "sisa 46 jam" in the queue and in
-- /petugas. From now on a report that is urgent although its category is not is due as the city's
-- urgent categories are (the longest of their hours, counted from the moment it became urgent:
-- Kupang 2 hours, a missing person's), when that is sooner than its category's deadline. Any other
-- report is due its category's hours after it was filed, so lowering the priority again gives the
-- category's deadline back. Used by set_report_priority.sql and set_report_category.sql.
CREATE OR REPLACE FUNCTION sigap_report_due(created_at timestamptz, city_id integer, sla_hours integer,
                                            priority text, default_priority text)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN priority = 'urgent' AND default_priority <> 'urgent'
                THEN least(created_at + make_interval(hours => sla_hours),
                           now() + make_interval(hours => coalesce(
                               (SELECT max(c.sla_hours) FROM categories c
                                WHERE c.city_id = sigap_report_due.city_id AND c.default_priority = 'urgent'),
                               sla_hours)))
                ELSE created_at + make_interval(hours => sla_hours) END
$$;

