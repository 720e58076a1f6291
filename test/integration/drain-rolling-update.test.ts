/**
 * Drain before kill (issue 13 item 7): a rolling update of an app behind a
 * VIP, under a loop of sequential requests through the VIP, fails none of
 * them. `marina up` (allocator, DNS, nftables lb, agent) runs in a network
 * namespace of its own; the old tasks leave the VIP first (ready false),
 * the agent waits --drain-delay, then SIGTERMs them; new tasks join the VIP
 * only once their HTTP health check passes. Then a rolling upgrade whose
 * new tasks never turn healthy is reverted while in flight
 * (DELETE /v2/deployments/{id}): the old version is back, its tasks never
 * stopped serving, the new ones stop, and again no request fails.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netnsPrefix } from '../../services/agent/names';
import { createNetns, deleteNetns, netnsExec, vethPair } from '../helpers/netns';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { readClientConfig } from '../../lib/auth/client-config';
import { startHttpLoad, type HttpLoad } from '../helpers/http-load';
import { until } from '../helpers/until';
import { processesUnder } from '../helpers/procs';

jest.setTimeout(300_000);

const NS = 'marina-dr1';
const HOST = 'marina-drain-host';
let dir: string;
let up: MarinaProcess | undefined;
let load: HttpLoad | undefined;

const inNs = (cmd: string[]) => netnsExec(NS, cmd, { allowFail: true });

async function api(method: string, path: string, body?: unknown): Promise<{ code: number; json: any }> {
  // as the admin `marina up` wrote to its client config (MARINA_CLIENT_CONFIG below)
  const token = readClientConfig(join(dir, 'client.json'))?.token ?? '';
  const args = ['curl', '-s', '-X', method, '-w', '\n%{http_code}', '-H', `authorization: Bearer ${token}`, `http://127.0.0.1:8080${path}`];
  if (body !== undefined) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  const res = await inNs(args);
  const lines = res.stdout.trimEnd().split('\n');
  const code = Number(lines.pop());
  const text = lines.join('\n');
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { code, json };
}

interface MTask { id: string; state: string; ready: boolean; desired: string }
// Marina's task objects (/v1): `ready` and `desired` are not in Marathon's task shape
const tasks = async (): Promise<MTask[]> => ((await api('GET', '/v1/tasks?app=/drainweb')).json as { tasks?: MTask[] }).tasks ?? [];

function app(gen: number, healthPath = '/') {
  return {
    id: '/drainweb',
    cmd: `exec python3 -c "import http.server,os; http.server.ThreadingHTTPServer(('', int(os.environ['PORT0'])), http.server.SimpleHTTPRequestHandler).serve_forever()"`,
    instances: 3,
    env: { GEN: String(gen) },
    portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/drainweb:80' } }],
    healthChecks: [{ protocol: 'HTTP', portIndex: 0, path: healthPath, gracePeriodSeconds: 30, intervalSeconds: 1, timeoutSeconds: 2, maxConsecutiveFailures: 3 }],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
  };
}

const allReady = (ts: MTask[], exclude: Set<string>) => ts.length === 3 && ts.every((t) => !exclude.has(t.id) && t.state === 'TASK_RUNNING' && t.ready && t.desired === 'run');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-drain-'));
  await deleteNetns(NS);
  await createNetns(NS);
  await netnsExec(NS, ['ip', 'link', 'set', 'lo', 'up']);
  await vethPair({ ns: NS, name: 'marina-dr-eth0', address: '198.18.9.1/24' }, { ns: NS, name: 'marina-dr-peer' });
  await netnsExec(NS, ['ip', 'route', 'add', 'default', 'via', '198.18.9.254', 'dev', 'marina-dr-eth0']);
});

afterAll(async () => {
  await load?.stop().catch(() => undefined);
  await up?.stop(15_000);
  // The agent leaves tasks running for re-adoption: kill those of this test (their cwd is a sandbox under its data dir).
  for (const pid of processesUnder(join(dir, 'data'))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of readdirSync('/etc/netns').filter((n) => n.startsWith(netnsPrefix(HOST)))) rmSync(join('/etc/netns', d), { recursive: true, force: true });
  await deleteNetns(NS);
  rmSync(dir, { recursive: true, force: true });
});

test('a rolling update (PUT of a new env) behind a VIP under sequential load: 0 failed requests', async () => {
  up = spawnMarina(['up', '--data-dir', join(dir, 'data'), '--hostname', HOST], { netns: NS, env: { MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
  await until('marina up answers /ping', async () => (await inNs(['curl', '-sf', 'http://127.0.0.1:8080/ping'])).stdout.trim() === 'pong', 60_000, 200);
  await until('the agent registered', async () => ((await api('GET', '/v1/agents')).json as { agents?: unknown[] }).agents?.length === 1, 60_000, 200);
  const created = await api('POST', '/v2/apps', app(1));
  if (created.code !== 201) throw new Error(`POST /v2/apps: ${created.code} ${JSON.stringify(created.json)}`);
  const first = await until('3 healthy tasks', async () => {
    const ts = await tasks();
    return allReady(ts, new Set()) ? ts : undefined;
  }, 120_000, 500);
  const vip = (await inNs(['dig', '@127.0.0.1', 'drainweb.marathon.l4lb.thisdcos.directory', '+short'])).stdout.trim();
  expect(vip).toMatch(/^198\.19\.250\.\d+$/);
  await until('VIP answers', async () => (await inNs(['curl', '-sf', '-o', '/dev/null', '--max-time', '2', `http://${vip}:80/`])).code === 0, 30_000, 200);

  load = startHttpLoad(NS, `http://${vip}:80/`, { maxSeconds: 240 });
  await until('load running', () => load!.stats().ok >= 50, 60_000);
  const before = load.stats().ok;

  expect((await api('PUT', '/v2/apps/drainweb?force=true', app(2))).code).toBe(200);
  const old = new Set(first.map((t) => t.id));
  await until('the rollout replaced every task (old ones drained, killed and released)', async () => allReady(await tasks(), old), 180_000, 500);
  const during = load.stats().ok;
  await until('load goes on after the rollout', () => load!.stats().ok >= during + 50, 60_000);
  const stats = await load.stop();
  load = undefined;

  process.stdout.write(`drain rolling update: ${stats.ok} requests ok (${during - before} during the rollout), ${stats.failed} failed ${JSON.stringify(stats.errors)}\n`);
  expect(during).toBeGreaterThan(before);
  expect(stats.errors).toEqual({});
  expect(stats.failed).toBe(0);
});

test('reverting an in-flight rolling upgrade behind the VIP restores the old version: its tasks keep serving, 0 failed requests', async () => {
  const serving = await until('3 healthy tasks of generation 2', async () => {
    const ts = await tasks();
    return allReady(ts, new Set()) ? ts : undefined;
  }, 120_000, 500);
  await until('the update deployed', async () => ((await api('GET', '/v2/deployments')).json as unknown[]).length === 0, 60_000, 500);
  const vip = (await inNs(['dig', '@127.0.0.1', 'drainweb.marathon.l4lb.thisdcos.directory', '+short'])).stdout.trim();
  load = startHttpLoad(NS, `http://${vip}:80/`, { maxSeconds: 240 });
  await until('load running', () => load!.stats().ok >= 50, 60_000);

  // generation 3 never turns healthy (its check path answers 404): the rollout stays in flight
  const upgrade = await api('PUT', '/v2/apps/drainweb', app(3, '/no-such-page'));
  expect(upgrade.code).toBe(200);
  await until('new tasks running (never healthy)', async () => (await tasks()).filter((t) => t.state === 'TASK_RUNNING' && !serving.some((s) => s.id === t.id)).length >= 1, 60_000, 500);
  const inFlight = (await api('GET', '/v2/deployments')).json as Array<{ id: string }>;
  expect(inFlight.map((d) => d.id)).toEqual([upgrade.json.deploymentId]);

  const revert = await api('DELETE', `/v2/deployments/${upgrade.json.deploymentId}`);
  expect(revert.code).toBe(200);
  expect((await api('GET', '/v2/apps/drainweb')).json.app.env).toEqual({ GEN: '2' });
  await until('only the generation-2 tasks are left', async () => {
    const ts = await tasks();
    return ts.length === 3 && ts.every((t) => serving.some((s) => s.id === t.id) && t.ready);
  }, 120_000, 500);
  await until('the revert deployed', async () => ((await api('GET', '/v2/deployments')).json as unknown[]).length === 0, 60_000, 500);
  const stats = await load.stop();
  load = undefined;
  process.stdout.write(`revert of an in-flight rollout: ${stats.ok} requests ok, ${stats.failed} failed ${JSON.stringify(stats.errors)}\n`);
  expect(stats.errors).toEqual({});
  expect(stats.failed).toBe(0);
});
