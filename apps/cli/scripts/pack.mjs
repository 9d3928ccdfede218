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

/**
 * PDFKit loads its standard fonts at run time with a require() made by createRequire(import.meta.url) and its
 * package's "#standard-fonts/*" import map, which a bundle cannot follow: turn those calls into plain requires of the
 * font modules' files, which esbuild then bundles.
 */
const pdfkitStandardFonts = {
  name: 'pdfkit-standard-fonts',
  setup(build) {
    build.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const fonts = join(dirname(args.path), 'standard-fonts');
      const source = readFileSync(args.path, 'utf8').replace(
        /require\$1\('#standard-fonts\/([A-Za-z-]+)'\)/g,
        (_, font) => `require(${JSON.stringify(join(fonts, `${font}.cjs`))})`,
      );
      return { contents: source, loader: 'js' };
    });
  },
};

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(cliRoot, 'dist-package');
const workspace = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'bin'), { recursive: true });

// Three programs: the command, the evaluation task its compute-pool thread loads (next to the command, as
// defineComputeTask expects) and Piscina's thread entry (found through __dirname, see the banner).
const require = createRequire(import.meta.url);
await build({
  entryPoints: {
    meshguard: join(cliRoot, 'src/main.ts'),
    'evaluation.task': join(cliRoot, 'src/scan/evaluation.task.ts'),
    worker: join(dirname(require.resolve('piscina')), 'worker.js'),
  },
  outdir: join(out, 'bin'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Workspace libraries resolve to their TypeScript sources, as in tests.
  conditions: ['@meshguard/source'],
  // Bundled CommonJS packages call require() and Piscina finds its thread entry at __dirname/worker.js: give them both.
  banner: {
    js: [
      "import { createRequire as __meshguardCreateRequire } from 'node:module';",
      "import { fileURLToPath as __meshguardFileURLToPath } from 'node:url';",
      'const require = __meshguardCreateRequire(import.meta.url);',
      "const __dirname = __meshguardFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [pdfkitStandardFonts],
  // Piscina's optional native thread-priority helper: absent at run time, which Piscina tolerates.
  external: ['@napi-rs/nice'],
  legalComments: 'external',
  logLevel: 'warning',
});

// The PDF renderer's Unicode font (libs/reports PdfFonts) is looked up next to the bundle; its licence travels with it.
const reportsRequire = createRequire(join(cliRoot, '../../libs/reports/package.json'));
const unicodeFont = reportsRequire.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
copyFileSync(unicodeFont, join(out, 'bin', 'NotoSansJP-Regular.ttf'));
copyFileSync(join(dirname(unicodeFont), '..', 'LICENSE_FONT'), join(out, 'bin', 'NotoSansJP-Regular.OFL.txt'));

writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: 'meshguard',
      version: workspace.version,
      description:
        'Kubernetes network-security compliance from the command line: precise rules, exact NetworkPolicy reachability, framework mappings.',
      type: 'module',
      bin: { meshguard: 'bin/meshguard.js' },
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
// PDFKit's colour profile for PDF/A, which it reads beside its module (new URL('./data/…', import.meta.url)).
const pdfkitData = join(dirname(require.resolve('pdfkit')), 'data');
cpSync(pdfkitData, join(out, 'bin/data'), { recursive: true });
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
  cwd: out,
  encoding: 'utf8',
}).trim();
process.stdout.write(`${join(out, tarball.split('\n').pop())}\n`);
