-- Provenance of the current OSM import (attribution: ODbL 1.0).
INSERT INTO osm_import (source, sha256, counts) VALUES (%(source)s, %(sha256)s, %(counts)s)
ON CONFLICT (one) DO UPDATE SET source = EXCLUDED.source, sha256 = EXCLUDED.sha256, counts = EXCLUDED.counts,
                                imported_at = now();
