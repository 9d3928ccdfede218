#!/usr/bin/env node
// Bundles what `npm start` runs (dist/all-in-one.js, already compiled by swc with decorator metadata) into one ES
// module plus lazily loaded chunks, in place. Node then reads a few dozen files instead of ~2,300 modules before the
// API can answer (issue 17, start-up). Dynamic imports stay dynamic: the worker, the rules catalog, the Kubernetes
// client and the demo simulator become chunks that load only when first used, as before.
// Usage (part of `npm run build -w @meshguard/api`): node scripts/bundle-all-in-one.mjs
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(apiRoot, 'dist');
const rootModules = resolve(apiRoot, '../../node_modules');
const chunkPrefix = 'all-in-one-';

/**
 * Left as plain imports, because a bundle would break them or they would load twice:
 * they find files beside their own modules (WebAssembly, data files, thread entries, native add-ons), or they are
 * imported by one of those and must stay one instance (pg's type parsers, Prisma's error classes). The worker-only ones
 * (Kubernetes client, PDF) are loaded after ready anyway.
 */
const external = [
  '@electric-sql/pglite',
  'pglite-prisma-adapter',
  '@prisma/*',
  'pg',
  'pg-*',
  'pino',
  'pino-pretty',
  'thread-stream',
  'piscina',
  '@napi-rs/*',
  'msgpackr',
  'msgpackr-extract',
  '@kubernetes/client-node',
  'pdfkit',
  // Optional peers Nest, class-transformer and ws probe for and we do not install.
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@fastify/*',
  'class-transformer/storage',
  'bufferutil',
  'utf-8-validate',
];

const posix = (path) => path.split(sep).join('/');

/**
 * Bundled code still finds files relative to where it was written (migrations, the embedded snapshot, compute tasks,
 * swagger-ui's assets): `import.meta.url`, `__dirname` and `__filename` are rewritten to the module's own location,
 * expressed relative to the bundle so the tree can move as a whole (Docker image).
 */
const ownLocations = {
  name: 'own-locations',
  setup(bundle) {
    bundle.onLoad({ filter: /\.(m?js|cjs)$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const usesUrl = source.includes('import.meta.url');
      const usesDirname =
        /\b__(dirname|filename)\b/.test(source) && !/\b(const|let|var)\s+__(dirname|filename)\b/.test(source);
      if (!usesUrl && !usesDirname) return undefined;
      const fromBundle = posix(relative(outdir, args.path));
      let contents = usesUrl
        ? source.replaceAll('import.meta.url', `__meshguardOwnUrl(${JSON.stringify(fromBundle)})`)
        : source;
      if (usesDirname) {
        const file = `__meshguardOwnPath(${JSON.stringify(fromBundle)})`;
        contents = `var __filename = ${file}, __dirname = __meshguardDirname(__filename);\n${contents}`;
      }
      return { contents, loader: 'js' };
    });
  },
};

/** Fails the build when an external import would resolve differently from the bundle than from its importer. */
const externalsResolveAlike = {
  name: 'externals-resolve-alike',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.checking || !isExternal(args.path)) return undefined;
      const found = await bundle.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { checking: true },
      });
      const packageDir = join(rootModules, packageName(args.path));
      // Not installed (an optional peer): its importer handles the failing import at run time.
      if (found.errors.length === 0 && !found.path.startsWith(packageDir + sep))
        return {
          errors: [
            { text: `${args.path} from ${args.importer} resolves to ${found.path}, not under ${packageDir}` },
          ],
        };
      return { path: args.path, external: true };
    });
  },
};

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isExternal(specifier) {
  const name = packageName(specifier);
  return external.some((pattern) =>
    pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}

// Chunks of an earlier build (their names carry content hashes).
for (const file of readdirSync(outdir)) if (file.startsWith(chunkPrefix)) rmSync(join(outdir, file));

await build({
  entryPoints: [join(outdir, 'all-in-one.js')],
  outdir,
  allowOverwrite: true,
  entryNames: '[name]',
  // Beside the entry, so one relative path from the bundle to a source module holds for every chunk.
  chunkNames: `${chunkPrefix}[name]-[hash]`,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nest and the OpenAPI document name providers and schemas after their classes.
  keepNames: true,
  sourcemap: 'linked',
  // Bundled CommonJS packages call require(); own-locations needs the bundle's location.
  banner: {
    js: [
      "import { createRequire as __meshguardCreateRequire } from 'node:module';",
      "import { dirname as __meshguardDirname } from 'node:path';",
      "import { fileURLToPath as __meshguardFileURLToPath } from 'node:url';",
      'const require = __meshguardCreateRequire(import.meta.url);',
      'const __meshguardOwnUrl = (path) => new URL(path, import.meta.url).href;',
      'const __meshguardOwnPath = (path) => __meshguardFileURLToPath(new URL(path, import.meta.url));',
    ].join('\n'),
  },
  plugins: [externalsResolveAlike, ownLocations],
  legalComments: 'none',
  logLevel: 'warning',
});
