/**
 * A Mesos master's /state (state.json) document turned into TaskRecords,
 * with Mesos-DNS's rules (records/state/state.go, records/generator.go):
 * only tasks whose `state` is TASK_RUNNING on known agents; `statuses` come
 * in no promised order, so the status that counts is the TASK_RUNNING one
 * with the latest timestamp; the task IPs from the first configured IP
 * source that yields any (netinfo: that status' container network infos;
 * mesos/docker: its containerizer labels; host: the agent; autoip: by the
 * first discovery port's network-scope), at most one IPv4 and one IPv6;
 * ports from the `ports` resource; DiscoveryInfo names and ports when present.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { MarinaError } from '../../../../lib/errors';
import { dcosLabel, domainFrag, type LabelFunc } from '../../../../lib/naming';
import type { DiscoveryPort, TaskRecord } from '../../records/generator';
import { pickIps, type IpSource } from '../ip-sources';

interface Label { key: string; value: string }
interface NetworkInfo { ip_addresses?: Array<{ ip_address?: string }>; ip_address?: string; name?: string }
interface Status {
  state?: string;
  timestamp?: number;
  healthy?: boolean;
  labels?: Label[];
  container_status?: { network_infos?: NetworkInfo[] };
}
export interface MesosTask {
  id: string;
  name: string;
  slave_id: string;
  state: string;
  statuses?: Status[];
  resources?: { ports?: string };
  discovery?: { name?: string; ports?: { ports?: Array<{ number: number; protocol?: string; name?: string; labels?: { labels?: Label[] } }> } };
}
export interface MesosFramework { name: string; pid?: string; hostname?: string; tasks?: MesosTask[] }
export interface MesosSlave { id: string; hostname?: string; pid?: string }
export interface MesosState { leader?: string; frameworks?: MesosFramework[]; slaves?: MesosSlave[] }

/** Check the document's shape, naming the first bad field. */
export function validateState(doc: unknown): MesosState {
  const bad = (path: string, why: string): never => {
    throw new MarinaError('MARINA_ERR_INVALID', `invalid Mesos state: ${path} ${why}`, { details: [{ path, errors: [why] }] });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('/', 'must be an object');
  const s = doc as Record<string, unknown>;
  // Mesos-DNS drops a document without a leader ("empty master") and keeps its records.
  if (typeof s.leader !== 'string' || s.leader === '') bad('/leader', 'must be a non-empty string (master@ip:port)');
  if (s.frameworks !== undefined && !Array.isArray(s.frameworks)) bad('/frameworks', 'must be an array');
  if (s.slaves !== undefined && !Array.isArray(s.slaves)) bad('/slaves', 'must be an array');
  (s.frameworks as unknown[] | undefined)?.forEach((f, i) => {
    if (typeof f !== 'object' || f === null || typeof (f as MesosFramework).name !== 'string') bad(`/frameworks/${i}/name`, 'must be a string');
    const tasks = (f as MesosFramework).tasks;
    if (tasks !== undefined && !Array.isArray(tasks)) bad(`/frameworks/${i}/tasks`, 'must be an array');
    tasks?.forEach((t, j) => {
      const at = `/frameworks/${i}/tasks/${j}`;
      for (const k of ['id', 'name', 'slave_id', 'state'] as const) {
        if (typeof t?.[k] !== 'string') bad(`${at}/${k}`, 'must be a string');
      }
      if (t.statuses !== undefined && !Array.isArray(t.statuses)) bad(`${at}/statuses`, 'must be an array');
      t.statuses?.forEach((st, k) => {
        if (typeof st !== 'object' || st === null) bad(`${at}/statuses/${k}`, 'must be an object');
        if (st.timestamp !== undefined && typeof st.timestamp !== 'number') bad(`${at}/statuses/${k}/timestamp`, 'must be a number');
      });
    });
  });
  (s.slaves as unknown[] | undefined)?.forEach((a, i) => {
    if (typeof (a as MesosSlave)?.id !== 'string') bad(`/slaves/${i}/id`, 'must be a string');
  });
  return s as MesosState;
}

/** `[31000-31001, 31005-31005]` → ports. */
export function expandPorts(ranges: string | undefined): number[] {
  const out: number[] = [];
  for (const m of (ranges ?? '').matchAll(/(\d+)-(\d+)/g)) {
    const lo = Number(m[1]);
    const hi = Math.min(Number(m[2]), lo + 65535);
    for (let p = lo; p <= hi && p < 65536; p++) out.push(p);
  }
  return out;
}

/** The TASK_RUNNING status with the latest timestamp, whatever the array order (the first of equals). */
export function latestRunning(statuses: Status[] | undefined): Status | undefined {
  let best: Status | undefined;
  for (const s of statuses ?? []) if (s.state === 'TASK_RUNNING' && (!best || (s.timestamp ?? 0) > (best.timestamp ?? 0))) best = s;
  return best;
}

/** Container addresses of a status, of every network or of the one named (autoip's network-name). */
function netinfoIps(st: Status | undefined, network?: string): string[] {
  const out: string[] = [];
  for (const ni of st?.container_status?.network_infos ?? []) {
    if (network && ni.name !== network) continue;
    const list = ni.ip_addresses?.length ? ni.ip_addresses.map((a) => a.ip_address ?? '') : [ni.ip_address ?? ''];
    for (const ip of list) if (isIP(ip)) out.push(ip);
  }
  return out;
}

function labelIps(st: Status | undefined, key: string): string[] {
  return (st?.labels ?? []).filter((l) => l.key === key && isIP(l.value)).map((l) => l.value);
}

function autoIps(t: MesosTask, st: Status | undefined, agentIp: string | undefined): string[] {
  const port = t.discovery?.ports?.ports?.[0];
  if (!port) return [];
  const label = (key: string): string => port.labels?.labels?.find((l) => l.key === key)?.value ?? '';
  const scope = label('network-scope');
  if (scope === '' || scope === 'host') return agentIp ? [agentIp] : [];
  return scope === 'container' ? netinfoIps(st, label('network-name')) : [];
}

/** Mesos-DNS's ipsTo4And6: the first IPv4 and the first IPv6 of a list, in that order. */
export function firstPerFamily(ips: string[]): string[] {
  const v4 = ips.find((ip) => isIPv4(ip));
  const v6 = ips.find((ip) => isIPv6(ip));
  return [v4, v6].filter((ip): ip is string => ip !== undefined);
}

export interface MesosConvertOptions { label: LabelFunc; ipSources: IpSource[] }

/** One Mesos task → TaskRecord (undefined when not running, unhealthy or on an unknown agent). */
export function mesosTaskRecord(t: MesosTask, framework: string, agentIps: Map<string, string>, o: MesosConvertOptions): TaskRecord | undefined {
  const agentIp = agentIps.get(t.slave_id);
  if (agentIp === undefined || t.state !== 'TASK_RUNNING') return undefined;
  const st = latestRunning(t.statuses);
  if (st?.healthy === false) return undefined;
  const containerIps = netinfoIps(st);
  const taskIps = firstPerFamily(pickIps(o.ipSources, (src) => {
    if (src === 'host') return isIP(agentIp) ? [agentIp] : [];
    if (src === 'netinfo') return containerIps;
    if (src === 'mesos') return labelIps(st, 'MesosContainerizer.NetworkSettings.IPAddress');
    if (src === 'docker') return labelIps(st, 'Docker.NetworkSettings.IPAddress');
    return autoIps(t, st, agentIp);
  }));
  const di = t.discovery?.name ? t.discovery : undefined;
  const names = di ? [...new Set([o.label(di.name!), domainFrag(di.name!, o.label)])] : [o.label(t.name)];
  const discovery: DiscoveryPort[] | undefined = di
    ? (di.ports?.ports ?? []).flatMap((p) => (p.protocol ?? 'tcp').split(',').map((proto) => ({ number: p.number, protocol: proto.trim() as 'tcp' | 'udp', name: p.name })))
    : undefined;
  return {
    id: t.id,
    framework,
    names,
    dcosName: dcosLabel(t.name),
    agentId: t.slave_id,
    agentIp: isIP(agentIp) ? agentIp : undefined,
    taskIps,
    containerIps,
    hostPorts: expandPorts(t.resources?.ports),
    discovery,
    vips: [],
  };
}
