#!/usr/bin/env node
// The workspace bin: it exists before the build, so `npm ci` links it; the command itself is dist/main.js.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'meshguard: the CLI is not built yet; run "npm run build" in the repository root first\n',
  );
  process.exit(2);
}
await import(main.href);
