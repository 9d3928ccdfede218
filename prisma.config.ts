import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate; migrate where the schema engine is available). The product applies migrations with
// its own runner (libs/db), which records them in _prisma_migrations exactly as `prisma migrate deploy` does.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
