-- Cameras whose frames are analysed on every sweep.
SELECT id FROM cameras WHERE active ORDER BY id;
