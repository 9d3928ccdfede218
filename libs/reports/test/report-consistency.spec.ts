import { describe, expect, it } from 'vitest';
import {
  buildReportModel,
  controlStatuses,
  oscalTargetStatus,
  type ComplianceReportModel,
  type ControlStatus,
  type ReportFormat,
} from '../src/index.js';
import { statusLabels } from '../src/render/report-text.js';
import { parseCsv, pdfText } from './parse-formats.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';

/** The numbers every format must carry, read back from each format by its own consumer. */
interface Numbers {
  score: number | null;
  controls: Record<ControlStatus, number>;
  controlStatus: Record<string, ControlStatus>;
  open: number;
  waived: number;
}

function fromModel(model: ComplianceReportModel): Numbers {
  return {
    score: model.summary.score.score,
    controls: model.summary.controls,
    controlStatus: Object.fromEntries(model.controls.map((control) => [control.controlId, control.status])),
    open: model.summary.findings.open,
    waived: model.summary.findings.excepted + model.summary.findings.accepted,
  };
}

const scoreOf = (text: string | undefined) =>
  text === undefined || text === '' || text === 'n/a' ? null : Number(text);
const labelToStatus = new Map(controlStatuses.map((status) => [statusLabels[status], status]));
const emptyCounts = (): Record<ControlStatus, number> => ({
  fail: 0,
  'not-assessable': 0,
  manual: 0,
  pass: 0,
  'not-applicable': 0,
});
const countOf = (statuses: ControlStatus[]) => {
  const counts = emptyCounts();
  for (const status of statuses) counts[status] += 1;
  return counts;
};
/** Findings counted once per cluster and fingerprint, like the model's summary (a rule may sit under two controls). */
const uniqueFindings = <T extends { cluster: string; fingerprint: string }>(rows: T[]) => [
  ...new Map(rows.map((row) => [`${row.cluster}/${row.fingerprint}`, row])).values(),
];

const readers: Record<ReportFormat, (bytes: Buffer, model: ComplianceReportModel) => Numbers> = {
  json(bytes) {
    return fromModel(JSON.parse(bytes.toString('utf8')) as ComplianceReportModel);
  },
  csv(bytes) {
    const rows = parseCsv(bytes);
    const report = rows.find((row) => row.record === 'report')!;
    const controlStatus: Record<string, ControlStatus> = {};
    for (const row of rows.filter((entry) => entry.record === 'control'))
      controlStatus[row.control_id!] = row.control_status as ControlStatus;
    const findings = uniqueFindings(
      rows
        .filter((row) => row.record === 'finding')
        .map((row) => ({
          cluster: row.cluster_id!,
          fingerprint: row.fingerprint!,
          status: row.finding_status,
        })),
    );
    return {
      score: scoreOf(report.control_score),
      controls: countOf(Object.values(controlStatus)),
      controlStatus,
      open: findings.filter((finding) => finding.status === 'open').length,
      waived: findings.filter((finding) => finding.status !== 'open').length,
    };
  },
  html(bytes) {
    const html = bytes.toString('utf8');
    const controls = emptyCounts();
    for (const match of html.matchAll(
      /<tr data-status="([a-z-]+)"><td>.*?<\/td><td data-field="count">(\d+)<\/td>/g,
    ))
      controls[match[1] as ControlStatus] = Number(match[2]);
    const controlStatus: Record<string, ControlStatus> = {};
    for (const match of html.matchAll(/<tr data-control="([^"]+)">.*?data-status="([a-z-]+)"/g))
      controlStatus[match[1]!] = match[2] as ControlStatus;
    const field = (name: string) => html.match(new RegExp(`data-field="${name}">([^<]+)<`))?.[1];
    return {
      score: scoreOf(field('score')),
      controls,
      controlStatus,
      open: Number(field('open')),
      waived: Number(field('excepted')) + Number(field('accepted')),
    };
  },
  pdf(bytes, model) {
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    const controls = emptyCounts();
    const list = text.match(/Controls: ((?:[A-Za-z ]+ \d+(?:, )?)+)/)![1]!;
    for (const match of list.matchAll(/([A-Za-z ]+?) (\d+)/g))
      controls[labelToStatus.get(match[1]!.trim())!] = Number(match[2]);
    const controlStatus: Record<string, ControlStatus> = {};
    const labels = controlStatuses.map((status) => statusLabels[status]).join('|');
    for (const control of model.controls) {
      const id = control.controlId.replace(/[.]/g, '\\.');
      const match = text.match(new RegExp(`(?:^| )${id} (${labels}) score `));
      if (match) controlStatus[control.controlId] = labelToStatus.get(match[1]!)!;
    }
    const findings = text.match(/Findings: (\d+) open, (\d+) excepted, (\d+) accepted/)!;
    return {
      score: scoreOf(text.match(/Overall score: ([0-9.]+|n\/a)/)![1]),
      controls,
      controlStatus,
      open: Number(findings[1]),
      waived: Number(findings[2]) + Number(findings[3]),
    };
  },
  sarif(bytes) {
    const log = JSON.parse(bytes.toString('utf8'));
    const run = log.runs[0];
    const controlStatus: Record<string, ControlStatus> = Object.fromEntries(
      run.taxonomies[0].taxa.map((taxon: { id: string; properties: { status: ControlStatus } }) => [
        taxon.id,
        taxon.properties.status,
      ]),
    );
    const results = run.results as { suppressions?: unknown[] }[];
    return {
      score: run.properties.summary.score.score,
      controls: countOf(Object.values(controlStatus)),
      controlStatus,
      open: results.filter((result) => !result.suppressions).length,
      waived: results.filter((result) => result.suppressions).length,
    };
  },
  oscal(bytes) {
    const result = JSON.parse(bytes.toString('utf8'))['assessment-results'].results[0];
    const propOf = (props: { name: string; value: string }[], name: string) =>
      props.find((entry) => entry.name === name)?.value;
    const controlStatus: Record<string, ControlStatus> = {};
    for (const finding of result.findings) {
      const status = propOf(finding.props, 'status') as ControlStatus;
      // The OSCAL target status must agree with meshguard's own status property.
      expect(finding.target.status).toEqual(oscalTargetStatus[status]);
      controlStatus[finding.title.split(' ')[0]] = status;
    }
    const evidence: { cluster: string; fingerprint: string; status?: string }[] = result.observations.flatMap(
      (observation: {
        subjects: { 'subject-uuid': string }[];
        'relevant-evidence'?: { props: { name: string; value: string }[] }[];
      }) =>
        (observation['relevant-evidence'] ?? []).map((item) => ({
          cluster: observation.subjects[0]!['subject-uuid'],
          fingerprint: propOf(item.props, 'fingerprint')!,
          status: propOf(item.props, 'finding-status'),
        })),
    );
    const findings = uniqueFindings(evidence);
    return {
      score: scoreOf(propOf(result.props, 'score')),
      controls: countOf(Object.values(controlStatus)),
      controlStatus,
      open: findings.filter((finding) => finding.status === 'open').length,
      waived: findings.filter((finding) => finding.status !== 'open').length,
    };
  },
};

describe('every format carries the model’s numbers', () => {
  const models = {
    fleet: buildReportModel(fleetInput()),
    'single cluster': buildReportModel({ ...fleetInput(), clusters: [fleetInput().clusters[0]!] }),
    'nsa-cisa framework': buildReportModel(fleetInput('nsa-cisa-v1.2')),
  };
  for (const [name, model] of Object.entries(models)) {
    for (const [format, read] of Object.entries(readers)) {
      it(`${name}: ${format}`, async () => {
        const expected = fromModel(model);
        expect(expected.open).toBeGreaterThan(0);
        const bytes = await renderToBuffer(model, format as ReportFormat);
        expect(read(bytes, model)).toEqual(expected);
      });
    }
  }
});
