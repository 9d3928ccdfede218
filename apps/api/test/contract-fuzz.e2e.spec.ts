import { readFileSync } from 'node:fs';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { problemTypeCodes } from '../src/problems/domain-error.js';
import { hostileStrings, hostileValue, SchemaArbitraries, tamperedCursor, type KnownValues, type OpenApiDocument, type Operation, type Schema } from './support/openapi-arbitraries.js';
import { finished } from './support/seed-history.js';
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
// Deletions run last, so the fixtures they may remove serve every other route first.
const operations = Object.entries(document.paths)
  .flatMap(([path, byMethod]) => methods.filter((method) => byMethod[method]).map((method) => ({ path, method, operation: byMethod[method]! })))
  .sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));

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
let worker: RunningWorker;
const tokens: Partial<Record<Role, string>> = {};
/** Everything of the other tenant: no answer to our tenant may contain any of it. */
const foreignMarkers: string[] = [];
let known: KnownValues;
/** Each tenant's fixture id per collection (`reports`, `clusters`, …): a route's `{id}` gets the one of its own kind most often. */
const idOf: Record<'ours' | 'theirs', Record<string, string>> = { ours: {}, theirs: {} };
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
const validators = new Map<string, ValidateFunction>();
/** Answers per route and status, printed at the end: shows which routes reach their records and which see only 4xx. */
const statusesByRoute = new Map<string, Map<number, number>>();

beforeAll(async () => {
  console.log(`contract fuzz: seed ${seed}, ${runsPerRoute} runs per route, ${operations.length} routes (replay: FUZZ_SEED=${seed})`);
  [api, simulator] = await Promise.all([startTestApi({ WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '1000000' }), startSimulator({ preset: 'demo' })]);
  // A real worker makes the records behind the {id} routes: a finished scan (findings, connectivity model) and a report.
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  const ours = await populateTenant('fuzz-ours');
  const theirs = await populateTenant('foreign-tenant');
  tokens.owner = ours.owner;
  tokens.admin = ours.admin;
  tokens.auditor = ours.auditor;
  tokens.bogus = 'mgk_bogus000_notarealsecretnotarealsecret';
  foreignMarkers.push(...theirs.ids, theirs.tenantId, 'foreign-tenant-cluster', 'foreign-tenant-hook');
  idOf.ours = ours.idOf;
  idOf.theirs = theirs.idOf;
  known = {
    ownIds: ours.ids,
    foreignIds: theirs.ids,
    byName: {
      kubeconfig: [simulator.kubeconfig()],
      url: ['http://127.0.0.1:9/fuzz-hook'],
      name: ['fuzz-ours-cluster'],
      // Connectivity queries name workloads of the scanned cluster, so valid ones reach the reachability model.
      from: ours.workloads,
      to: ours.workloads,
    },
  };
}, 240_000);

afterAll(async () => {
  const lines = [...statusesByRoute].map(([route, statuses]) => `  ${route}: ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
  console.log(`contract fuzz answers by route (seed ${seed}):\n${lines.join('\n')}`);
  await worker?.stop();
  await Promise.all([api?.close(), simulator?.stop()]);
});

/**
 * A tenant with keys of every role and one of each resource, so {id} routes see real ids: a cluster scanned by the
 * worker (its finding, its connectivity model), an exception, a webhook, a spare key, a generated report and a report
 * schedule. Also returns workload keys of the cluster's connectivity model.
 */
async function populateTenant(
  label: string,
): Promise<{ tenantId: string; owner: string; admin: string; auditor: string; ids: string[]; idOf: Record<string, string>; workloads: string[] }> {
  const tenant = await api.createTenant(label);
  const as = (token: string) => ({
    post: (path: string, body: unknown) => api.http().post(path).set(bearer(token)).send(body as object),
    get: (path: string) => api.http().get(path).set(bearer(token)),
  });
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
  const schedule = (
    await owner.post('/v1/report-schedules', { name: `${label} weekly`, cron: '0 6 * * 1', timezone: 'UTC', framework: 'cis-k8s-v1.10', scope: { fleet: true }, formats: ['json'] }).expect(201)
  ).body.id as string;
  if ((await finished(api, tenant, scan)) !== 'succeeded') throw new Error(`the fixture scan of ${label} did not succeed`);
  const finding = (await owner.get(`/v1/findings?scanId=${scan}&limit=1`).expect(200)).body.items[0].id as string;
  const workloads = ((await owner.get(`/v1/clusters/${cluster}/connectivity`).expect(200)).body.workloads as { key: string }[]).map((w) => w.key).slice(0, 20);
  const report = (await owner.post('/v1/reports', { framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true } }).expect(202)).body.id as string;
  await reportReady(tenant.token, report);
  const idOf = { clusters: cluster, scans: scan, exceptions: exception, webhooks: webhook, 'api-keys': spare, 'report-schedules': schedule, findings: finding, reports: report };
  return { tenantId: tenant.tenantId, owner: tenant.token, admin, auditor, ids: Object.values(idOf), idOf, workloads };
}

async function reportReady(token: string, id: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = (await api.http().get(`/v1/reports/${id}`).set(bearer(token))).body.status as string;
    if (status === 'ready') return;
    if (status === 'failed' || Date.now() > deadline) throw new Error(`the fixture report ${id} is ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function requestsFor(path: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const arbitraries = new SchemaArbitraries(document, known);
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const headerParameters = parameters.filter((p) => p.in === 'header');
  const collection = /\/([\w-]+)\/\{id\}/.exec(path)?.[1] ?? '';
  const ofKind = (ids: Record<string, string>) => (ids[collection] ? [ids[collection]] : []);
  const idArbitrary = fc.oneof(
    ...ofKind(idOf.ours).map((id) => ({ weight: 6, arbitrary: fc.constant(id) })),
    ...ofKind(idOf.theirs).map((id) => ({ weight: 1, arbitrary: fc.constant(id) })),
    { weight: 2, arbitrary: fc.constantFrom(...known.ownIds) },
    { weight: 1, arbitrary: fc.constantFrom(...known.foreignIds) },
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
  const route = `${method.toUpperCase()} ${path}`;
  const statuses = statusesByRoute.get(route) ?? new Map<number, number>();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  statusesByRoute.set(route, statuses);
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
  // Deterministic, whatever the seed: every read of one record, with the fixture of its own kind, answers as the
  // contract says (found this way: a finding's evidence is an array, a JSON report's download a JSON document).
  it('answers every GET of a record with its own fixture as the contract documents', async () => {
    const reads = operations.filter(({ method, path }) => method === 'get' && path.includes('{id}'));
    for (const { path, method, operation } of reads) {
      const collection = /\/([\w-]+)\/\{id\}/.exec(path)?.[1] ?? '';
      const id = idOf.ours[collection];
      if (!id) throw new Error(`no fixture for ${path}: add one of "${collection}" to populateTenant`);
      const query: [string, string][] = path.endsWith('/connectivity/query') ? [['from', known.byName.from![0]!], ['to', known.byName.to![1]!]] : [];
      const request: FuzzRequest = { role: 'owner', path: path.replace('{id}', id), query, headers: {} };
      const response = await send(method, request);
      if (response.status !== 200) throw new Error(`GET ${request.path} answered ${response.status}: ${response.text.slice(0, 300)}`);
      check(method, path, operation, request, response);
    }
  });

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
