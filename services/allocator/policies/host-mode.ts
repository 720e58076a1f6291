/**
 * Host-mode tasks share their host's address: a per-address policy cannot
 * tell them from the host (or from each other), so a policy that selects
 * such an app does not isolate it. The API says so in its answer.
 */
import type { AppDefinition } from '../../../lib/model/app';
import { selects, type Policy } from '../../../lib/model/policy';

/** An app (or pod) whose tasks run in the host's network namespace. */
export function usesHostNetworking(app: AppDefinition): boolean {
  return app.networks.length === 0 || app.networks.some((n) => n.mode === 'host');
}

/** One warning per selected (or peer) app on host networking. */
export function hostModeWarnings(apps: Iterable<AppDefinition>, policy: Policy): string[] {
  const out: string[] = [];
  const peers = [...(policy.ingress ?? []).map((r) => r.from), ...(policy.egress ?? []).map((r) => r.to)].filter((p) => p && (p.apps || p.labels));
  for (const app of apps) {
    if (!usesHostNetworking(app)) continue;
    if (selects(policy.selector, app)) out.push(`${app.id} uses host networking: its tasks share the host's address and cannot be isolated by policy (see docs/policy.md)`);
    else if (peers.some((p) => selects(p!, app))) out.push(`${app.id} uses host networking: a rule naming it matches its host's address, so everything on that host gets the same access`);
  }
  return out;
}
