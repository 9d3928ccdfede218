import type { RuleFinding } from '../../engine/rule.js';
import { fieldPointer, type ContainerSite } from '../../workload/pod-specs.js';
import { containerFinding } from './finding.js';

/**
 * A finding when the container sets no `resources.<section>.<resource>` (empty and zero count as unset). A missing
 * request falls back to the limit, as Kubernetes defaults a request from its limit.
 */
export function unsetResourceFinding(
  site: ContainerSite,
  section: 'limits' | 'requests',
  resource: 'cpu' | 'memory',
): RuleFinding | undefined {
  const resources = site.container.resources;
  const value =
    section === 'requests'
      ? (resources?.requests?.[resource] ?? resources?.limits?.[resource])
      : resources?.limits?.[resource];
  return value === undefined || value === '' || value === 0 || value === '0'
    ? containerFinding(site, fieldPointer(site.pointer, `resources/${section}/${resource}`), 'is not set')
    : undefined;
}
