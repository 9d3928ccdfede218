import { snapshotKinds, type KindInfo, type SnapshotKind } from '@meshguard/rules';
import type { ClusterClient } from '../client/cluster-client.js';
import { reviewListAccess, type ListAccessAnswer, type ReviewedResource } from './access-preflight.js';
import type { ServedKind, StartedDiscovery } from './api-discovery.js';
import { resourceNameOf } from './kind-resource.js';

interface AskedReview {
  answer: Promise<ListAccessAnswer>;
  /** Where a review asked before discovery looked (the contract's place); discovery's own places always match. */
  contract?: ReviewedResource;
}

/**
 * Each kind's SelfSubjectAccessReview, asked ahead of its list so that no list waits a round trip for one:
 * - the first kind's review can go out with discovery itself (askFirst), under its contract's group, version and
 *   resource, which is where discovery finds a required kind when the cluster serves it;
 * - when a list asks for its kind's answer (answer), the next `lookahead` served kinds' reviews are sent too, so a
 *   list that ends finds the next kind's answer waiting.
 * The caller still waits for a kind's answer before listing it (a denied kind is never listed), and a served kind is
 * reviewed once, unless discovery placed it elsewhere than its contract says (then once more, where it is served).
 */
export class AccessReviewsAhead {
  private readonly asked = new Map<SnapshotKind, AskedReview>();

  constructor(
    private readonly client: ClusterClient,
    private readonly lookahead: number,
  ) {}

  /** Reviews the first `count` required kinds of `order` before discovery has said where they are served. */
  askFirst(order: readonly SnapshotKind[], count: number): void {
    const required = order.filter((kind) => !(snapshotKinds[kind] as KindInfo).optional).slice(0, count);
    for (const kind of required) {
      const { group, version }: KindInfo = snapshotKinds[kind];
      const contract = { group, version, resource: resourceNameOf(kind) };
      this.asked.set(kind, { answer: this.review(Promise.resolve(contract)), contract });
    }
  }

  /** Whether the credential may list `served` in all namespaces (reviewListAccess), asked now unless asked ahead. */
  answer(served: ServedKind, discovery: StartedDiscovery): Promise<ListAccessAnswer> {
    const asked = this.asked.get(served.kind);
    const answer =
      asked && (!asked.contract || sameResource(asked.contract, served))
        ? asked.answer
        : this.ask(served.kind, Promise.resolve(served));
    const order = discovery.planned;
    const at = order.indexOf(served.kind);
    for (const next of order.slice(at + 1, at + 1 + this.lookahead))
      if (!this.asked.has(next)) this.ask(next, servedOrUndefined(discovery, next));
    return answer;
  }

  private ask(kind: SnapshotKind, resource: Promise<ReviewedResource | undefined>): Promise<ListAccessAnswer> {
    const answer = this.review(resource);
    this.asked.set(kind, { answer });
    return answer;
  }

  private review(resource: Promise<ReviewedResource | undefined>): Promise<ListAccessAnswer> {
    // A kind that turns out not to be served is never listed, so its placeholder answer is never read.
    const answer = resource.then((found) => (found ? reviewListAccess(this.client, found) : 'undecided'));
    // Asked ahead for a list that may never run (the scan stopped first): not an unhandled rejection.
    answer.catch(() => undefined);
    return answer;
  }
}

function sameResource(a: ReviewedResource, b: ReviewedResource): boolean {
  return a.group === b.group && a.version === b.version && a.resource === b.resource;
}

async function servedOrUndefined(discovery: StartedDiscovery, kind: SnapshotKind): Promise<ServedKind | undefined> {
  const found = await discovery.resolve(kind);
  return found.outcome === 'served' ? found.served : undefined;
}
