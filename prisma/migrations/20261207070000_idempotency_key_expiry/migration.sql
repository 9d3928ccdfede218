-- Idempotency keys expire (IDEMPOTENCY_KEY_TTL_HOURS, issue 16): an expired key is claimed afresh by the request that
-- sends it again (UPDATE), and the worker's retention sweep deletes expired keys (DELETE).
GRANT UPDATE, DELETE ON idempotency_keys TO meshguard_app;
