/**
 * Rule-programming benchmark: full sync and one-backend-change time for
 * 100, 1,000 and 10,000 VIPs × 3 backends, nftables vs iptables mode vs
 * kube-proxy's iptables layout restored raw (one `iptables-restore
 * --noflush` of its whole nat table, then of one service's chains: no
 * backend code, the reference), each in a fresh netns (marina-lbbench).
 * Run as root:
 *   node -r ./bench/_register.js bench/lb/rules.ts [sizes] [changes] [modes=nftables,iptables,kube-proxy-raw]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NftablesBackend } from '../../services/lb/backends/nftables/apply';
import { IptablesBackend } from '../../services/lb/backends/iptables/apply';
import type { VipBackend } from '../../services/lb/backends/backend';
import type { VipTable } from '../../services/lb/model/vip-table';
import { syntheticTable } from './synthetic';
import { kubeProxyFull, kubeProxyOne } from './kube-proxy-layout';

const NS = 'marina-lbbench';
const sizes = (process.argv[2] ?? '100,1000,10000').split(',').map(Number);
const changes = Number(process.argv[3] ?? 50);
const modes = (process.argv[4] ?? 'nftables,iptables,kube-proxy-raw').split(',');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * CPU time (ms) of the exited children so far (nft, iptables-restore, ip):
 * /proc/self/stat cutime + cstime, in clock ticks of 10 ms. On a shared
 * machine wall time grows with the load; the tools' CPU time much less.
 */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

/** kube-proxy's layout loaded raw: the restore alone (a full sync writes everything, a change one service). */
function rawKubeProxy(cidr: string): VipBackend {
  const restore = (input: string) => execFileSync('ip', ['netns', 'exec', NS, 'iptables-restore', '-w', '5', '--noflush'], { input });
  return {
    name: 'kube-proxy-raw',
    kernelNat: true,
    sync: async (prev, desired, full) => {
      if (full) return void restore(kubeProxyFull(desired, cidr));
      for (const [key, s] of desired) if (prev.get(key) !== s) restore(kubeProxyOne(s, cidr));
    },
    cleanup: async () => undefined,
  } as VipBackend;
}

async function run(mode: string, n: number): Promise<string> {
  execFileSync('ip', ['netns', 'add', NS]);
  try {
    const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false, netns: NS };
    const backend: VipBackend = mode === 'nftables' ? new NftablesBackend(opts) : mode === 'iptables' ? new IptablesBackend(opts) : rawKubeProxy(opts.clusterCidrs[0]);
    const table = syntheticTable(n, 3);
    const cpu0 = childCpuMs();
    const full = await time(() => backend.sync(new Map(), table, true));
    const fullCpu = childCpuMs() - cpu0;
    const resync = await time(() => backend.sync(table, table, true));
    let prev: VipTable = table;
    const deltas: number[] = [];
    for (let i = 0; i < changes; i++) {
      // Replace one backend of one service (a rolling restart step).
      const cur: VipTable = new Map(prev);
      const key = [...table.keys()][(i * 7919) % n];
      const svc = cur.get(key)!;
      cur.set(key, { ...svc, backends: [...svc.backends.slice(1), { ip: `198.19.${100 + (i % 100)}.${(i % 250) + 1}`, port: 9000 + i, taskId: `r${i}` }] });
      deltas.push(await time(() => backend.sync(prev, cur, false)));
      prev = cur;
    }
    await backend.cleanup();
    return `| ${mode} | ${n} | ${full.toFixed(0)} | ${fullCpu} | ${resync.toFixed(0)} | ${pct(deltas, 50).toFixed(1)} | ${pct(deltas, 99).toFixed(1)} |`;
  } finally {
    execFileSync('ip', ['netns', 'delete', NS]);
  }
}

async function main(): Promise<void> {
  const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  console.log(`${new Date().toISOString()} commit ${sh('git', ['rev-parse', '--short', 'HEAD'])}; ${sh('uptime', [])}; ${sh('iptables', ['-V'])}; ${sh('nft', ['-v'])}`);
  console.log(`| mode | VIPs ×3 | full sync ms | its tools' CPU ms | full resync (replace) ms | one change p50 ms | one change p99 ms |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const n of sizes) for (const mode of modes) console.log(await run(mode, n));
}

void main();
