import { writeFileSync } from 'node:fs';
import { runMain } from '@meshguard/platform';
import { committedOpenApiPath, generateOpenApiDocument } from '../app/openapi-document.js';

// `npm run openapi -w @meshguard/api`: rewrites apps/api/openapi.json from the code.
runMain('meshguard openapi export', async (config) => {
  const document = await generateOpenApiDocument(config);
  writeFileSync(committedOpenApiPath, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${committedOpenApiPath}\n`);
});
