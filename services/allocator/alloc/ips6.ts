/**
 * IPv6 container addresses on dual-stack (or IPv6-only) virtual networks:
 * the same per-host block scheme as IPv4 (alloc/blocks/<net>/<cidr6>, one
 * owner agent per block; alloc/ips/<net>/<ip6>, one owner task per address),
 * with blocks of `blockSize6` (default /122). A /48 pool has 2^74 blocks, so
 * a new block is probed from a random index a bounded number of times
 * instead of scanning the pool.
 */
import { MarinaError } from '../../../lib/errors';
import type { Agent, TaskIpAddress, VirtualNetwork } from '../../../lib/model/cluster';
import { K } from '../state/keys';
import type { Claims } from './claims';
import { bigToIp6, blockCount6, formatCidr6, parseCidr6, randomBelow, subBlock6, type Cidr6 } from '../../../lib/net/ipv6';
import { ownedBlockKeys } from './ips';

export const DEFAULT_BLOCK_SIZE6 = 122;
/** New blocks tried per instance before reporting exhaustion. */
const BLOCK_PROBES = 256;

/** The pool's first address after the subnet-router anycast one is the gateway on every host. */
function gatewayOf(pool: Cidr6): bigint {
  return pool.base + 1n;
}

function usable(pool: Cidr6, ip: bigint): boolean {
  return ip !== pool.base && ip !== gatewayOf(pool);
}

function pickInBlock(claims: Claims, network: string, pool: Cidr6, block: Cidr6): bigint | undefined {
  const n = Number(block.size);
  const start = Math.floor(Math.random() * n);
  for (let i = 0; i < n; i++) {
    const ip = block.base + BigInt((start + i) % n);
    if (usable(pool, ip) && !claims.taken(K.ip(network, bigToIp6(ip)))) return ip;
  }
  return undefined;
}

function newBlock(claims: Claims, net: VirtualNetwork, pool: Cidr6, size: number, agent: Agent): bigint | undefined {
  const n = blockCount6(pool, size);
  if (n === 0n) return undefined;
  const start = randomBelow(n);
  const probes = n < BigInt(BLOCK_PROBES) ? Number(n) : BLOCK_PROBES;
  for (let i = 0; i < probes; i++) {
    const block = subBlock6(pool, size, (start + BigInt(i)) % n);
    const key = K.block(net.name, formatCidr6(block));
    if (claims.taken(key)) continue;
    const ip = pickInBlock(claims, net.name, pool, block);
    if (ip === undefined) continue;
    claims.create(key, { kind: 'block', agentId: agent.id, network: net.name });
    return ip;
  }
  return undefined;
}

/** Allocate one IPv6 address on net (which has cidr6) for a task on agent; claims ip (+ block) keys. */
export function pickNetworkIp6(claims: Claims, net: VirtualNetwork, agent: Agent, owner: { appId: string; taskId: string }): TaskIpAddress {
  const pool = parseCidr6(net.cidr6!);
  const size = net.blockSize6 ?? DEFAULT_BLOCK_SIZE6;
  let ip: bigint | undefined;
  for (const cidr of ownedBlockKeys(claims, net.name, agent.id, 6)) {
    ip = pickInBlock(claims, net.name, pool, parseCidr6(cidr));
    if (ip !== undefined) break;
  }
  ip ??= newBlock(claims, net, pool, size, agent);
  if (ip === undefined) {
    throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `network ${net.name} (${net.cidr6}) has no free IPv6 address or block for agent ${agent.id} (${agent.hostname})`);
  }
  const text = bigToIp6(ip);
  claims.create(K.ip(net.name, text), { kind: 'ip', appId: owner.appId, taskId: owner.taskId, agentId: agent.id, network: net.name });
  return { ipAddress: text, protocol: 'IPv6', networkName: net.name, prefixLength: pool.prefix, gateway: bigToIp6(gatewayOf(pool)) };
}
