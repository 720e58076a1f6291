/**
 * Record generation with Mesos-DNS's semantics (records/generator.go,
 * records/chain.go), from slim TaskRecords that either source (the
 * allocator feed or a Mesos /state document) produces. Pure functions.
 *
 * Per task and per name form `N` (both `web-group` and `web.group`), with
 * framework `F`, domain `D`, canonical `C = N-<hash5>-<agentTail>`:
 *   N.F.D, C.F.D             A/AAAA → task IPs (first IP source that has any)
 *   N.F.slave.D, C.F.slave.D A      → agent IP
 *   _N._tcp|_udp.F.slave.D   SRV    → C.F.slave.D:hostPort (and without .slave when the task has no DiscoveryInfo)
 *   _N._proto.F.D            SRV    → C.F.D:discoveryPort; a named port adds _name._N._proto.F.D
 * plus DC/OS names under thisdcos.directory and the named VIPs.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { agentTail, dcosLabel, domainFrag, taskHash5, vipFqdn, DCOS_DOMAIN, type LabelFunc } from '../../../lib/naming';
import type { RR, RType } from './record-table';

export interface DiscoveryPort {
  number: number;
  protocol: 'tcp' | 'udp';
  name?: string;
}

/** What DNS needs of one running task, whatever the source. */
export interface TaskRecord {
  id: string;
  framework: string;
  /** Task name forms as DNS labels (already sanitised), e.g. ['web-group', 'web.group']. */
  names: string[];
  /** Task name for DC/OS names (dcos-net label), if any. */
  dcosName?: string;
  agentId: string;
  agentIp?: string;
  /** Addresses for N.F.D (from the configured IP sources). */
  taskIps: string[];
  /** Container addresses on virtual networks (DC/OS containerip/autoip). */
  containerIps: string[];
  /** Ports allocated on the agent (`.slave.` SRV targets). */
  hostPorts: number[];
  /** DiscoveryInfo ports; undefined when the task has no DiscoveryInfo. */
  discovery?: DiscoveryPort[];
  /** Named VIP names (`/web`) the task serves behind, with their addresses. */
  vips: { name: string; ip: string }[];
}

export interface GenSettings {
  domain: string;
  label: LabelFunc;
}

function addrType(ip: string): RType | undefined {
  const v = isIP(ip);
  return v === 4 ? 'A' : v === 6 ? 'AAAA' : undefined;
}

function push(out: RR[], name: string, value: string | undefined, type?: RType): void {
  if (!value) return;
  const t = type ?? addrType(value);
  if (t) out.push({ name, type: t, value });
}

/** Every record of one task. */
export function taskRRs(rec: TaskRecord, s: GenSettings): RR[] {
  const out: RR[] = [];
  const fname = domainFrag(rec.framework, s.label);
  const tail = `.${s.domain}.`;
  const suffix = `-${taskHash5(rec.id)}-${agentTail(rec.agentId)}`;
  for (const name of rec.names) {
    if (!name) continue;
    const canonical = `${name}${suffix}.${fname}`;
    const arec = `${name}.${fname}`;
    for (const ip of rec.taskIps) {
      push(out, arec + tail, ip);
      push(out, canonical + tail, ip);
    }
    push(out, `${arec}.slave${tail}`, rec.agentIp);
    push(out, `${canonical}.slave${tail}`, rec.agentIp);
    const subdomains = rec.discovery ? ['.slave'] : ['.slave', ''];
    for (const port of rec.hostPorts) {
      for (const proto of ['_tcp', '_udp']) {
        for (const sub of subdomains) push(out, `_${name}.${proto}.${fname}${sub}${tail}`, `${canonical}.slave${tail}:${port}`, 'SRV');
      }
    }
    for (const dp of rec.discovery ?? []) {
      const target = `${canonical}${tail}:${dp.number}`;
      const base = `_${name}._${dp.protocol}.${fname}${tail}`;
      push(out, base, target, 'SRV');
      const portName = dp.name ? s.label(dp.name) : '';
      if (portName) push(out, `_${portName}.${base}`, target, 'SRV');
    }
  }
  out.push(...dcosRRs(rec));
  return out;
}

function dcosRRs(rec: TaskRecord): RR[] {
  const out: RR[] = [];
  if (rec.dcosName) {
    const base = `${rec.dcosName}.${dcosLabel(rec.framework)}`;
    push(out, `${base}.agentip.${DCOS_DOMAIN}.`, rec.agentIp);
    for (const ip of rec.containerIps) push(out, `${base}.containerip.${DCOS_DOMAIN}.`, ip);
    const auto = rec.containerIps.length > 0 ? rec.containerIps : rec.agentIp ? [rec.agentIp] : [];
    for (const ip of auto) push(out, `${base}.autoip.${DCOS_DOMAIN}.`, ip);
  }
  for (const v of rec.vips) push(out, `${vipFqdn(v.name, rec.framework)}.`, v.ip);
  return out;
}

/** `slave.D` A for every agent, and `_slave._tcp.D` SRV when the agent port is known. */
export function agentRRs(agents: { ip?: string; port?: number }[], s: GenSettings): RR[] {
  const out: RR[] = [];
  const a = `slave.${s.domain}.`;
  for (const ag of agents) {
    if (!ag.ip || !addrType(ag.ip)) continue;
    push(out, a, ag.ip);
    if (ag.port) push(out, `_slave._tcp.${s.domain}.`, `${a}:${ag.port}`, 'SRV');
  }
  return out;
}

/**
 * Mesos-DNS masterRecord: leader.D, master.D, masterN.D (masters in the
 * configured order, the leader added last when not listed), _leader._tcp/_udp.D.
 */
export function masterRRs(leader: { ip: string; port: number } | undefined, masters: string[], s: GenSettings): RR[] {
  if (!leader) return [];
  const out: RR[] = [];
  const d = s.domain;
  const leaderAddr = isIPv6(leader.ip) ? `[${leader.ip}]:${leader.port}` : `${leader.ip}:${leader.port}`;
  push(out, `leader.${d}.`, leader.ip);
  push(out, `master.${d}.`, leader.ip);
  for (const proto of ['_tcp', '_udp']) push(out, `_leader.${proto}.${d}.`, `leader.${d}.:${leader.port}`, 'SRV');
  let idx = 0;
  let leaderListed = false;
  const seen = new Set<string>();
  for (const m of masters) {
    if (seen.has(m)) continue;
    seen.add(m);
    const ip = m.startsWith('[') ? m.slice(1, m.indexOf(']')) : m.split(':')[0]!;
    if (m === leaderAddr) leaderListed = true;
    else push(out, `master.${d}.`, ip);
    push(out, `master${idx++}.${d}.`, ip);
  }
  if (!leaderListed) push(out, `master${idx}.${d}.`, leader.ip);
  return out;
}

/** The framework's own record: F.D A and _framework._tcp.F.D SRV. */
export function frameworkRRs(framework: string, host: string | undefined, port: number | undefined, s: GenSettings): RR[] {
  const out: RR[] = [];
  if (!host || !addrType(host)) return out;
  const a = `${domainFrag(framework, s.label)}.${s.domain}.`;
  push(out, a, host);
  if (port) push(out, `_framework._tcp.${a}`, `${a}:${port}`, 'SRV');
  return out;
}

/** The name server's own A records (SOA MNAME): the listen addresses, or every local IPv4 for 0.0.0.0. */
export function listenerRRs(mname: string, listenIps: string[]): RR[] {
  const out: RR[] = [];
  const name = mname.toLowerCase().replace(/\.?$/, '.');
  for (const ip of listenIps) {
    if (ip === '0.0.0.0' || ip === '::') {
      for (const list of Object.values(networkInterfaces())) {
        for (const i of list ?? []) if (!i.internal && isIPv4(i.address)) push(out, name, i.address);
      }
    } else push(out, name, ip);
  }
  return out;
}
