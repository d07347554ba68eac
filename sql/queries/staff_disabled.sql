-- Whether an account was switched off (asked after the officer's row is held: an accept that
-- waited for a switch-off sees it committed).
SELECT disabled FROM users WHERE id = %(id)s;
