import { readFileSync } from 'node:fs';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { problemTypeCodes } from '../src/problems/domain-error.js';
import { hostileStrings, hostileValue, SchemaArbitraries, tamperedCursor, type KnownValues, type OpenApiDocument, type Operation, type Schema } from './support/openapi-arbitraries.js';
import { bearer, startTestApi, type TestApi } from './support/test-api.js';

/**
 * Contract fuzzing (issue 16): requests derived from the committed openapi.json (so new routes join by themselves once
 * it is regenerated), valid, boundary and hostile, for every route and role. Asserts no 5xx, every error a documented
 * problem type, every success matching its schema, and no other tenant's data in any answer.
 * Budget: FUZZ_RUNS_PER_ROUTE (default 10 in CI; `npm run fuzz` runs 200). Replay a failure with FUZZ_SEED=<seed>.
 */
const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;
const runsPerRoute = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 10);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const documentedTypes = new Set(problemTypeCodes.map((code) => `https://meshguard.dev/problems/${code}`));
const methods = ['get', 'post', 'patch', 'put', 'delete'] as const;
const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  methods.filter((method) => byMethod[method]).map((method) => ({ path, method, operation: byMethod[method]! })),
);

type Role = 'owner' | 'admin' | 'auditor' | 'none' | 'bogus';
interface FuzzRequest {
  role: Role;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
}

let api: TestApi;
let simulator: RunningSimulator;
const tokens: Partial<Record<Role, string>> = {};
/** Everything of the other tenant: no answer to our tenant may contain any of it. */
const foreignMarkers: string[] = [];
let known: KnownValues;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  console.log(`contract fuzz: seed ${seed}, ${runsPerRoute} runs per route, ${operations.length} routes (replay: FUZZ_SEED=${seed})`);
  [api, simulator] = await Promise.all([startTestApi({ WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '1000000' }), startSimulator({ preset: 'demo' })]);
  const ours = await populateTenant('fuzz-ours');
  const theirs = await populateTenant('foreign-tenant');
  tokens.owner = ours.owner;
  tokens.admin = ours.admin;
  tokens.auditor = ours.auditor;
  tokens.bogus = 'mgk_bogus000_notarealsecretnotarealsecret';
  foreignMarkers.push(...theirs.ids, theirs.tenantId, 'foreign-tenant-cluster', 'foreign-tenant-hook');
  known = {
    ownIds: ours.ids,
    foreignIds: theirs.ids,
    byName: { kubeconfig: [simulator.kubeconfig()], url: ['http://127.0.0.1:9/fuzz-hook'], name: ['fuzz-ours-cluster'] },
  };
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.close(), simulator?.stop()]);
});

/** A tenant with keys of every role and one of each resource (cluster, scan, exception, webhook, a spare key). */
async function populateTenant(label: string): Promise<{ tenantId: string; owner: string; admin: string; auditor: string; ids: string[] }> {
  const tenant = await api.createTenant(label);
  const as = (token: string) => ({ post: (path: string, body: unknown) => api.http().post(path).set(bearer(token)).send(body as object) });
  const owner = as(tenant.token);
  const admin = (await owner.post('/v1/api-keys', { name: 'admin', role: 'admin' }).expect(201)).body.token as string;
  const auditor = (await owner.post('/v1/api-keys', { name: 'auditor', role: 'auditor' }).expect(201)).body.token as string;
  const spare = (await owner.post('/v1/api-keys', { name: 'spare', role: 'auditor' }).expect(201)).body.id as string;
  const cluster = (await owner.post('/v1/clusters', { name: `${label}-cluster`, labels: { team: label }, kubeconfig: simulator.kubeconfig() }).expect(201)).body.cluster.id as string;
  const scan = (await owner.post(`/v1/clusters/${cluster}/scans`, {}).expect(202)).body.id as string;
  const exception = (
    await owner.post('/v1/exceptions', { clusterId: cluster, justification: 'fuzzing fixture waiver', owner: label, expiresAt: '2099-01-01T00:00:00Z' }).expect(201)
  ).body.id as string;
  const webhook = (await owner.post('/v1/webhooks', { url: `http://127.0.0.1:9/${label}-hook?token=${label}` }).expect(201)).body.id as string;
  return { tenantId: tenant.tenantId, owner: tenant.token, admin, auditor, ids: [cluster, scan, exception, webhook, spare] };
}

function requestsFor(path: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const arbitraries = new SchemaArbitraries(document, known);
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const headerParameters = parameters.filter((p) => p.in === 'header');
  const idArbitrary = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known.ownIds) },
    { weight: 2, arbitrary: fc.constantFrom(...known.foreignIds) },
    { weight: 1, arbitrary: fc.uuid({ version: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileStrings.filter((s) => s.length > 0 && s.length < 100)) },
  );
  const role = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<Role>('owner', 'admin', 'auditor') },
    { weight: 1, arbitrary: fc.constantFrom<Role>('none', 'bogus') },
  );
  const headerSafe = (value: string) => /^[\x21-\x7e]{1,200}$/.test(value);
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const valid = fc.record({
    role,
    path: fc.tuple(...pathParameters.map(() => idArbitrary)).map((ids) =>
      pathParameters.reduce((built, parameter, index) => built.replace(`{${parameter.name}}`, pathSegment(ids[index] as string)), path),
    ),
    query: fc.tuple(
      // A cursor is valid only as the API wrote it: valid requests leave it out, hostile ones forge it.
      ...queryParameters.map((parameter) =>
        (parameter.name === 'cursor' ? fc.constant(undefined) : fc.option(arbitraries.of(parameter.schema ?? {}, parameter.name), { nil: undefined, freq: 2 })).map(
          (value) => [parameter.name, value] as const,
        ),
      ),
    ).map((pairs) => pairs.flatMap(([name, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((item) => [name, textOf(item)] as [string, string])))),
    headers: fc.tuple(
      ...headerParameters.map((parameter) =>
        fc.option(fc.oneof(fc.stringMatching(/^[\w.:-]{1,40}$/), fc.string({ maxLength: 200 }).filter(headerSafe)), { nil: undefined }).map((value) => [parameter.name, value] as const),
      ),
    ).map((pairs) => Object.fromEntries(pairs.filter(([, value]) => value !== undefined)) as Record<string, string>),
    body: bodySchema ? arbitraries.body(bodySchema) : fc.constant(undefined),
  });
  // Hostile requests are valid ones with exactly one thing broken, so the broken part reaches the code behind the
  // other checks instead of being stopped by an unrelated invalid field.
  const targets = [...queryParameters.map((p) => `query:${p.name}`), ...bodyFields(bodySchema, arbitraries).map((f) => `body:${f}`), ...(bodySchema ? ['body', 'body:unknown'] : [])];
  if (targets.length === 0) return valid;
  const hostile = fc
    .tuple(valid, fc.constantFrom(...targets), fc.oneof({ weight: 4, arbitrary: hostileValue() }, { weight: 1, arbitrary: tamperedCursor(known) }))
    .map(([request, target, value]) => mutate(request, target, value));
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

function bodyFields(schema: Schema | undefined, arbitraries: SchemaArbitraries): string[] {
  return schema ? Object.keys(arbitraries.resolve(schema).properties ?? {}) : [];
}

/** Breaks one thing of a valid request, as the owner (so the role does not stop it first); other query filters go. */
function mutate(request: FuzzRequest, target: string, value: unknown): FuzzRequest {
  const [where, name] = target.split(':') as ['query' | 'body', string | undefined];
  const asOwner: FuzzRequest = { ...request, role: 'owner' };
  if (where === 'query') return { ...asOwner, query: [[name!, textOf(value)]] };
  if (name === undefined) return { ...asOwner, body: value };
  const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? request.body : {};
  return { ...asOwner, body: { ...body, [name === 'unknown' ? 'unexpectedField' : name]: value } };
}

/** Percent-encodes an id for the path; a lone surrogate (which encodeURIComponent refuses) goes as broken UTF-8. */
function pathSegment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    return '%ED%A0%80';
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}

async function send(method: string, request: FuzzRequest) {
  const search = new URLSearchParams(request.query).toString();
  let call = api.http()[method as 'get'](search ? `${request.path}?${search}` : request.path).set(request.headers);
  const token = request.role === 'none' ? undefined : tokens[request.role];
  if (token) call = call.set(bearer(token));
  if (request.body !== undefined) call = call.set('Content-Type', 'application/json').send(JSON.stringify(request.body));
  return call;
}

function validatorFor(key: string, schema: unknown): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(asJsonSchema({ ...(schema as object), components: document.components }) as object);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * OpenAPI 3.0's `nullable: true` beside `allOf: [$ref]` (how Nest's swagger writes a nullable object) means "this
 * object or null"; JSON Schema, which Ajv speaks, says it with `anyOf: [{ type: 'null' }, …]`.
 */
function asJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, asJsonSchema(value)]));
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

function check(method: string, path: string, operation: Operation, request: FuzzRequest, response: Awaited<ReturnType<typeof send>>): void {
  const what = `${method.toUpperCase()} ${request.path}?${new URLSearchParams(request.query)} as ${request.role} → ${response.status}`;
  const documented = operation.responses[String(response.status)];
  if (response.status >= 500 && !documented) throw new Error(`${what}: server error ${response.text.slice(0, 300)}`);
  if (response.status >= 400) {
    if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) throw new Error(`${what}: not problem+json`);
    if (!documentedTypes.has(response.body.type)) throw new Error(`${what}: undocumented problem type ${response.body.type}`);
  } else {
    if (!documented) throw new Error(`${what}: status not in the contract of ${method.toUpperCase()} ${path}`);
    const schema = documented.content?.['application/json']?.schema;
    if (schema) {
      const validate = validatorFor(`${method} ${path} ${response.status}`, schema);
      if (!validate(response.body)) throw new Error(`${what}: body does not match the contract: ${ajv.errorsText(validate.errors)}`);
    }
  }
  const text = response.text ?? '';
  // An id the request itself named may be echoed (a problem's `instance`); anything else of theirs is a leak.
  const sent = `${request.path} ${JSON.stringify(request.query)} ${JSON.stringify(request.body) ?? ''}`;
  const leaked = foreignMarkers.find((marker) => text.includes(marker) && !sent.includes(marker));
  if (leaked) throw new Error(`${what}: the answer contains another tenant's ${leaked}`);
}

describe('contract fuzzing from openapi.json', () => {
  it.each(operations.map(({ path, method, operation }) => [`${method.toUpperCase()} ${path}`, path, method, operation] as const))(
    '%s',
    async (_name, path, method, operation) => {
      await fc.assert(
        fc.asyncProperty(requestsFor(path, operation), async (request) => {
          check(method, path, operation, request, await send(method, request));
        }),
        { numRuns: runsPerRoute, seed, endOnFailure: true },
      );
    },
    300_000,
  );
});
