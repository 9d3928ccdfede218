import type { components } from '@meshguard/api-client';
import { Link, useParams } from '@tanstack/react-router';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiProblem } from '../app/api-problem.js';
import { useCluster } from '../cluster/cluster-queries.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { endpointChoices, networkGraphOf } from './network-graph.js';
import { NetworkGraphChart } from './network-graph-chart.js';
import { useConnectivity, useConnectivityQuery } from './network-queries.js';

type Connectivity = components['schemas']['ConnectivityDto'];

/** How many allowed connections the list shows at first (a large cluster allows thousands). */
const connectionsShown = 100;

/** The cluster's NetworkPolicy reachability from its latest scan: graph, exposure, lateral paths, connections, and a query. */
export function NetworkPage() {
  const { clusterId } = useParams({ from: '/clusters/$clusterId/network' });
  const cluster = useCluster(clusterId);
  const connectivity = useConnectivity(clusterId);
  const name = cluster.data?.name ?? 'cluster';
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">Fleet</Link> › <Link to="/clusters/$clusterId" params={{ clusterId }}>{name}</Link> › Network
      </p>
      <h1>Network of {name}</h1>
      {connectivity.isPending ? (
        <Loading label="Loading the reachability model…" />
      ) : connectivity.isError ? (
        connectivity.error instanceof ApiProblem && connectivity.error.status === 404 ? (
          <Empty>
            <p>There is no reachability model for this cluster yet.</p>
            <p className="muted">{connectivity.error.detail}</p>
            <p className="muted">
              Each finished scan stores one; a cluster whose policy graph is too large for the engine (thousands of workloads) is scanned without one.
            </p>
          </Empty>
        ) : (
          <ErrorNotice error={connectivity.error} />
        )
      ) : (
        <NetworkModel clusterId={clusterId} model={connectivity.data} />
      )}
    </section>
  );
}

function NetworkModel({ clusterId, model }: { clusterId: string; model: Connectivity }) {
  const graph = useMemo(() => networkGraphOf(model), [model]);
  const [allConnections, setAllConnections] = useState(false);
  const connections = allConnections ? model.edges : model.edges.slice(0, connectionsShown);
  return (
    <>
      <p className="muted">
        From the scan of {formatDateTime(model.collectedAt)}: {model.workloads.length} workloads in {model.namespaces.length} namespaces, {model.policies} policies,{' '}
        {model.edges.length} allowed connections, {model.exposure.length} internet-exposed workloads, {model.lateralPaths.length} lateral-movement paths.
      </p>
      <h2>Can A reach B?</h2>
      <ConnectionQueryForm clusterId={clusterId} choices={endpointChoices(model)} />
      <h2>Graph</h2>
      {graph.nodes.length === 0 ? <Empty>No workloads in the model.</Empty> : <NetworkGraphChart graph={graph} />}

      <h2>Internet-exposed workloads</h2>
      {model.exposure.length === 0 ? (
        <Empty>No workload is reachable from outside the cluster.</Empty>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Internet-exposed workloads">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">Entry points</th>
              </tr>
            </thead>
            <tbody>
              {model.exposure.map((exposed) => (
                <tr key={exposed.workload}>
                  <th scope="row">
                    <span className="exposed-mark">exposed</span> {exposed.workload}
                  </th>
                  <td>
                    <ul className="plain-list">
                      {exposed.entryPoints.map((entry) => (
                        <li key={`${entry.via}:${entry.object}`}>
                          {entry.via} via {entry.object}: {entry.allowed}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Lateral-movement paths</h2>
      {model.lateralPaths.length === 0 ? (
        <Empty>No path from an exposed workload to a sensitive target.</Empty>
      ) : (
        <ol className="path-list">
          {model.lateralPaths.map((path) => (
            <li key={`${path.source}>${path.target}:${path.hops.map((hop) => hop.workload).join('>')}`}>
              <strong>{path.source}</strong>
              {path.hops.map((hop) => (
                <span key={hop.workload}>
                  {' '}
                  → <span className="muted small">({hop.ports})</span> {hop.workload}
                </span>
              ))}
              <div className="muted small">target: {path.reasons.join(', ')}</div>
            </li>
          ))}
        </ol>
      )}

      <h2>Allowed connections</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Allowed connections">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Ports</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((edge) => (
              <tr key={`${edge.src}>${edge.dst}`}>
                <td>{edge.src}</td>
                <td>{edge.dst}</td>
                <td>{edge.ports}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!allConnections && model.edges.length > connectionsShown ? (
        <button type="button" className="secondary load-more" onClick={() => setAllConnections(true)}>
          Show all {model.edges.length} connections
        </button>
      ) : null}
    </>
  );
}

function ConnectionQueryForm({ clusterId, choices }: { clusterId: string; choices: string[] }) {
  const id = useId();
  const query = useConnectivityQuery(clusterId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [port, setPort] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    query.mutate({ from: from.trim(), to: to.trim(), ...(port.trim() ? { port: port.trim() } : {}) });
  };
  const answer = query.data;
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label="Connection query">
        <label>
          From (workload or IP)
          <input list={`${id}-endpoints`} value={from} onChange={(event) => setFrom(event.target.value)} required placeholder="shop/web[Deployment]" />
        </label>
        <label>
          To (workload or IP)
          <input list={`${id}-endpoints`} value={to} onChange={(event) => setTo(event.target.value)} required placeholder="shop/db[StatefulSet]" />
        </label>
        <label>
          Port (optional)
          <input value={port} onChange={(event) => setPort(event.target.value)} placeholder="5432/TCP" />
        </label>
        <datalist id={`${id}-endpoints`}>
          {choices.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
        <button type="submit" disabled={query.isPending}>
          {query.isPending ? 'Asking…' : 'Check'}
        </button>
      </form>
      {query.isError ? <ErrorNotice error={query.error} action="The connection query" /> : null}
      {answer ? (
        <div className="query-answer" role="status">
          <p>
            <span className={`verdict verdict-${answer.verdict}`}>{answer.verdict.replace('-', ' ')}</span>: {answer.src} → {answer.dst} on {answer.query}
            {answer.verdict === 'partially-allowed' ? ` (allowed: ${answer.allowed})` : ''}.
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Why">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Side</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Ports</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {answer.steps.map((step, index) => (
                  <tr key={`${step.direction}:${step.policy ?? 'default'}:${step.rule ?? ''}:${index}`}>
                    <td>{step.direction}</td>
                    <td>
                      {step.action} <span className="muted small">({step.tier})</span>
                    </td>
                    <td>
                      {step.policy ?? 'no policy (default)'}
                      {step.rule ? <span className="muted small"> {step.rule}</span> : null}
                    </td>
                    <td>{step.ports}</td>
                    <td>{step.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
