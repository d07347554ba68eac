-- After claim_officer (a statement of its own, so it sees what committed while it waited): the
-- officer is still on duty and weighs no open offer as urgent as this report or more, the rule
-- nearest_responders applies when it picks them.
SELECT s.status = 'available'
       AND NOT EXISTS (
           SELECT 1 FROM assignments a JOIN reports o ON o.id = a.report_id AND o.city_id = a.city_id
           WHERE a.city_id = s.city_id AND a.responder_id = s.user_id AND a.status = 'offered'
             AND a.expires_at > now()
             AND array_position(ARRAY['urgent','high','normal','low'], o.priority)
                 <= (SELECT array_position(ARRAY['urgent','high','normal','low'], x.priority)
                     FROM reports x WHERE x.id = %(report_id)s AND x.city_id = %(city_id)s)) AS free
FROM responders s
WHERE s.user_id = %(user_id)s AND s.city_id = %(city_id)s;
