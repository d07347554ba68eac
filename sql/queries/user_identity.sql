-- What an account is known by (its login and name): a new password must not be made of them.
SELECT email, phone, full_name FROM users WHERE id = %(id)s;
