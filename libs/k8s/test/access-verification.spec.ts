import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertReadOnly,
  checkListAccess,
  prepareClusterAccess,
  verifyAccess,
  WriteCapableCredentialError,
  type AccessVerdict,
} from '../src/index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ preset: 'demo' });
});
afterAll(() => sim.stop());

async function verdictFor(token: string, clientCert = false): Promise<AccessVerdict> {
  const target = await prepareClusterAccess(sim.kubeconfig({ token, clientCert }), {
    allowedAddresses: ['127.0.0.1'],
  });
  return verifyAccess(target);
}

describe('read-only verification', () => {
  it('classifies a get/list/watch token as read-only and says whose it is', async () => {
    const verdict = await verdictFor('read-only');
    expect(verdict.classification).toBe('read-only');
    expect(verdict.writePermissions).toEqual([]);
    expect(verdict.identity?.username).toBe('sim:read-only');
    expect(verdict.namespacesChecked).toBe(sim.counts().namespaces);
    expect(verdict.notes.join('\n')).toMatch(/Secret values/);
    // resources: ['*'] includes nodes/proxy and pods/exec for get: reported, not refused.
    expect(verdict.sensitiveReads.some((g) => g.resources?.includes('*'))).toBe(true);
    expect(() => assertReadOnly(verdict)).not.toThrow();
  });

  it('classifies a cluster-admin token as write-capable with the permissions found', async () => {
    const verdict = await verdictFor('write-capable');
    expect(verdict.classification).toBe('write-capable');
    expect(verdict.writePermissions).toContainEqual(
      expect.objectContaining({ namespaces: '*', verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
    );
    expect(verdict.writePermissions).toContainEqual(
      expect.objectContaining({ namespaces: '*', verbs: ['*'], nonResourceURLs: ['*'] }),
    );
    expect(() => assertReadOnly(verdict)).toThrow(WriteCapableCredentialError);
    expect(() => assertReadOnly(verdict, { allowWriteCapable: true })).not.toThrow();
  });

  it('finds writes granted in a single namespace by a RoleBinding', async () => {
    const verdict = await verdictFor('limited-writer');
    expect(verdict.classification).toBe('write-capable');
    const inDefault = verdict.writePermissions.filter(
      (g) => Array.isArray(g.namespaces) && g.namespaces.join() === 'default',
    );
    expect(inDefault.map((g) => g.verbs.join(',')).sort()).toEqual(['create', 'delete', 'patch,update']);
    expect(inDefault).toContainEqual(
      expect.objectContaining({ resources: ['configmaps'], resourceNames: ['app-settings'] }),
    );
    const error = (() => {
      try {
        assertReadOnly(verdict);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/patch,update on deployments \(groups apps\) in namespaces default/);
    expect(error?.message).toMatch(/create on pods\/exec/);
  });

  it('classifies a client-certificate identity the same way as its token', async () => {
    const verdict = await verdictFor('read-only', true);
    expect(verdict.classification).toBe('read-only');
    expect(verdict.identity?.username).toBe('sim:read-only');
  });

  it('says unknown when it cannot see every namespace', async () => {
    const verdict = await verdictFor('namespace-reader');
    expect(verdict.classification).toBe('unknown');
    expect(verdict.notes.join('\n')).toMatch(/cannot list namespaces/);
    expect(() => assertReadOnly(verdict)).toThrow(/not provably read-only/);
  });

  it('a read-only credential missing some kinds is still read-only; the list-access check names the kinds it cannot read', async () => {
    const target = await prepareClusterAccess(sim.kubeconfig({ token: 'forbidden-rbac' }), {
      allowedAddresses: ['127.0.0.1'],
    });
    expect((await verifyAccess(target)).classification).toBe('read-only');
    const access = await checkListAccess(target);
    expect(access.gaps.filter((g) => g.reason === 'forbidden').map((g) => g.kind)).toEqual([
      'clusterrolebindings',
      'clusterroles',
      'rolebindings',
      'roles',
    ]);
    expect(access.readable).toContain('pods');
  });
});
