import { Injectable } from '@nestjs/common';
import {
  currentReadTenantId,
  FindingRepository,
  jsonPageDocument,
  ScanRepository,
  type FindingFilter,
  type FindingRecord,
  type Page,
} from '@meshguard/db';
import type { Framework } from '@meshguard/rules';
import { DomainError } from '../problems/domain-error.js';
import { rulesCatalog } from '../rules/rules-catalog.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import type { FindingDto, FindingQueryDto, FindingRuleDto } from './finding.dto.js';

interface RuleTables {
  rulesById: Map<string, FindingRuleDto>;
  /** Each rule's `rule` member as JSON, serialised once: a page splices it into each finding's JSON. */
  ruleJsonById: Map<string, string>;
  frameworkById: (id: string) => Framework | undefined;
  frameworkIds: string[];
  rulesOfFramework: (framework: Framework) => Set<string>;
}

let tables: Promise<RuleTables> | undefined;
/** The catalog's per-rule members, built once on the first findings request (the catalog loads lazily). */
const ruleTables = () => (tables ??= buildRuleTables());

async function buildRuleTables(): Promise<RuleTables> {
  const { catalog, controlsOfRule, frameworkById, frameworks, rulesOfFramework } = await rulesCatalog();
  const rulesById = new Map<string, FindingRuleDto>(
    catalog.map((rule) => [
      rule.id,
      {
        title: rule.title,
        rationale: rule.rationale,
        remediation: rule.remediation.text,
        remediationExample: rule.remediation.example ?? null,
        controls: controlsOfRule(rule.id),
      },
    ]),
  );
  const ruleJsonById = new Map<string, string>([...rulesById].map(([id, rule]) => [id, JSON.stringify(rule)]));
  return { rulesById, ruleJsonById, frameworkById, frameworkIds: frameworks.map((f) => f.id), rulesOfFramework };
}

@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingRepository,
    private readonly scans: ScanRepository,
    private readonly transactions: TenantTransactions,
  ) {}

  /**
   * One page as the JSON document the API sends. The common pages (the latest scans of a cluster or of the fleet)
   * are one read-path query whose items PostgreSQL builds as JSON; the rule is spliced in as text. A named scan or
   * status=resolved needs several reads that must agree, so those run in one transaction.
   */
  async list(query: FindingQueryDto): Promise<string> {
    const rules = await ruleTables();
    const ruleIds = ruleFilter(query, rules);
    if (ruleIds?.length === 0) return jsonPageDocument({ items: [], nextCursor: null });
    if (query.scanId !== undefined || query.status === 'resolved') {
      const page = await this.transactions.run(currentReadTenantId(), () => this.page(query, ruleIds));
      return JSON.stringify({ items: page.items.map((finding) => withRule(finding, rules)), nextCursor: page.nextCursor });
    }
    const page = await this.findings.listJson({
      latestScanOf: query.clusterId !== undefined ? { clusterId: query.clusterId } : 'every-cluster',
      ...this.conditions(query, ruleIds),
    });
    return jsonPageDocument(page, (json, index) => withRuleJson(json, page.ruleIds[index] as string, rules));
  }

  async get(id: string): Promise<FindingDto> {
    const finding = await this.findings.get(id);
    if (!finding) throw new DomainError('not-found', `No finding ${id}.`);
    return withRule(finding, await ruleTables());
  }

  private async page(query: FindingQueryDto, ruleIds: string[] | undefined): Promise<Page<FindingRecord>> {
    const scanIds = await this.scopeScans(query);
    if (query.status === 'resolved') return this.resolved(scanIds, query);
    return this.findings.list({ scanIds, ...this.conditions(query, ruleIds) });
  }

  private conditions(query: FindingQueryDto, ruleIds: string[] | undefined): Omit<FindingFilter, 'scanIds' | 'latestScanOf'> {
    return {
      severities: query.severity,
      ruleIds,
      areas: query.area,
      statuses: query.status === 'new' || query.status === 'resolved' || query.status === undefined ? undefined : [query.status],
      onlyNew: query.status === 'new',
      namespace: query.namespace,
      kind: query.kind,
      name: query.name,
      cursor: query.cursor,
      limit: query.limit,
    };
  }

  /** The scans a query covers: the named scan, or the latest finished scan of the named cluster or of every cluster. */
  private async scopeScans(query: FindingQueryDto): Promise<string[]> {
    if (query.scanId) {
      const scan = await this.scans.get(query.scanId);
      if (!scan || (query.clusterId && scan.clusterId !== query.clusterId)) throw new DomainError('not-found', `No scan ${query.scanId}.`);
      return [scan.id];
    }
    return this.scans.latestFinishedIds(query.clusterId ? [query.clusterId] : undefined);
  }

  private async resolved(scanIds: string[], query: FindingQueryDto): Promise<Page<FindingRecord>> {
    if (scanIds.length !== 1) {
      throw new DomainError('validation-failed', 'status=resolved compares one scan with the one before it.', [
        { field: 'status', message: 'give scanId or clusterId with status=resolved' },
      ]);
    }
    const scan = await this.scans.get(scanIds[0] as string);
    const previous = scan ? await this.scans.previousFinished(scan) : undefined;
    if (!scan || !previous) return { items: [], nextCursor: null };
    return { items: await this.findings.resolvedBetween(previous.id, scan.id, query.limit), nextCursor: null };
  }
}

function withRule(finding: FindingRecord, { rulesById }: RuleTables): FindingDto {
  return { ...finding, lastSeenScanId: finding.scanId, rule: rulesById.get(finding.ruleId) ?? null };
}

/** A finding's JSON object text with its `rule` member appended (the text always ends with its closing brace). */
function withRuleJson(findingJson: string, ruleId: string, { ruleJsonById }: RuleTables): string {
  return `${findingJson.slice(0, -1)},"rule":${ruleJsonById.get(ruleId) ?? 'null'}}`;
}

/** The rule ids a query allows: its `rule` list, narrowed to a framework (and control) when given. */
function ruleFilter(query: FindingQueryDto, { frameworkById, frameworkIds, rulesOfFramework }: RuleTables): string[] | undefined {
  if (query.control && !query.framework) {
    throw new DomainError('validation-failed', 'control needs framework.', [{ field: 'control', message: 'give framework too' }]);
  }
  if (!query.framework) return query.rule;
  const framework = frameworkById(query.framework);
  if (!framework) {
    throw new DomainError('validation-failed', `No framework ${query.framework}.`, [
      { field: 'framework', message: `one of ${frameworkIds.join(', ')}` },
    ]);
  }
  let allowed: Set<string>;
  if (query.control) {
    const control = framework.controls.find((candidate) => candidate.id === query.control);
    if (!control) throw new DomainError('validation-failed', `No control ${query.control} in ${framework.id}.`, [{ field: 'control', message: `not a control of ${framework.id}` }]);
    allowed = new Set(control.rules);
  } else {
    allowed = rulesOfFramework(framework);
  }
  return (query.rule ?? [...allowed]).filter((id) => allowed.has(id));
}
