import type { K8sObject } from '../api/k8s-object.js';
import type { NamespacePlan, SecretKind } from './cluster-plan.js';
import type { Rng } from './generator-random.js';
import { b64, makeObject } from './object-factory.js';

const fakeCa =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUc3ludGhldGljLWNsdXN0ZXItY2EwCgYIKoZIzj0EAwIw\nFTETMBEGA1UEAxMKa3ViZXJuZXRlczAeFw0yNjAxMDUwOTAwMDBaFw0zNjAxMDMw\n-----END CERTIFICATE-----\n';

/** Secret-looking values planted in some ConfigMaps, in rotation: what a secret scanner must flag. */
function secretLookingEntry(variant: number, rng: Rng): Record<string, string> {
  switch (variant % 3) {
    case 0:
      return { DATABASE_PASSWORD: `Pa55w0rd-${rng.suffix(8)}` };
    case 1:
      return {
        AWS_ACCESS_KEY_ID: `AKIA${rng.suffix(16).toUpperCase()}`,
        AWS_SECRET_ACCESS_KEY: `${rng.suffix(20)}/${rng.suffix(19)}`,
      };
    default:
      return {
        'tls.key': `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${rng.suffix(40)}\n-----END PRIVATE KEY-----\n`,
      };
  }
}

function appNames(ns: NamespacePlan): string[] {
  return ns.workloads.length > 0 ? ns.workloads.map((w) => w.name) : ['app'];
}

function uniqueName(base: string, used: Map<string, number>): string {
  const n = (used.get(base) ?? 0) + 1;
  used.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/** `kube-root-ca.crt` (every namespace has it) plus the planned app ConfigMaps. */
export function* configMaps(ns: NamespacePlan, rng: Rng, minute: number): Generator<K8sObject> {
  yield rootCaConfigMap(ns.name, minute);
  const apps = appNames(ns);
  const used = new Map<string, number>();
  let planted = 0;
  for (const [k, secretLooking] of ns.configMaps.entries()) {
    const app = apps[k % apps.length]!;
    const name = uniqueName(k < apps.length ? `${app}-config` : `${app}-settings`, used);
    const data: Record<string, string> = {
      LOG_LEVEL: rng.pick(['info', 'debug', 'warn']),
      HTTP_PORT: '8080',
      FEATURE_FLAGS: 'new-checkout=false,fast-search=true',
      'application.yaml': `server:\n  port: 8080\nservice:\n  name: ${app}\n  upstream: http://${apps[(k + 1) % apps.length]}.${ns.name}.svc.cluster.local\n`,
      ...(secretLooking ? secretLookingEntry(planted++, rng) : {}),
    };
    yield makeObject(
      'v1',
      'ConfigMap',
      { name, namespace: ns.name, labels: { app, team: ns.team }, createdMinute: minute + k },
      { data },
    );
  }
}

export function rootCaConfigMap(namespace: string, minute: number): K8sObject {
  return makeObject(
    'v1',
    'ConfigMap',
    {
      name: 'kube-root-ca.crt',
      namespace,
      annotations: {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc.',
      },
      createdMinute: minute,
    },
    { data: { 'ca.crt': fakeCa } },
  );
}

function secretBody(
  kind: SecretKind,
  app: string,
  ns: NamespacePlan,
  rng: Rng,
): { data: Record<string, string>; annotations?: Record<string, string>; labels?: Record<string, string> } {
  switch (kind) {
    case 'kubernetes.io/tls':
      return {
        data: {
          'tls.crt': b64(fakeCa),
          'tls.key': b64(
            `-----BEGIN PRIVATE KEY-----\nsynthetic-${rng.suffix(32)}\n-----END PRIVATE KEY-----\n`,
          ),
        },
      };
    case 'kubernetes.io/dockerconfigjson':
      return {
        data: {
          '.dockerconfigjson': b64(
            JSON.stringify({
              auths: {
                'registry.example.com': {
                  username: `${ns.team}-puller`,
                  password: rng.suffix(24),
                  auth: b64(`${ns.team}-puller:${rng.suffix(24)}`),
                },
              },
            }),
          ),
        },
      };
    case 'kubernetes.io/service-account-token':
      return {
        data: {
          token: b64(
            `eyJhbGciOiJSUzI1NiIsImtpZCI6InN5bnRoZXRpYyJ9.${b64(JSON.stringify({ sub: `system:serviceaccount:${ns.name}:${app}` }))}.${rng.suffix(43)}`,
          ),
          'ca.crt': b64(fakeCa),
          namespace: b64(ns.name),
        },
        annotations: { 'kubernetes.io/service-account.name': app },
      };
    case 'helm.sh/release.v1':
      return {
        data: { release: b64(`H4sIAAAAAAAC/synthetic-helm-release-${rng.suffix(48)}`) },
        labels: { owner: 'helm', name: app, status: 'deployed', version: '1' },
      };
    default:
      return {
        data: {
          username: b64(`${app}-user`),
          password: b64(rng.suffix(20)),
          'connection-string': b64(`postgres://${app}-user:${rng.suffix(16)}@db.${ns.name}.svc:5432/${app}`),
        },
      };
  }
}

function secretName(kind: SecretKind, app: string): string {
  switch (kind) {
    case 'kubernetes.io/tls':
      return `${app}-tls`;
    case 'kubernetes.io/dockerconfigjson':
      return 'registry-credentials';
    case 'kubernetes.io/service-account-token':
      return `${app}-token`;
    case 'helm.sh/release.v1':
      return `sh.helm.release.v1.${app}.v1`;
    default:
      return `${app}-credentials`;
  }
}

/** The planned Secrets of a namespace, with synthetic values of each type's shape. */
export function* secrets(ns: NamespacePlan, rng: Rng, minute: number): Generator<K8sObject> {
  const apps = appNames(ns);
  const used = new Map<string, number>();
  for (const [k, kind] of ns.secrets.entries()) {
    const app = apps[k % apps.length]!;
    const body = secretBody(kind, app, ns, rng);
    yield makeObject(
      'v1',
      'Secret',
      {
        name: uniqueName(secretName(kind, app), used),
        namespace: ns.name,
        labels: { team: ns.team, ...body.labels },
        ...(body.annotations ? { annotations: body.annotations } : {}),
        createdMinute: minute + k,
      },
      { type: kind, data: body.data },
    );
  }
}
