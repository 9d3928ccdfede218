import type { ActiveExceptionRow } from '@meshguard/db';
import type { RuleException } from '@meshguard/rules';

/** A waiver row of the `exceptions` table as the rules engine's exception input (a `*` pattern means no restriction). */
export function toRuleException(row: ActiveExceptionRow): RuleException {
  return {
    id: row.id,
    rules: [row.ruleId ?? '*'],
    ...(row.namespacePattern !== '*' ? { namespaces: [row.namespacePattern] } : {}),
    ...(row.namePattern !== '*' ? { names: [row.namePattern] } : {}),
    ...(row.kind ? { kinds: [row.kind] } : {}),
    ...(Object.keys(row.labels).length > 0 ? { labels: row.labels } : {}),
    ...(row.container ? { containers: [row.container] } : {}),
    ...(row.evidenceFingerprint ? { fingerprint: row.evidenceFingerprint } : {}),
    justification: row.justification,
    owner: row.owner,
    expires: row.expiresAt.toISOString(),
    mode: row.mode,
  };
}
