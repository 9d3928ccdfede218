import type { components } from '@meshguard/api-client';

type Connectivity = components['schemas']['ConnectivityDto'];

/** Above this many workloads the graph shows namespaces (a canvas of thousands of nodes helps nobody); the lists stay complete. */
export const workloadGraphLimit = 250;

export interface GraphNode {
  id: string;
  label: string;
  /** Index into `categories` (a namespace, or outside the cluster). */
  category: number;
  /** Reachable from the internet as the policies allow. */
  exposed: boolean;
  /** On a lateral-movement path (as its start, a hop or its target). */
  onPath: boolean;
  /** Pods (workload view) or workloads (namespace view), for the node size. */
  weight: number;
}

export interface GraphLink {
  source: string;
  target: string;
  label: string;
  /** Part of a lateral-movement path. */
  onPath: boolean;
}

export interface NetworkGraph {
  level: 'workload' | 'namespace';
  categories: string[];
  nodes: GraphNode[];
  links: GraphLink[];
}

export const outsideCategory = 'outside the cluster';

/** The directed hops of every lateral path, as `src→dst` pairs: the links the graph highlights. */
export function lateralHops(model: Connectivity): Set<string> {
  const hops = new Set<string>();
  for (const path of model.lateralPaths) {
    let from = path.source;
    for (const hop of path.hops) {
      hops.add(`${from}\u0000${hop.workload}`);
      from = hop.workload;
    }
  }
  return hops;
}

/** Every endpoint that lateral paths touch: their exposed sources, hops and targets. */
function pathEndpoints(model: Connectivity): Set<string> {
  return new Set(model.lateralPaths.flatMap((path) => [path.source, path.target, ...path.hops.map((hop) => hop.workload)]));
}

/** The graph to draw: workloads and the connections the policies allow, or namespaces when there are too many workloads. */
export function networkGraphOf(model: Connectivity, limit = workloadGraphLimit): NetworkGraph {
  return model.workloads.length > limit ? namespaceGraph(model) : workloadGraph(model);
}

function workloadGraph(model: Connectivity): NetworkGraph {
  const categories = [...new Set([...model.namespaces.map((namespace) => namespace.name), ...model.workloads.map((workload) => workload.namespace)])].sort();
  categories.push(outsideCategory);
  const categoryOf = new Map(categories.map((name, index) => [name, index]));
  const onPath = pathEndpoints(model);
  const hops = lateralHops(model);
  const nodes = new Map<string, GraphNode>();
  for (const workload of model.workloads) {
    nodes.set(workload.key, {
      id: workload.key,
      label: `${workload.namespace}/${workload.name}`,
      category: categoryOf.get(workload.namespace) ?? 0,
      exposed: workload.internetExposed,
      onPath: onPath.has(workload.key),
      weight: workload.pods,
    });
  }
  // Endpoints that are not workloads (external ranges, the ingress controller, the API server) join as outside nodes.
  const outside = (id: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, label: id, category: categories.length - 1, exposed: false, onPath: onPath.has(id), weight: 1 });
  };
  const links = model.edges.map((edge) => {
    outside(edge.src);
    outside(edge.dst);
    return { source: edge.src, target: edge.dst, label: edge.ports, onPath: hops.has(`${edge.src}\u0000${edge.dst}`) };
  });
  for (const path of model.lateralPaths) outside(path.target);
  return { level: 'workload', categories, nodes: [...nodes.values()], links };
}

/** One node per namespace (weight: its workloads), one link per namespace pair with any allowed connection. */
function namespaceGraph(model: Connectivity): NetworkGraph {
  const namespaceOf = new Map(model.workloads.map((workload) => [workload.key, workload.namespace]));
  const where = (endpoint: string) => namespaceOf.get(endpoint) ?? outsideCategory;
  const categories = [...new Set(model.workloads.map((workload) => workload.namespace))].sort();
  categories.push(outsideCategory);
  const onPath = new Set([...pathEndpoints(model)].map(where));
  const hops = new Set([...lateralHops(model)].map((pair) => pair.split('\u0000').map(where).join('\u0000')));
  const nodes = categories.map((name, index) => ({
    id: name,
    label: name,
    category: index,
    exposed: model.workloads.some((workload) => workload.namespace === name && workload.internetExposed),
    onPath: onPath.has(name),
    weight: name === outsideCategory ? 1 : model.workloads.filter((workload) => workload.namespace === name).length,
  }));
  const counts = new Map<string, number>();
  for (const edge of model.edges) {
    const pair = `${where(edge.src)}\u0000${where(edge.dst)}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  const links = [...counts.entries()].map(([pair, count]) => {
    const [source = '', target = ''] = pair.split('\u0000');
    return { source, target, label: `${count} connection${count === 1 ? '' : 's'}`, onPath: hops.has(pair) };
  });
  return { level: 'namespace', categories, nodes, links };
}

/** Workload keys for the query form's suggestions, in name order. */
export function endpointChoices(model: Connectivity): string[] {
  return model.workloads.map((workload) => workload.key).sort();
}
