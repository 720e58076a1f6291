/**
 * nftables tracing of the probe (nft(8) "RULESET DEBUGGING/TRACING"): a
 * table of its own, `marina-trace-<port>`, sets `meta nftrace set 1` on the
 * probe's packets only (matched by the probe's source port and destination,
 * at priority -350, before Marina's and anyone's NAT), and `nft monitor
 * trace` in the host netns records every rule they hit. The table exists
 * only while the probe runs; stop() always removes it.
 */
import { spawn } from 'node:child_process';
import { errorMessage } from '../../../lib/errors';
import type { L4 } from '../../../lib/trace/types';
import type { HostExec } from '../exec';

const MAX_OUTPUT = 256 * 1024;
const MAX_LINES = 60;
/** nft monitor has no ready signal: the time it takes to subscribe, generously. */
const SUBSCRIBE_MS = 150;

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
  const [file, args] = exec.wrap('nft', ['monitor', 'trace']);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let spawnError: string | undefined;
  child.stdout.on('data', (b: Buffer) => {
    if (out.length < MAX_OUTPUT) out += b.toString('utf8');
  });
  child.on('error', (e) => (spawnError = errorMessage(e)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise((r) => setTimeout(r, SUBSCRIBE_MS));
  return {
    stop: async () => {
      // let the last events arrive, then stop the monitor (SIGKILL if it lingers) and drop the table
      await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 1000);
      await closed;
      clearTimeout(t);
      await remove();
      return { rules: tracedRules(out, sport), ...(spawnError ? { error: spawnError } : {}) };
    },
  };
}
