import type { ClusterClient } from '../client/cluster-client.js';
import { KubeApiError } from '../client/kube-api.error.js';

export interface ListPage {
  items?: Record<string, unknown>[];
  metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
}

export interface PagedListOptions {
  /** Objects per page (`limit`), default 500 like kubectl. */
  pageSize: number;
  /** How often a list may start over after its continue token expired (410 Gone), default 3. */
  maxRestarts: number;
}

export interface PagedListOutcome {
  pages: number;
  restarts: number;
  resourceVersion?: string;
}

/**
 * Lists a collection page by page (`limit` + `continue`), handing each page's items to `onItems` and dropping the
 * page. The next page is asked for before `onItems` runs, so its round trip overlaps this page's normalisation, as a
 * bare fetch loop asks right after parsing. When a continue token expires (410 Gone) the list starts over and
 * `onRestart` tells the caller to discard what it kept, so the result is one consistent list; when tokens keep
 * expiring (a busy etcd compacting often), the last try is one list without paging, as client-go's pager does
 * (FullListIfExpired).
 */
export async function listAllPages(
  client: ClusterClient,
  path: string,
  options: PagedListOptions,
  onItems: (items: Record<string, unknown>[]) => void,
  onRestart: () => void,
): Promise<PagedListOutcome> {
  let pages = 0;
  let restarts = 0;
  const ask = (token: string | undefined) => {
    const page = client.getJson<ListPage>(path, { limit: options.pageSize, continue: token });
    // Asked ahead: if onItems throws, nobody awaits this page, and its failure must not go unhandled.
    page.catch(() => undefined);
    return { token, page };
  };
  let next = ask(undefined);
  for (;;) {
    let page: ListPage;
    try {
      page = await next.page;
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 410 && next.token !== undefined)) throw error;
      onRestart();
      if (restarts >= options.maxRestarts) return fullList(client, path, pages, restarts, onItems);
      restarts++;
      next = ask(undefined);
      continue;
    }
    pages++;
    const token = page.metadata?.continue || undefined;
    if (token) next = ask(token);
    onItems(page.items ?? []);
    if (!token)
      return {
        pages,
        restarts,
        ...(page.metadata?.resourceVersion ? { resourceVersion: page.metadata.resourceVersion } : {}),
      };
  }
}

/** One unpaginated list: consistent, at the cost of one large response (bounded by the client's body limit). */
async function fullList(
  client: ClusterClient,
  path: string,
  pages: number,
  restarts: number,
  onItems: (items: Record<string, unknown>[]) => void,
): Promise<PagedListOutcome> {
  const page = await client.getJson<ListPage>(path);
  onItems(page.items ?? []);
  return {
    pages: pages + 1,
    restarts: restarts + 1,
    ...(page.metadata?.resourceVersion ? { resourceVersion: page.metadata.resourceVersion } : {}),
  };
}
