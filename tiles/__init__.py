"""Vector tile rendering (MVT via one ST_AsMVT statement per tile); no Flask in here."""
