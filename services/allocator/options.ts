/** `marina allocator` options (flags, MARINA_* env, config file) and their parsing. */
import { MarinaError } from '../../lib/errors';
import type { ConfigValues, OptionSpec } from '../../lib/config';
import { parseCidr } from '../../lib/net/ipv4';
import { parseRange } from '../../lib/net/port-range';
import type { AllocatorSettings } from './context';

export const OPTIONS: OptionSpec[] = [
  { name: 'api-listen', type: 'string', description: 'HTTP API address (Marathon /v2, Marina /v1, /metrics)', default: '127.0.0.1:8080' },
  { name: 'grpc-listen', type: 'string', description: 'gRPC API address (marina.v1, health, reflection)', default: '127.0.0.1:8081' },
  { name: 'store', type: 'string', description: 'state store: embedded | etcd', default: 'embedded' },
  { name: 'data-dir', type: 'string', description: 'embedded store directory', default: '/var/lib/marina' },
  { name: 'etcd-endpoints', type: 'list', description: 'etcd client URLs (comma-separated)', default: ['http://127.0.0.1:2379'] },
  { name: 'prefix', type: 'string', description: 'key prefix in the store', default: '/marina' },
  { name: 'agent-lease-ttl', type: 'number', description: 'seconds an agent stays registered without a keep-alive', default: 10 },
  { name: 'service-port-range', type: 'string', description: 'service ports (Marathon servicePort)', default: '10000-20000' },
  { name: 'vip-range', type: 'string', description: 'addresses for named VIPs', default: '198.19.250.0/24' },
  { name: 'bridge-range', type: 'string', description: 'per-host bridge subnets (/24 each)', default: '198.18.16.0/20' },
  { name: 'default-networks', type: 'list', description: 'virtual networks to create at start, NAME=CIDR[:driver] (e.g. dcos=198.19.0.0/17:vxlan)', default: [] },
  { name: 'kill-timeout', type: 'number', description: 'seconds before a stopping task is released without an agent report', default: 30 },
  { name: 'reconcile-interval', type: 'number', description: 'seconds between reconcile passes (leader only)', default: 1 },
  { name: 'agent-grace-period', type: 'number', description: 'seconds a new leader (or one whose store was away) watches agents before calling a missing one lost; 0 = agent-lease-ttl + 5', default: 0 },
  { name: 'bridge-retention', type: 'number', description: 'seconds an agent judged gone (and with no tasks) keeps its bridge subnet before it is freed', default: 3600 },
  { name: 'store-timeout', type: 'number', description: 'seconds a store write may take before the API answers 503', default: 2 },
  { name: 'max-txn-ops', type: 'number', description: 'max keys per store transaction (etcd --max-txn-ops)', default: 128 },
];

export interface AllocatorConfig {
  apiListen: string;
  grpcListen: string;
  store: 'embedded' | 'etcd';
  dataDir: string;
  etcdEndpoints: string[];
  defaultNetworks: Array<{ name: string; cidr: string; driver: string }>;
  settings: AllocatorSettings;
}

function configError(field: string, msg: string): MarinaError {
  return new MarinaError('MARINA_ERR_CONFIG', `${field}: ${msg}`);
}

function cidrOption(value: string, field: string) {
  try {
    return parseCidr(value, field);
  } catch {
    throw configError(field, `${JSON.stringify(value)} is not an IPv4 CIDR`);
  }
}

/** The grace period: as given, or the lease TTL plus a keep-alive interval and a margin. */
function graceSeconds(given: number, leaseTtl: number): number {
  if (!(given >= 0)) throw configError('--agent-grace-period', 'must be 0 or a positive number of seconds');
  if (given === 0) return leaseTtl + 5;
  if (given < leaseTtl) throw configError('--agent-grace-period', `must be at least --agent-lease-ttl (${leaseTtl} s)`);
  return given;
}

/** Turn resolved option values into the allocator config; errors name the option. */
export function parseAllocatorConfig(v: ConfigValues): AllocatorConfig {
  const store = String(v.store);
  if (store !== 'embedded' && store !== 'etcd') throw configError('--store', `${JSON.stringify(store)} is not embedded or etcd`);
  const prefix = String(v.prefix).replace(/\/+$/, '');
  if (!prefix.startsWith('/')) throw configError('--prefix', 'must start with /');
  const positive = (name: string) => {
    const n = Number(v[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]);
    if (!(n > 0)) throw configError(`--${name}`, 'must be a positive number');
    return n;
  };
  const defaultNetworks = ((v.defaultNetworks as string[]) ?? []).map((spec) => {
    const m = /^([A-Za-z0-9_.-]+)=([0-9./]+)(?::([a-z-]+))?$/.exec(spec);
    if (!m) throw configError('--default-networks', `${JSON.stringify(spec)} is not NAME=CIDR[:driver]`);
    return { name: m[1], cidr: m[2], driver: m[3] ?? 'vxlan' };
  });
  return {
    apiListen: String(v.apiListen),
    grpcListen: String(v.grpcListen),
    store,
    dataDir: String(v.dataDir),
    etcdEndpoints: (v.etcdEndpoints as string[]) ?? [],
    defaultNetworks,
    settings: {
      prefix,
      agentLeaseTtl: positive('agent-lease-ttl'),
      servicePortRange: parseRange(String(v.servicePortRange), '--service-port-range'),
      vipRange: cidrOption(String(v.vipRange), '--vip-range'),
      bridgeRange: cidrOption(String(v.bridgeRange), '--bridge-range'),
      killTimeoutMs: positive('kill-timeout') * 1000,
      reconcileIntervalMs: positive('reconcile-interval') * 1000,
      maxTxnOps: Math.max(16, positive('max-txn-ops')),
      agentGraceMs: graceSeconds(Number(v.agentGracePeriod), positive('agent-lease-ttl')) * 1000,
      storeTimeoutMs: positive('store-timeout') * 1000,
      bridgeRetentionMs: positive('bridge-retention') * 1000,
    },
  };
}
