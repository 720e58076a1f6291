/**
 * marina-ipam for other runtimes: when the network config names the
 * allocator and carries no addresses,
 *   "ipam": {"type": "marina-ipam", "allocator": "http://198.18.0.1:8080", "token": "<viewer token>"}
 * the plugin looks up the task CNI_CONTAINERID (a Marina task id) in the
 * allocator's HTTP API (GET /v2/tasks), takes its ipAddresses, and gives
 * each the prefix and gateway of the range it was allocated from: the
 * virtual network whose cidr holds it (GET /v2/networks; gateway = first
 * usable address, the anycast gateway) or the agent's bridge subnet
 * (GET /v1/agents/<id>). The addresses are then put in ipam.addresses and
 * the pure plugin (plugin.ts) answers as usual. Failures are CNI errors:
 * 3 unknown task, 7 bad allocator field / task without addresses,
 * 11 allocator unreachable (try again later).
 */
import { contains, intToIp, isIpv4, parseCidr, type Cidr4 } from '../../../lib/net/ipv4';
import { CNI_VERSION, CniErrorCode } from '../cni/types';
import type { PluginOutput } from './plugin';

interface LookupTask {
  id: string;
  agentId?: string;
  ipAddresses?: Array<{ ipAddress: string; protocol: string }>;
}

const TIMEOUT_MS = 5000;

class LookupFailure extends Error {
  constructor(readonly cniCode: number, msg: string) {
    super(msg);
  }
}

/** {address with prefix, gateway} if cidr (IPv4) holds ip. */
export function inCidr(ip: string, cidr: string | undefined): { address: string; gateway: string } | undefined {
  if (!cidr || !isIpv4(ip)) return undefined;
  let net: Cidr4;
  try {
    net = parseCidr(cidr);
  } catch {
    return undefined;
  }
  return contains(net, ip) ? { address: `${ip}/${net.prefix}`, gateway: intToIp(net.base + 1) } : undefined;
}

async function getJson<T>(base: string, path: string, token?: string): Promise<T> {
  let res: Response;
  try {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    res = await fetch(base.replace(/\/+$/, '') + path, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new LookupFailure(CniErrorCode.TRY_AGAIN_LATER, `ipam.allocator: GET ${base}${path} failed: ${(err as Error).message}`);
  }
  if (!res.ok) throw new LookupFailure(res.status === 404 ? CniErrorCode.CONTAINER_UNKNOWN : CniErrorCode.TRY_AGAIN_LATER, `ipam.allocator: GET ${path} answered HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The task's addresses with prefix and gateway, from the allocator. */
export async function lookupAddresses(allocator: string, taskId: string, token?: string): Promise<Array<{ address: string; gateway: string }>> {
  // Marina's task objects (/v1): /v2 carries Marathon's task shape, without the agent id
  const { tasks } = await getJson<{ tasks?: LookupTask[] }>(allocator, '/v1/tasks', token);
  const task = (tasks ?? []).find((t) => t.id === taskId);
  if (!task) throw new LookupFailure(CniErrorCode.CONTAINER_UNKNOWN, `CNI_CONTAINERID: task ${JSON.stringify(taskId)} is not known to the allocator at ${allocator}`);
  const v4 = (task.ipAddresses ?? []).filter((a) => a.protocol === 'IPv4');
  if (v4.length === 0) throw new LookupFailure(CniErrorCode.INVALID_CONFIG, `task ${taskId} has no IPv4 address allocated (host-mode tasks have none)`);
  const { networks } = await getJson<{ networks?: Array<{ cidr?: string }> }>(allocator, '/v1/networks', token);
  let bridgeCidr: string | undefined;
  const out: Array<{ address: string; gateway: string }> = [];
  for (const a of v4) {
    let hit = (networks ?? []).map((n) => inCidr(a.ipAddress, n.cidr)).find((x) => x);
    if (!hit && task.agentId) {
      bridgeCidr ??= (await getJson<{ bridgeCidr?: string }>(allocator, `/v1/agents/${encodeURIComponent(task.agentId)}`, token)).bridgeCidr;
      hit = inCidr(a.ipAddress, bridgeCidr);
    }
    if (!hit) throw new LookupFailure(CniErrorCode.INVALID_CONFIG, `task ${taskId}: address ${a.ipAddress} is in no network or bridge subnet the allocator knows (host-mode tasks carry only their host's address)`);
    out.push(hit);
  }
  return out;
}

/**
 * If the config asks for a lookup (ipam.allocator set, no addresses, no
 * runtimeConfig.ips, command ADD or CHECK): the config with the looked-up
 * addresses, or a CNI error output. Otherwise the input unchanged.
 */
export async function withAllocatorAddresses(env: NodeJS.ProcessEnv, stdin: string): Promise<{ stdin: string } | PluginOutput> {
  if (env.CNI_COMMAND !== 'ADD' && env.CNI_COMMAND !== 'CHECK') return { stdin };
  let conf: { ipam?: { allocator?: unknown; token?: unknown; addresses?: unknown[] }; runtimeConfig?: { ips?: unknown[] } };
  try {
    conf = JSON.parse(stdin) as typeof conf;
  } catch {
    return { stdin }; // the plugin reports the decode failure
  }
  const ipam = conf.ipam;
  if (!ipam || ipam.allocator === undefined || (ipam.addresses?.length ?? 0) > 0 || (conf.runtimeConfig?.ips?.length ?? 0) > 0) return { stdin };
  try {
    if (typeof ipam.allocator !== 'string' || !/^https?:\/\/[^/\s]+/.test(ipam.allocator)) {
      throw new LookupFailure(CniErrorCode.INVALID_CONFIG, `ipam.allocator: expected an http(s) URL, got ${JSON.stringify(ipam.allocator)}`);
    }
    if (!env.CNI_CONTAINERID) throw new LookupFailure(CniErrorCode.INVALID_ENV, 'CNI_CONTAINERID: required (the Marina task id)');
    // a viewer token: ipam.token in the network config, else MARINA_TOKEN (auth is on by default)
    const token = typeof ipam.token === 'string' ? ipam.token : env.MARINA_TOKEN;
    ipam.addresses = await lookupAddresses(ipam.allocator, env.CNI_CONTAINERID, token);
    return { stdin: JSON.stringify(conf) };
  } catch (err) {
    const code = err instanceof LookupFailure ? err.cniCode : CniErrorCode.IO_FAILURE;
    return { code: 1, stdout: JSON.stringify({ cniVersion: CNI_VERSION, code, msg: (err as Error).message }) };
  }
}
