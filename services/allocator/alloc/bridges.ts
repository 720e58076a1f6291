/**
 * Per-host bridge subnets (flannel's per-host subnet lease): each agent id
 * gets one /24 from the bridge range, kept across re-registrations. An agent
 * gone longer than the bridge retention loses it (lifecycle/bridge-retention.ts):
 * the key then carries `goneSince`, which a re-registration clears.
 */
import { MarinaError } from '../../../lib/errors';
import { K } from '../state/keys';
import type { Claims, Owner } from './claims';
import { blockCount, formatCidr, subBlock, type Cidr4 } from '../../../lib/net/ipv4';

export const BRIDGE_PREFIX = 24;
export const BRIDGES_DIR = 'alloc/bridges/';

/** A bridge key's value: its agent, and since when (epoch ms) the leader has seen that agent gone. */
export interface BridgeOwner extends Owner {
  kind: 'bridge';
  agentId: string;
  goneSince?: number;
}

/**
 * The agent's existing bridge subnet, or a new one claimed from range. An
 * existing one is checked (or, when marked gone, rewritten) at its
 * modRevision, so a registration never keeps a subnet the retention sweep
 * freed in the meantime: the txn fails and the retry claims a fresh one.
 */
export function bridgeSubnetFor(claims: Claims, agentId: string, range: Cidr4): string {
  for (const key of claims.view.dir(BRIDGES_DIR)) {
    const owner = claims.view.value<BridgeOwner>(key);
    if (owner?.agentId !== agentId) continue;
    const modRevision = claims.view.entry(key)!.modRevision;
    if (owner.goneSince !== undefined) claims.updates.set(key, { value: JSON.stringify({ kind: 'bridge', agentId }), modRevision });
    else claims.checks.set(key, modRevision);
    return key.slice(BRIDGES_DIR.length);
  }
  const n = blockCount(range, BRIDGE_PREFIX);
  for (let i = 0; i < n; i++) {
    const cidr = formatCidr(subBlock(range, BRIDGE_PREFIX, i));
    if (claims.taken(K.bridge(cidr))) continue;
    claims.create(K.bridge(cidr), { kind: 'bridge', agentId });
    return cidr;
  }
  throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `the bridge range ${formatCidr(range)} has no free /${BRIDGE_PREFIX} for agent ${agentId}`);
}
