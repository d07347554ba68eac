-- An offer's notice ("Tawaran tugas, jawab segera", notify_assignee.sql) is read the moment the
-- offer stops being open, whichever way it closes: answered, expired, handed back off duty, or
-- cancelled by a dispatcher's verification, assignment, rejection or merge. Calls beside each path
-- missed some (a review): the notice stayed unread, and its push could still buzz a phone.
CREATE OR REPLACE FUNCTION sigap_offer_notice_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notifications SET read_at = now()
    WHERE user_id = NEW.responder_id AND report_id = NEW.report_id AND city_id = NEW.city_id
      AND kind = 'task_offered' AND read_at IS NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER assignments_offer_closed AFTER UPDATE OF status ON assignments
FOR EACH ROW WHEN (OLD.status = 'offered' AND NEW.status <> 'offered')
EXECUTE FUNCTION sigap_offer_notice_read();
