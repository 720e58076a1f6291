/**
 * nftables tracing of the probe (nft(8) "RULESET DEBUGGING/TRACING"): a
 * table of its own, `marina-trace-<port>`, sets `meta nftrace set 1` on the
 * probe's packets only (matched by the probe's source port and destination,
 * at priority -350, before Marina's and anyone's NAT), and `nft monitor`
 * in the host netns records every rule they hit (trace lines kept). The table exists
 * only while the probe runs; stop() always removes it.
 */
import { spawn } from 'node:child_process';
import { errorMessage } from '../../../lib/errors';
import type { L4 } from '../../../lib/trace/types';
import type { HostExec } from '../exec';

const MAX_OUTPUT = 256 * 1024;
const MAX_LINES = 60;
/**
 * nft monitor has no ready signal. It subscribes to trace events before ruleset events
 * (nft's netlink_monitor), so once it prints a change of our own table (a marker chain)
 * it also receives the probe's trace events; a marker after the probe, read back, means
 * every trace event before it was read too. Markers are retried every MARKER_WAIT_MS (the
 * first may land before the subscription), and tracing goes on without one after MARKER_CAP_MS.
 */
const MARKER_WAIT_MS = 25;
const MARKER_CAP_MS = 400;

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
 * lines of the first trace id, without the id and our own table's lines.
 */
export function tracedRules(out: string, sport: number): string[] {
  const own = traceTableName(sport);
  const lines = out.split('\n').map((l) => /^trace id ([0-9a-f]+) (.*)$/.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null);
  const first = lines[0]?.[1];
  return lines
    .filter((m) => m[1] === first)
    .map((m) => m[2]!.trim())
    .filter((l) => !l.includes(own) && / rule |verdict|policy /.test(l))
    .slice(0, MAX_LINES);
}

export interface NftTrace {
  /** Stop the monitor, remove the table; the rules hit (empty when tracing could not start). */
  stop(): Promise<{ rules: string[]; error?: string }>;
}

export async function startNftTrace(exec: HostExec, dests: TraceDest[], proto: L4, sport: number): Promise<NftTrace> {
  const table = traceTableName(sport);
  const remove = () => exec.run('nft', ['delete', 'table', 'inet', table], { timeoutMs: 5000 }).catch(() => undefined);
  const add = await exec.run('nft', ['-f', '-'], { input: traceRuleset(dests, proto, sport), timeoutMs: 5000 });
  if (add.code !== 0) {
    await remove();
    const error = add.stderr.trim().split('\n')[0] ?? `nft exited ${add.code}`;
    return { stop: async () => ({ rules: [], error }) };
  }
  // every event (ruleset and trace): the markers are ruleset events; only trace lines are kept
  const [file, args] = exec.wrap('nft', ['monitor']);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  const seen = new Set<string>();
  let onMarker: (() => void) | undefined;
  let spawnError: string | undefined;
  child.stdout.on('data', (b: Buffer) => {
    const lines = (partial + b.toString('utf8')).split('\n');
    partial = lines.pop()!.slice(-4096);
    for (const line of lines) {
      if (line.startsWith('trace id ')) {
        if (out.length < MAX_OUTPUT) out += line + '\n';
      } else {
        const m = /^add chain inet (\S+) (m\d+)$/.exec(line.trim());
        if (m && m[1] === table) {
          seen.add(m[2]);
          onMarker?.();
        }
      }
    }
  });
  child.on('error', (e) => (spawnError = errorMessage(e)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let markers = 0;
  /** Add marker chains until the monitor prints one of them (or the cap). */
  const marked = async (): Promise<void> => {
    const first = markers + 1;
    const done = () => [...seen].some((k) => Number(k.slice(1)) >= first);
    const t0 = Date.now();
    while (Date.now() - t0 < MARKER_CAP_MS && spawnError === undefined) {
      await exec.run('nft', ['add', 'chain', 'inet', table, `m${++markers}`], { timeoutMs: 5000 });
      if (done()) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, MARKER_WAIT_MS);
        onMarker = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      onMarker = undefined;
      if (done()) return;
    }
  };
  await marked();
  return {
    stop: async () => {
      // read up to a marker added now (every trace event before it is read), then stop the monitor (SIGKILL if it lingers) and drop the table
      await marked();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 1000);
      await closed;
      clearTimeout(t);
      await remove();
      return { rules: tracedRules(out, sport), ...(spawnError ? { error: spawnError } : {}) };
    },
  };
}
