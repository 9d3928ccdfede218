-- Idempotency keys expire (IDEMPOTENCY_KEY_TTL_HOURS, issue 16): an expired key is claimed afresh by the request that
-- sends it again (UPDATE), the worker's retention sweep deletes expired keys (DELETE), and the scan or report an
-- expired key named no longer answers to it (its idempotency_key is cleared).
GRANT UPDATE, DELETE ON idempotency_keys TO meshguard_app;
GRANT UPDATE (idempotency_key) ON reports TO meshguard_app;
