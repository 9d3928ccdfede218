import { fileURLToPath } from 'node:url';

/** The repository's prisma/migrations, found from this module (src/ in development, dist/ when built). */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/** The repository's prisma/schema.prisma. */
export const defaultSchemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
