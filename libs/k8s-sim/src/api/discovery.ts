import { advertisedVerbs, groupVersionOf, type ResourceType } from './resource-catalog.js';

export interface ServerVersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
}

/** Discovery entries that always exist: the access-review APIs every cluster serves. */
const reviewTypes: ResourceType[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    namespaced: false,
  },
];

export function isReviewType(type: ResourceType): boolean {
  return reviewTypes.includes(type);
}

function apiResource(type: ResourceType): Record<string, unknown> {
  return {
    name: type.resource,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: isReviewType(type) ? ['create'] : advertisedVerbs,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.categories ? { categories: type.categories } : {}),
  };
}

/** Groups, versions and resources the simulator serves, derived from the data it holds. */
export class DiscoveryDocuments {
  private readonly byGroupVersion = new Map<string, ResourceType[]>();

  constructor(
    served: readonly ResourceType[],
    readonly version: ServerVersionInfo,
  ) {
    for (const type of [...served, ...reviewTypes]) {
      const gv = groupVersionOf(type);
      const list = this.byGroupVersion.get(gv) ?? [];
      list.push(type);
      this.byGroupVersion.set(gv, list);
    }
  }

  /** The resource type for a URL's group, version and resource name, when served. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byGroupVersion
      .get(group === '' ? version : `${group}/${version}`)
      ?.find((t) => t.resource === resource);
  }

  versionInfo(): unknown {
    const { major, minor, gitVersion } = this.version;
    return {
      major,
      minor,
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.23.4',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  coreVersions(serverAddress: string): unknown {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  private groups(): { name: string; versions: string[] }[] {
    const groups = new Map<string, string[]>();
    for (const gv of this.byGroupVersion.keys()) {
      const slash = gv.indexOf('/');
      if (slash < 0) continue;
      const versions = groups.get(gv.slice(0, slash)) ?? [];
      versions.push(gv.slice(slash + 1));
      groups.set(gv.slice(0, slash), versions);
    }
    return [...groups.entries()].map(([name, versions]) => ({ name, versions }));
  }

  private groupDocument(name: string, versions: string[]): Record<string, unknown> {
    const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: list, preferredVersion: list[0] };
  }

  groupList(): unknown {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.groups().map((g) => this.groupDocument(g.name, g.versions)),
    };
  }

  group(name: string): unknown | undefined {
    const found = this.groups().find((g) => g.name === name);
    return found
      ? { kind: 'APIGroup', apiVersion: 'v1', ...this.groupDocument(found.name, found.versions) }
      : undefined;
  }

  resourceList(groupVersion: string): unknown | undefined {
    const types = this.byGroupVersion.get(groupVersion);
    if (!types) return undefined;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: types.map(apiResource) };
  }

  /** Aggregated discovery (apidiscovery.k8s.io/v2) for `/api` (core) or `/apis` (named groups), as kubectl ≥ 1.30 asks first. */
  aggregated(core: boolean): unknown {
    const items: unknown[] = [];
    const groups = core ? [{ name: '', versions: ['v1'] }] : this.groups();
    for (const g of groups) {
      const versions = g.versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: (this.byGroupVersion.get(g.name === '' ? version : `${g.name}/${version}`) ?? []).map(
          (t) => ({
            resource: t.resource,
            responseKind: { group: t.group, version: t.version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: isReviewType(t) ? ['create'] : advertisedVerbs,
            ...(t.shortNames ? { shortNames: t.shortNames } : {}),
            ...(t.categories ? { categories: t.categories } : {}),
          }),
        ),
      }));
      items.push({ metadata: { name: g.name, creationTimestamp: null }, versions });
    }
    return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
  }
}
