-- Public copies of photos are made by a worker (EXIF-free, every detected person blurred);
-- until then a photo is not shown. Photos stored before this migration were already public.
ALTER TABLE photos
    ADD COLUMN published_at timestamptz,
    ADD COLUMN blurred_regions integer;
UPDATE photos SET published_at = created_at;
