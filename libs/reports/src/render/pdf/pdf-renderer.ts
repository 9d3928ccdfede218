import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { coverageStates } from '../../model/report-input.js';
import { controlStatuses, type ComplianceReportModel, type ReportControl } from '../../model/report-model.js';
import { PdfFonts } from './pdf-fonts.js';
import {
  coverageColors,
  coverageLabels,
  scoreText,
  scoreValue,
  statusColors,
  statusLabels,
  statusMeanings,
} from '../report-text.js';

type Doc = PDFKit.PDFDocument;

/** Bytes PDFKit may hold before the renderer waits for the sink to take them. */
const pendingLimit = 1 << 20;

/**
 * PDF with PDFKit (pure JS, no browser): all text is real, selectable text, in Helvetica where it can show it and
 * otherwise in an embedded Unicode font (PdfFonts), so cluster names in any script survive. Pages are written
 * to the sink as they are finished; the renderer pauses whenever the sink falls behind.
 */
export async function renderPdf(model: ComplianceReportModel, sink: Writable, end: boolean): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 56, left: 50, right: 50 },
    bufferPages: false,
    // A fixed creation date (the model's) keeps the bytes a pure function of the model.
    info: {
      Title: `${model.framework.title} ${model.framework.version} — ${model.scope.description}`,
      Author: model.tool.name,
      Subject: `Compliance report as of ${model.asOf}`,
      Creator: `${model.tool.name} ${model.tool.version}`,
      Producer: model.tool.name,
      CreationDate: new Date(model.generatedAt),
    },
    pdfVersion: '1.7',
  });
  const finished = new Promise<void>((resolve, reject) => {
    doc.once('error', reject);
    sink.once('error', reject);
    if (end) sink.once('finish', resolve);
    else doc.once('end', resolve);
  });
  for (const font of ['Helvetica', 'Helvetica-Bold']) fasterKerning(doc.font(font));
  doc.pipe(sink, { end });
  const fonts = new PdfFonts(doc);
  let page = 1;
  const footer = () => {
    const { bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    const text = `${model.framework.id} · ${model.scope.description} · as of ${model.asOf} · page ${page}`;
    fonts
      .for(text)
      .fontSize(8)
      .fillColor('#666666')
      .text(
        text,
        doc.page.margins.left,
        doc.page.height - 34,
        {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
    doc.x = doc.page.margins.left;
    doc.y = doc.page.margins.top;
    doc.fillColor('#000000');
  };
  footer();
  doc.on('pageAdded', () => {
    page += 1;
    footer();
  });

  writeSummary(fonts, doc, model);
  await backpressure(doc, sink);
  writeCoverage(fonts, doc, model);
  writeControlTable(fonts, model);
  await backpressure(doc, sink);
  const names = new Map(model.clusters.map((cluster) => [cluster.clusterId, cluster.name]));
  for (const control of model.controls) {
    writeControl(fonts, doc, control, names);
    await backpressure(doc, sink);
  }
  heading(fonts, 'Clusters');
  for (const cluster of model.clusters) {
    line(
      fonts,
      `${cluster.name} — ${coverageLabels[cluster.coverageState]}${cluster.coverageReason ? ` (${cluster.coverageReason})` : ''} — score ${scoreValue(cluster.score.score)} — scan ${cluster.scan ? cluster.scan.collectedAt : 'none'} — failing controls ${cluster.controls.fail}, open findings ${cluster.findings.open}`,
    );
    await backpressure(doc, sink);
  }
  doc.end();
  await finished;
}

function writeSummary(fonts: PdfFonts, doc: Doc, model: ComplianceReportModel): void {
  const { summary } = model;
  const title = `${model.framework.title} ${model.framework.version}`;
  fonts.for(title, 'bold').fontSize(20).text(title);
  doc.moveDown(0.3);
  doc.fontSize(10).fillColor('#333333');
  for (const text of [
    `Scope: ${model.scope.kind} — ${model.scope.description}`,
    `As of: ${model.asOf}`,
    `Generated: ${model.generatedAt} by ${model.tool.name} ${model.tool.version}`,
    ...(model.reportId ? [`Report id: ${model.reportId}`] : []),
  ])
    fonts.for(text).text(text);
  doc.fillColor('#000000').moveDown();
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(`Overall score: ${scoreValue(summary.score.score)}`);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Score basis: ${scoreText(summary.score)}`);
  doc.text(`Overall status: ${statusLabels[summary.status]}`);
  doc.text(
    `Clusters: ${summary.clusters.total} in scope, ${summary.clusters.measured} measured; ` +
      coverageStates
        .map((state) => `${coverageLabels[state]} ${summary.clusters.byCoverage[state]}`)
        .join(', '),
  );
  doc.text(
    `Findings: ${summary.findings.open} open, ${summary.findings.excepted} excepted, ${summary.findings.accepted} accepted; failing resources: ${summary.failingResources}`,
  );
  doc.moveDown(0.5);
  doc.text(
    `Controls: ${controlStatuses.map((status) => `${statusLabels[status]} ${summary.controls[status]}`).join(', ')}`,
  );
  doc.moveDown(0.5);
  stackedBar(
    doc,
    controlStatuses.map((status) => ({ value: summary.controls[status], color: statusColors[status] })),
  );
  stackedBar(
    doc,
    coverageStates.map((state) => ({
      value: summary.clusters.byCoverage[state],
      color: coverageColors[state],
    })),
  );
  doc.moveDown();
  heading(fonts, 'What the statuses mean');
  for (const status of controlStatuses) {
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(statusColors[status])
      .text(`${statusLabels[status]}: `, { continued: true });
    doc.font('Helvetica').fillColor('#000000').text(statusMeanings[status]);
  }
}

function writeCoverage(fonts: PdfFonts, doc: Doc, model: ComplianceReportModel): void {
  heading(fonts, 'Coverage');
  if (model.coverageIssues.length === 0) {
    line(fonts, 'Every cluster in scope was fully measured at the report date.');
    return;
  }
  line(
    fonts,
    'These clusters could not be fully measured; controls are not assessable on them where stated, never passing.',
  );
  const automated = model.controls.filter((control) => control.rules.length > 0).length;
  for (const issue of model.coverageIssues) {
    doc.moveDown(0.3);
    const title = `${issue.clusterName} — ${coverageLabels[issue.coverageState]}${issue.reason ? `: ${issue.reason}` : ''}`;
    fonts.for(title, 'bold').fontSize(9).text(title);
    line(fonts, issue.effect);
    line(
      fonts,
      `Controls not assessable: ${issue.controls.length === automated ? 'all automated controls' : issue.controls.join(', ') || 'none'}`,
    );
  }
}

function writeControlTable(fonts: PdfFonts, model: ComplianceReportModel): void {
  heading(fonts, 'Controls');
  for (const control of model.controls) {
    line(
      fonts,
      `${control.controlId}  ${statusLabels[control.status]}  score ${scoreValue(control.score.score)}  clusters: ${controlStatuses
        .filter((status) => control.clusterStatus[status] > 0)
        .map((status) => `${statusLabels[status]} ${control.clusterStatus[status]}`)
        .join(', ')}  — ${control.title}`,
    );
  }
}

function writeControl(fonts: PdfFonts, doc: Doc, control: ReportControl, names: Map<string, string>): void {
  doc.moveDown(0.6);
  const title = `${control.controlId} ${control.title}`;
  fonts.for(title, 'bold').fontSize(11).fillColor('#000000').text(title);
  doc
    .font('Helvetica-Bold')
    .fontSize(9)
    .fillColor(statusColors[control.status])
    .text(statusLabels[control.status], { continued: true });
  doc
    .font('Helvetica')
    .fillColor('#000000')
    .text(`   score ${scoreText(control.score)}`);
  if (control.manualReason) line(fonts, `Manual review: ${control.manualReason}`);
  if (control.rules.length > 0)
    line(fonts, `Rules: ${control.rules.map((rule) => `${rule.ruleId} (${rule.severity})`).join(', ')}`);
  if (control.rules.length > 0)
    for (const result of control.clusters) {
      if (result.status === 'pass' || result.status === 'not-applicable') continue;
      line(
        fonts,
        `  ${names.get(result.clusterId) ?? result.clusterId}: ${statusLabels[result.status]}${result.reason ? ` — ${result.reason}` : ''}`,
      );
    }
  // A resource failing identically on several clusters (same fingerprint: rule, resource, container, evidence) is
  // one line naming the clusters: fleets deploy the same manifests, and the evidence need not be read 300 times.
  const groups = new Map<string, { finding: ReportControl['findings'][number]; clusters: string[] }>();
  for (const finding of control.findings) {
    const key = `${finding.fingerprint}\u0000${finding.status}\u0000${finding.exceptionId ?? ''}`;
    const name = names.get(finding.clusterId) ?? finding.clusterId;
    const group = groups.get(key);
    if (group) group.clusters.push(name);
    else groups.set(key, { finding, clusters: [name] });
  }
  for (const { finding, clusters } of groups.values()) {
    const resource = `${finding.resource.kind}/${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}${finding.container ? ` [${finding.container}]` : ''}`;
    const evidence = finding.evidence
      .map((item) => `${item.pointer}${item.value === undefined ? '' : ` = ${JSON.stringify(item.value)}`}`)
      .join('; ');
    const where =
      clusters.length === 1 ? clusters[0] : `on ${clusters.length} clusters (${clusters.join(', ')}):`;
    line(
      fonts,
      `  ${where} ${resource} — ${finding.ruleId} ${finding.severity} ${finding.status}${finding.exceptionId ? ` (${finding.exceptionId})` : ''}: ${finding.message}${evidence ? ` [${evidence}]` : ''}`,
    );
  }
  for (const exception of control.exceptions)
    line(
      fonts,
      `  Exception ${exception.exceptionId} (${exception.mode}) owner ${exception.owner}, expires ${exception.expires ?? 'never'}: ${exception.justification} — ${exception.findings} finding(s) on ${exception.clusters} cluster(s)`,
    );
}

function heading(fonts: PdfFonts, text: string): void {
  fonts.for(text, 'bold').moveDown().fontSize(13).fillColor('#000000').text(text);
  fonts.for(text, 'bold').moveDown(0.3);
}

function line(fonts: PdfFonts, text: string): void {
  fonts.for(text).fontSize(8.5).fillColor('#000000').text(text);
}

function stackedBar(doc: Doc, segments: { value: number; color: string }[]): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  let x = doc.page.margins.left;
  const y = doc.y;
  doc.rect(x, y, width, 12).fill('#eeeeee');
  for (const segment of segments) {
    if (segment.value === 0 || total === 0) continue;
    const w = (segment.value / total) * width;
    doc.rect(x, y, w, 12).fill(segment.color);
    x += w;
  }
  doc.fillColor('#000000');
  doc.y = y + 18;
  doc.x = doc.page.margins.left;
}

/**
 * PDFKit looks kerning pairs up by a concatenated string key for every pair of glyphs it measures or writes, which
 * is most of a large report's time. This swaps in a two-level Map built from the same pairs (same output). It relies
 * on PDFKit's standard-font internals, so it does nothing when they are not as expected.
 */
function fasterKerning(doc: Doc): void {
  const afm = (doc as unknown as { _font?: { font?: AfmFont } })._font?.font;
  if (!afm || typeof afm.getKernPair !== 'function' || !afm.kernPairs || typeof afm.kernPairs !== 'object')
    return;
  if ((afm as { fastKerning?: boolean }).fastKerning) return;
  const pairs = new Map<string, Map<string, number>>();
  for (const [key, amount] of Object.entries(afm.kernPairs)) {
    const split = key.indexOf('\0');
    if (split < 0) return;
    const left = key.slice(0, split);
    let rights = pairs.get(left);
    if (!rights) pairs.set(left, (rights = new Map()));
    rights.set(key.slice(split + 1), amount);
  }
  afm.getKernPair = (left: string, right: string) => pairs.get(left)?.get(right) ?? 0;
  (afm as { fastKerning?: boolean }).fastKerning = true;
}

interface AfmFont {
  kernPairs: Record<string, number>;
  getKernPair(left: string, right: string): number;
}

/** Lets the event loop hand PDFKit's buffered output to the sink before producing more. */
async function backpressure(doc: Doc, sink: Writable): Promise<void> {
  while (doc.readableLength > pendingLimit) {
    if (sink.writableNeedDrain) await once(sink, 'drain');
    else await new Promise((resolve) => setImmediate(resolve));
  }
}
