/**
 * Apply a DesiredFabric to the kernel: read what Marina's fabric has now
 * (marina-x* VXLAN links, their FDB and neighbour entries, routes tagged
 * proto 77), diff, and write only the difference in one `ip -batch` and
 * one `bridge -batch`. Removing a link removes its entries with it.
 * Isolation between networks is one iptables chain, MARINA-ISOLATE,
 * rewritten whole by iptables-restore --noflush.
 */
import { MarinaError } from '../../../lib/errors';
import type { ExecResult, HostExec } from '../exec';
import { FABRIC_ROUTE_PROTO, ISOLATE_CHAIN, isAgentObject } from '../names';
import { applyEgress, removeEgress } from './egress';
import type { DesiredFabric, FdbEntry, NeighEntry, RouteEntry, VxlanLink } from './fabric';

interface Current {
  links: Map<string, { mac: string; mtu: number; vni: number }>;
  fdb: Set<string>;
  neigh: Set<string>;
  routes: Map<string, string>;
}

const fdbKey = (e: FdbEntry) => `${e.mac}|${e.dst}|${e.dev}`;
const neighKey = (e: NeighEntry) => `${e.ip}|${e.mac}|${e.dev}`;
const routeLine = (r: RouteEntry) => `${r.dst} via ${r.via}${r.dev ? ` dev ${r.dev}` : ''}${r.onlink ? ' onlink' : ''} proto ${FABRIC_ROUTE_PROTO}`;

async function json<T>(exec: HostExec, cmd: string, args: string[]): Promise<T[]> {
  const res = await exec.run(cmd, args);
  if (res.code !== 0 || !res.stdout.trim()) return [];
  return JSON.parse(res.stdout) as T[];
}

/** What Marina's fabric currently has in the host netns. */
export async function readCurrent(exec: HostExec): Promise<Current> {
  const cur: Current = { links: new Map(), fdb: new Set(), neigh: new Set(), routes: new Map() };
  type L = { ifname: string; address: string; mtu: number; linkinfo?: { info_data?: { id?: number } } };
  for (const l of await json<L>(exec, 'ip', ['-j', '-d', 'link', 'show', 'type', 'vxlan'])) {
    if (isAgentObject('link', l.ifname)) cur.links.set(l.ifname, { mac: l.address, mtu: l.mtu, vni: l.linkinfo?.info_data?.id ?? 0 });
  }
  for (const dev of cur.links.keys()) {
    for (const f of await json<{ mac: string; dst?: string }>(exec, 'bridge', ['-j', 'fdb', 'show', 'dev', dev])) {
      if (f.dst) cur.fdb.add(fdbKey({ mac: f.mac, dst: f.dst, dev }));
    }
    for (const n of await json<{ dst: string; lladdr?: string }>(exec, 'ip', ['-j', 'neigh', 'show', 'dev', dev])) {
      if (n.lladdr) cur.neigh.add(neighKey({ ip: n.dst, mac: n.lladdr, dev }));
    }
  }
  type R = { dst: string; gateway?: string; dev?: string; flags?: string[] };
  const v4 = await json<R>(exec, 'ip', ['-j', 'route', 'show', 'proto', FABRIC_ROUTE_PROTO]);
  const v6 = await json<R>(exec, 'ip', ['-6', '-j', 'route', 'show', 'proto', FABRIC_ROUTE_PROTO]);
  for (const r of [...v4, ...v6]) {
    const onlink = (r.flags ?? []).includes('onlink');
    const line = routeLine({ dst: r.dst, via: r.gateway ?? '', dev: r.dev?.startsWith('marina-x') ? r.dev : undefined, onlink });
    cur.routes.set(r.dst, line);
  }
  return cur;
}

function linkLines(want: VxlanLink[], cur: Current): string[] {
  const lines: string[] = [];
  const names = new Set(want.map((l) => l.name));
  for (const name of cur.links.keys()) if (!names.has(name)) lines.push(`link del ${name}`);
  for (const l of want) {
    const have = cur.links.get(l.name);
    if (have && have.vni !== l.vni) lines.push(`link del ${l.name}`);
    if (!have || have.vni !== l.vni) lines.push(`link add ${l.name} type vxlan id ${l.vni} local ${l.local} dstport 4789 nolearning`);
    const fresh = !have || have.vni !== l.vni;
    // The address only when it differs: setting it, even unchanged, makes the kernel flush the link's neighbours (permanent ones too).
    if (fresh || have.mac !== l.mac || have.mtu !== l.mtu) lines.push(`link set dev ${l.name}${fresh || have.mac !== l.mac ? ` address ${l.mac}` : ''} mtu ${l.mtu} up`);
  }
  return lines;
}

/** Links whose address this diff changes: the kernel flushes their neighbours (NETDEV_CHANGEADDR), which must then be written again. */
function readdressedLinks(want: VxlanLink[], cur: Current): Set<string> {
  return new Set(want.filter((l) => { const have = cur.links.get(l.name); return have !== undefined && have.vni === l.vni && have.mac !== l.mac; }).map((l) => l.name));
}

/** Links this diff deletes or recreates: the kernel drops their FDB, neighbours and routes with them. */
function droppedLinks(want: VxlanLink[], cur: Current): Set<string> {
  const wanted = new Map(want.map((l) => [l.name, l]));
  return new Set([...cur.links].filter(([name, have]) => wanted.get(name)?.vni !== have.vni).map(([name]) => name));
}

/** cur without what goes away with the dropped links (so nothing is deleted twice, and a recreated link is refilled). */
function withoutDropped(cur: Current, dropped: Set<string>, readdressed: Set<string>): Current {
  if (dropped.size === 0 && readdressed.size === 0) return cur;
  const devOf = (k: string) => k.split('|')[2];
  const routeDev = (line: string) => / dev (\S+)/.exec(line)?.[1] ?? '';
  return {
    links: cur.links,
    fdb: new Set([...cur.fdb].filter((k) => !dropped.has(devOf(k)))),
    neigh: new Set([...cur.neigh].filter((k) => !dropped.has(devOf(k)) && !readdressed.has(devOf(k)))),
    routes: new Map([...cur.routes].filter(([, line]) => !dropped.has(routeDev(line)))),
  };
}

/** The ip and bridge batch lines that turn cur into want (pure). */
export function diffFabric(want: DesiredFabric, current: Current): { ip: string[]; bridge: string[] } {
  const ip = linkLines(want.links, current);
  const cur = withoutDropped(current, droppedLinks(want.links, current), readdressedLinks(want.links, current));
  const bridge: string[] = [];
  const wantFdb = new Map(want.fdb.map((e) => [fdbKey(e), e]));
  for (const k of cur.fdb) {
    const [mac, dst, dev] = k.split('|');
    if (!wantFdb.has(k)) bridge.push(`fdb del ${mac} dev ${dev} dst ${dst} self`);
  }
  for (const [k, e] of wantFdb) if (!cur.fdb.has(k)) bridge.push(`fdb append ${e.mac} dev ${e.dev} dst ${e.dst} self permanent`);
  const wantNeigh = new Map(want.neigh.map((e) => [neighKey(e), e]));
  for (const k of cur.neigh) {
    const [nip, , dev] = k.split('|');
    if (!wantNeigh.has(k) && !want.neigh.some((n) => n.ip === nip && n.dev === dev)) ip.push(`neigh del ${nip} dev ${dev}`);
  }
  for (const [k, e] of wantNeigh) if (!cur.neigh.has(k)) ip.push(`neigh replace ${e.ip} lladdr ${e.mac} dev ${e.dev} nud permanent`);
  const wantRoutes = new Map(want.routes.map((r) => [r.dst, routeLine(r)]));
  for (const dst of cur.routes.keys()) if (!wantRoutes.has(dst)) ip.push(`route del ${dst} proto ${FABRIC_ROUTE_PROTO}`);
  for (const [dst, line] of wantRoutes) if (cur.routes.get(dst) !== line) ip.push(`route replace ${line}`);
  return { ip, bridge };
}

/** Hosts whose IPv6 chains this process has written (they are then kept in step, even when emptied). */
const wrote6 = new WeakSet<HostExec>();

/** MARINA-ISOLATE with iptables-restore (family 4) or ip6tables-restore, and its FORWARD jump. */
async function applyIsolation(exec: HostExec, cidrs: string[], family: 4 | 6): Promise<void> {
  const ipt = family === 6 ? 'ip6tables' : 'iptables';
  await exec.ok(`${ipt}-restore`, ['--noflush'], { input: renderIsolation(cidrs) });
  const jump = await exec.run(ipt, ['-C', 'FORWARD', '-j', ISOLATE_CHAIN]);
  if (jump.code !== 0) await exec.ok(ipt, ['-I', 'FORWARD', '1', '-j', ISOLATE_CHAIN]);
}

/** Pure: the iptables-restore input for MARINA-ISOLATE. */
export function renderIsolation(cidrs: string[]): string {
  const lines = ['*filter', `:${ISOLATE_CHAIN} - [0:0]`];
  for (const a of cidrs) for (const b of cidrs) if (a !== b) lines.push(`-A ${ISOLATE_CHAIN} -s ${a} -d ${b} -m comment --comment "marina: networks are isolated" -j DROP`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/**
 * Apply want; returns the number of changes written. Batches run with
 * -force so one refused line does not hold back the others, but a refused
 * line still fails the sync (after the rest is applied): the syncer logs it,
 * counts it and retries, instead of calling a half-applied fabric done.
 */
export async function applyFabric(exec: HostExec, want: DesiredFabric): Promise<number> {
  const { ip, bridge } = diffFabric(want, await readCurrent(exec));
  // Links first (ip), then FDB (bridge), then neighbours/routes (ip) that need the links up.
  const linkPart = ip.filter((l) => l.startsWith('link '));
  const rest = ip.filter((l) => !l.startsWith('link '));
  const refused: string[] = [];
  const check = (what: string, res: ExecResult) => {
    if (res.code !== 0) refused.push(`${what}: ${res.stderr.trim().split('\n').slice(0, 5).join('; ')}`);
  };
  if (linkPart.length) check('ip -batch (links)', await exec.ipBatch(linkPart, true));
  if (bridge.length) check('bridge -batch', await exec.run('bridge', ['-force', '-batch', '-'], { input: bridge.join('\n') + '\n' }));
  if (rest.length) check('ip -batch (neighbours, routes)', await exec.ipBatch(rest, true));
  await applyIsolation(exec, want.isolated, 4);
  await applyEgress(exec, want.masquerade ?? []);
  // IPv6 chains only once a dual-stack network exists (IPv4-only hosts run no ip6tables).
  if (want.isolated6?.length || want.masquerade6?.length || wrote6.has(exec)) {
    await applyIsolation(exec, want.isolated6 ?? [], 6);
    await applyEgress(exec, want.masquerade6 ?? [], 6);
    wrote6.add(exec);
  }
  if (refused.length) throw new MarinaError('MARINA_ERR_EXEC', `fabric: the kernel refused ${refused.join(' | ')}`);
  return ip.length + bridge.length;
}

/** Remove everything the fabric owns (agent shutdown with --cleanup, local-cluster down). */
export async function removeFabric(exec: HostExec): Promise<void> {
  await applyFabric(exec, { links: [], fdb: [], neigh: [], routes: [], isolated: [] });
  for (const ipt of ['iptables', 'ip6tables']) {
    await exec.run(ipt, ['-D', 'FORWARD', '-j', ISOLATE_CHAIN]);
    await exec.run(ipt, ['-F', ISOLATE_CHAIN]);
    await exec.run(ipt, ['-X', ISOLATE_CHAIN]);
  }
  await removeEgress(exec);
  await removeEgress(exec, 6);
  wrote6.delete(exec);
}
