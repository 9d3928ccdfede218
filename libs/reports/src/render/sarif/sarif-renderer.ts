import { catalog, controlsOfRule } from '@meshguard/rules';
import type { ComplianceReportModel } from '../../model/report-model.js';
import { writeJsonStream } from '../json/json-stream.js';
import type { TextSink } from '../text-sink.js';
import { sarifResult, sarifRule, sarifSchemaUri, sarifVersion } from './sarif-parts.js';

/**
 * SARIF 2.1.0: one run; the framework is a taxonomy whose taxa are its controls (status, score and clusters per
 * status in their properties), the framework's rules are the driver's rules (related to their controls), every
 * finding behind the framework is a result located by cluster and resource, and each coverage issue is a tool
 * execution notification.
 */
export async function renderSarif(model: ComplianceReportModel, out: TextSink): Promise<void> {
  const rules = new Map(catalog.map((rule) => [rule.id as string, rule]));
  const ruleIds = [...new Set(model.controls.flatMap((control) => control.rules.map((rule) => rule.ruleId)))];
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const taxonomy = model.framework.id;
  const driver = {
    name: model.tool.name,
    version: model.tool.version,
    ...(model.tool.informationUri ? { informationUri: model.tool.informationUri } : {}),
    supportedTaxonomies: [{ name: taxonomy, index: 0 }],
    rules: ruleIds.map((id) => {
      const rule = rules.get(id);
      const controls = controlsOfRule(id);
      return {
        ...sarifRule({
          id,
          title: rule?.title ?? id,
          severity: rule?.severity ?? 'info',
          area: rule?.area ?? 'monitoring',
          rationale: rule?.rationale ?? id,
          remediation: rule?.remediation.text ?? id,
          frameworks: controls.map((control) => `${control.framework}:${control.control}`),
        }),
        relationships: controls
          .filter((control) => control.framework === taxonomy)
          .map((control) => ({
            target: { id: control.control, toolComponent: { name: taxonomy, index: 0 } },
            kinds: ['relevant'],
          })),
      };
    }),
  };
  const taxonomies = [
    {
      name: taxonomy,
      version: model.framework.version,
      informationUri: model.framework.url,
      shortDescription: { text: model.framework.title },
      taxa: model.controls.map((control) => ({
        id: control.controlId,
        shortDescription: { text: control.title },
        properties: {
          status: control.status,
          score: control.score.score,
          clusterStatus: control.clusterStatus,
          ...(control.manualReason ? { manualReason: control.manualReason } : {}),
        },
      })),
    },
  ];
  out.write(
    `{"$schema":${JSON.stringify(sarifSchemaUri)},"version":"${sarifVersion}","runs":[{"tool":${JSON.stringify({ driver })},"taxonomies":${JSON.stringify(taxonomies)},`,
  );
  out.write(`"invocations":[{"executionSuccessful":true,"toolExecutionNotifications":`);
  await writeJsonStream(
    out,
    model.coverageIssues.map((issue) => ({
      level: 'warning',
      message: { text: `${issue.clusterName} is ${issue.coverageState}: ${issue.effect}` },
      properties: {
        clusterId: issue.clusterId,
        coverageState: issue.coverageState,
        gaps: issue.gaps,
        notAssessableControls: issue.controls,
      },
    })),
    1,
  );
  out.write(`}],"results":[`);
  const names = new Map(model.clusters.map((cluster) => [cluster.clusterId, cluster.name]));
  // A rule behind two controls reports its findings once.
  const written = new Set<string>();
  let first = true;
  for (const control of model.controls) {
    for (const finding of control.findings) {
      const key = `${finding.clusterId}\u0000${finding.fingerprint}`;
      if (written.has(key)) continue;
      written.add(key);
      const exception = finding.exceptionId
        ? control.exceptions.find((candidate) => candidate.exceptionId === finding.exceptionId)
        : undefined;
      const result = sarifResult(
        { ...finding, ...(exception ? { exception: { justification: exception.justification } } : {}) },
        ruleIndex.get(finding.ruleId) ?? 0,
        {
          cluster: names.get(finding.clusterId) ?? finding.clusterId,
          properties: {
            clusterId: finding.clusterId,
            ...(exception
              ? {
                  exception: {
                    id: exception.exceptionId,
                    owner: exception.owner,
                    expires: exception.expires ?? null,
                  },
                }
              : {}),
          },
        },
      );
      out.write(first ? '' : ',');
      first = false;
      await writeJsonStream(out, result, 1);
    }
  }
  out.write(`],"properties":`);
  await writeJsonStream(out, {
    reportId: model.reportId ?? null,
    asOf: model.asOf,
    generatedAt: model.generatedAt,
    scope: model.scope,
    framework: model.framework,
    summary: model.summary,
  });
  out.write('}]}\n');
}
