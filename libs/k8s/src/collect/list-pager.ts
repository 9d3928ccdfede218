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
 * page. When a continue token expires (410 Gone) the list starts over and `onRestart` tells the caller to discard
 * what it kept, so the result is one consistent list.
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
  let token: string | undefined;
  for (;;) {
    let page: ListPage;
    try {
      page = await client.getJson<ListPage>(path, { limit: options.pageSize, continue: token });
    } catch (error) {
      if (
        error instanceof KubeApiError &&
        error.status === 410 &&
        token !== undefined &&
        restarts < options.maxRestarts
      ) {
        restarts++;
        token = undefined;
        onRestart();
        continue;
      }
      throw error;
    }
    pages++;
    onItems(page.items ?? []);
    token = page.metadata?.continue || undefined;
    if (!token)
      return {
        pages,
        restarts,
        ...(page.metadata?.resourceVersion ? { resourceVersion: page.metadata.resourceVersion } : {}),
      };
  }
}
