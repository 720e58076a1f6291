/**
 * Network policy (issue 11), as stored under policies/<id> and streamed to
 * every host. Shaped like Kubernetes NetworkPolicy, for Marathon apps and
 * groups: a policy selects the apps it protects; once an app is selected by
 * any policy, only what some rule of some selecting policy allows reaches it.
 *
 * Semantics (the one place they are written down; docs/policy.md explains them to users):
 * - `ingress` absent or `[]`: a selected app accepts nothing (a default deny), as a
 *   Kubernetes policy whose policyTypes defaults to [Ingress].
 * - `egress` absent: the policy does not restrict egress; `egress: []` denies all egress.
 * - Rules of every policy selecting an app are OR-ed. A rule matches when its peer
 *   matches AND its port list does. A peer's `apps` and `labels` pick apps exactly as a
 *   selector does (both must hold when both are given); its `cidrs` add addresses (OR).
 * - A rule without `from` (`to` for egress) matches every peer; without `ports`, every port.
 * - Ports are the destination task's own ports (container port on bridge / virtual
 *   networks; the host port in host mode).
 */

export type PolicyProtocol = 'tcp' | 'udp' | 'sctp';

export interface PolicyPort {
  port: number;
  /** Inclusive end of a range starting at `port`. */
  endPort?: number;
  protocol: PolicyProtocol;
}

/** App ids are exact (`/shop/db`) or a group prefix ending in `/*` (`/shop/*`: everything below /shop). */
export interface PolicySelector {
  apps?: string[];
  /** Every label must be present with this value (Kubernetes matchLabels). */
  labels?: Record<string, string>;
}

export interface PolicyPeer extends PolicySelector {
  /** IPv4 or IPv6 CIDRs of peers outside Marina (or task addresses). */
  cidrs?: string[];
}

export interface PolicyRule {
  /** Ingress rules name their sources here. */
  from?: PolicyPeer;
  /** Egress rules name their destinations here. */
  to?: PolicyPeer;
  ports?: PolicyPort[];
}

export interface Policy {
  id: string;
  selector: PolicySelector;
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
  /** What the host does with traffic no rule allows (default drop). */
  action?: 'drop' | 'reject';
  /** ISO timestamp of the write that made this version (set by the allocator). */
  version?: string;
}

/** The app fields a selector looks at. */
export interface PolicyApp {
  id: string;
  labels?: Record<string, string>;
}

/** Whether one app-id pattern (`/shop/db` or `/shop/*`) matches an app id. */
export function appIdMatches(pattern: string, appId: string): boolean {
  if (pattern.endsWith('/*')) {
    const group = pattern.slice(0, -1); // keeps the trailing slash: /shop/
    return group === '/' || appId.startsWith(group);
  }
  return pattern === appId;
}

/**
 * Whether a selector picks an app: its apps patterns (any one) AND its labels (all).
 * A selector with neither picks nothing (validation refuses it).
 */
export function selects(selector: PolicySelector, app: PolicyApp): boolean {
  const apps = selector.apps;
  const labels = selector.labels;
  if ((!apps || apps.length === 0) && (!labels || Object.keys(labels).length === 0)) return false;
  if (apps && apps.length > 0 && !apps.some((p) => appIdMatches(p, app.id))) return false;
  if (labels) {
    for (const [k, v] of Object.entries(labels)) if (app.labels?.[k] !== v) return false;
  }
  return true;
}

/** One rule's counters on one host (nft counters of the rule, summed over the apps it protects). */
export interface PolicyRuleCounters {
  direction: 'ingress' | 'egress';
  /** Index of the rule in the policy's ingress / egress list. */
  index: number;
  packets: number;
  bytes: number;
}

/** What one host reports for one policy. */
export interface PolicyOnHost {
  /** The policy version the host's table holds (Policy.version). */
  version?: string;
  programmed: boolean;
  rules: PolicyRuleCounters[];
  /** Traffic to (or from) the apps this policy selects that no rule allowed. */
  dropped: { packets: number; bytes: number };
  /** Why the host could not program it, when programmed is false. */
  error?: string;
  /**
   * Host-mode tasks on this host the policy selects: they share the host's address, so
   * the host cannot isolate them (their traffic is not filtered; docs/policy.md).
   */
  hostModeTasks?: string[];
}

/**
 * What an agent reports about its policy table (Agents.ReportPolicyStatus carries it as JSON);
 * GET /v1/policies/{id}/status shows, per host, the entry for that policy.
 */
export interface PolicyHostStatus {
  agentId: string;
  /** Store revision of the watch state the table was rendered from. */
  revision: number;
  /** ISO time of the last successful sync. */
  syncedAt: string;
  policies: Record<string, PolicyOnHost>;
}
