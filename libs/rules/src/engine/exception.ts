import { z } from 'zod';

/**
 * A waiver for findings, given to evaluation as input. `except` marks matching findings `excepted` (a known, justified
 * deviation); `accept` marks them `accepted` (a risk the owner accepts). Neither removes a finding from the report.
 */
export const ruleExceptionSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits, ".", "_", ":" or "-"'),
    rules: z.array(z.string().min(1)).min(1, 'name at least one rule id or glob (e.g. "pod-*")'),
    namespaces: z.array(z.string().min(1)).optional(),
    names: z.array(z.string().min(1)).optional(),
    kinds: z.array(z.string().min(1)).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    containers: z.array(z.string().min(1)).optional(),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a finding fingerprint is 32 lowercase hex characters')
      .optional(),
    justification: z.string().min(10, 'explain why in at least 10 characters'),
    owner: z.string().min(1),
    expires: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    mode: z.enum(['except', 'accept']).default('except'),
  })
  .strict();

export type RuleException = z.output<typeof ruleExceptionSchema>;
export type RuleExceptionInput = z.input<typeof ruleExceptionSchema>;

export class ExceptionFileError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid exceptions:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ExceptionFileError';
  }
}

/**
 * Validates exceptions (an array, or `{ exceptions: [...] }` as read from a YAML/JSON file).
 * Throws `ExceptionFileError` listing every problem with its path; duplicate ids are rejected.
 */
export function parseExceptions(input: unknown): RuleException[] {
  const list = Array.isArray(input)
    ? input
    : input && typeof input === 'object' && 'exceptions' in input
      ? (input as { exceptions: unknown }).exceptions
      : undefined;
  if (!Array.isArray(list))
    throw new ExceptionFileError(['expected a list of exceptions, or an object with an "exceptions" list']);
  const issues: string[] = [];
  const parsed: RuleException[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const result = ruleExceptionSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues)
        issues.push(
          `exceptions[${index}]${issue.path.map((part) => `.${String(part)}`).join('')}: ${issue.message}`,
        );
      return;
    }
    if (seen.has(result.data.id)) issues.push(`exceptions[${index}].id: duplicate id "${result.data.id}"`);
    seen.add(result.data.id);
    parsed.push(result.data);
  });
  if (issues.length > 0) throw new ExceptionFileError(issues);
  return parsed;
}

/** True when the exception's expiry is at or before the snapshot's collection time. */
export function exceptionExpired(exception: RuleException, collectedAt: string): boolean {
  if (!exception.expires) return false;
  const expires = exception.expires.length === 10 ? `${exception.expires}T23:59:59Z` : exception.expires;
  return Date.parse(expires) <= Date.parse(collectedAt);
}
