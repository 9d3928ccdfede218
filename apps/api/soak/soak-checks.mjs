// After a soak run: what the database holds, checked against the guarantees, and the clean re-scan the findings are
// compared with. Reads as the database owner (RLS does not apply), so it sees every tenant at once.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CronExpressionParser } from 'cron-parser';
import pg from 'pg';
import { eachLimited } from './soak-api-client.mjs';

const cli = fileURLToPath(new URL('../../cli/bin/meshguard.js', import.meta.url));
const run = promisify(execFile);

/** A finding as both sides can name it: rule, object, container. */
const identity = (f) => [f.ruleId, f.kind, f.namespace ?? '', f.name, f.container ?? ''].join('|');

/** The findings of each distinct simulated state, from the CLI scanning the fault-free simulator (one cluster per state). */
export async function cleanRescan(kubeconfigOfState) {
  const dir = await mkdtemp(join(tmpdir(), 'mg-soak-ref-'));
  try {
    const byState = new Map();
    await eachLimited(kubeconfigOfState, 2, async ([state, kubeconfig]) => {
      const file = join(dir, `state-${state}.yaml`);
      await writeFile(file, kubeconfig, { mode: 0o600 });
      const { stdout } = await run(process.execPath, [cli, 'scan', '--kubeconfig', file, '--format', 'json', '-q'], {
        maxBuffer: 256 * 1024 * 1024,
      });
      const report = JSON.parse(stdout);
      byState.set(
        state,
        report.findings.map((f) => identity({ ruleId: f.ruleId, ...f.resource, container: f.container })).sort(),
      );
    });
    return byState;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function withOwner(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function activeScans(url) {
  return withOwner(url, async (db) => Number((await db.query(`SELECT count(*) FROM scans WHERE status IN ('queued', 'running')`)).rows[0].count));
}

/**
 * Every assertion of the soak over the stored scans; returns figures and a list of failures (empty: all held).
 * `since`: the run's start (scans before it belong to registration); `clusters`: id → { state, cron }.
 */
export async function checkScans(url, { clusters, reference, runStartedAt, runEndedAt }) {
  return withOwner(url, async (db) => {
    const failures = [];
    const scans = (
      await db.query(`SELECT id, cluster_id, status, trigger, requested_at, started_at, finished_at, failure_reason,
        attempts, (summary->'findings'->>'total')::int AS summary_total,
        (SELECT count(*)::int FROM findings f WHERE f.scan_id = s.id) AS stored
        FROM scans s ORDER BY requested_at`)
    ).rows;
    const active = scans.filter((s) => s.status === 'queued' || s.status === 'running');
    if (active.length > 0)
      failures.push(`${active.length} scans never ended (e.g. ${active.slice(0, 3).map((s) => `${s.id} ${s.status} since ${s.requested_at.toISOString()}`).join('; ')})`);
    const failedWithoutReason = scans.filter((s) => s.status === 'failed' && !s.failure_reason?.trim());
    if (failedWithoutReason.length > 0) failures.push(`${failedWithoutReason.length} failed scans carry no reason`);
    const partial = scans.filter((s) => s.status === 'partial');
    if (partial.length > 0) failures.push(`${partial.length} scans ended partial (coverage lost to an injected fault)`);
    const torn = scans.filter((s) => s.status === 'succeeded' && s.summary_total !== s.stored);
    if (torn.length > 0)
      failures.push(`${torn.length} succeeded scans store a different number of findings than their summary (e.g. ${torn[0].id}: ${torn[0].stored} of ${torn[0].summary_total})`);

    // A schedule tick makes one scan: two scheduled scans of a cluster for the same tick are a duplicate.
    const ticks = new Map();
    for (const s of scans.filter((s) => s.trigger === 'schedule')) {
      const tick = tickOf(clusters.get(s.cluster_id).cron, s.requested_at);
      const key = `${s.cluster_id} ${tick}`;
      ticks.set(key, (ticks.get(key) ?? 0) + 1);
    }
    const duplicates = [...ticks.values()].filter((n) => n > 1).length;
    if (duplicates > 0) failures.push(`${duplicates} schedule ticks produced more than one scan`);
    // One cluster never runs two scans at once.
    const overlapping = overlaps(scans.filter((s) => s.started_at && s.finished_at));
    if (overlapping > 0) failures.push(`${overlapping} scans ran while another scan of the same cluster was running`);

    // No finding lost: the last succeeded scan of each cluster against the clean re-scan of its state.
    const last = (
      await db.query(`SELECT DISTINCT ON (cluster_id) id, cluster_id FROM scans WHERE status = 'succeeded'
        ORDER BY cluster_id, finished_at DESC`)
    ).rows;
    let compared = 0;
    const mismatched = [];
    for (const { id, cluster_id } of last) {
      const stored = (
        await db.query(`SELECT rule_id AS "ruleId", resource_kind AS kind, resource_namespace AS namespace,
          resource_name AS name, container FROM findings WHERE scan_id = $1`, [id])
      ).rows.map(identity).sort();
      const expected = reference.get(clusters.get(cluster_id).state);
      compared++;
      if (stored.join('\n') !== expected.join('\n')) {
        const missing = expected.filter((f) => !stored.includes(f));
        const extra = stored.filter((f) => !expected.includes(f));
        mismatched.push(`${cluster_id} (scan ${id}): ${missing.length} missing e.g. ${missing[0] ?? '-'}, ${extra.length} extra e.g. ${extra[0] ?? '-'}`);
      }
    }
    if (mismatched.length > 0) failures.push(`${mismatched.length} clusters' last scans differ from the clean re-scan: ${mismatched.slice(0, 3).join('; ')}`);

    const inRun = scans.filter((s) => s.finished_at && s.requested_at >= runStartedAt);
    const finishedInRun = scans.filter((s) => s.finished_at && s.finished_at >= runStartedAt && s.finished_at <= runEndedAt);
    const queueLatencies = inRun
      .filter((s) => s.started_at)
      .map((s) => s.started_at - (s.trigger === 'schedule' ? tickOf(clusters.get(s.cluster_id).cron, s.requested_at) : s.requested_at));
    return {
      failures,
      scans,
      finishedInRun,
      queueLatencies,
      compared,
      clustersWithScan: last.length,
      findingsCompared: [...last].reduce((n, { cluster_id }) => n + reference.get(clusters.get(cluster_id).state).length, 0),
    };
  });
}

/** The schedule tick a scheduled scan belongs to: the cron's latest time at or before the scan row was made. */
function tickOf(cron, requestedAt) {
  const interval = CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(requestedAt.getTime() + 1) });
  return interval.prev().getTime();
}

function overlaps(scans) {
  const byCluster = new Map();
  for (const s of scans) byCluster.set(s.cluster_id, [...(byCluster.get(s.cluster_id) ?? []), s]);
  let count = 0;
  for (const list of byCluster.values()) {
    list.sort((a, b) => a.started_at - b.started_at);
    for (let i = 1; i < list.length; i++) if (list[i].started_at < list[i - 1].finished_at) count++;
  }
  return count;
}
