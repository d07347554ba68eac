-- Compare-and-set: only moves a report still in the status the rules were checked against.
UPDATE reports
SET status = %(to_status)s,
    assignee_id = CASE WHEN %(set_assignee)s THEN %(assignee_id)s
                       WHEN %(to_status)s = 'verified' THEN NULL  -- back to the queue: nobody holds it
                       ELSE assignee_id END,
    reject_reason = CASE WHEN %(to_status)s = 'rejected' THEN %(reason)s ELSE reject_reason END,
    rating = CASE WHEN %(to_status)s = 'closed' THEN %(rating)s ELSE rating END,
    first_response_at = coalesce(first_response_at, CASE WHEN %(staff)s THEN now() END),
    resolved_at = CASE WHEN %(to_status)s = 'resolved' THEN now()
                       WHEN %(to_status)s = 'in_progress' THEN NULL ELSE resolved_at END,
    closed_at = CASE WHEN %(to_status)s IN ('closed','rejected') THEN now() ELSE closed_at END,
    updated_at = now()
WHERE id = %(id)s AND city_id = %(city_id)s AND status = %(from_status)s
RETURNING id;
