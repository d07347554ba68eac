"""RQ jobs: small functions that take ids (a row and its city, so each runs on one shard),
declare retry and timeout, and are idempotent."""
