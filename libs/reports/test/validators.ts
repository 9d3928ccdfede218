import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));

// ajv-formats and ajv-draft-04 are CommonJS with a `default` export.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: unknown,
) => void;
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as typeof Ajv;

function compile(ajv: Ajv, schema: unknown): ValidateFunction {
  addFormats(ajv);
  return ajv.compile(schema as object);
}

/** docs/compliance-report.schema.json (draft-07). */
export function reportJsonValidator(): ValidateFunction {
  return compile(
    new Ajv({ allErrors: true, strict: false }),
    JSON.parse(readFileSync(`${docs}compliance-report.schema.json`, 'utf8')),
  );
}

/** docs/oscal-assessment-results.schema.json (draft-07). */
export function oscalValidator(): ValidateFunction {
  return compile(
    new Ajv({ allErrors: true, strict: false }),
    JSON.parse(readFileSync(`${docs}oscal-assessment-results.schema.json`, 'utf8')),
  );
}

/** The official SARIF 2.1.0 schema shipped in @microsoft/jest-sarif (draft-04). */
export function sarifValidator(): ValidateFunction {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The official schema has a language-tag pattern that is only valid without the regex `u` flag.
  return compile(
    new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }),
    JSON.parse(readFileSync(path, 'utf8')),
  );
}
