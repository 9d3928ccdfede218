import type { SnapshotKind } from '@meshguard/rules';
import type { ClusterClient } from '../client/cluster-client.js';
import { reviewListAccess, type ListAccessAnswer } from './access-preflight.js';
import type { ServedKind, StartedDiscovery } from './api-discovery.js';

/**
 * Each kind's SelfSubjectAccessReview, asked a few kinds ahead of the lists. The lists take kinds in `order`; when one
 * asks for its kind's answer, the reviews of the next `lookahead` served kinds are sent too, so a list that finishes
 * finds the next kind's answer waiting instead of spending a round trip between two lists. Every served kind is still
 * reviewed once and only once, and the caller still waits for a kind's answer before listing it.
 */
export class AccessReviewsAhead {
  private readonly answers = new Map<SnapshotKind, Promise<ListAccessAnswer>>();

  constructor(
    private readonly client: ClusterClient,
    private readonly discovery: StartedDiscovery,
    private readonly order: readonly SnapshotKind[],
    private readonly lookahead = 4,
  ) {}

  /** Whether the credential may list `served` in all namespaces (reviewListAccess), asked now unless asked ahead. */
  answer(served: ServedKind): Promise<ListAccessAnswer> {
    const answer = this.answers.get(served.kind) ?? this.ask(served.kind, Promise.resolve(served));
    const at = this.order.indexOf(served.kind);
    for (const next of this.order.slice(at + 1, at + 1 + this.lookahead))
      if (!this.answers.has(next)) this.ask(next, this.servedOrUndefined(next));
    return answer;
  }

  private ask(kind: SnapshotKind, served: Promise<ServedKind | undefined>): Promise<ListAccessAnswer> {
    // A kind that turns out not to be served is never listed, so its placeholder answer is never read.
    const answer = served.then((found) => (found ? reviewListAccess(this.client, found) : 'undecided'));
    // Asked ahead for a list that may never run (the scan stopped first): not an unhandled rejection.
    answer.catch(() => undefined);
    this.answers.set(kind, answer);
    return answer;
  }

  private async servedOrUndefined(kind: SnapshotKind): Promise<ServedKind | undefined> {
    const found = await this.discovery.resolve(kind);
    return found.outcome === 'served' ? found.served : undefined;
  }
}
