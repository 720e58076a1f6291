/**
 * Per-host bridge subnets (flannel's per-host subnet lease): each agent id
 * gets one /24 from the bridge range, kept across re-registrations.
 */
import { MarinaError } from '../../../lib/errors';
import { K } from '../state/keys';
import type { Claims, Owner } from './claims';
import { blockCount, formatCidr, subBlock, type Cidr4 } from '../../../lib/net/ipv4';

export const BRIDGE_PREFIX = 24;

/** The agent's existing bridge subnet, or a new one claimed from range. */
export function bridgeSubnetFor(claims: Claims, agentId: string, range: Cidr4): string {
  for (const key of claims.view.dir('alloc/bridges/')) {
    if (claims.view.value<Owner>(key)?.agentId === agentId) return key.slice('alloc/bridges/'.length);
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
