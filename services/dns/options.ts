/**
 * `marina dns` options (lib/config.ts specs) and their validated form. Names
 * follow Mesos-DNS's config.json where there is one (ttl, domain, resolvers,
 * soa-*, ip-sources, enforce-rfc952, timeout, refresh-seconds).
 */
import { BlockList, isIP } from 'node:net';
import { MarinaError } from '../../lib/errors';
import { resolveConfig, type ConfigValues, type OptionSpec } from '../../lib/config';
import { rfc1123Label, rfc952Label, type LabelFunc } from '../../lib/naming';
import { parseIpSources, type IpSource } from './sources/ip-sources';
import { parseListen, type ListenAddress } from './server/listeners';
import { parseUpstream, type Upstream } from './handlers/forward/forward';
import { CREDENTIAL_OPTIONS, parseCredentialFlags, type CredentialFlags } from '../../lib/client/credential-options';

export const OPTIONS: OptionSpec[] = [
  { name: 'listen', type: 'list', default: ['127.0.0.1:53'], description: 'DNS addresses (UDP and TCP), comma-separated host:port' },
  { name: 'http-listen', type: 'string', default: '127.0.0.1:8123', description: 'HTTP API and /metrics address' },
  { name: 'workers', type: 'number', default: 1, description: 'DNS processes sharing the --listen ports (SO_REUSEPORT), one core each' },
  { name: 'domain', type: 'string', default: 'mesos', description: 'Mesos-DNS domain' },
  { name: 'allocator', type: 'string', description: 'Allocator gRPC address to follow (host:port)' },
  { name: 'mesos-state', type: 'string', description: 'Mesos master /state URL or file (instead of --allocator)' },
  { name: 'refresh-seconds', type: 'number', default: 60, description: 'Mesos source poll interval' },
  { name: 'framework', type: 'string', default: 'marathon', description: 'Framework name used for allocator tasks' },
  { name: 'masters', type: 'list', default: [], description: 'Mesos masters ip:port (master.D, masterN.D records)' },
  { name: 'ip-sources', type: 'list', default: ['netinfo', 'mesos', 'host'], description: 'Task IP sources in order: host, netinfo, mesos, docker, autoip' },
  { name: 'ttl', type: 'number', default: 60, description: 'TTL of every record, seconds' },
  { name: 'srv-weight', type: 'number', default: 1, description: 'SRV weight (Mesos-DNS SRVRecordDefaultWeight)' },
  { name: 'resolvers', type: 'list', default: [], description: 'Default upstream resolvers for other zones (ip[:port])' },
  { name: 'forward-zones', type: 'list', default: [], description: 'Per-zone upstreams: zone=ip[:port]|ip[:port],...' },
  { name: 'recursion-networks', type: 'list', default: ['127.0.0.0/8', '::1/128'], description: 'Client CIDRs allowed to recurse (forwarding)' },
  { name: 'timeout', type: 'number', default: 5, description: 'Upstream timeout, seconds' },
  { name: 'soa-mname', type: 'string', default: 'ns1.mesos', description: 'SOA MNAME (and NS)' },
  { name: 'soa-rname', type: 'string', default: 'root.ns1.mesos', description: 'SOA RNAME' },
  { name: 'soa-refresh', type: 'number', default: 60, description: 'SOA refresh' },
  { name: 'soa-retry', type: 'number', default: 600, description: 'SOA retry' },
  { name: 'soa-expire', type: 'number', default: 86400, description: 'SOA expire' },
  { name: 'soa-minttl', type: 'number', default: 60, description: 'SOA minimum (negative TTL)' },
  { name: 'enforce-rfc952', type: 'boolean', default: false, description: 'Use RFC 952 labels (24 chars, leading letter)' },
  { name: 'enumeration', type: 'boolean', default: true, description: 'Serve /v1/enumerate and /v1/axfr' },
  ...CREDENTIAL_OPTIONS,
];

export interface DnsConfig {
  listen: ListenAddress[];
  httpListen: ListenAddress;
  domain: string;
  allocator?: string;
  mesosState?: string;
  refreshSeconds: number;
  framework: string;
  masters: string[];
  ipSources: IpSource[];
  ttl: number;
  srvWeight: number;
  resolvers: Upstream[];
  forwardZones: Map<string, Upstream[]>;
  recursionNetworks: string[];
  timeoutMs: number;
  soa: { mname: string; rname: string; refresh: number; retry: number; expire: number; minttl: number };
  label: LabelFunc;
  enforceRfc952: boolean;
  enumeration: boolean;
  /** DNS processes (dns --workers); 1 = this process answers. */
  workers: number;
  /** --token / --token-file / --ca / --client-config for following the allocator (default: MARINA_* and the client config). */
  credentials?: CredentialFlags;
}

function fail(field: string, why: string): never {
  throw new MarinaError('MARINA_ERR_CONFIG', `${field}: ${why}`);
}

function num(v: ConfigValues[string], field: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(field, `expected an integer ${min}-${max}, got ${JSON.stringify(v)}`);
  return n;
}

function list(v: ConfigValues[string]): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function addr(s: string, field: string): ListenAddress {
  try {
    const a = parseListen(s);
    if (!isIP(a.host) || a.port > 65535) throw new Error(`expected ip:port, got ${JSON.stringify(s)}`);
    return a;
  } catch (err) {
    return fail(field, (err as Error).message);
  }
}

function upstream(s: string, field: string): Upstream {
  const u = parseUpstream(s);
  if (!isIP(u.host) || !(u.port > 0 && u.port < 65536)) fail(field, `expected ip[:port], got ${JSON.stringify(s)}`);
  return u;
}

/** A BlockList check built from CIDRs (also validates them). */
export function cidrMatcher(cidrs: string[], field = 'recursion-networks'): (ip: string) => boolean {
  const bl = new BlockList();
  for (const c of cidrs) {
    const [net, len] = c.split('/');
    const fam = isIP(net ?? '');
    const bits = len === undefined ? (fam === 6 ? 128 : 32) : Number(len);
    if (!fam || !Number.isInteger(bits) || bits < 0 || bits > (fam === 6 ? 128 : 32)) fail(field, `invalid CIDR ${JSON.stringify(c)}`);
    bl.addSubnet(net!, bits, fam === 6 ? 'ipv6' : 'ipv4');
  }
  const check = (ip: string): boolean => {
    const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    const fam = isIP(v4);
    return fam !== 0 && bl.check(v4, fam === 6 ? 'ipv6' : 'ipv4');
  };
  // Asked once per query: BlockList.check builds a SocketAddress each call (about 15 % of the
  // answer path), so remember the verdict per client address; bounded by a reset.
  const seen = new Map<string, boolean>();
  return (ip) => {
    let ok = seen.get(ip);
    if (ok === undefined) {
      if (seen.size >= 4096) seen.clear();
      seen.set(ip, (ok = check(ip)));
    }
    return ok;
  };
}

export function parseDnsConfig(v: ConfigValues): DnsConfig {
  const domain = String(v.domain ?? 'mesos').toLowerCase().replace(/^\.|\.$/g, '');
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(domain)) fail('domain', `invalid domain ${JSON.stringify(v.domain)}`);
  const listen = list(v.listen).map((s) => addr(s, 'listen'));
  if (listen.length === 0) fail('listen', 'at least one address is needed');
  const forwardZones = new Map<string, Upstream[]>();
  for (const entry of list(v.forwardZones)) {
    const [zone, ups] = entry.split('=');
    if (!zone || !ups) fail('forward-zones', `expected zone=ip[:port]|..., got ${JSON.stringify(entry)}`);
    forwardZones.set(zone.toLowerCase().replace(/\.$/, ''), ups.split('|').map((u) => upstream(u, 'forward-zones')));
  }
  const recursionNetworks = list(v.recursionNetworks);
  cidrMatcher(recursionNetworks);
  const enforce = v.enforceRfc952 === true;
  if (v.allocator && v.mesosState) fail('mesos-state', 'give either --allocator or --mesos-state, not both');
  const workers = num(v.workers ?? 1, 'workers', 1, 64);
  if (workers > 1 && listen.some((a) => a.port === 0)) fail('listen', 'port 0 cannot be shared by --workers: give each address a fixed port');
  const credentials = parseCredentialFlags(v);
  return {
    credentials,
    listen,
    httpListen: addr(String(v.httpListen ?? '127.0.0.1:8123'), 'http-listen'),
    domain,
    allocator: v.allocator ? String(v.allocator) : undefined,
    mesosState: v.mesosState ? String(v.mesosState) : undefined,
    refreshSeconds: num(v.refreshSeconds ?? 60, 'refresh-seconds', 1, 86400),
    framework: String(v.framework ?? 'marathon'),
    masters: list(v.masters).map((m) => (addr(m, 'masters'), m)),
    ipSources: parseIpSources(list(v.ipSources ?? ['netinfo', 'mesos', 'host'])),
    ttl: num(v.ttl ?? 60, 'ttl', 0, 2147483647),
    srvWeight: num(v.srvWeight ?? 1, 'srv-weight', 0, 65535),
    resolvers: list(v.resolvers).map((r) => upstream(r, 'resolvers')),
    forwardZones,
    recursionNetworks,
    timeoutMs: num(v.timeout ?? 5, 'timeout', 1, 300) * 1000,
    soa: {
      mname: String(v.soaMname ?? 'ns1.mesos').toLowerCase().replace(/\.$/, ''),
      rname: String(v.soaRname ?? 'root.ns1.mesos').replace('@', '.').toLowerCase().replace(/\.$/, ''),
      refresh: num(v.soaRefresh ?? 60, 'soa-refresh', 0, 2147483647),
      retry: num(v.soaRetry ?? 600, 'soa-retry', 0, 2147483647),
      expire: num(v.soaExpire ?? 86400, 'soa-expire', 0, 2147483647),
      minttl: num(v.soaMinttl ?? 60, 'soa-minttl', 0, 2147483647),
    },
    label: enforce ? rfc952Label : rfc1123Label,
    enforceRfc952: enforce,
    enumeration: v.enumeration !== false,
    workers,
  };
}

/** Defaults for programmatic use (tests): the option defaults plus overrides. */
export function dnsConfig(overrides: ConfigValues = {}): DnsConfig {
  return parseDnsConfig({ ...resolveConfig(OPTIONS, {}, {}), ...overrides });
}
