/** `marina allocator` options (flags, MARINA_* env, config file) and their parsing. */
import { MarinaError } from '../../lib/errors';
import type { ConfigValues, OptionSpec } from '../../lib/config';
import { parseCidr, type Cidr4 } from '../../lib/net/ipv4';
import { parseRange } from '../../lib/net/port-range';
import type { EtcdTlsFiles } from '../../lib/store/etcd/tls';
import { parseCidr6, type Cidr6 } from '../../lib/net/ipv6';
import type { AllocatorSettings } from './context';
import { LIMIT_OPTIONS, parseLimits } from './limit-options';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBasicUsers } from './auth/authenticate';
import type { AuthConfig } from './auth/api-auth';
import type { TlsOptions } from './auth/tls';

export const OPTIONS: OptionSpec[] = [
  { name: 'api-listen', type: 'string', description: 'HTTP API address (Marathon /v2, Marina /v1, /metrics)', default: '127.0.0.1:8080' },
  { name: 'grpc-listen', type: 'string', description: 'gRPC API address (marina.v1, health, reflection)', default: '127.0.0.1:8081' },
  { name: 'store', type: 'string', description: 'state store: embedded | etcd', default: 'embedded' },
  { name: 'data-dir', type: 'string', description: 'embedded store directory', default: '/var/lib/marina' },
  { name: 'etcd-endpoints', type: 'list', description: 'etcd client URLs (comma-separated)', default: ['http://127.0.0.1:2379'] },
  { name: 'etcd-cacert', type: 'string', description: 'CA that signed etcd\'s certificate (PEM; https:// endpoints)' },
  { name: 'etcd-cert', type: 'string', description: 'client certificate for etcd --client-cert-auth (PEM; its CN is the etcd user)' },
  { name: 'etcd-key', type: 'string', description: 'key of --etcd-cert (PEM, keep it 0600)' },
  { name: 'prefix', type: 'string', description: 'key prefix in the store', default: '/marina' },
  { name: 'agent-lease-ttl', type: 'number', description: 'seconds an agent stays registered without a keep-alive', default: 10 },
  { name: 'service-port-range', type: 'string', description: 'service ports (Marathon servicePort)', default: '10000-20000' },
  { name: 'vip-range', type: 'list', description: 'VIP ranges (IPv4/IPv6 CIDRs, comma-separated): named VIPs get addresses from the first IPv4 one; fixed VIPs must lie in one', default: ['198.19.250.0/24'] },
  { name: 'bridge-range', type: 'string', description: 'per-host bridge subnets (/24 each)', default: '198.18.16.0/20' },
  { name: 'default-networks', type: 'list', description: 'virtual networks to create at start, NAME=CIDR[:driver] (e.g. dcos=198.19.0.0/17:vxlan)', default: [] },
  { name: 'kill-timeout', type: 'number', description: 'seconds before a stopping task is released without an agent report', default: 30 },
  { name: 'reconcile-interval', type: 'number', description: 'seconds between reconcile passes (leader only)', default: 1 },
  { name: 'agent-grace-period', type: 'number', description: 'seconds a new leader (or one whose store was away) watches agents before calling a missing one lost; 0 = agent-lease-ttl + 5', default: 0 },
  { name: 'bridge-retention', type: 'number', description: 'seconds an agent judged gone (and with no tasks) keeps its bridge subnet before it is freed', default: 3600 },
  { name: 'store-timeout', type: 'number', description: 'seconds a store write may take before the API answers 503', default: 2 },
  { name: 'event-heartbeat', type: 'number', description: 'seconds between keep-alive comment lines on /v2/events streams', default: 15 },
  { name: 'event-max-buffer', type: 'number', description: 'bytes a /v2/events or gRPC Events/Stream subscriber may fall behind before it is disconnected', default: 4194304 },
  { name: 'max-txn-ops', type: 'number', description: 'max keys per store transaction (etcd --max-txn-ops)', default: 128 },
  ...LIMIT_OPTIONS,
  { name: 'auth', type: 'boolean', description: 'authenticate and authorise every API request but GET /ping (--auth=false turns it off)', default: true },
  { name: 'http-credentials', type: 'string', description: 'HTTP Basic admin user as user:password (Marathon --http_credentials)' },
  { name: 'http-credentials-file', type: 'string', description: 'file of user:password lines, each an HTTP Basic admin user' },
  { name: 'tls', type: 'string', description: 'auto (TLS when the HTTP or gRPC API listens on a non-loopback address) | on | off', default: 'auto' },
  { name: 'tls-cert', type: 'string', description: 'serving certificate PEM (default: issued by the cluster CA in <data-dir>/tls)' },
  { name: 'tls-key', type: 'string', description: 'key of --tls-cert' },
  { name: 'client-ca', type: 'string', description: 'CA bundle PEM whose client certificates are accepted (with --tls-cert)' },
  { name: 'client-config', type: 'string', description: 'where to write the admin client config (default: <data-dir>/client.json)' },
  { name: 'agent-cert-ttl', type: 'number', description: 'seconds an agent certificate (Join, Renew) is valid; agents renew at 2/3 of it', default: 31536000 },
];

export interface AllocatorConfig {
  apiListen: string;
  grpcListen: string;
  store: 'embedded' | 'etcd';
  dataDir: string;
  etcdEndpoints: string[];
  etcdTls: EtcdTlsFiles;
  defaultNetworks: Array<{ name: string; cidr: string; driver: string }>;
  settings: AllocatorSettings;
  auth: AuthConfig;
  tls: TlsOptions;
  /** The admin client config the allocator writes (0600) when auth is on. */
  clientConfig: string;
}

function tlsOptions(v: ConfigValues): TlsOptions {
  const mode = String(v.tls);
  if (mode !== 'auto' && mode !== 'on' && mode !== 'off') throw configError('--tls', `${JSON.stringify(mode)} is not auto, on or off`);
  const opt = (k: string) => (v[k] ? String(v[k]) : undefined);
  return { mode, cert: opt('tlsCert'), key: opt('tlsKey'), clientCa: opt('clientCa') };
}

/** At least 10 s (an agent renews at 2/3 of it; tests use seconds), at most ten years (the CA's own lifetime). */
function agentCertTtl(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 10 || n > 3650 * 86400) throw configError('--agent-cert-ttl', `expected whole seconds from 10 to ${3650 * 86400}, got ${JSON.stringify(v)}`);
  return n;
}

function basicUsers(v: ConfigValues) {
  const specs: string[] = [];
  if (v.httpCredentials) specs.push(String(v.httpCredentials));
  if (v.httpCredentialsFile) {
    const file = String(v.httpCredentialsFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw configError('--http-credentials-file', `cannot read ${file}: ${(err as Error).message}`);
    }
    specs.push(...text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
  }
  return parseBasicUsers(specs, '--http-credentials');
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

/** --vip-range: one or more CIDRs, at least one IPv4 (named VIPs are IPv4). */
function vipRanges(values: string[]): { v4: Cidr4[]; v6: Cidr6[] } {
  const v4: Cidr4[] = [];
  const v6: Cidr6[] = [];
  for (const value of values) {
    if (value.includes(':')) {
      try {
        v6.push(parseCidr6(value, '--vip-range'));
      } catch {
        throw configError('--vip-range', `${JSON.stringify(value)} is not an IPv6 CIDR`);
      }
    } else v4.push(cidrOption(value, '--vip-range'));
  }
  if (v4.length === 0) throw configError('--vip-range', 'needs at least one IPv4 CIDR (named VIPs get IPv4 addresses)');
  return { v4, v6 };
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
  const vips = vipRanges(([] as string[]).concat((v.vipRange as string[] | string | undefined) ?? []));
  return {
    apiListen: String(v.apiListen),
    grpcListen: String(v.grpcListen),
    store,
    dataDir: String(v.dataDir),
    etcdEndpoints: (v.etcdEndpoints as string[]) ?? [],
    etcdTls: { caFile: v.etcdCacert as string | undefined, certFile: v.etcdCert as string | undefined, keyFile: v.etcdKey as string | undefined },
    defaultNetworks,
    auth: { enabled: v.auth !== false, basicUsers: basicUsers(v), agentCertTtlSeconds: agentCertTtl(v.agentCertTtl) },
    tls: tlsOptions(v),
    clientConfig: v.clientConfig ? String(v.clientConfig) : join(String(v.dataDir), 'client.json'),
    settings: {
      prefix,
      agentLeaseTtl: positive('agent-lease-ttl'),
      servicePortRange: parseRange(String(v.servicePortRange), '--service-port-range'),
      vipRange: vips.v4[0],
      vipRanges: vips,
      bridgeRange: cidrOption(String(v.bridgeRange), '--bridge-range'),
      killTimeoutMs: positive('kill-timeout') * 1000,
      reconcileIntervalMs: positive('reconcile-interval') * 1000,
      maxTxnOps: Math.max(16, positive('max-txn-ops')),
      agentGraceMs: graceSeconds(Number(v.agentGracePeriod), positive('agent-lease-ttl')) * 1000,
      storeTimeoutMs: positive('store-timeout') * 1000,
      eventHeartbeatMs: positive('event-heartbeat') * 1000,
      eventMaxBufferBytes: positive('event-max-buffer'),
      limits: parseLimits(v),
      bridgeRetentionMs: positive('bridge-retention') * 1000,
    },
  };
}
