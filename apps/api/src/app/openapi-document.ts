import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { MeshguardConfig } from '@meshguard/config';
import type { ApiServices } from './create-api-app.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi.js';

/** Where the committed contract lives (apps/api/openapi.json); a test fails when it and the code disagree. */
export const committedOpenApiPath = fileURLToPath(new URL('../../openapi.json', import.meta.url));

/**
 * The OpenAPI document from the code alone: the module graph is built in preview mode, so no provider runs and no
 * database or Redis is needed. Keys are sorted so the committed file diffs cleanly.
 */
export async function generateOpenApiDocument(config: MeshguardConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.with(config, {} as ApiServices), { preview: true, logger: false });
  try {
    return sortKeys(buildOpenApiDocument(app)) as OpenAPIObject;
  } finally {
    await app.close();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
