/**
 * End to end with the real allocator: deploy/local-cluster.sh up 3 (allocator,
 * Redis, three agents, each in its host netns on 198.18.5.0/24), Marathon apps
 * posted to /v2/apps, tasks reached across hosts, then `down` leaves nothing.
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix } from '../../services/agent/names';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { clusterCurl } from '../helpers/local-cluster';

jest.setTimeout(120_000);

const env = { ...process.env, MARINA_LC_PREFIX: 'marina-ac', MARINA_LC_SUBNET: '198.18.5', MARINA_LC_DIR: '/tmp/marina-ac-test' };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');

/** As the cluster admin, over TLS (the allocator listens on the underlay). */
async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const { args: auth, base } = clusterCurl(env.MARINA_LC_DIR, '198.18.5.1');
  const args = ['netns', 'exec', 'marina-acu', 'curl', '-s', ...auth, '-X', method, '-H', 'content-type: application/json', `${base}${path}`];
  if (body) args.push('-d', JSON.stringify(body));
  return JSON.parse((await runOk('ip', args)).stdout || 'null');
}

interface T { id: string; host: string; state: string; ipAddresses?: Array<{ ipAddress: string }>; ports?: number[] }

async function tasks(appId: string): Promise<T[]> {
  return ((await api('GET', `/v2/apps/${appId}/tasks`)) as { tasks?: T[] }).tasks ?? [];
}

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '3'], { env, timeoutMs: 60_000 });
});

afterAll(async () => {
  await runOk(script, ['down'], { env });
  const taskPrefixes = [1, 2, 3].map((i) => netnsPrefix(`marina-ac${i}`));
  expect((await listNetns()).filter((n) => n.startsWith('marina-ac') || taskPrefixes.some((p) => n.startsWith(p)))).toEqual([]);
});

test('tasks on a VXLAN network reach each other across hosts by IP', async () => {
  await api('POST', '/v2/apps', {
    id: '/ac-web', cmd: 'exec python3 -m http.server 8080', instances: 3, cpus: 0.1, mem: 32,
    networks: [{ mode: 'container', name: 'overlay' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] },
    constraints: [['hostname', 'UNIQUE']],
  });
  await waitUntil('3 running tasks', async () => (await tasks('ac-web')).filter((t) => t.state === 'TASK_RUNNING').length === 3, 30_000);
  const ts = await tasks('ac-web');
  expect(new Set(ts.map((t) => t.host)).size).toBe(3);
  const ips = ts.map((t) => t.ipAddresses?.[0]?.ipAddress ?? '');
  for (const ip of ips) {
    await waitUntil(`http to ${ip} from host 1`, async () => {
      const res = await run('ip', ['netns', 'exec', 'marina-ac1', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', `http://${ip}:8080/`]);
      return res.stdout === '200';
    }, 10_000);
  }
});

test('a bridge-mode task is reached at hostIP:hostPort from another host and its own', async () => {
  await api('POST', '/v2/apps', {
    id: '/ac-br', cmd: 'exec python3 -m http.server 8080', instances: 1, cpus: 0.1, mem: 32,
    networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0 }] },
  });
  await waitUntil('bridge task running', async () => (await tasks('ac-br')).some((t) => t.state === 'TASK_RUNNING'), 30_000);
  const [t] = await tasks('ac-br');
  const hostNs = t.host;
  const hostIp = `198.18.5.${10 + Number(hostNs.slice('marina-ac'.length))}`;
  const port = t.ports?.[0];
  const other = hostNs === 'marina-ac1' ? 'marina-ac2' : 'marina-ac1';
  for (const ns of [other, hostNs]) {
    await waitUntil(`http to ${hostIp}:${port} from ${ns}`, async () => {
      const res = await run('ip', ['netns', 'exec', ns, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', `http://${hostIp}:${port}/`]);
      return res.stdout === '200';
    }, 10_000);
  }
});
