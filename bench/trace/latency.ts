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
    const server: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < N; i++) {
      const { body, ms } = await call('POST', '/v1/trace', req);
      const r = body as TraceReport;
      if (!r.ok) throw new Error(`trace ${i} failed at ${r.failedHop}: ${JSON.stringify(r.hops.at(-1))}`);
      server.push(r.ms);
      total.push(ms);
    }
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
