#!/usr/bin/env node
// Builds the installable `meshguard` npm package: the CLI and the workspace libraries it uses bundled into one ES
// module with every npm dependency inside, so `npm i -g meshguard-<version>.tgz` needs no registry and no workspace.
// Usage: node apps/cli/scripts/pack.mjs  → prints the tarball's path (apps/cli/dist-package/meshguard-<version>.tgz).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(cliRoot, 'dist-package');
const workspace = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'bin'), { recursive: true });

await build({
  entryPoints: [join(cliRoot, 'src/main.ts')],
  outfile: join(out, 'bin/meshguard.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Workspace libraries resolve to their TypeScript sources, as in tests.
  conditions: ['@meshguard/source'],
  // Bundled CommonJS packages call require(), and PDFKit reads its font metrics from __dirname/data: give them both.
  banner: {
    js: [
      "import { createRequire as __meshguardCreateRequire } from 'node:module';",
      "import { fileURLToPath as __meshguardFileURLToPath } from 'node:url';",
      'const require = __meshguardCreateRequire(import.meta.url);',
      "const __dirname = __meshguardFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  legalComments: 'external',
  logLevel: 'warning',
});

writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: 'meshguard',
      version: workspace.version,
      description:
        'Kubernetes network-security compliance from the command line: precise rules, exact NetworkPolicy reachability, framework mappings.',
      type: 'module',
      bin: { meshguard: 'bin/meshguard.mjs' },
      files: ['bin/', 'README.md'],
      engines: { node: '>=20.19' },
      keywords: ['kubernetes', 'security', 'networkpolicy', 'compliance', 'sarif', 'cis'],
      license: 'Apache-2.0',
    },
    null,
    2,
  )}\n`,
);
copyFileSync(join(cliRoot, 'README.md'), join(out, 'README.md'));
// The standard PDF fonts' metrics, read at run time by the bundled PDFKit (see the banner's __dirname).
const pdfkitData = join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data');
cpSync(pdfkitData, join(out, 'bin/data'), { recursive: true });
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
  cwd: out,
  encoding: 'utf8',
}).trim();
process.stdout.write(`${join(out, tarball.split('\n').pop())}\n`);
