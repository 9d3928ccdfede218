import { Bitset } from './bitset.js';
import { ConnSet } from './conn-set.js';
import { everyone } from './matchers.js';
import type { CompiledPolicy, CompiledRule, PeerMatcher, PolicyRef, PolicyTier, RuleAction } from './policy-model.js';
import type { Direction } from './policy-types.js';
import { connsOfPorts, usesNamedPorts, type NamedPort } from './ports.js';
import type { ReachabilityModel } from './reachability-model.js';

/** One end of a connection: a class of pods, or a block of external addresses. */
export type Endpoint = { type: 'pods'; classId: number } | { type: 'external'; blockId: number };

/** One step of an explanation: a rule that matched (and what it decided), or a tier default. */
export interface ExplainStep {
  direction: Direction;
  tier: PolicyTier;
  policy?: PolicyRef;
  /** `ingress[0]` style position, with the rule's name when it has one. */
  rule?: string;
  action: RuleAction | 'default-allow' | 'default-deny';
  /** The part of the queried connections this step decided. */
  conns: ConnSet;
  /** Why, in words: the peer that matched, or the isolating policies. */
  detail: string;
}

interface Profile {
  open: boolean;
  /** Isolated, but some rule allows every peer on every port: the verdict is "everything" all the same. */
  allowsEverything: boolean;
  /** For isolated pods whose policies only allow (no admin/baseline tier, no deny): the classes any rule matches. */
  candidates?: Bitset;
  admin: CompiledRule[];
  nsDeny: CompiledRule[];
  nsOrdered: CompiledRule[];
  isolatedBy: CompiledPolicy[];
  baseline: CompiledRule[];
}

/** Connections a direction's evaluation has not decided yet, and what it has allowed or passed to the next tier. */
interface TierState {
  rest: ConnSet;
  allowed: ConnSet;
  passed: ConnSet;
}

const byOrder = (a: CompiledPolicy, b: CompiledPolicy): number =>
  a.order - b.order || (a.ref.namespace ?? '').localeCompare(b.ref.namespace ?? '') || a.ref.name.localeCompare(b.ref.name);

/**
 * Evaluates what policies allow between two endpoints: the source's egress ∩ the destination's ingress, each
 * through the tiers AdminNetworkPolicy (priority order, first match; Pass defers) → namespace tier (NetworkPolicy,
 * Cilium, Calico: isolated pods get only what some rule allows; Cilium deny rules win; Calico rules by order) →
 * BaselineAdminNetworkPolicy → allow. Results per class are cached; memory grows with classes, not pods.
 */
export class ReachabilityEvaluator {
  private readonly profiles: Record<Direction, (Profile | undefined)[]>;
  private readonly staticConns = new WeakMap<CompiledRule, ConnSet>();
  private readonly namedConns = new WeakMap<CompiledRule, Map<number, ConnSet>>();
  private readonly blockMatch = new WeakMap<PeerMatcher, Uint8Array>();

  constructor(readonly model: ReachabilityModel) {
    this.profiles = { ingress: new Array(model.classes.length), egress: new Array(model.classes.length) };
  }

  /** True when everything is allowed in this direction (nothing selects the class, or a rule allows every peer and port). */
  admitsAll(classId: number, direction: Direction): boolean {
    const p = this.profile(classId, direction);
    return p.open || p.allowsEverything;
  }

  /** True when nothing restricts this class in this direction (no tier selects it). */
  isOpen(classId: number, direction: Direction): boolean {
    return this.profile(classId, direction).open;
  }

  /**
   * The only peer classes that can get any connection in this direction, when that set is smaller than everything
   * (isolated pods whose rules all allow); undefined means any class may. Lets enumerations skip blocked pairs.
   */
  candidates(classId: number, direction: Direction): Bitset | undefined {
    return this.profile(classId, direction).candidates;
  }

  /** Policies that isolate the class in this direction (namespace tier). */
  isolatingPolicies(classId: number, direction: Direction): CompiledPolicy[] {
    return this.profile(classId, direction).isolatedBy;
  }

  /** Allowed connections from `src` to `dst` (egress of src ∩ ingress of dst). Pass `trace` to collect the reasoning. */
  connection(src: Endpoint, dst: Endpoint, trace?: ExplainStep[], query: ConnSet = ConnSet.all): ConnSet {
    const dstPorts = dst.type === 'pods' ? this.model.classes[dst.classId]!.namedPorts : undefined;
    const dstKey = dst.type === 'pods' ? dst.classId : -1;
    let result = query;
    if (src.type === 'pods') result = this.direction(src.classId, 'egress', dst, dstPorts, dstKey, trace, result);
    if (result.isEmpty && !trace) return result;
    if (dst.type === 'pods') {
      const ingress = this.direction(dst.classId, 'ingress', src, dstPorts, dstKey, trace, query);
      result = result.intersect(ingress);
    }
    return result;
  }

  /** What the subject class's policies allow in one direction toward/from `peer`, within `query`. */
  direction(
    subject: number,
    direction: Direction,
    peer: Endpoint,
    dstPorts: readonly NamedPort[] | undefined,
    dstKey: number,
    trace?: ExplainStep[],
    query: ConnSet = ConnSet.all,
  ): ConnSet {
    const p = this.profile(subject, direction);
    if (p.allowsEverything && !trace) return query;
    if (p.open) {
      trace?.push({ direction, tier: 'namespace', action: 'default-allow', conns: query, detail: 'no policy of any tier selects this pod in this direction' });
      return query;
    }
    const state: TierState = { rest: query, allowed: ConnSet.none, passed: ConnSet.none };
    const step = (rule: CompiledRule, conns: ConnSet, peerText: string): void => {
      trace?.push({
        direction,
        tier: rule.policy.tier,
        policy: rule.policy.ref,
        rule: `${direction}[${rule.index}]${rule.name ? ` "${rule.name}"` : ''}`,
        action: rule.action,
        conns,
        detail: peerText,
      });
    };

    this.firstMatch(p.admin, peer, dstPorts, dstKey, state, step);
    state.rest = state.rest.union(state.passed);
    state.passed = ConnSet.none;

    this.firstMatch(p.nsDeny, peer, dstPorts, dstKey, state, step);
    const union = p.nsOrdered.every((r) => r.action === 'allow');
    if (trace && union) {
      // With allow-only rules the order is immaterial; explanations name every rule that allows.
      for (const rule of p.nsOrdered) {
        const peerText = this.matchText(rule, peer);
        if (peerText === undefined) continue;
        const conns = this.ruleConns(rule, dstPorts, dstKey);
        const shown = conns.intersect(query);
        if (!shown.isEmpty) step(rule, shown, peerText);
        const c = conns.intersect(state.rest);
        if (c.isEmpty) continue;
        state.rest = state.rest.subtract(c);
        state.allowed = state.allowed.union(c);
      }
    } else this.firstMatch(p.nsOrdered, peer, dstPorts, dstKey, state, step);
    if (p.isolatedBy.length > 0) {
      if (!state.rest.isEmpty) {
        trace?.push({ direction, tier: 'namespace', action: 'default-deny', conns: state.rest, detail: `isolated by ${p.isolatedBy.map((x) => x.ref.name).join(', ')}; no rule of theirs allows this` });
      }
      state.rest = state.passed;
    } else state.rest = state.rest.union(state.passed);
    state.passed = ConnSet.none;

    this.firstMatch(p.baseline, peer, dstPorts, dstKey, state, step);
    if (!state.rest.isEmpty) {
      trace?.push({ direction, tier: 'baseline', action: 'default-allow', conns: state.rest, detail: 'no rule of any tier decided this; allowed by default' });
      state.allowed = state.allowed.union(state.rest);
    }
    return state.allowed;
  }

  /**
   * One tier's rules in order: each connection still undecided in `state.rest` is decided by the first rule whose peer
   * matches; allowed and passed connections are collected, denied ones only leave `rest`.
   */
  private firstMatch(
    rules: readonly CompiledRule[],
    peer: Endpoint,
    dstPorts: readonly NamedPort[] | undefined,
    dstKey: number,
    state: TierState,
    step: (rule: CompiledRule, conns: ConnSet, peerText: string) => void,
  ): void {
    for (const rule of rules) {
      if (state.rest.isEmpty) break;
      const peerText = this.matchText(rule, peer);
      if (peerText === undefined) continue;
      const c = this.ruleConns(rule, dstPorts, dstKey).intersect(state.rest);
      if (c.isEmpty) continue;
      state.rest = state.rest.subtract(c);
      if (rule.action === 'allow') state.allowed = state.allowed.union(c);
      else if (rule.action === 'pass') state.passed = state.passed.union(c);
      step(rule, c, peerText);
    }
  }

  /** Text of the peer through which `rule` matches `peer`, or undefined when it does not match. */
  matchText(rule: CompiledRule, peer: Endpoint): string | undefined {
    let hit: PeerMatcher | undefined;
    for (const m of rule.peers) {
      if (this.peerMatches(m, peer)) {
        hit = m;
        break;
      }
    }
    if (!hit) return undefined;
    if (rule.notPeers) for (const m of rule.notPeers) if (this.peerMatches(m, peer)) return undefined;
    return hit.text;
  }

  peerMatches(m: PeerMatcher, peer: Endpoint): boolean {
    if (peer.type === 'pods') return m.pods !== undefined && this.model.matching(m.pods).has(peer.classId);
    if (!m.ips) return false;
    let bits = this.blockMatch.get(m);
    if (!bits) {
      bits = new Uint8Array(this.model.blocks.length);
      for (const b of this.model.blocks) bits[b.id] = m.ips.covers(b.range) ? 1 : 0;
      this.blockMatch.set(m, bits);
    }
    return bits[peer.blockId] === 1;
  }

  ruleConns(rule: CompiledRule, dstPorts: readonly NamedPort[] | undefined, dstKey: number): ConnSet {
    const named = usesNamedPorts(rule.ports) || usesNamedPorts(rule.notPorts);
    if (!named) {
      let c = this.staticConns.get(rule);
      if (!c) {
        c = connsOfPorts(rule.ports, undefined);
        if (rule.notPorts?.length) c = c.subtract(connsOfPorts(rule.notPorts, undefined));
        this.staticConns.set(rule, c);
      }
      return c;
    }
    let perDst = this.namedConns.get(rule);
    if (!perDst) {
      perDst = new Map();
      this.namedConns.set(rule, perDst);
    }
    let c = perDst.get(dstKey);
    if (!c) {
      c = connsOfPorts(rule.ports, dstPorts);
      if (rule.notPorts?.length) c = c.subtract(connsOfPorts(rule.notPorts, dstPorts));
      perDst.set(dstKey, c);
    }
    return c;
  }

  private groups: SubjectGroups | undefined;

  /**
   * Classes grouped by the list of policies whose subject selects them, built from each policy's subject matches: each
   * policy, in order, moves the classes it selects from their group to that group's child for this policy (the same
   * list plus the policy). Classes of one group share one profile per direction.
   */
  private subjectGroups(): SubjectGroups {
    if (!this.groups) {
      const groupOf = new Int32Array(this.model.classes.length);
      const list: SubjectGroup[] = [newGroup([])];
      // Per group: the policy index its latest child was made for, and that child.
      const childFor: number[] = [-1];
      const childOf: number[] = [0];
      this.model.policies.forEach((policy, index) =>
        this.model.matching(policy.subject).forEach((c) => {
          const g = groupOf[c]!;
          if (childFor[g] !== index) {
            childFor[g] = index;
            childOf[g] = list.length;
            childFor.push(-1);
            childOf.push(0);
            list.push(newGroup([...list[g]!.policies, policy]));
          }
          groupOf[c] = childOf[g]!;
        }),
      );
      this.groups = { groupOf, list };
    }
    return this.groups;
  }

  private profile(classId: number, direction: Direction): Profile {
    const cached = this.profiles[direction][classId];
    if (cached) return cached;
    const groups = this.subjectGroups();
    const group = groups.list[groups.groupOf[classId]!]!;
    const profile = (group[direction] ??= this.buildProfile(group, direction));
    this.profiles[direction][classId] = profile;
    return profile;
  }

  private buildProfile(group: SubjectGroup, direction: Direction): Profile {
    const tiers = (group.tiers ??= tiersOf(group.policies));
    const nsDeny: CompiledRule[] = [];
    const nsOrdered: CompiledRule[] = [];
    for (const policy of tiers.ns) {
      for (const r of policy.rules) if (r.direction === direction) (r.policy.mode === 'union' && r.action === 'deny' ? nsDeny : nsOrdered).push(r);
    }
    const isolatedBy = tiers.nsInPolicyOrder.filter((pol) => pol.isolates.includes(direction));
    const profile: Profile = {
      open: false,
      allowsEverything: false,
      admin: rulesIn(tiers.admin, direction),
      nsDeny,
      nsOrdered,
      isolatedBy,
      baseline: rulesIn(tiers.baseline, direction),
    };
    profile.open = profile.admin.length === 0 && profile.nsDeny.length === 0 && isolatedBy.length === 0 && profile.baseline.length === 0 && profile.nsOrdered.length === 0;
    const unionOnly = profile.admin.length === 0 && profile.baseline.length === 0 && profile.nsDeny.length === 0 && profile.nsOrdered.every((r) => r.action === 'allow');
    if (isolatedBy.length > 0 && unionOnly) {
      profile.allowsEverything = profile.nsOrdered.some((r) => (!r.ports || r.ports.length === 0) && !r.notPorts && !r.notPeers && r.peers.some((m) => m.pods?.key === everyone.pods!.key && m.ips === everyone.ips));
    }
    if (isolatedBy.length > 0 && unionOnly && !profile.allowsEverything) {
      const bits = new Bitset(this.model.classes.length);
      for (const rule of profile.nsOrdered) for (const m of rule.peers) if (m.pods) bits.addAll(this.model.matching(m.pods));
      profile.candidates = bits;
    }
    return profile;
  }
}

/** Policies selecting the same classes, and what their profiles are built from (per direction, once). */
interface SubjectGroup {
  /** In policy order. */
  policies: CompiledPolicy[];
  tiers: Tiers | undefined;
  ingress: Profile | undefined;
  egress: Profile | undefined;
}

interface SubjectGroups {
  /** Group index of each class. */
  groupOf: Int32Array;
  list: SubjectGroup[];
}

/** A group's policies split by tier, each tier in evaluation order (sorted once, shared by both directions). */
interface Tiers {
  admin: CompiledPolicy[];
  ns: CompiledPolicy[];
  /** The namespace tier in policy order, as isolating policies are listed. */
  nsInPolicyOrder: CompiledPolicy[];
  baseline: CompiledPolicy[];
}

function newGroup(policies: CompiledPolicy[]): SubjectGroup {
  return { policies, tiers: undefined, ingress: undefined, egress: undefined };
}

function tiersOf(policies: readonly CompiledPolicy[]): Tiers {
  const admin: CompiledPolicy[] = [];
  const ns: CompiledPolicy[] = [];
  const baseline: CompiledPolicy[] = [];
  for (const policy of policies) {
    if (policy.tier === 'admin') admin.push(policy);
    else if (policy.tier === 'baseline') baseline.push(policy);
    else ns.push(policy);
  }
  return { admin: sortedByOrder(admin), ns: ns.length > 1 ? [...ns].sort(byOrder) : ns, nsInPolicyOrder: ns, baseline: sortedByOrder(baseline) };
}

function sortedByOrder(policies: CompiledPolicy[]): CompiledPolicy[] {
  return policies.length > 1 ? policies.sort(byOrder) : policies;
}

/** The rules of `policies` in `direction`, policy by policy. */
function rulesIn(policies: readonly CompiledPolicy[], direction: Direction): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const policy of policies) for (const r of policy.rules) if (r.direction === direction) out.push(r);
  return out;
}
