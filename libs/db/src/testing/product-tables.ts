/** Every table the migrations create for the product (without `_prisma_migrations`): one list for the specs to share. */
export const productTables = [
  'api_keys',
  'audit_events',
  'clusters',
  'data_keys',
  'exceptions',
  'finding_lifecycles',
  'findings',
  'scan_summaries',
  'scans',
  'tenants',
  'webhook_deliveries',
  'webhook_endpoints',
] as const;
