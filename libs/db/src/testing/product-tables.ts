/** Every table the migrations create for the product (without `_prisma_migrations`): one list for the specs to share. */
export const productTables = [
  'api_keys',
  'audit_events',
  'clusters',
  'data_keys',
  'exceptions',
  'findings',
  'idempotency_keys',
  'report_chunks',
  'report_deliveries',
  'report_schedules',
  'report_signing_keys',
  'reports',
  'scans',
  'tenants',
  'webhook_deliveries',
  'webhook_endpoints',
] as const;
