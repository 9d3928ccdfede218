/** Every table the migrations create for the product (without `_prisma_migrations`): one list for the specs to share. */
export const productTables = [
  'api_keys',
  'audit_events',
  'clusters',
  'connectivity_models',
  'data_keys',
  'exceptions',
  'findings',
  'scans',
  'tenants',
  'webhook_deliveries',
  'webhook_endpoints',
] as const;
