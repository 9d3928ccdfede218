import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConnSet } from './conn-set.js';
import { IpSet } from './ip-range.js';
import { labelSelectorProblems } from './label-selector.js';

const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
      .array(z.object({ key: z.string().min(1), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() }).strict())
      .optional(),
  })
  .strict()
  .superRefine((sel, ctx) => {
    for (const problem of labelSelectorProblems(sel, 'selector')) ctx.addIssue({ code: 'custom', message: problem });
  });

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Which endpoints an intent talks about: `internet`, `any`, or a set of pods / addresses (all given fields must hold). */
export const intentEndpointSchema = z.union([
  z.literal('internet'),
  z.literal('any'),
  z
    .object({
      namespace: stringOrList.optional(),
      namespaceSelector: labelSelector.optional(),
      pods: z.record(z.string(), z.string()).optional(),
      podSelector: labelSelector.optional(),
      workload: stringOrList.optional(),
      cidr: stringOrList.optional(),
    })
    .strict()
    .superRefine((e, ctx) => {
      if (Object.keys(e).length === 0) ctx.addIssue({ code: 'custom', message: 'an empty endpoint matches nothing; use "any" for every pod and address' });
      if (e.cidr !== undefined && Object.keys(e).some((k) => k !== 'cidr')) ctx.addIssue({ code: 'custom', message: 'cidr cannot be combined with pod fields (addresses outside the cluster have no labels)' });
      for (const c of e.cidr === undefined ? [] : Array.isArray(e.cidr) ? e.cidr : [e.cidr]) {
        try {
          IpSet.fromIpBlock(c);
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['cidr'], message: (error as Error).message });
        }
      }
    }),
]);

const ports = z.string().superRefine((text, ctx) => {
  try {
    if (ConnSet.parse(text).isEmpty) ctx.addIssue({ code: 'custom', message: `"${text}" names no connection` });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const flow = z.object({ from: intentEndpointSchema, to: intentEndpointSchema, ports: ports.optional() }).strict();

const base = { id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case, e.g. prod-isolated-from-dev'), description: z.string().optional() };

const intentVariants = {
  deny: z.object({ ...base, deny: flow }).strict(),
  allow: z.object({ ...base, allow: flow }).strict(),
  allowOnly: z.object({ ...base, allowOnly: flow }).strict(),
  defaultDeny: z
    .object({
      ...base,
      defaultDeny: z
        .object({
          direction: z.enum(['ingress', 'egress', 'both']),
          namespaces: z.object({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() }).strict().optional(),
        })
        .strict(),
    })
    .strict(),
};

/** One network intent: exactly one of `deny`, `allow`, `allowOnly`, `defaultDeny`. */
export const networkIntentSchema = z.union([intentVariants.deny, intentVariants.allow, intentVariants.allowOnly, intentVariants.defaultDeny]);

/** A document of intents, as stored per tenant or passed to `meshguard netpol check --intents FILE`. */
export const networkIntentsSchema = z
  .object({
    apiVersion: z.literal('meshguard.io/v1').optional(),
    kind: z.literal('NetworkIntents').optional(),
    intents: z.array(networkIntentSchema).min(1, 'list at least one intent'),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.intents.forEach((intent, i) => {
      if (seen.has(intent.id)) ctx.addIssue({ code: 'custom', path: ['intents', i, 'id'], message: `duplicate id "${intent.id}"` });
      seen.add(intent.id);
    });
  });

export type IntentEndpoint = z.infer<typeof intentEndpointSchema>;
export type NetworkIntent = z.infer<typeof networkIntentSchema>;
export type NetworkIntents = z.infer<typeof networkIntentsSchema>;

/** Raised when an intents document is invalid; `problems` name each field (`intents[2].deny.to.cidr: …`). */
export class NetworkIntentError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid network intents:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NetworkIntentError';
  }
}

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(document)';
}

/**
 * Validates intents given as YAML or JSON text (or already-parsed data). Throws `NetworkIntentError` listing every
 * problem with its path and a hint; nothing is evaluated when any intent is invalid.
 */
export function parseNetworkIntents(input: string | unknown, source = 'intents'): NetworkIntents {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = parseYaml(input);
    } catch (error) {
      throw new NetworkIntentError(source, [`not valid YAML/JSON: ${(error as Error).message}`]);
    }
  }
  const result = networkIntentsSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => {
      if (issue.code === 'invalid_union' && issue.path.length === 2 && issue.path[0] === 'intents') {
        // Report the problems of the variant the intent was meant to be, not the union's summary.
        const raw = (data as { intents: Record<string, unknown>[] }).intents[issue.path[1] as number] ?? {};
        const kinds = (Object.keys(intentVariants) as (keyof typeof intentVariants)[]).filter((k) => raw && typeof raw === 'object' && k in raw);
        if (kinds.length !== 1) {
          return [`${pathText(issue.path)}: an intent needs an id and exactly one of deny, allow, allowOnly, defaultDeny (found ${kinds.length ? kinds.join(', ') : 'none'})`];
        }
        const inner = intentVariants[kinds[0]!].safeParse(raw);
        if (!inner.success) return inner.error.issues.map((i) => `${pathText([...issue.path, ...i.path])}: ${i.message}`);
      }
      return [`${pathText(issue.path)}: ${issue.message}`];
    });
    throw new NetworkIntentError(source, problems);
  }
  return result.data;
}

/** JSON Schema (draft 2020-12) of an intents document, for editors and API documentation; semantic checks stay in `parseNetworkIntents`. */
export function networkIntentsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(networkIntentsSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
}
