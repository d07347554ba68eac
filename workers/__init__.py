"""RQ jobs: small functions that take ids, declare retry and timeout, and are idempotent."""
