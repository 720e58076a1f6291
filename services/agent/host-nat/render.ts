/**
 * Pure renderers for the agent's host NAT table `ip marina-agent`, which
 * replaces the CNI portmap plugin and the bridge plugin's per-container
 * ipMasq chains. Those plugins shell out to iptables 10-25 times per
 * container (each call re-reads the whole nat table, under the xtables
 * lock), which made wiring ~10x slower than the bridge plugin itself
 * (bench/agent/README.md). Here a task's wiring is one `nft -f -`
 * transaction adding map elements; the rules are fixed:
 *
 *   prerouting/output  fib daddr type local → dnat via @hostports-<proto>
 *                      (hostPort → containerIP . containerPort), as portmap's
 *                      CNI-HOSTPORT-DNAT (PREROUTING and OUTPUT, dst LOCAL)
 *   postrouting        DNATed from 127/8 → masquerade (portmap snat, with
 *                      route_localnet on the bridge); DNATed from a local task
 *                      subnet into a marina bridge → masquerade (hairpin,
 *                      portmap snat); from @masq-nets to elsewhere except
 *                      multicast → masquerade (bridge ipMasq)
 *
 * The base batch is idempotent (add table/maps/sets/chains, flush chains,
 * add rules) and is prepended to every ADD so the table heals itself;
 * map elements survive it, so an agent restart keeps running tasks' ports.
 */
import { HOST_NAT_TABLE } from '../names';

export const NAT_TABLE = HOST_NAT_TABLE;

export const HOSTPORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
export type HostPortProtocol = (typeof HOSTPORT_PROTOCOLS)[number];

export interface HostPortMapping {
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** What one task needs from the host NAT table. */
export interface HostNatEntry {
  /** The task's IPv4 address (no prefix). */
  ip: string;
  portMappings: HostPortMapping[];
  /** The task's subnet (CIDR): hairpin masquerade applies to sources in it. */
  localNet?: string;
  /** Masquerade traffic from this subnet leaving it (bridge ipMasq). */
  masqNet?: string;
}

const T = `ip ${NAT_TABLE}`;

/** Throws naming the field when a mapping cannot be rendered. */
export function validateMappings(maps: HostPortMapping[]): void {
  maps.forEach((m, i) => {
    if (!HOSTPORT_PROTOCOLS.includes(m.protocol as HostPortProtocol)) {
      throw new Error(`portMappings[${i}].protocol: expected one of ${HOSTPORT_PROTOCOLS.join(', ')}, got ${JSON.stringify(m.protocol)}`);
    }
    for (const f of ['hostPort', 'containerPort'] as const) {
      if (!Number.isInteger(m[f]) || m[f] < 1 || m[f] > 65535) throw new Error(`portMappings[${i}].${f}: expected a port 1-65535, got ${JSON.stringify(m[f])}`);
    }
  });
}

/** The idempotent table skeleton and its fixed rules. */
export function renderBase(): string[] {
  const lines = [`add table ${T}`];
  for (const p of HOSTPORT_PROTOCOLS) lines.push(`add map ${T} hostports-${p} { type inet_service : ipv4_addr . inet_service; comment "marina agent hostPort -> task"; }`);
  lines.push(
    `add set ${T} local-nets { type ipv4_addr; flags interval; auto-merge; }`,
    `add set ${T} masq-nets { type ipv4_addr; flags interval; auto-merge; }`,
    `add chain ${T} prerouting { type nat hook prerouting priority dstnat; policy accept; }`,
    `add chain ${T} output { type nat hook output priority -100; policy accept; }`,
    `add chain ${T} postrouting { type nat hook postrouting priority srcnat; policy accept; }`,
  );
  for (const chain of ['prerouting', 'output']) {
    lines.push(`flush chain ${T} ${chain}`);
    for (const p of HOSTPORT_PROTOCOLS) lines.push(`add rule ${T} ${chain} fib daddr type local dnat ip to ${p} dport map @hostports-${p}`);
  }
  lines.push(
    `flush chain ${T} postrouting`,
    `add rule ${T} postrouting ct status dnat ip saddr 127.0.0.0/8 masquerade comment "hostPort from localhost"`,
    `add rule ${T} postrouting ct status dnat ip saddr @local-nets oifname "marina-b*" masquerade comment "hostPort hairpin"`,
    `add rule ${T} postrouting ct status dnat ip saddr @local-nets oifname "veth*" masquerade comment "hostPort hairpin (ptp)"`,
    `add rule ${T} postrouting ip saddr @masq-nets ip daddr != @masq-nets ip daddr != 224.0.0.0/4 masquerade comment "bridge egress"`,
  );
  return lines;
}

function element(m: HostPortMapping, ip: string): string {
  return `${m.hostPort} : ${ip} . ${m.containerPort}`;
}

/** [Base +] the task's elements. Fails (File exists) if a hostPort is mapped elsewhere. */
export function renderAdd(e: HostNatEntry, withBase = true): string {
  const lines = withBase ? renderBase() : [];
  if (e.localNet) lines.push(`add element ${T} local-nets { ${e.localNet} }`);
  if (e.masqNet) lines.push(`add element ${T} masq-nets { ${e.masqNet} }`);
  for (const m of e.portMappings) lines.push(`add element ${T} hostports-${m.protocol} { ${element(m, e.ip)} }`);
  return lines.join('\n') + '\n';
}

/** Removes the keys first (for hostPorts found mapped to another address), then adds. */
export function renderReplace(e: HostNatEntry, present: HostPortMapping[]): string {
  const del = present.map((m) => `delete element ${T} hostports-${m.protocol} { ${m.hostPort} }`);
  const add = renderAdd(e).trimEnd().split('\n');
  return [...add.slice(0, renderBase().length), ...del, ...add.slice(renderBase().length)].join('\n') + '\n';
}

/**
 * Removes the task's elements, idempotently: each is added first (a no-op
 * when present with the same value) so the delete cannot fail with ENOENT.
 * Fails (File exists) if a hostPort now maps to someone else: the caller
 * then removes mappings one by one and leaves the others' alone.
 */
export function renderDel(e: Pick<HostNatEntry, 'ip' | 'portMappings'>): string {
  const lines = [`add table ${T}`];
  for (const p of new Set(e.portMappings.map((m) => m.protocol))) lines.push(`add map ${T} hostports-${p} { type inet_service : ipv4_addr . inet_service; comment "marina agent hostPort -> task"; }`);
  for (const m of e.portMappings) {
    lines.push(`add element ${T} hostports-${m.protocol} { ${element(m, e.ip)} }`, `delete element ${T} hostports-${m.protocol} { ${m.hostPort} }`);
  }
  return lines.join('\n') + '\n';
}

/** Parse `nft -j list map` output into mappings. */
export function parseMapElements(json: string, protocol: string): Array<HostPortMapping & { ip: string }> {
  const doc = JSON.parse(json) as { nftables?: Array<{ map?: { elem?: unknown[] } }> };
  const out: Array<HostPortMapping & { ip: string }> = [];
  for (const item of doc.nftables ?? []) {
    for (const el of item.map?.elem ?? []) {
      const [key, val] = el as [number, { concat?: [string, number] }];
      if (typeof key === 'number' && val?.concat) out.push({ hostPort: key, containerPort: Number(val.concat[1]), protocol, ip: String(val.concat[0]) });
    }
  }
  return out;
}

/**
 * The whole desired state of the hostPort maps and nets sets, for the
 * periodic re-check: base (recreates a deleted table, chains and rules),
 * the maps flushed and refilled with exactly the given tasks' mappings
 * (stale mappings of gone tasks go), their subnets added (sets only grow:
 * a subnet shared by bridge tasks is harmless once empty). One transaction.
 */
export function renderSync(entries: HostNatEntry[]): string {
  const lines = renderBase();
  for (const p of HOSTPORT_PROTOCOLS) lines.push(`flush map ${T} hostports-${p}`);
  for (const e of entries) lines.push(...renderAdd(e, false).trimEnd().split('\n').filter((l) => l));
  return lines.join('\n') + '\n';
}
