-- A switched-off field officer's offers not yet answered, in every city they work for, are
-- withdrawn (geo.account_changes). Taken before their tasks and their officer row, the order an
-- officer's "Terima" takes them in (offer, report, officer): an accept under way is waited for
-- (then its offer is no longer open and its task is among those handed back next), never the other
-- way round (switching off took the officer's row first and waited for the offer: a deadlock).
UPDATE assignments SET status = 'cancelled'
WHERE responder_id = %(id)s AND status = 'offered'
RETURNING report_id, city_id;
