/**
 * Container addresses. A virtual network's pool is cut into per-host blocks
 * (Calico's /26 block affinity): an agent takes addresses from blocks it
 * owns and claims a new block only when they are full, so hosts do not
 * contend on one pool. Bridge mode takes addresses from the agent's own
 * bridge subnet. The network address, the first address (gateway) of a
 * bridge subnet and broadcast addresses are never handed out.
 */
import { MarinaError } from '../../../lib/errors';
import type { Agent, TaskIpAddress, VirtualNetwork } from '../../../lib/model/cluster';
import { K, bridgeNetwork } from '../state/keys';
import type { Claims, Owner } from './claims';
import { blockCount, formatCidr, intToIp, parseCidr, subBlock, type Cidr4 } from '../../../lib/net/ipv4';

/** The first usable address of a pool is its gateway on every host bridge. */
function gatewayOf(pool: Cidr4): number {
  return pool.base + 1;
}

function usable(pool: Cidr4, ip: number): boolean {
  return ip !== pool.base && ip !== pool.base + pool.size - 1 && ip !== gatewayOf(pool);
}

/** A free address in block, scanning from a random offset so racing replicas rarely collide. */
function pickInBlock(claims: Claims, network: string, pool: Cidr4, block: Cidr4): number | undefined {
  const start = Math.floor(Math.random() * block.size);
  for (let i = 0; i < block.size; i++) {
    const ip = block.base + ((start + i) % block.size);
    if (usable(pool, ip) && !claims.taken(K.ip(network, intToIp(ip)))) return ip;
  }
  return undefined;
}

/**
 * Blocks (CIDR text) of network owned by agent, from the view and this plan;
 * family 6 = the IPv6 blocks (their text holds ':').
 */
export function ownedBlockKeys(claims: Claims, network: string, agentId: string, family: 4 | 6): string[] {
  const out: string[] = [];
  const dir = `alloc/blocks/${network}/`;
  const wanted = (cidr: string) => cidr.includes(':') === (family === 6);
  for (const key of claims.view.dir(dir)) {
    const cidr = key.slice(dir.length);
    if (wanted(cidr) && claims.view.value<Owner>(key)?.agentId === agentId) out.push(cidr);
  }
  for (const key of claims.planned.blocksIn(dir)) {
    const cidr = key.slice(dir.length);
    if (wanted(cidr) && (JSON.parse(claims.planned.get(key)!) as Owner).agentId === agentId) out.push(cidr);
  }
  return out;
}

/** Allocate one address on a virtual network for a task on agent; claims ip (+ block) keys. */
export function pickNetworkIp(claims: Claims, net: VirtualNetwork, agent: Agent, owner: { appId: string; taskId: string }): TaskIpAddress {
  const pool = parseCidr(net.cidr!);
  let ip: number | undefined;
  for (const cidr of ownedBlockKeys(claims, net.name, agent.id, 4)) {
    ip = pickInBlock(claims, net.name, pool, parseCidr(cidr));
    if (ip !== undefined) break;
  }
  if (ip === undefined) {
    const n = blockCount(pool, net.blockSize);
    const start = Math.floor(Math.random() * n);
    for (let i = 0; i < n && ip === undefined; i++) {
      const block = subBlock(pool, net.blockSize, (start + i) % n);
      const key = K.block(net.name, formatCidr(block));
      if (claims.taken(key)) continue;
      const candidate = pickInBlock(claims, net.name, pool, block);
      if (candidate === undefined) continue;
      claims.create(key, { kind: 'block', agentId: agent.id, network: net.name });
      ip = candidate;
    }
  }
  if (ip === undefined) {
    throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `network ${net.name} (${net.cidr}) has no free address or block for agent ${agent.id} (${agent.hostname})`);
  }
  claims.create(K.ip(net.name, intToIp(ip)), { kind: 'ip', appId: owner.appId, taskId: owner.taskId, agentId: agent.id, network: net.name });
  return { ipAddress: intToIp(ip), protocol: 'IPv4', networkName: net.name, prefixLength: pool.prefix, gateway: intToIp(gatewayOf(pool)) };
}

/** Allocate one address in the agent's bridge subnet; claims the ip key. */
export function pickBridgeIp(claims: Claims, agent: Agent, owner: { appId: string; taskId: string }): TaskIpAddress {
  if (!agent.bridgeCidr) throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `agent ${agent.id} (${agent.hostname}) has no bridge subnet`);
  const pool = parseCidr(agent.bridgeCidr);
  const network = bridgeNetwork(agent.id);
  const ip = pickInBlock(claims, network, pool, pool);
  if (ip === undefined) {
    throw new MarinaError('MARINA_ERR_IP_EXHAUSTED', `bridge subnet ${agent.bridgeCidr} of agent ${agent.id} (${agent.hostname}) has no free address`);
  }
  claims.create(K.ip(network, intToIp(ip)), { kind: 'ip', appId: owner.appId, taskId: owner.taskId, agentId: agent.id, network });
  return { ipAddress: intToIp(ip), protocol: 'IPv4', networkName: 'bridge', prefixLength: pool.prefix, gateway: intToIp(gatewayOf(pool)) };
}
