import { ipv4 } from './object-factory.js';

/** The pod network, the service network and where pods and services get their addresses. */
export const syntheticNetwork = {
  podCidr: '10.64.0.0/10',
  serviceCidr: '10.96.0.0/12',
  nodeCidr: '10.0.0.0/16',
} as const;
const podBase = (10 << 24) | (64 << 16);
const serviceBase = (10 << 24) | (96 << 16);
const nodeBase = (10 << 24) | (0 << 16);

export interface PodSlot {
  node: string;
  podIp: string;
  hostIp: string;
}

/** Places pods on worker nodes round-robin and hands out pod IPs from each node's /22. */
export class Placement {
  private next = 0;
  private readonly perNode: number[];
  private serviceCount = 2;

  constructor(readonly nodes: string[]) {
    this.perNode = nodes.map(() => 0);
  }

  nodeIp(index: number): string {
    return ipv4(nodeBase + 10 + index);
  }

  podCidr(index: number): string {
    return `${ipv4(podBase + index * 1024)}/22`;
  }

  slot(hostNetwork: boolean): PodSlot {
    const index = this.next++ % this.nodes.length;
    return this.slotOn(index, hostNetwork);
  }

  slotOn(index: number, hostNetwork: boolean): PodSlot {
    const hostIp = this.nodeIp(index);
    const n = ++this.perNode[index]!;
    return {
      node: this.nodes[index]!,
      hostIp,
      podIp: hostNetwork ? hostIp : ipv4(podBase + index * 1024 + 1 + (n % 1022)),
    };
  }

  clusterIp(): string {
    return ipv4(serviceBase + this.serviceCount++);
  }
}
