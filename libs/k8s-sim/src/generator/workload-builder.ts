import type { K8sObject } from '../api/k8s-object.js';
import type { NamespacePlan, WorkloadPlan } from './cluster-plan.js';
import type { Rng } from './generator-random.js';
import { makeObject, ownerOf, timestamp } from './object-factory.js';
import type { PodSlot, Placement } from './placement.js';
import { podSpec } from './pod-template-builder.js';

/** What a Service selects: the workload's pods and their port. */
export interface ServiceTarget {
  name: string;
  labels: Record<string, string>;
  pods: K8sObject[];
  port: number;
}

/** Pods of a workload as the controller would have created them. */
export function podObject(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  owner: K8sObject,
  spec: Record<string, unknown>,
  slot: PodSlot,
  phase: 'Running' | 'Succeeded',
  minute: number,
  restarts: number,
): K8sObject {
  const containers = spec.containers as { name: string; image: string }[];
  return makeObject(
    'v1',
    'Pod',
    { name, namespace, labels, owner: ownerOf(owner), createdMinute: minute },
    {
      spec: {
        ...spec,
        nodeName: slot.node,
        schedulerName: 'default-scheduler',
        ...(phase === 'Succeeded' ? { restartPolicy: 'OnFailure' } : {}),
      },
      status: {
        phase,
        hostIP: slot.hostIp,
        podIP: slot.podIp,
        podIPs: [{ ip: slot.podIp }],
        startTime: timestamp(minute),
        qosClass: 'Burstable',
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image,
          ready: phase === 'Running',
          started: phase === 'Running',
          restartCount: restarts,
          state:
            phase === 'Running'
              ? { running: { startedAt: timestamp(minute + 1) } }
              : { terminated: { exitCode: 0, reason: 'Completed' } },
        })),
      },
    },
  );
}

/** A workload with its controller chain (ReplicaSets, Jobs) and pods; exposed workloads are added to `targets`. */
export function* workloadObjects(
  ns: Pick<NamespacePlan, 'name' | 'team'>,
  w: WorkloadPlan,
  rng: Rng,
  placement: Placement,
  minute: number,
  targets: ServiceTarget[],
  extraLabels: Record<string, string> = {},
): Generator<K8sObject> {
  const namespace = ns.name;
  const appLabels = {
    app: w.name,
    'app.kubernetes.io/name': w.name,
    'app.kubernetes.io/part-of': ns.team,
    team: ns.team,
    ...extraLabels,
  };
  const selector = { matchLabels: { app: w.name } };
  const image = `registry.example.com/${ns.team}/${w.name}:1.${rng.int(0, 20)}.${rng.int(0, 9)}`;
  const port = 8080;
  const spec = podSpec({
    containers: [{ name: w.name, image, port, flags: w.flags }],
    serviceAccount: w.name,
    flags: w.flags,
  });
  if (!w.flags.defaultServiceAccount)
    yield makeObject('v1', 'ServiceAccount', {
      name: w.name,
      namespace,
      labels: { team: ns.team },
      createdMinute: minute,
    });
  const template = { metadata: { labels: appLabels }, spec };
  const pods: K8sObject[] = [];
  if (w.kind === 'Deployment') {
    const deployment = makeObject(
      'apps/v1',
      'Deployment',
      {
        name: w.name,
        namespace,
        labels: appLabels,
        annotations: { 'deployment.kubernetes.io/revision': w.oldReplicaSet ? '2' : '1' },
        createdMinute: minute,
      },
      {
        spec: {
          replicas: w.replicas,
          selector,
          template,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
          revisionHistoryLimit: 10,
        },
        status: {
          observedGeneration: 1,
          replicas: w.replicas,
          readyReplicas: w.replicas,
          availableReplicas: w.replicas,
          updatedReplicas: w.replicas,
        },
      },
    );
    yield deployment;
    if (w.oldReplicaSet) {
      const hash = rng.suffix(10);
      yield makeObject(
        'apps/v1',
        'ReplicaSet',
        {
          name: `${w.name}-${hash}`,
          namespace,
          labels: { ...appLabels, 'pod-template-hash': hash },
          owner: ownerOf(deployment),
          createdMinute: minute,
        },
        {
          spec: {
            replicas: 0,
            selector: { matchLabels: { app: w.name, 'pod-template-hash': hash } },
            template: { metadata: { labels: { ...appLabels, 'pod-template-hash': hash } }, spec },
          },
          status: { replicas: 0, observedGeneration: 1 },
        },
      );
    }
    const hash = rng.suffix(10);
    const rsLabels = { ...appLabels, 'pod-template-hash': hash };
    const rs = makeObject(
      'apps/v1',
      'ReplicaSet',
      {
        name: `${w.name}-${hash}`,
        namespace,
        labels: rsLabels,
        owner: ownerOf(deployment),
        createdMinute: minute + 5,
      },
      {
        spec: {
          replicas: w.replicas,
          selector: { matchLabels: { app: w.name, 'pod-template-hash': hash } },
          template: { metadata: { labels: rsLabels }, spec },
        },
        status: {
          replicas: w.replicas,
          readyReplicas: w.replicas,
          availableReplicas: w.replicas,
          fullyLabeledReplicas: w.replicas,
          observedGeneration: 1,
        },
      },
    );
    yield rs;
    for (let i = 0; i < w.replicas; i++) {
      const pod = podObject(
        `${rs.metadata.name}-${rng.suffix(5)}`,
        namespace,
        rsLabels,
        rs,
        spec,
        placement.slot(w.flags.hostNetwork),
        'Running',
        minute + 6,
        rng.chance(0.1) ? rng.int(1, 12) : 0,
      );
      pods.push(pod);
      yield pod;
    }
  } else if (w.kind === 'StatefulSet') {
    const sts = makeObject(
      'apps/v1',
      'StatefulSet',
      { name: w.name, namespace, labels: appLabels, createdMinute: minute },
      {
        spec: {
          replicas: w.replicas,
          serviceName: w.name,
          selector,
          template,
          podManagementPolicy: 'OrderedReady',
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
            },
          ],
        },
        status: {
          replicas: w.replicas,
          readyReplicas: w.replicas,
          currentReplicas: w.replicas,
          updatedReplicas: w.replicas,
          availableReplicas: w.replicas,
        },
      },
    );
    yield sts;
    for (let i = 0; i < w.replicas; i++) {
      const labels = {
        ...appLabels,
        'statefulset.kubernetes.io/pod-name': `${w.name}-${i}`,
        'apps.kubernetes.io/pod-index': String(i),
      };
      const pod = podObject(
        `${w.name}-${i}`,
        namespace,
        labels,
        sts,
        { ...spec, hostname: `${w.name}-${i}`, subdomain: w.name },
        placement.slot(w.flags.hostNetwork),
        'Running',
        minute + 2 + i,
        0,
      );
      pods.push(pod);
      yield pod;
    }
  } else {
    const jobSpec = {
      backoffLimit: 3,
      template: { metadata: { labels: appLabels }, spec: { ...spec, restartPolicy: 'OnFailure' } },
    };
    const cron = makeObject(
      'batch/v1',
      'CronJob',
      { name: w.name, namespace, labels: appLabels, createdMinute: minute },
      {
        spec: {
          schedule: `${rng.int(0, 59)} */${rng.pick([1, 2, 4, 6])} * * *`,
          concurrencyPolicy: 'Forbid',
          suspend: false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: { spec: jobSpec },
        },
        status: { lastScheduleTime: timestamp(minute + 600) },
      },
    );
    yield cron;
    const jobName = `${w.name}-${29_000_000 + rng.int(0, 999_999)}`;
    const job = makeObject(
      'batch/v1',
      'Job',
      {
        name: jobName,
        namespace,
        labels: { ...appLabels, 'job-name': jobName },
        owner: ownerOf(cron),
        createdMinute: minute + 600,
      },
      {
        spec: { ...jobSpec, completions: 1, parallelism: 1 },
        status: { succeeded: 1, startTime: timestamp(minute + 600), completionTime: timestamp(minute + 602) },
      },
    );
    yield job;
    yield podObject(
      `${jobName}-${rng.suffix(5)}`,
      namespace,
      { ...appLabels, 'job-name': jobName, 'batch.kubernetes.io/job-name': jobName },
      job,
      jobSpec.template.spec,
      placement.slot(w.flags.hostNetwork),
      'Succeeded',
      minute + 600,
      0,
    );
  }
  if (w.service) targets.push({ name: w.name, labels: { app: w.name }, pods, port });
}
