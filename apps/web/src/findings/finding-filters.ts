import type { paths } from '@meshguard/api-client';
import type { FindingsSearch } from '../app/router.js';

type FindingQuery = NonNullable<paths['/v1/findings']['get']['parameters']['query']>;
type Severity = NonNullable<FindingQuery['severity']>[number];
type Status = NonNullable<FindingQuery['status']>;

const severityValues: readonly string[] = ['critical', 'high', 'medium', 'low', 'info'];
export const findingStatuses: readonly Status[] = ['open', 'new', 'resolved', 'excepted', 'accepted'];

/** The page's search parameters (plain strings in the URL) as the API's typed query; unknown values are dropped. */
export function findingQueryOf(search: FindingsSearch): Omit<FindingQuery, 'cursor' | 'limit'> {
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const severity = list(search.severity)?.filter((value): value is Severity => severityValues.includes(value));
  const status = findingStatuses.find((value) => value === search.status);
  return {
    ...(search.clusterId ? { clusterId: search.clusterId } : {}),
    ...(severity?.length ? { severity } : {}),
    ...(status ? { status } : {}),
    ...(list(search.area)?.length ? { area: list(search.area) } : {}),
    ...(list(search.rule)?.length ? { rule: list(search.rule) } : {}),
    ...(search.namespace ? { namespace: search.namespace } : {}),
    ...(search.kind ? { kind: search.kind } : {}),
    ...(search.framework ? { framework: search.framework } : {}),
    ...(search.framework && search.control ? { control: search.control } : {}),
  };
}

/** "ns/name" or "name" for cluster-scoped resources, with the kind. */
export function resourceLabel(resource: { kind: string; namespace?: string | null; name: string }): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}
