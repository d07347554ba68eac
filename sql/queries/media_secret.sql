-- The key of confidential photos' links (0045): read once per process.
SELECT secret FROM media_secret WHERE id = 1;
