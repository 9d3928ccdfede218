import { ConnSet } from './conn-set.js';
import type { ReachabilityEvaluator } from './evaluator.js';
import type { ReachabilityModel } from './reachability-model.js';

/**
 * The allowed-connection graph between pod classes, walked without visiting every pair: a class whose egress admits
 * everything reaches every class whose ingress admits everything without evaluation, restricted destinations are found
 * through the reverse index of their candidate sources, restricted sources through their own candidates.
 * Work grows with the connections found, plus one pass over classes per source.
 */
export class ClassGraph {
  readonly admitsIn: Uint8Array;
  readonly admitsOut: Uint8Array;
  /** Real classes (pods of workloads) whose ingress admits everything. */
  readonly openDestinations: number[] = [];
  /** Restricted destinations by candidate source; only sources some destination names get a list. */
  private readonly reverse: (number[] | undefined)[];
  private readonly restrictedWithoutCandidates: number[] = [];
  private readonly included: Uint8Array;

  constructor(
    readonly model: ReachabilityModel,
    readonly evaluator: ReachabilityEvaluator,
  ) {
    const C = model.classes.length;
    this.admitsIn = new Uint8Array(C);
    this.admitsOut = new Uint8Array(C);
    this.included = new Uint8Array(C);
    this.reverse = new Array<number[] | undefined>(C);
    // Runs once per graph, mostly before V8 optimises it: indexing avoids an iterator result per class.
    for (let i = 0; i < C; i++) {
      const c = model.classes[i]!;
      if (c.workloads.length === 0) continue;
      this.included[c.id] = 1;
      this.admitsIn[c.id] = evaluator.admitsAll(c.id, 'ingress') ? 1 : 0;
      this.admitsOut[c.id] = evaluator.admitsAll(c.id, 'egress') ? 1 : 0;
      if (this.admitsIn[c.id]) {
        this.openDestinations.push(c.id);
        continue;
      }
      const candidates = evaluator.candidates(c.id, 'ingress');
      if (candidates) candidates.forEach((s) => this.addReverse(s, c.id));
      else this.restrictedWithoutCandidates.push(c.id);
    }
  }

  private addReverse(source: number, destination: number): void {
    const list = this.reverse[source];
    // Born with one element: most sources are the candidate of a few destinations, and `[]` grows room for 16.
    if (list) list.push(destination);
    else this.reverse[source] = [destination];
  }

  /** True for classes standing for pods of workloads (not the probe). */
  isIncluded(classId: number): boolean {
    return this.included[classId] === 1;
  }

  /**
   * Calls `fn(d, conns)` for every class `d` that `s` may reach (non-empty `conns`; `d === s` included).
   * With `skipOpenPairs`, pairs where `s`'s egress and `d`'s ingress both admit everything are left to the caller.
   */
  forEachOut(s: number, fn: (d: number, conns: ConnSet) => void, skipOpenPairs = false): void {
    const src = { type: 'pods' as const, classId: s };
    const visit = (d: number): void => {
      const conns = this.evaluator.connection(src, { type: 'pods', classId: d });
      if (!conns.isEmpty) fn(d, conns);
    };
    if (this.admitsOut[s]) {
      if (!skipOpenPairs) for (const d of this.openDestinations) fn(d, ConnSet.all);
      const restricted = this.reverse[s];
      if (restricted) for (const d of restricted) visit(d);
      for (const d of this.restrictedWithoutCandidates) visit(d);
      return;
    }
    const candidates = this.evaluator.candidates(s, 'egress');
    if (candidates) {
      candidates.forEach((d) => {
        if (this.included[d]) visit(d);
      });
    } else {
      for (let d = 0; d < this.included.length; d++) if (this.included[d]) visit(d);
    }
  }
}
