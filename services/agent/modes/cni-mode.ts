/**
 * Shared mechanics of the modes wired by a CNI conflist: create the netns,
 * ADD the list (undone on failure), CHECK against the cached result, DEL in
 * reverse and remove the netns. Modes only build their conflist.
 */
import { existsSync } from 'node:fs';
import { MarinaError } from '../../../lib/errors';
import { HostExec } from '../exec';
import { addList, checkList, delList, findPlugin, type CniRuntime } from '../cni/invoke';
import { CniError, CniErrorCode, type CniConfList, type CniPluginConf, type CniResult } from '../cni/types';
import { addNetns, delNetns, netnsExists, netnsPath } from '../netns/netns';
import { addHostNat, checkHostNat, delHostNat, hostNatNeeded } from '../host-nat/host-nat';
import type { HostNatEntry } from '../host-nat/render';
import type { Attachment, ModeContext, NetworkMode, TaskNet } from './mode';

export const IFNAME = 'eth0';

export interface CniPlan {
  conflist: CniConfList;
  /** Host-netns sysctls to set after ADD (e.g. proxy_arp on a network bridge). */
  sysctls?: string[];
  /** Host-netns sysctls named by the ADD result (e.g. on the host veth ptp created). */
  sysctlsAfterAdd?: (result: CniResult) => string[];
  capabilityArgs?: Record<string, unknown>;
  ip?: string;
  /** The task's IPv6 address (dual-stack networks). */
  ip6?: string;
  /** `ip -batch` lines run inside the task's netns after ADD (e.g. the IPv6 pool route via the gateway). */
  netnsLines?: string[];
  /** hostPorts and NAT in the host's nft table instead of portmap/ipMasq (host-nat/). */
  hostNat?: HostNatEntry;
}

const ipamTypes = new Map<string, string>();

/**
 * The IPAM plugin the agent's conflists use: CNI's `static` (a Go binary,
 * ~2 ms) when installed, since the addresses always come from the allocator
 * in the config; else marina-ipam (a node process, ~30 ms to start), which
 * returns the same result.
 */
export function ipamType(ctx: ModeContext): string {
  const key = ctx.cniPath.join(':');
  let type = ipamTypes.get(key);
  if (!type) {
    try {
      findPlugin('static', ctx.cniPath);
      type = 'static';
    } catch {
      type = 'marina-ipam';
    }
    ipamTypes.set(key, type);
  }
  return type;
}

let brnf: string[] | undefined;

/**
 * br_netfilter's switches, set in the host netns by the modes that put tasks
 * on a bridge: bridged frames then pass the iptables/nftables hooks, so a
 * task reaching a VIP whose backend sits on the same bridge gets the reply
 * un-NATed (kubenet and flannel set the same). Per network namespace on
 * recent kernels; empty when br_netfilter is not loaded (`marina lb` warns).
 */
export function bridgeNetfilterSysctls(): string[] {
  brnf ??= existsSync('/proc/sys/net/bridge/bridge-nf-call-iptables') ? ['net.bridge.bridge-nf-call-iptables=1', 'net.bridge.bridge-nf-call-ip6tables=1'] : [];
  return brnf;
}

type Settled = PromiseSettledResult<unknown>;

/**
 * Host-side steps, started with the netns and the chain rather than after
 * them: the NAT elements only name the task's address (known from the plan),
 * and a sysctl on a bridge that exists already (every task but a host's
 * first) need not wait for the veth. finish() completes them after ADD
 * (the sysctl again if the bridge was missing; any failure thrown); undo()
 * removes the NAT elements when the chain failed.
 */
function startHostSide(p: CniPlan, ctx: ModeContext): { finish(): Promise<void>; undo(): Promise<void> } {
  const nat: Promise<Settled> | undefined = p.hostNat && hostNatNeeded(ctx.exec, p.hostNat) ? settle(addHostNat(ctx.exec, p.hostNat)) : undefined;
  const early: Promise<Settled> | undefined = p.sysctls?.length ? settle(ctx.exec.sysctl(p.sysctls)) : undefined;
  return {
    async finish() {
      if (early && (await early).status === 'rejected') await ctx.exec.sysctl(p.sysctls ?? []);
      const r = await nat;
      if (r?.status === 'rejected') throw r.reason;
    },
    async undo() {
      await early;
      const r = await nat;
      if (r?.status === 'fulfilled' && p.hostNat?.portMappings.length) await delHostNat(ctx.exec, p.hostNat).catch(() => undefined);
    },
  };
}

const root = new HostExec();

/** Lines of `ip -batch` inside a task netns (netns are global: no host wrapper). */
async function inNetns(netns: string, lines: string[]): Promise<void> {
  const res = await root.run('ip', ['-n', netns, '-batch', '-'], { input: lines.join('\n') + '\n' });
  if (res.code !== 0) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `netns ${netns}: ip ${lines.join('; ')}: ${(res.stderr || res.stdout).trim()}`);
}

function settle(x: Promise<unknown>): Promise<Settled> {
  return x.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

function runtime(a: Attachment, ctx: ModeContext): CniRuntime {
  return { containerId: a.taskId, netns: netnsPath(a.netns ?? ''), ifname: a.ifname ?? IFNAME, cniPath: ctx.cniPath, capabilityArgs: a.capabilityArgs };
}

/**
 * `--host-ports portmap`: the CNI portmap plugin, chained after the mode's
 * plugin with the mappings as its `portMappings` capability (snat on, so the
 * host itself and localhost reach them), maps the hostPorts instead of the
 * host NAT table; masquerade of the task's subnet stays in the table.
 */
export function withHostPortPlugin(p: CniPlan, ctx: ModeContext): CniPlan {
  const maps = p.hostNat?.portMappings ?? [];
  if (ctx.hostPorts !== 'portmap' || maps.length === 0) return p;
  return {
    ...p,
    hostNat: { ...p.hostNat!, portMappings: [] },
    capabilityArgs: { ...p.capabilityArgs, portMappings: maps },
    conflist: { ...p.conflist, plugins: [...p.conflist.plugins, { type: 'portmap', capabilities: { portMappings: true }, snat: true }] },
  };
}

/** A NetworkMode from a function that plans the conflist for a task. */
export function cniMode(name: string, plan: (t: TaskNet) => CniPlan): NetworkMode {
  const mode: NetworkMode = {
    name,
    async add(t: TaskNet): Promise<Attachment> {
      const p = withHostPortPlugin(plan(t), t.ctx);
      const att: Attachment = { mode: name, taskId: t.task.id, netns: t.netnsName, ownsNetns: true, ip: p.ip, ...(p.ip6 ? { ip6: p.ip6 } : {}), ifname: IFNAME, conflist: p.conflist, capabilityArgs: p.capabilityArgs };
      if (p.hostNat?.portMappings.length) att.hostPorts = p.hostNat.portMappings;
      if (p.hostNat?.localNet || p.hostNat?.masqNet) att.hostNatNets = { localNet: p.hostNat.localNet, masqNet: p.hostNat.masqNet };
      const host = startHostSide(p, t.ctx);
      try {
        await addNetns(t.netnsName);
        try {
          att.result = await addList(t.ctx.exec, p.conflist, runtime(att, t.ctx));
          if (p.netnsLines?.length) await inNetns(t.netnsName, p.netnsLines);
        } catch (err) {
          if (att.result) await delList(t.ctx.exec, p.conflist, runtime(att, t.ctx), att.result).catch(() => undefined);
          await delNetns(t.netnsName).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        await host.undo();
        throw err;
      }
      try {
        await host.finish();
        if (p.sysctlsAfterAdd && att.result) await t.ctx.exec.sysctl(p.sysctlsAfterAdd(att.result));
      } catch (err) {
        await mode.del(att, t.ctx).catch(() => undefined);
        throw err;
      }
      return att;
    },
    async check(a: Attachment, ctx: ModeContext): Promise<void> {
      if (!a.netns || !(await netnsExists(a.netns))) {
        throw new CniError(name, 'CHECK', CniErrorCode.CONTAINER_UNKNOWN, `netns ${a.netns} does not exist`);
      }
      if (a.conflist && a.result) await checkList(ctx.exec, a.conflist, runtime(a, ctx), a.result, knownBadCheck(a));
      if (a.hostPorts?.length && a.ip) await checkHostNat(ctx.exec, { ip: a.ip, portMappings: a.hostPorts });
    },
    async del(a: Attachment, ctx: ModeContext): Promise<void> {
      if (a.hostPorts?.length && a.ip) await delHostNat(ctx.exec, { ip: a.ip, portMappings: a.hostPorts }).catch(() => undefined);
      // Plugins tolerate a missing netns on DEL (SPEC.md); run them so host-side rules go too.
      if (a.conflist) await delList(ctx.exec, a.conflist, runtime(a, ctx), a.result).catch(() => undefined);
      if (a.ownsNetns && a.netns) await delNetns(a.netns);
    },
  };
  return mode;
}

/**
 * portmap ≤ 1.2 CHECK looks for IPv6 DNAT chains even when the container has
 * only IPv4 addresses and fails (containernetworking/plugins#819, fixed
 * upstream later; Debian bookworm ships 1.1.1). Skip its CHECK for IPv4-only
 * results; the bridge CHECK still verifies the veth, addresses and routes.
 */
function knownBadCheck(a: Attachment): (p: CniPluginConf) => boolean {
  const v4only = (a.result?.ips ?? []).every((ip) => !ip.address.includes(':'));
  return (p) => p.type === 'portmap' && v4only;
}

/** Marathon port protocols → portmap entries (udp,tcp maps both). */
export function portMappings(t: TaskNet): Array<{ hostPort: number; containerPort: number; protocol: string }> {
  const out: Array<{ hostPort: number; containerPort: number; protocol: string }> = [];
  for (const p of t.task.ports) {
    if (!p.hostPort || !p.containerPort) continue;
    for (const proto of p.protocol.split(',')) out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: proto });
  }
  return out;
}
