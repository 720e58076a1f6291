/**
 * `marina trace` latency on a working path across hosts: deploy/local-cluster.sh
 * up 3 (netns marina-tb*, 198.18.75.0/24, an nftables lb per host), a client
 * task on the VXLAN network on host 1 and a VIP whose backend runs on host 3,
 * then N sequential POST /v1/trace (curl from the underlay, TLS, admin token);
 * prints p50/p90/p99/max of the server's `ms` and of the whole request.
 * Every trace must pass (a failing one aborts). The cluster is removed at the end.
 * Run: node -r ./bench/_register.js bench/trace/latency.ts [N]
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import type { TraceReport } from '../../lib/trace/types';
import { run, runOk } from '../../test/helpers/exec';
import { waitUntil } from '../../test/helpers/_children';
import { clusterCurl } from '../../test/helpers/local-cluster';
import { cpuPerUnit, cpuSnapshot } from './cpu';

const N = Number(process.argv[2] ?? 100);
const P = 'marina-tb';
const SUB = '198.18.75';
const DIR = '/tmp/marina-tb-bench';
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR, MARINA_LC_LB: 'nftables' };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const NAME = 'tbdb.marathon.l4lb.thisdcos.directory';

async function call(method: string, path: string, body?: unknown): Promise<{ body: any; ms: number }> {
  const { args: auth, base } = clusterCurl(DIR, `${SUB}.1`);
  const args = ['netns', 'exec', `${P}u`, 'curl', '-s', ...auth, '-X', method, '-H', 'content-type: application/json', `${base}${path}`];
  if (body) args.push('-d', JSON.stringify(body));
  const t0 = performance.now();
  const res = await runOk('ip', args);
  return { body: JSON.parse(res.stdout || 'null'), ms: performance.now() - t0 };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function main(): Promise<void> {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '3'], { env, timeoutMs: 90_000 });
  try {
    const on = (h: string) => [['hostname', 'LIKE', h]];
    await call('POST', '/v2/apps', {
      id: '/tb/db', cmd: 'exec python3 -m http.server 8080', cpus: 0.1, mem: 32, constraints: on(`${P}3`),
      networks: [{ mode: 'container', name: 'overlay' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080, labels: { VIP_0: '/tbdb:80' } }] },
    });
    await call('POST', '/v2/apps', { id: '/tb/client', cmd: 'exec sleep 3600', cpus: 0.1, mem: 32, constraints: on(`${P}1`), networks: [{ mode: 'container', name: 'overlay' }] });
    const req = { from: '/tb/client', to: `${NAME}:80` };
    await waitUntil('the trace passes', async () => ((await call('POST', '/v1/trace', req)).body as TraceReport | null)?.ok === true, 90_000, 1000);
    // CPU of the cluster's processes (their reaped children included): the trace is CPU-bound on a small machine
    const ours = new RegExp(`^\\S*(node|etcd|redis-server) .*${SUB.replace(/\./g, '\\.')}\\.`);
    const before = cpuSnapshot(ours);
    const selfBefore = process.cpuUsage();
    const server: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < N; i++) {
      const { body, ms } = await call('POST', '/v1/trace', req);
      const r = body as TraceReport;
      if (!r.ok) throw new Error(`trace ${i} failed at ${r.failedHop}: ${JSON.stringify(r.hops.at(-1))}`);
      server.push(r.ms);
      total.push(ms);
    }
    const after = cpuSnapshot(ours);
    const selfCpu = process.cpuUsage(selfBefore);
    const label = (cmd: string) => {
      const role = /marina\.js (\S+)/.exec(cmd)?.[1];
      const host = /--hostname (\S+)/.exec(cmd)?.[1];
      return role ? [role, host].filter(Boolean).join(' ') : cmd.split(' ')[0]!;
    };
    const rows = cpuPerUnit(before, after, N, label);
    console.log('CPU ms per trace (own + children: the tools a process ran)');
    for (const r of rows.filter((x) => x.own + x.children >= 1)) console.log(`  ${r.who}: ${r.own.toFixed(0)} + ${r.children.toFixed(0)}`);
    const cpuTotal = rows.reduce((t, r) => t + r.own + r.children, 0);
    console.log(`  cluster total: ${cpuTotal.toFixed(0)} (bench's own node: ${((selfCpu.user + selfCpu.system) / 1000 / N).toFixed(0)}; its curl runs not counted)`);
    const row = (name: string, xs: number[]) => `| ${name} | ${N} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 90).toFixed(0)} | ${pct(xs, 99).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;
    console.log('| measure | traces | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|');
    console.log(row('allocator (report `ms`)', server));
    console.log(row('request (curl in the underlay, TLS)', total));
  } finally {
    await run(script, ['down'], { env });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
