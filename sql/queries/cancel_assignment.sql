-- Another responder takes over, or the report goes back to the queue: the live assignment is
-- cancelled. `responded_at` keeps when it was taken (the timeline names who held it by that time:
-- overwritten, "Ditugaskan → name" lost its name); an unanswered offer's is when it was withdrawn.
-- `done_at` says when it ended.
UPDATE assignments SET status = 'cancelled', responded_at = coalesce(responded_at, now()), done_at = now()
WHERE id = %(id)s AND city_id = %(city_id)s;
