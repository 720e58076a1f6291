/**
 * The marina IPAM plugin (CNI 1.0): returns the addresses the allocator
 * allocated, which the runtime passes either in the network config
 *   "ipam": {"type": "marina-ipam", "addresses": [{"address": "198.19.0.66/26", "gateway": "198.19.0.65"}],
 *            "routes": [{"dst": "0.0.0.0/0"}]}
 * or as runtimeConfig `ips` (the "ips" capability, as the static plugin).
 * The allocator owns the allocation, so DEL releases nothing here and always
 * succeeds. Failures are CNI error objects with the spec's codes.
 * Pure: cmd(env, stdin) → {code, stdout}; ipam/main.ts wires it to a process.
 */
import { CNI_VERSION, CniErrorCode, type CniErrorBody, type CniIp, type CniResult, type CniRoute } from '../cni/types';

export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0'];

export interface PluginOutput {
  code: number;
  stdout: string;
}

interface IpamSection {
  type?: string;
  addresses?: Array<{ address?: unknown; gateway?: unknown }>;
  routes?: CniRoute[];
  dns?: CniResult['dns'];
}

class PluginFailure extends Error {
  constructor(readonly cniCode: number, msg: string) {
    super(msg);
  }
}

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IP4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const CIDR6 = /^[0-9a-fA-F:]+\/\d{1,3}$/;

function validAddress(a: string): boolean {
  const m = CIDR4.exec(a);
  if (m) return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  return CIDR6.test(a);
}

function fail(code: number, msg: string): never {
  throw new PluginFailure(code, msg);
}

/** Addresses from ipam.addresses, else runtimeConfig.ips; every field checked by name. */
export function addressesFrom(conf: Record<string, unknown>): CniIp[] {
  const ipam = (conf.ipam ?? {}) as IpamSection;
  const out: CniIp[] = [];
  (ipam.addresses ?? []).forEach((a, i) => {
    if (typeof a.address !== 'string' || !validAddress(a.address)) {
      fail(CniErrorCode.INVALID_CONFIG, `ipam.addresses[${i}].address: expected an address with prefix length, got ${JSON.stringify(a.address)}`);
    }
    if (a.gateway !== undefined && (typeof a.gateway !== 'string' || !(IP4.test(a.gateway) || a.gateway.includes(':')))) {
      fail(CniErrorCode.INVALID_CONFIG, `ipam.addresses[${i}].gateway: expected an IP address, got ${JSON.stringify(a.gateway)}`);
    }
    out.push(a.gateway ? { address: a.address, gateway: a.gateway as string } : { address: a.address });
  });
  const rc = (conf.runtimeConfig ?? {}) as { ips?: unknown };
  if (out.length === 0 && Array.isArray(rc.ips)) {
    rc.ips.forEach((ip, i) => {
      if (typeof ip !== 'string' || !validAddress(ip)) fail(CniErrorCode.INVALID_CONFIG, `runtimeConfig.ips[${i}]: expected an address with prefix length, got ${JSON.stringify(ip)}`);
      out.push({ address: ip });
    });
  }
  return out;
}

function handle(command: string | undefined, env: NodeJS.ProcessEnv, stdin: string): string {
  if (command === 'VERSION') return JSON.stringify({ cniVersion: CNI_VERSION, supportedVersions: SUPPORTED_VERSIONS });
  if (!command || !['ADD', 'DEL', 'CHECK', 'GC', 'STATUS'].includes(command)) {
    fail(CniErrorCode.INVALID_ENV, `CNI_COMMAND: expected ADD, DEL, CHECK, GC, STATUS or VERSION, got ${JSON.stringify(command ?? '')}`);
  }
  let conf: Record<string, unknown>;
  try {
    conf = JSON.parse(stdin) as Record<string, unknown>;
  } catch (err) {
    return fail(CniErrorCode.DECODE_FAILURE, `failed to decode network config: ${(err as Error).message}`);
  }
  const version = typeof conf.cniVersion === 'string' ? conf.cniVersion : '';
  if (!SUPPORTED_VERSIONS.includes(version)) fail(CniErrorCode.INCOMPATIBLE_VERSION, `cniVersion: ${JSON.stringify(version)} is not supported (${SUPPORTED_VERSIONS.join(', ')})`);
  if (command === 'DEL' || command === 'GC' || command === 'STATUS') return '';
  if (!env.CNI_CONTAINERID) fail(CniErrorCode.INVALID_ENV, 'CNI_CONTAINERID: required');
  const ips = addressesFrom(conf);
  if (ips.length === 0) fail(CniErrorCode.INVALID_CONFIG, 'ipam.addresses: no address given (and no runtimeConfig.ips)');
  if (command === 'CHECK') return '';
  const ipam = (conf.ipam ?? {}) as IpamSection;
  const result: CniResult = { cniVersion: version, ips, routes: ipam.routes ?? [], dns: ipam.dns ?? {} };
  return JSON.stringify(result);
}

/** Run one plugin invocation. */
export function runIpam(env: NodeJS.ProcessEnv, stdin: string): PluginOutput {
  try {
    return { code: 0, stdout: handle(env.CNI_COMMAND, env, stdin) };
  } catch (err) {
    const code = err instanceof PluginFailure ? err.cniCode : CniErrorCode.IO_FAILURE;
    const body: CniErrorBody = { cniVersion: CNI_VERSION, code, msg: (err as Error).message };
    return { code: 1, stdout: JSON.stringify(body) };
  }
}
