import { coverageStates } from '../../model/report-input.js';
import { controlStatuses, type ComplianceReportModel, type ReportControl } from '../../model/report-model.js';
import {
  coverageColors,
  coverageLabels,
  scoreText,
  scoreValue,
  statusColors,
  statusLabels,
  statusMeanings,
} from '../report-text.js';
import type { TextSink } from '../text-sink.js';
import { barChartSvg, escapeXml as esc, stackedBarSvg } from './html-charts.js';

const styles = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:20px 0 6px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}th,td{border:1px solid #d0d0d0;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}
.status{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:12px;white-space:nowrap}
.meta{color:#555}.muted{color:#666;font-size:12px}.score{font-size:32px;font-weight:600}
.cards{display:flex;gap:16px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
section.control{border-top:1px solid #eee;padding-top:6px}
@media print{body{max-width:none;margin:0;font-size:11px}a{color:inherit;text-decoration:none}
section.control{break-inside:auto}h2{break-after:avoid}h3{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}
.status,svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}.noprint{display:none}}
@page{size:A4;margin:14mm}
`;

/** HTML: one self-contained page (inline CSS and SVG, no script, no external resource) with a print stylesheet. */
export async function renderHtml(model: ComplianceReportModel, out: TextSink): Promise<void> {
  const { framework, summary } = model;
  const title = `${framework.title} ${framework.version} — ${model.scope.description}`;
  out.write(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<meta name="generator" content="${esc(`${model.tool.name} ${model.tool.version}`)}">` +
      `<title>${esc(title)}</title><style>${styles}</style></head><body>\n`,
  );
  out.write(
    `<header><h1>${esc(framework.title)} <span class="meta">v${esc(framework.version)}</span></h1>` +
      `<p class="meta">Scope: <strong>${esc(model.scope.kind)}</strong> ${esc(model.scope.description)} · ` +
      `As of <time datetime="${esc(model.asOf)}">${esc(model.asOf)}</time> · Generated ${esc(model.generatedAt)} by ${esc(model.tool.name)} ${esc(model.tool.version)}` +
      `${model.reportId ? ` · Report <code>${esc(model.reportId)}</code>` : ''}</p></header>\n`,
  );

  out.write(`<h2 id="summary">Summary</h2><div class="cards">`);
  out.write(
    `<div class="card"><div class="muted">Overall score</div><div class="score" data-field="score">${scoreValue(summary.score.score)}</div><div class="muted">${esc(scoreText(summary.score))}</div></div>`,
  );
  out.write(
    `<div class="card"><div class="muted">Overall status</div><div>${badge(summary.status)}</div><div class="muted">${summary.clusters.measured} of ${summary.clusters.total} clusters measured</div></div>`,
  );
  out.write(
    `<div class="card"><div class="muted">Findings</div><div><strong data-field="open">${summary.findings.open}</strong> open · <span data-field="excepted">${summary.findings.excepted}</span> excepted · <span data-field="accepted">${summary.findings.accepted}</span> accepted</div><div class="muted"><span data-field="failingResources">${summary.failingResources}</span> failing resources</div></div></div>\n`,
  );
  out.write(
    stackedBarSvg(
      controlStatuses.map((status) => ({
        label: statusLabels[status],
        value: summary.controls[status],
        color: statusColors[status],
      })),
      { title: 'Controls by status' },
    ),
  );
  out.write(
    stackedBarSvg(
      coverageStates.map((state) => ({
        label: coverageLabels[state],
        value: summary.clusters.byCoverage[state],
        color: coverageColors[state],
      })),
      { title: 'Clusters by coverage state' },
    ),
  );
  out.write(scoreHistogram(model));
  out.write(
    `<table id="summary-counts"><thead><tr><th>Control status</th><th>Controls</th><th>Meaning</th></tr></thead><tbody>`,
  );
  for (const status of controlStatuses)
    out.write(
      `<tr data-status="${status}"><td>${badge(status)}</td><td data-field="count">${summary.controls[status]}</td><td>${esc(statusMeanings[status])}</td></tr>`,
    );
  out.write(`</tbody></table>\n`);

  out.write(`<h2 id="coverage">Coverage</h2>`);
  if (model.coverageIssues.length === 0)
    out.write(`<p>Every cluster in scope was fully measured at the report date.</p>`);
  else {
    out.write(
      `<p>These clusters could not be fully measured. Controls are <em>not assessable</em> on them where stated; they never count as passing.</p>` +
        `<table id="coverage-issues"><thead><tr><th>Cluster</th><th>State</th><th>Reason</th><th>What it means</th><th>Controls not assessable</th></tr></thead><tbody>`,
    );
    for (const issue of model.coverageIssues) {
      out.write(
        `<tr><td>${esc(issue.clusterName)}</td><td>${esc(coverageLabels[issue.coverageState])}</td><td>${esc(issue.reason ?? (issue.gaps.length ? `could not read ${issue.gaps.join(', ')}` : ''))}</td>` +
          `<td>${esc(issue.effect)}</td><td>${issue.controls.length === model.controls.filter((control) => control.rules.length > 0).length ? 'all automated controls' : esc(issue.controls.join(', '))}</td></tr>`,
      );
      await out.flushIfFull();
    }
    out.write(`</tbody></table>\n`);
  }

  out.write(
    `<h2 id="controls">Controls</h2><table id="controls-table"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Score</th>` +
      controlStatuses.map((status) => `<th>${esc(statusLabels[status])}</th>`).join('') +
      `</tr></thead><tbody>`,
  );
  for (const control of model.controls) {
    out.write(
      `<tr data-control="${esc(control.controlId)}"><td><a href="#control-${esc(control.controlId)}">${esc(control.controlId)}</a></td><td>${esc(control.title)}</td><td>${badge(control.status)}</td><td>${scoreValue(control.score.score)}</td>` +
        controlStatuses.map((status) => `<td>${control.clusterStatus[status]}</td>`).join('') +
        `</tr>`,
    );
    await out.flushIfFull();
  }
  out.write(`</tbody></table>\n`);

  for (const control of model.controls) await writeControl(model, control, out);

  out.write(
    `<h2 id="clusters">Clusters</h2><table id="clusters-table"><thead><tr><th>Cluster</th><th>Labels</th><th>Coverage</th><th>Scan collected</th><th>Score</th><th>Failing controls</th><th>Open findings</th></tr></thead><tbody>`,
  );
  for (const cluster of model.clusters) {
    out.write(
      `<tr><td>${esc(cluster.name)}</td><td>${esc(
        Object.entries(cluster.labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(', '),
      )}</td>` +
        `<td>${esc(coverageLabels[cluster.coverageState])}${cluster.coverageReason ? `: ${esc(cluster.coverageReason)}` : ''}</td>` +
        `<td>${cluster.scan ? esc(cluster.scan.collectedAt) : 'none'}</td><td>${scoreValue(cluster.score.score)}</td><td>${cluster.controls.fail}</td><td>${cluster.findings.open}</td></tr>`,
    );
    await out.flushIfFull();
  }
  out.write(`</tbody></table>\n`);
  out.write(
    `<h2 id="method">Method</h2><p>Each control is decided on each cluster from the rules that evidence it, using that cluster's latest finished scan at or before the report date. ` +
      `Scores follow meshguard's scoring (severity-weighted, exposure-weighted failing resources per subject checked), pooled over cluster × rule; only measured pass and fail results count. ` +
      `Evidence values that may be confidential are redacted before they are stored.</p></body></html>\n`,
  );
}

async function writeControl(
  model: ComplianceReportModel,
  control: ReportControl,
  out: TextSink,
): Promise<void> {
  const names = clusterNames(model);
  out.write(
    `<section class="control" id="control-${esc(control.controlId)}"><h3>${esc(control.controlId)} ${esc(control.title)} ${badge(control.status)}</h3>` +
      `<p>Score: ${esc(scoreText(control.score))}${control.manualReason ? `<br>Manual review: ${esc(control.manualReason)}` : ''}</p>`,
  );
  if (control.rules.length > 0)
    out.write(
      `<p>Rules: ${control.rules.map((rule) => `<code>${esc(rule.ruleId)}</code> (${esc(rule.severity)}) ${esc(rule.title)}`).join('; ')}</p>`,
    );
  const notPassing = control.clusters.filter(
    (cluster) => cluster.status !== 'pass' && cluster.status !== 'not-applicable',
  );
  if (notPassing.length > 0 && control.rules.length > 0) {
    out.write(`<table><thead><tr><th>Cluster</th><th>Status</th><th>Why</th></tr></thead><tbody>`);
    for (const result of notPassing) {
      out.write(
        `<tr><td>${esc(names.get(result.clusterId) ?? result.clusterId)}</td><td>${badge(result.status)}</td><td>${esc(result.reason ?? '')}</td></tr>`,
      );
      await out.flushIfFull();
    }
    out.write(`</tbody></table>`);
  }
  if (control.findings.length > 0) {
    out.write(
      `<table><thead><tr><th>Cluster</th><th>Resource</th><th>Rule</th><th>Severity</th><th>Status</th><th>Problem and evidence</th></tr></thead><tbody>`,
    );
    for (const finding of control.findings) {
      const resource = `${finding.resource.kind}/${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}${finding.container ? ` [${finding.container}]` : ''}`;
      const evidence = finding.evidence
        .map(
          (item) =>
            `<code>${esc(item.pointer)}${item.value === undefined ? '' : ` = ${esc(JSON.stringify(item.value))}`}</code>`,
        )
        .join('<br>');
      out.write(
        `<tr><td>${esc(names.get(finding.clusterId) ?? finding.clusterId)}</td><td>${esc(resource)}</td><td><code>${esc(finding.ruleId)}</code></td><td>${esc(finding.severity)}</td>` +
          `<td>${esc(finding.status)}${finding.exceptionId ? ` (${esc(finding.exceptionId)})` : ''}</td><td>${esc(finding.message)}${evidence ? `<br>${evidence}` : ''}</td></tr>`,
      );
      await out.flushIfFull();
    }
    out.write(`</tbody></table>`);
  }
  if (control.exceptions.length > 0) {
    out.write(
      `<table><thead><tr><th>Exception</th><th>Kind</th><th>Owner</th><th>Expires</th><th>Justification</th><th>Findings</th></tr></thead><tbody>`,
    );
    for (const exception of control.exceptions)
      out.write(
        `<tr><td><code>${esc(exception.exceptionId)}</code></td><td>${esc(exception.mode)}</td><td>${esc(exception.owner)}</td><td>${esc(exception.expires ?? 'never')}</td><td>${esc(exception.justification)}</td><td>${exception.findings} on ${exception.clusters} cluster(s)</td></tr>`,
      );
    out.write(`</tbody></table>`);
  }
  out.write(`</section>\n`);
  await out.flushIfFull();
}

const namesByModel = new WeakMap<ComplianceReportModel, Map<string, string>>();
function clusterNames(model: ComplianceReportModel): Map<string, string> {
  let names = namesByModel.get(model);
  if (!names)
    namesByModel.set(
      model,
      (names = new Map(model.clusters.map((cluster) => [cluster.clusterId, cluster.name]))),
    );
  return names;
}

function badge(status: keyof typeof statusLabels): string {
  return `<span class="status" style="background:${statusColors[status]}" data-status="${status}">${esc(statusLabels[status])}</span>`;
}

function scoreHistogram(model: ComplianceReportModel): string {
  const bands = [
    '0–9',
    '10–19',
    '20–29',
    '30–39',
    '40–49',
    '50–59',
    '60–69',
    '70–79',
    '80–89',
    '90–100',
    'n/a',
  ];
  const counts = bands.map(() => 0);
  for (const cluster of model.clusters) {
    const score = cluster.score.score;
    const index = score === null ? 10 : Math.min(9, Math.floor(score / 10));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return barChartSvg(
    bands.map((label, index) => ({
      label,
      value: counts[index] ?? 0,
      color: index === 10 ? '#9e9e9e' : '#1565c0',
    })),
    { title: 'Clusters by framework score' },
  );
}
