import type { ReportScopeRecord } from '@meshguard/db';
import type { FieldError } from '../problems/domain-error.js';
import { labelProblems } from '../clusters/labels.js';

/** What a request may send as a scope: exactly one of a cluster id, a label selector or the fleet. */
export interface ReportScopeInput {
  clusterId?: string;
  selector?: string;
  fleet?: boolean;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The stored scope, or the field errors saying why the input is not one. */
export function parseReportScope(input: ReportScopeInput | undefined, field: string): ReportScopeRecord | FieldError[] {
  const chosen = [input?.clusterId !== undefined, input?.selector !== undefined, input?.fleet === true].filter(Boolean).length;
  if (!input || chosen !== 1) {
    return [{ field, message: 'give exactly one of clusterId (a cluster), selector (labels such as "env=prod,team=payments") or fleet: true' }];
  }
  if (input.fleet === false) return [{ field: `${field}.fleet`, message: 'fleet may only be true' }];
  if (input.clusterId !== undefined) {
    return uuid.test(input.clusterId) ? { kind: 'cluster', clusterId: input.clusterId.toLowerCase() } : [{ field: `${field}.clusterId`, message: 'must be a cluster id (UUID)' }];
  }
  if (input.fleet) return { kind: 'fleet' };
  const selector = parseSelector(input.selector ?? '');
  if (!selector) return [{ field: `${field}.selector`, message: 'use key=value pairs separated by commas, e.g. env=prod,team=payments' }];
  const problems = labelProblems(selector, `${field}.selector`);
  return problems.length > 0 ? problems : { kind: 'selector', selector };
}

function parseSelector(text: string): Record<string, string> | undefined {
  const pairs = text.split(',').map((pair) => pair.trim());
  if (pairs.length === 0 || pairs.some((pair) => !/^[^=\s]+=[^=,\s]*$/.test(pair))) return undefined;
  const selector: Record<string, string> = {};
  for (const pair of pairs) {
    const [key, value] = pair.split('=', 2) as [string, string];
    if (key in selector) return undefined;
    selector[key] = value;
  }
  return selector;
}

/** The scope as the API shows it back: the same three shapes a request sends. */
export function scopeView(scope: ReportScopeRecord): { kind: ReportScopeRecord['kind']; clusterId?: string; selector?: string } {
  switch (scope.kind) {
    case 'cluster':
      return { kind: 'cluster', clusterId: scope.clusterId };
    case 'selector':
      return { kind: 'selector', selector: Object.entries(scope.selector).map(([key, value]) => `${key}=${value}`).join(',') };
    case 'fleet':
      return { kind: 'fleet' };
  }
}
