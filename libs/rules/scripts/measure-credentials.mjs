// Measures credential detection on every environment variable and ConfigMap entry of the shared corpora
// (`../shared/corpora`, beside the checkout): `npm run build -w @meshguard/rules && node scripts/measure-credentials.mjs`.
// Prints each entry under a credential-looking name or detected as one, with meshguard's verdict; values are shown
// redacted, as everywhere else.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { detectSecretContent, redactValue } from '../dist/secrets/secret-content.detector.js';

const corpora = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');
const looksNamed = /pass|pwd|secret|token|key|cred|auth|bearer|jwt/i;
const entries = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ya?ml|json)$/.test(name) && !/^(index|expected|data|not_extracted)\.json$/.test(name)) read(path);
  }
}

function podSpecOf(object) {
  const spec = object.spec;
  return spec?.containers ? spec : (spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec);
}

function read(path) {
  let objects;
  try {
    objects = parseAllDocuments(readFileSync(path, 'utf8')).map((document) => document.toJS());
  } catch {
    return;
  }
  const file = relative(corpora, path);
  for (const object of objects.flatMap((document) => (Array.isArray(document?.items) ? document.items : [document]))) {
    if (!object || typeof object !== 'object') continue;
    if (object.kind === 'ConfigMap')
      for (const [key, value] of Object.entries(object.data ?? {}))
        if (typeof value === 'string') entries.push({ file, key, value });
    const spec = podSpecOf(object);
    for (const kind of ['initContainers', 'containers', 'ephemeralContainers'])
      for (const container of spec?.[kind] ?? [])
        for (const variable of container?.env ?? [])
          if (typeof variable?.value === 'string') entries.push({ file, key: variable.name, value: variable.value });
  }
}

walk(corpora);
let detected = 0;
for (const { file, key, value } of entries) {
  const hit = detectSecretContent(key, value);
  if (hit) detected += 1;
  if (hit || looksNamed.test(key))
    console.log(`${(hit ? `${hit.kind} (${hit.confidence})` : 'not reported').padEnd(36)} ${key} = ${redactValue(value)}  ${file}`);
}
console.log(`${entries.length} environment variables and ConfigMap entries, ${detected} reported`);
