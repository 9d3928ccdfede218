/** A parsed resource URL: `/api/v1/namespaces/ns/pods/name/log` → group '', version v1, namespace, resource, name, subresource. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/** Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource URLs; undefined for anything else. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segments = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1]!;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1]!;
    version = segments[2]!;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  // `/namespaces/{ns}` alone (or with status/finalize) is the Namespace object itself.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && ['status', 'finalize'].includes(rest[2]!))
  ) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length > 0) return undefined;
    return {
      group,
      version,
      namespace: namespace!,
      resource: resource!,
      ...(name ? { name } : {}),
      ...(subresource ? { subresource } : {}),
    };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length > 0) return undefined;
  return {
    group,
    version,
    resource: resource!,
    ...(name ? { name } : {}),
    ...(subresource ? { subresource } : {}),
  };
}
