import { describe, expect, it } from 'vitest';
import { snapshotFromManifests } from '../testing/manifest-snapshot.js';
import { isSystemSubject, resolvedBindings, ruleGrants } from './rbac-graph.js';

describe('RBAC resolution', () => {
  it('resolves RoleBindings to Roles or ClusterRoles in the binding namespace, and reports missing roles', () => {
    const { snapshot } = snapshotFromManifests(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: a }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: b }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: viewer }
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: r, namespace: b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: app, namespace: b }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: c, namespace: a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer }
subjects: [{ kind: Group, name: devs }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: gone }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deleted }
subjects: [{ kind: User, name: alice }]
`);
    const bindings = resolvedBindings(snapshot);
    const byName = new Map(bindings.map((binding) => [binding.binding.metadata.name, binding]));
    expect(byName.get('r')?.role?.metadata.namespace).toBe('b');
    expect(byName.get('r')?.scope).toBe('b');
    expect(byName.get('c')).toMatchObject({ roleKind: 'ClusterRole', scope: 'a' });
    expect(byName.get('gone')).toMatchObject({ role: undefined, scope: undefined });
  });

  it('matches verbs, resources, subresources and API groups with wildcards', () => {
    expect(
      ruleGrants({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }, 'create', 'pods/exec'),
    ).toBe(true);
    expect(ruleGrants({ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }, 'get', 'pods/attach')).toBe(
      true,
    );
    expect(
      ruleGrants({ apiGroups: [''], resources: ['pods'], verbs: ['create'] }, 'create', 'pods/exec'),
    ).toBe(false);
    expect(
      ruleGrants({ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }, 'delete', 'deployments', 'apps'),
    ).toBe(true);
    expect(ruleGrants({ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }, 'get', 'secrets', '')).toBe(
      false,
    );
  });

  it('treats system components, not anonymous users, as system subjects', () => {
    expect(isSystemSubject({ kind: 'User', name: 'system:kube-scheduler' })).toBe(true);
    expect(isSystemSubject({ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' })).toBe(true);
    expect(isSystemSubject({ kind: 'Group', name: 'system:unauthenticated' })).toBe(false);
    expect(isSystemSubject({ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' })).toBe(false);
  });
});
