/** Where virtual clusters live on a simulator that serves many: `/clusters/<index>/api/v1/…`. */
export const virtualClusterPrefix = '/clusters/';

export interface VirtualClusterRequest {
  index: number;
  /** The request URL without the cluster's prefix (`/api/v1/pods?limit=5`). */
  url: string;
}

/** Splits `/clusters/17/api/v1/pods?…` into cluster 17 and `/api/v1/pods?…`; undefined when the URL names none. */
export function splitVirtualClusterUrl(url: string): VirtualClusterRequest | undefined {
  if (!url.startsWith(virtualClusterPrefix)) return undefined;
  const rest = url.slice(virtualClusterPrefix.length);
  const match = /^(\d{1,9})(?=[/?]|$)/.exec(rest);
  if (!match) return undefined;
  const remainder = rest.slice(match[1]!.length);
  return {
    index: Number(match[1]),
    url: remainder.startsWith('/') ? remainder : `/${remainder}`,
  };
}
