-- Every city's agency codes (tile filters check a code against them; service zones have agencies
-- without categories too).
SELECT DISTINCT code FROM agencies;
