-- How similar a word must be for the geocoder's indexed word-similarity operator (this transaction only).
SELECT set_config('pg_trgm.word_similarity_threshold', %(threshold)s, true);
