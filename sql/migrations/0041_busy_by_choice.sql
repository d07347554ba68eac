-- "Sibuk" set by the officer is theirs to lift: a task that leaves them (handed to another
-- officer, back to the queue, finished) made an officer who had chosen "busy" available again,
-- and dispatch offered them work on their break. busy_by_choice tells the two kinds of busy apart.
ALTER TABLE responders ADD COLUMN busy_by_choice boolean NOT NULL DEFAULT false;
