/**
 * Change → enforced on every host, end to end, on the 3-host local cluster
 * (deploy/local-cluster.sh up 3, an nftables lb in every host; run as root):
 *   node -r ./bench/_register.js bench/policy/cluster.ts [edits=40] [starts=40]
 *
 * What run.ts times through one host's syncer, measured here by the real
 * agents through the real feed: each agent's own SLI histogram,
 * `marina_policy_programming_duration_seconds` (from the change's commit time
 * — a policy's `version`, a task's `stagedAt` — to that host's table holding
 * it), read before and after each phase on every host. The allocator, etcd,
 * the watch fan-out and the agent's sync are all inside the figure.
 *
 * Cluster: 30 apps × 1 sleeper task on the VXLAN network, 100 policies
 * (policy i selects app i mod 30 and admits app i+1 on port 8000+i), so every
 * host holds app chains and peer sets. Phase 1: `edits` policy edits (PUT, a
 * new port), one every 300 ms. Phase 2: `starts` task starts (apps scaled
 * 1 → 2, one every 300 ms). Percentiles are bucket upper bounds (the
 * agent histogram's buckets: 5, 10, 25, 50, 100, 250 ms …). Task starts are also
 * shown from the task running (`startedAt`) to each host's table holding it,
 * `marina_policy_running_to_programmed_seconds`: 0 when the table held it first.
 * Netns marina-pb*, underlay 198.18.77.0/24, tasks in 198.19.160.0/20;
 * everything is removed at the end.
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { run, runOk } from '../../test/helpers/exec';
import { clusterApi } from '../../test/helpers/local-cluster';

const P = 'marina-pb';
const SUB = '198.18.77';
const DIR = '/tmp/marina-lc-pbench';
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR, MARINA_LC_NETWORKS: 'overlay=198.19.160.0/20:vxlan', MARINA_LC_LB: 'nftables' };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const HOSTS = [1, 2, 3].map((i) => `${P}${i}`);
const APPS = 30;
const POLICIES = 100;
const MARK = 'marina-pbench-tas' + 'k';
const edits = Number(process.argv[2] ?? 40);
const starts = Number(process.argv[3] ?? 40);
const api = clusterApi(DIR, `${SUB}.1`, `${P}u`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FROM_COMMIT = 'marina_policy_programming_duration_seconds';
const FROM_RUNNING = 'marina_policy_running_to_programmed_seconds';

/** Cumulative bucket counts (le → count) of one of the agent's programming histograms on one host. */
async function histogram(host: string, metric: string): Promise<Map<string, number>> {
  const text = (await runOk('ip', ['netns', 'exec', host, 'curl', '-s', 'http://127.0.0.1:9102/metrics'])).stdout;
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${metric}_bucket\\{le="([^"]+)"[^}]*\\} (\\d+)$`, 'gm'))) out.set(m[1], Number(m[2]));
  return out;
}

async function snapshot(metric = FROM_COMMIT): Promise<Array<Map<string, number>>> {
  return Promise.all(HOSTS.map((h) => histogram(h, metric)));
}

/** count, p50 and p99 (bucket upper bounds, ms) of the changes observed between two snapshots. */
function summary(before: Map<string, number>, after: Map<string, number>): { count: number; p50: string; p99: string } {
  const les = [...after.keys()].sort((a, b) => (a === '+Inf' ? 1 : b === '+Inf' ? -1 : Number(a) - Number(b)));
  const delta = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const count = delta[delta.length - 1];
  const at = (q: number) => {
    const i = delta.findIndex((c) => c >= q * count);
    return les[i] === '+Inf' ? '> 30000' : `≤ ${Number(les[i]) * 1000}`;
  };
  return { count, p50: at(0.5), p99: at(0.99) };
}

function sleeper(id: string): object {
  return { id, instances: 1, cpus: 0.01, mem: 16, cmd: `exec python3 -c "import time; time.sleep(3600)" ${MARK}`, networks: [{ mode: 'container', name: 'overlay' }] };
}

function policy(i: number, port: number): object {
  return { id: `p${i}`, selector: { apps: [`/bench/a${i % APPS}`] }, ingress: [{ from: { apps: [`/bench/a${(i + 1) % APPS}`] }, ports: [{ port, protocol: 'tcp' }] }] };
}

async function converged(want: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const tasks = ((await api('GET', '/v2/tasks')) as { tasks: Array<{ state: string }> }).tasks;
    if (tasks.filter((t) => t.state === 'TASK_RUNNING').length >= want) return;
    await sleep(500);
  }
  throw new Error(`fewer than ${want} tasks running after 300 s`);
}

async function phase(name: string, n: number, change: (i: number) => Promise<unknown>, alsoFromRunning = false): Promise<void> {
  const metrics = alsoFromRunning ? [FROM_COMMIT, FROM_RUNNING] : [FROM_COMMIT];
  const before = await Promise.all(metrics.map((m) => snapshot(m)));
  for (let i = 0; i < n; i++) {
    await change(i);
    await sleep(300);
  }
  await sleep(3000);
  const after = await Promise.all(metrics.map((m) => snapshot(m)));
  metrics.forEach((m, k) => {
    HOSTS.forEach((h, i) => {
      const s = summary(before[k][i], after[k][i]);
      console.log(`| ${name}${m === FROM_RUNNING ? ', from the task running' : ''} | ${h} | ${s.count} | ${s.p50} | ${s.p99} |`);
    });
  });
}

async function main(): Promise<void> {
  await run(script, ['down'], { env });
  try {
    await runOk(script, ['up', '3'], { env, timeoutMs: 180_000 });
    for (let a = 0; a < APPS; a++) await api('POST', '/v2/apps', sleeper(`/bench/a${a}`));
    await converged(APPS);
    for (let i = 0; i < POLICIES; i++) await api('POST', '/v1/policies', policy(i, 8000 + i));
    await sleep(3000);
    const load = (await runOk('cat', ['/proc/loadavg'])).stdout.trim();
    console.log(`\n${new Date().toISOString()}, load ${load}: ${APPS} apps, ${POLICIES} policies, 3 hosts\n`);
    console.log('| change | host | observed | p50 ms | p99 ms |\n|---|---|---|---|---|');
    await phase('policy edit', edits, (i) => api('PUT', `/v1/policies/p${i % POLICIES}`, policy(i % POLICIES, 9000 + i)));
    await phase('task start', starts, (i) => api('PUT', `/v2/apps/bench/a${i % APPS}?force=true`, { instances: 2 + Math.floor(i / APPS) }), true);
    console.log(`\n(load after: ${(await runOk('cat', ['/proc/loadavg'])).stdout.trim()})`);
  } finally {
    await run(script, ['down'], { env });
    await run('pkill', ['-9', '-f', MARK.slice(0, -1) + '[k]']);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
