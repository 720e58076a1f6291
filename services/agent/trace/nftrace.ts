/**
 * nftables tracing of the probe (nft(8) "RULESET DEBUGGING/TRACING"): a
 * table of its own, `marina-trace-<port>`, sets `meta nftrace set 1` on the
 * probe's packets only (matched by the probe's source port and destination,
 * at priority -350, before Marina's and anyone's NAT), and `nft monitor`
 * in the host netns records every rule they hit (trace lines kept). The table exists
 * only while the probe runs; stop() always removes it.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { errorMessage } from '../../../lib/errors';
import type { L4 } from '../../../lib/trace/types';
import type { HostExec } from '../exec';

const MAX_OUTPUT = 256 * 1024;
const MAX_LINES = 60;
/**
 * nft monitor has no ready signal; its netlink socket's multicast groups (the netns'
 * /proc/net/netlink, read through the monitor's own /proc entry) show when it has
 * subscribed to trace events (NFNLGRP_NFTRACE) and ruleset events (NFNLGRP_NFTABLES):
 * from then on every traced packet's events queue on its socket. Polled every
 * SUBSCRIBE_POLL_MS, for at most WAIT_CAP_MS (tracing goes on without it, reported): the
 * monitor first reads the whole ruleset, set elements too (~200 ms for 10,000 elements on an
 * idle host, seconds for 40,000 on a loaded one), and a trace that missed its packet explains less.
 * The end is the table's own deletion: once the monitor prints it, every trace event
 * before it was read. No extra nft runs (each costs ~20 ms of CPU on a busy host).
 */
const SUBSCRIBE_POLL_MS = 3;
const WAIT_CAP_MS = 3000;
const NETLINK_NETFILTER = 12;
const NFNLGRP_NFTABLES = 7;
const NFNLGRP_NFTRACE = 9;
const TRACE_GROUPS = (1 << (NFNLGRP_NFTABLES - 1)) | (1 << (NFNLGRP_NFTRACE - 1));

export function traceTableName(sport: number): string {
  return `marina-trace-${sport}`;
}

export interface TraceDest {
  ip: string;
  port: number;
}

/** The trace table's ruleset (pure): packets from source port `sport` to any of `dests` are traced. */
export function traceRuleset(dests: TraceDest[], proto: L4, sport: number): string {
  const t = traceTableName(sport);
  const out = [
    `add table inet ${t}`,
    `add chain inet ${t} pre { type filter hook prerouting priority -350; policy accept; }`,
    `add chain inet ${t} out { type filter hook output priority -350; policy accept; }`,
  ];
  for (const fam of ['ip', 'ip6'] as const) {
    const ds = dests.filter((d) => d.ip.includes(':') === (fam === 'ip6'));
    if (ds.length === 0) continue;
    const set = ds.map((d) => `${d.ip} . ${d.port}`).join(', ');
    const match = `${proto} sport ${sport} ${fam} daddr . ${proto} dport { ${set} } meta nftrace set 1`;
    out.push(`add rule inet ${t} pre ${match}`, `add rule inet ${t} out ${match}`);
  }
  return out.join('\n') + '\n';
}

/**
 * The rules the probe's first packet (the TCP SYN, the first datagram: the
 * one NAT decides for) hit, from `nft monitor trace` output (pure): the
 * lines of the first trace id our own table marked (a monitor sees every
 * traced packet of its netns, another trace's too), without the id and our
 * own table's lines.
 */
export function tracedRules(out: string, sport: number): string[] {
  const own = (l: string) => l.startsWith(`inet ${traceTableName(sport)} `);
  const lines = out.split('\n').map((l) => /^trace id ([0-9a-f]+) (.*)$/.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null);
  const first = lines.find((m) => own(m[2]!))?.[1];
  return lines
    .filter((m) => m[1] === first)
    .map((m) => m[2]!.trim())
    .filter((l) => !own(l) && / rule |verdict|policy /.test(l))
    .slice(0, MAX_LINES);
}

export interface NftTrace {
  /** Stop the monitor, remove the table; the rules hit (empty when tracing could not start). */
  stop(): Promise<{ rules: string[]; error?: string }>;
}

/**
 * Whether process `pid` holds a NETLINK_NETFILTER socket subscribed to both trace and
 * ruleset events (pure parse of its netns' /proc/net/netlink and its socket inodes).
 */
export function subscribedToTrace(netlink: string, socketInodes: Set<string>): boolean {
  for (const line of netlink.split('\n').slice(1)) {
    // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || Number(f[1]) !== NETLINK_NETFILTER || !socketInodes.has(f[9]!)) continue;
    if ((parseInt(f[3]!, 16) & TRACE_GROUPS) === TRACE_GROUPS) return true;
  }
  return false;
}

async function monitorSubscribed(pid: number): Promise<boolean> {
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
    const inodes = new Set(links.map((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1]).filter((x): x is string => x !== undefined));
    if (inodes.size === 0) return false; // still nsenter, or nft not at its socket yet
    return subscribedToTrace(await readFile(`/proc/${pid}/net/netlink`, 'utf8'), inodes);
  } catch {
    return false; // the process is gone or not yet exec'd
  }
}

export async function startNftTrace(exec: HostExec, dests: TraceDest[], proto: L4, sport: number): Promise<NftTrace> {
  const table = traceTableName(sport);
  // every event (ruleset and trace), started first: its start overlaps the table's set-up
  const [file, args] = exec.wrap('nft', ['monitor']);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  let deleted = false;
  let onDeleted: (() => void) | undefined;
  let spawnError: string | undefined;
  let exited = false;
  child.stdout.on('data', (b: Buffer) => {
    const lines = (partial + b.toString('utf8')).split('\n');
    partial = lines.pop()!.slice(-4096);
    for (const line of lines) {
      if (line.startsWith('trace id ')) {
        if (out.length < MAX_OUTPUT) out += line + '\n';
      } else if (line.trim() === `delete table inet ${table}`) {
        deleted = true;
        onDeleted?.();
      }
    }
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 4096) stderr += b.toString('utf8');
  });
  child.on('error', (e) => (spawnError = errorMessage(e)));
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      onDeleted?.();
      resolve();
    }),
  );
  const stopMonitor = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 1000);
      await closed;
      clearTimeout(t);
    }
  };
  const remove = () => exec.run('nft', ['delete', 'table', 'inet', table], { timeoutMs: 5000 }).catch(() => undefined);
  const [add, subscribed] = await Promise.all([
    exec.run('nft', ['-f', '-'], { input: traceRuleset(dests, proto, sport), timeoutMs: 5000 }),
    (async () => {
      const t0 = Date.now();
      while (Date.now() - t0 < WAIT_CAP_MS && !exited && spawnError === undefined) {
        if (child.pid !== undefined && (await monitorSubscribed(child.pid))) return true;
        await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_POLL_MS));
      }
      return false;
    })(),
  ]);
  if (add.code !== 0) {
    await Promise.all([remove(), stopMonitor()]);
    const error = add.stderr.trim().split('\n')[0] ?? `nft exited ${add.code}`;
    return { stop: async () => ({ rules: [], error }) };
  }
  const startError = spawnError ?? (subscribed ? undefined : exited ? `nft monitor exited${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}` : `nft monitor not subscribed after ${WAIT_CAP_MS} ms`);
  return {
    stop: async () => {
      // the table's deletion, read back, ends the trace (every event before it was read); then the monitor stops
      const removed = await remove();
      if (removed?.code === 0 && !deleted && !exited) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WAIT_CAP_MS);
          onDeleted = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        onDeleted = undefined;
      }
      await stopMonitor();
      const error = startError ?? spawnError ?? (deleted ? undefined : 'nft monitor did not show the end of the trace');
      return { rules: tracedRules(out, sport), ...(error ? { error } : {}) };
    },
  };
}
