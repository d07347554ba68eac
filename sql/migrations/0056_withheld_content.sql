-- A rejected report's words and photos can be withheld from the public (`withheld_at`): an
-- operator rejecting abuse, a neighbour's name and house number, or a photo that should not be
-- there could only reject it, and the map, lists, OGC API Features and Open311 went on showing
-- it. Its category, place, status and the reason for rejection stay public; its reporter and the
-- staff who handle it see it whole, the photos by signed links (geo/medialinks.py). Set once, by
-- the rejection; a rejection is final. NULL: shown as before.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS withheld_at timestamptz;
