import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshguard/config';
import { describe, expect, it } from 'vitest';
import { committedOpenApiPath, generateOpenApiDocument } from '../src/app/openapi-document.js';

const fix = 'Run `npm run openapi -w @meshguard/api` and commit apps/api/openapi.json and libs/api-client/src/generated.';

describe('the committed OpenAPI contract', () => {
  it('matches what the code generates', async () => {
    const generated = await generateOpenApiDocument(loadConfig({}));
    const committed = JSON.parse(readFileSync(committedOpenApiPath, 'utf8'));
    expect(committed, fix).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('documents every route with its problem responses and security', async () => {
    const document = await generateOpenApiDocument(loadConfig({}));
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown[]; responses: object }>).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(15);
    for (const { path, operation } of operations.filter((o) => o.path.startsWith('/v1/'))) {
      expect(operation.security, path).toEqual([{ bearer: [] }]);
    }
  });

  it('is what the typed client in libs/api-client was generated from', () => {
    const directory = mkdtempSync(join(tmpdir(), 'meshguard-client-'));
    const output = join(directory, 'meshguard-api.d.ts');
    const bin = fileURLToPath(new URL('../../../node_modules/.bin/openapi-typescript', import.meta.url));
    execFileSync(bin, [committedOpenApiPath, '--default-non-nullable', 'false', '-o', output], { stdio: 'pipe' });
    const committedClient = fileURLToPath(new URL('../../../libs/api-client/src/generated/meshguard-api.d.ts', import.meta.url));
    expect(readFileSync(committedClient, 'utf8'), fix).toBe(readFileSync(output, 'utf8'));
  });
});
