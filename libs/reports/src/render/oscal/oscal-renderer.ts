import { createHash } from 'node:crypto';
import type { ComplianceReportModel, ControlStatus, ReportControl } from '../../model/report-model.js';
import { writeJsonStream } from '../json/json-stream.js';
import { statusLabels } from '../report-text.js';
import type { TextSink } from '../text-sink.js';

/** The OSCAL version our assessment results follow (docs/oscal-assessment-results.schema.json). */
export const oscalVersion = '1.1.2';
/** Namespace of meshguard's own OSCAL properties. */
export const oscalNamespace = 'https://meshguard.io/ns/oscal';

/**
 * How a control status becomes an OSCAL finding target status. OSCAL knows only `satisfied` and `not-satisfied`:
 * anything not measured (manual, not assessable) is `not-satisfied` with its own reason, so no GRC tool can read it
 * as met; `not-applicable` is `satisfied` with reason `not-applicable` (measured: nothing in scope to check).
 */
export const oscalTargetStatus: Record<
  ControlStatus,
  { state: 'satisfied' | 'not-satisfied'; reason: string }
> = {
  pass: { state: 'satisfied', reason: 'pass' },
  fail: { state: 'not-satisfied', reason: 'fail' },
  manual: { state: 'not-satisfied', reason: 'manual' },
  'not-applicable': { state: 'satisfied', reason: 'not-applicable' },
  'not-assessable': { state: 'not-satisfied', reason: 'not-assessable' },
};

/** An OSCAL control-id (a token: a letter or underscore first): the framework id, `_`, the control id. */
export function oscalControlId(frameworkId: string, controlId: string): string {
  return `${frameworkId}_${controlId}`.replace(/[^\p{L}\p{N}._-]/gu, '-').replace(/^[^\p{L}_]/u, '_');
}

/**
 * OSCAL 1.1 assessment-results (JSON): one result for the report; clusters are local components; each control ×
 * cluster is an observation (failing resources as relevant evidence); each control is a finding whose target is the
 * control, related to its observations. UUIDs are derived from the report (version 5 style), so the same model gives
 * the same bytes. There is no separate assessment plan, so `import-ap` points at a back-matter resource that
 * describes the automated assessment.
 */
export async function renderOscal(model: ComplianceReportModel, out: TextSink): Promise<void> {
  const seed =
    model.reportId ??
    `${model.framework.id}|${model.scope.kind}|${model.scope.description}|${model.asOf}|${model.generatedAt}`;
  const uuid = (...parts: string[]) => derivedUuid(seed, parts.join('\u0000'));
  const planUuid = uuid('assessment-plan');
  const componentUuid = new Map(
    model.clusters.map((cluster) => [cluster.clusterId, uuid('component', cluster.clusterId)]),
  );
  const collected = model.clusters.flatMap((cluster) =>
    cluster.measured && cluster.scan ? [cluster.scan.collectedAt] : [],
  );
  const start =
    collected.length > 0 ? collected.reduce((min, value) => (value < min ? value : min)) : model.asOf;
  const title = `${model.framework.title} ${model.framework.version}: ${model.scope.description}`;

  const metadata = {
    title,
    published: model.generatedAt,
    'last-modified': model.generatedAt,
    version: model.reportId ?? model.generatedAt,
    'oscal-version': oscalVersion,
    props: [
      prop('framework', model.framework.id),
      prop('framework-version', model.framework.version),
      prop('tool', `${model.tool.name} ${model.tool.version}`),
    ],
  };
  out.write(
    `{"assessment-results":{"uuid":"${uuid('document')}","metadata":${JSON.stringify(metadata)},"import-ap":{"href":"#${planUuid}"},"results":[{`,
  );
  const result = {
    uuid: uuid('result'),
    title,
    description: `Automated assessment of ${model.framework.title} ${model.framework.version} controls over ${model.scope.kind} "${model.scope.description}" as of ${model.asOf}, by ${model.tool.name}, from the latest finished scan of each cluster at or before that time.`,
    start,
    end: model.asOf,
    props: [
      prop('overall-status', model.summary.status),
      prop('score', model.summary.score.score === null ? 'n/a' : String(model.summary.score.score)),
      prop('clusters', String(model.summary.clusters.total)),
      prop('clusters-measured', String(model.summary.clusters.measured)),
      prop('open-findings', String(model.summary.findings.open)),
      prop('failing-resources', String(model.summary.failingResources)),
    ],
  };
  out.write(JSON.stringify(result).slice(1, -1));
  if (model.clusters.length > 0) {
    out.write(`,"local-definitions":{"components":[`);
    let first = true;
    for (const cluster of model.clusters) {
      const component = {
        uuid: componentUuid.get(cluster.clusterId),
        type: 'system',
        title: cluster.name,
        description: `Kubernetes cluster ${cluster.name} (${cluster.clusterId}); coverage ${cluster.coverageState}${cluster.coverageReason ? `: ${cluster.coverageReason}` : ''}.`,
        props: [
          prop('cluster-id', cluster.clusterId),
          prop('coverage-state', cluster.coverageState),
          prop('measured', String(cluster.measured)),
          ...(cluster.score.score === null ? [] : [prop('score', String(cluster.score.score))]),
          ...Object.entries(cluster.labels).map(([key, value]) => prop('label', `${key}=${value}`)),
        ].filter((entry) => entry.value !== ''),
        status: { state: 'operational' },
      };
      out.write(`${first ? '' : ','}${JSON.stringify(component)}`);
      first = false;
      await out.flushIfFull();
    }
    out.write(`]}`);
  }
  out.write(
    `,"reviewed-controls":{"control-selections":[{"description":${JSON.stringify(`Every control of ${model.framework.title} ${model.framework.version}.`)},"include-controls":${JSON.stringify(
      model.controls.map((control) => ({
        'control-id': oscalControlId(model.framework.id, control.controlId),
      })),
    )}}]}`,
  );
  const observed = model.clusters.length > 0 && model.controls.length > 0;
  if (observed) {
    out.write(`,"observations":[`);
    let first = true;
    const clusters = new Map(model.clusters.map((cluster) => [cluster.clusterId, cluster]));
    for (const control of model.controls) {
      const findingsByCluster = new Map<string, ReportControl['findings']>();
      for (const item of control.findings) {
        const list = findingsByCluster.get(item.clusterId);
        if (list) list.push(item);
        else findingsByCluster.set(item.clusterId, [item]);
      }
      for (const result of control.clusters) {
        const cluster = clusters.get(result.clusterId);
        const evidence = (findingsByCluster.get(result.clusterId) ?? []).map((finding) => ({
          description: `${finding.status} ${finding.severity} ${finding.ruleId}: ${finding.resource.kind}/${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}${finding.container ? ` container ${finding.container}` : ''}: ${finding.message}`,
          props: [prop('finding-status', finding.status), prop('fingerprint', finding.fingerprint)],
        }));
        const observation = {
          uuid: uuid('observation', control.controlId, result.clusterId),
          title: `${control.controlId} on ${cluster?.name ?? result.clusterId}`,
          description: `${statusLabels[result.status]}${result.reason ? `: ${result.reason}` : ''}. Rules: ${result.rules.map((rule) => `${rule.ruleId} ${rule.status}`).join(', ') || 'none (manual control)'}.`,
          props: [
            prop('status', result.status),
            ...(result.score === null ? [] : [prop('score', String(result.score))]),
          ],
          methods: [control.rules.length === 0 || result.status === 'manual' ? 'EXAMINE' : 'TEST'],
          types: ['control-objective'],
          subjects: [{ 'subject-uuid': componentUuid.get(result.clusterId), type: 'component' }],
          ...(evidence.length > 0 ? { 'relevant-evidence': evidence } : {}),
          collected: cluster?.measured && cluster.scan ? cluster.scan.collectedAt : model.asOf,
        };
        out.write(first ? '' : ',');
        first = false;
        await writeJsonStream(out, observation, 2);
      }
    }
    out.write(`]`);
  }
  out.write(`,"findings":[`);
  let first = true;
  for (const control of model.controls) {
    out.write(first ? '' : ',');
    first = false;
    await writeJsonStream(out, finding(model, control, uuid, observed), 2);
  }
  out.write(`]}]`);
  const plan = {
    uuid: planUuid,
    title: `${model.tool.name} automated assessment plan`,
    description: `No separate OSCAL assessment plan exists: ${model.tool.name} assesses every control of ${model.framework.title} ${model.framework.version} automatically from read-only Kubernetes API snapshots of each cluster in scope (${model.scope.kind} "${model.scope.description}").`,
  };
  out.write(`,"back-matter":{"resources":[${JSON.stringify(plan)}]}}}\n`);
}

function finding(
  model: ComplianceReportModel,
  control: ReportControl,
  uuid: (...parts: string[]) => string,
  observed: boolean,
): Record<string, unknown> {
  const target = oscalTargetStatus[control.status];
  const counts = Object.entries(control.clusterStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return {
    uuid: uuid('finding', control.controlId),
    title: `${control.controlId} ${control.title}`,
    description: `${statusLabels[control.status]} over the scope (clusters: ${counts || 'none'}).${control.manualReason ? ` Manual review: ${control.manualReason}` : ''}`,
    props: [
      prop('status', control.status),
      ...(control.score.score === null ? [] : [prop('score', String(control.score.score))]),
      prop('open-findings', String(control.findingCounts.open)),
      ...control.exceptions.map((exception) =>
        prop(
          'exception',
          `${exception.exceptionId} (${exception.mode}, owner ${exception.owner}, expires ${exception.expires ?? 'never'}): ${exception.justification}`,
        ),
      ),
    ],
    target: {
      type: 'objective-id',
      'target-id': oscalControlId(model.framework.id, control.controlId),
      status: { state: target.state, reason: target.reason },
    },
    ...(observed
      ? {
          'related-observations': control.clusters.map((result) => ({
            'observation-uuid': uuid('observation', control.controlId, result.clusterId),
          })),
        }
      : {}),
  };
}

function prop(name: string, value: string): { name: string; ns: string; value: string } {
  // OSCAL property values have no leading or trailing whitespace.
  return { name, ns: oscalNamespace, value: value.trim().replace(/\s+/g, ' ') };
}

/** A version-5-style UUID from a hash of the seed and name: stable for the same report. */
function derivedUuid(seed: string, name: string): string {
  const bytes = createHash('sha256').update(seed).update('\u0001').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
