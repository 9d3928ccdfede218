import { parse, stringify } from 'yaml';

type Kubeconfig = {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  [field: string]: unknown;
};

/** Returns the kubeconfig YAML after `edit` changed its parsed form: how tests make one bad field at a time. */
export function editKubeconfig(yaml: string, edit: (config: Kubeconfig) => void): string {
  const config = parse(yaml) as Kubeconfig;
  edit(config);
  return stringify(config);
}

/** The kubeconfig with its server URL replaced. */
export function withServer(yaml: string, server: string): string {
  return editKubeconfig(yaml, (c) => (c.clusters[0]!.cluster.server = server));
}
