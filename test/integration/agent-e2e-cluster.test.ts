/**
 * The agent end to end with the real allocator, Redis and `marina dns`:
 * deploy/local-cluster.sh up 3 (underlay 198.18.6.0/24, hosts marina-ae1..3,
 * each agent a real `marina agent` process in its host netns). Marathon apps
 * are posted to /v2/apps; the tests use the clients users use (curl,
 * getent, redis-cli, iptables-save, nft) from inside the hosts and tasks.
 * Covers host mode, host-gw and VXLAN across hosts, isolation, overlay MTU,
 * outbound masquerade, DNS from a task, health replacement with Redis soft
 * state, an agent restart, a host leaving, and nothing left behind.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix, taskNetnsName, vxlanDeviceName } from '../../services/agent/names';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { processesUnder } from '../helpers/procs';
import { clusterCa, clusterCurl } from '../helpers/local-cluster';

jest.setTimeout(90_000);

const P = 'marina-ae';
const SUB = '198.18.6';
const DIR = '/tmp/marina-ae-test';
const GW = `${SUB}.1`;
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const PING = join(__dirname, '..', 'helpers', 'agent', 'icmp-ping.py');
const HOSTS = [1, 2, 3].map((i) => `${P}${i}`);
const hostIp = (host: string) => `${SUB}.${10 + Number(host.slice(P.length))}`;

interface T { id: string; host: string; state: string; ready: boolean; ipAddresses?: Array<{ ipAddress: string }>; ports?: number[] }

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const { args: auth, base } = clusterCurl(DIR, GW);
  const args = ['netns', 'exec', `${P}u`, 'curl', '-s', ...auth, '-X', method, `${base}${path}`];
  if (body) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  return JSON.parse((await runOk('ip', args)).stdout || 'null');
}

// `ready` is Marina's, not in Marathon's task shape: asked for with embed=app.marina
const tasks = async (appId: string): Promise<T[]> => ((await api('GET', `/v2/apps/${appId}?embed=app.marina`)) as { app?: { tasks?: T[] } }).app?.tasks ?? [];
const ipOf = (t: T) => t.ipAddresses?.[0]?.ipAddress ?? '';
const nsOf = (t: T) => taskNetnsName(t.host, t.id);

async function runningTasks(appId: string, n: number, timeoutMs = 30_000): Promise<T[]> {
  let ts: T[] = [];
  await waitUntil(`${n} running tasks of ${appId}`, async () => {
    ts = (await tasks(appId)).filter((t) => t.state === 'TASK_RUNNING');
    return ts.length >= n;
  }, timeoutMs, 200);
  return ts;
}

async function curl(ns: string, url: string, ...extra: string[]): Promise<number> {
  const res = await run('ip', ['netns', 'exec', ns, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', ...extra, url]);
  return Number(res.stdout) || 0;
}

async function ping(ns: string, addr: string, bytes = 84, df = false): Promise<{ code: number; out: string }> {
  const res = await run('ip', ['netns', 'exec', ns, 'python3', PING, addr, String(bytes), ...(df ? ['--df'] : [])]);
  return { code: res.code, out: res.stdout + res.stderr };
}

/** A task's sandbox file (stdout/stderr), as the agent on its host writes it. */
function sandboxFile(t: T, name: 'stdout' | 'stderr'): string {
  try {
    return readFileSync(join(DIR, `agent${t.host.slice(P.length)}`, 'sandboxes', nsOf(t), name), 'utf8');
  } catch {
    return '';
  }
}

/** taskId → pid from the agent's task records on a host. */
const recordPids = (host: string): Record<string, number> => {
  const dir = join(DIR, `agent${host.slice(P.length)}`, 'tasks');
  const recs = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { taskId: string; pid: number });
  return Object.fromEntries(recs.map((r) => [r.taskId, r.pid]));
};

const HTTP = 'exec python3 -m http.server 8080';
const redisPassword = () => readFileSync(join(DIR, 'pki', 'redis.pass'), 'utf8').trim();
let blue: T[] = [];
let green: T[] = [];

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '3'], { env, timeoutMs: 60_000 });
});

afterAll(async () => {
  try {
    // Every app deleted: each host is back to no task netns and no per-task rules.
    const apps = ((await api('GET', '/v2/apps')) as { apps: Array<{ id: string }> }).apps;
    for (const a of apps) await api('DELETE', `/v2/apps${a.id}?force=true`);
    const live = HOSTS.filter((h) => h !== `${P}3`);
    const left = async () => (await listNetns()).filter((n) => live.some((h) => n.startsWith(netnsPrefix(h))));
    await waitUntil('no task netns', async () => (await left()).length === 0, 20_000, 200).catch(async (err) => {
      throw new Error(`${(err as Error).message}: ${(await left()).join(', ')}; tasks: ${JSON.stringify((await api('GET', '/v2/tasks')).tasks.map((t: T) => [t.id, t.host, t.state]))}`);
    });
    for (const h of live) {
      const rules = (await runOk('ip', ['netns', 'exec', h, 'iptables-save'])).stdout;
      expect(rules.split('\n').filter((l) => /^-A CNI-DN-|^:CNI-DN-|^-A CNI-HOSTPORT-DNAT .*CNI-DN-/.test(l))).toEqual([]);
      const veths = (await runOk('ip', ['-n', h, '-o', 'link', 'show', 'type', 'veth'])).stdout.trim().split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0]);
      expect(veths).toEqual(['eth0']); // the host's own uplink; every task veth is gone
    }
  } finally {
    if (process.env.MARINA_KEEP_TEST_LOGS) await run('sh', ['-c', `rm -rf ${DIR}-logs && mkdir -p ${DIR}-logs && cp ${DIR}/*.log ${DIR}-logs/`]);
    await runOk(script, ['down'], { env });
  }
  const taskPrefixes = HOSTS.map((h) => netnsPrefix(h));
  expect((await listNetns()).filter((n) => n.startsWith(P) || taskPrefixes.some((p) => n.startsWith(p)))).toEqual([]);
  const agents = await run('pgrep', ['-f', `--data-dir ${DIR}/agent`]);
  expect(agents.stdout.trim()).toBe('');
  expect(processesUnder(DIR)).toEqual([]);
  // Nothing of this cluster leaks into the machine's own rules (read only).
  const rootRules = (await runOk('iptables-save')).stdout + (await runOk('nft', ['list', 'ruleset'])).stdout;
  expect(rootRules).not.toMatch(new RegExp(`${P}|${SUB.replace(/\./g, '\\.')}\\.`));
});

test('host mode: the task listens on $PORT0 of its host, reached from another host', async () => {
  await api('POST', '/v2/apps', { id: '/ae-host', cmd: 'exec python3 -m http.server $PORT0', cpus: 0.1, mem: 32, portDefinitions: [{ port: 0 }] });
  const [t] = await runningTasks('ae-host', 1);
  const port = t.ports?.[0];
  expect(port).toBeGreaterThanOrEqual(31000);
  const other = HOSTS.find((h) => h !== t.host)!;
  await waitUntil('host-mode http', async () => (await curl(other, `http://${hostIp(t.host)}:${port}/`)) === 200, 10_000);
});

test('VXLAN and host-gw: tasks reach each other across hosts by IP; 1400-byte DF ping crosses, larger is refused', async () => {
  const spread = [['hostname', 'GROUP_BY']];
  await api('POST', '/v2/apps', { id: '/ae-blue', cmd: HTTP, instances: 3, cpus: 0.1, mem: 32, constraints: spread, networks: [{ mode: 'container', name: 'overlay' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] } });
  await api('POST', '/v2/apps', { id: '/ae-green', cmd: HTTP, instances: 3, cpus: 0.1, mem: 32, constraints: spread, networks: [{ mode: 'container', name: 'hostgw' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] } });
  blue = await runningTasks('ae-blue', 3);
  green = await runningTasks('ae-green', 3);
  expect(new Set(blue.map((t) => t.host)).size).toBe(3);
  expect(new Set(green.map((t) => t.host)).size).toBe(3);
  for (const [from, to] of [[blue[0], blue[1]], [blue[1], blue[2]], [green[0], green[1]], [green[2], green[0]]]) {
    await waitUntil(`http ${ipOf(from)} → ${ipOf(to)}`, async () => (await curl(nsOf(from), `http://${ipOf(to)}:8080/`)) === 200, 10_000);
  }
  // host-gw is plain routes via the other hosts' underlay addresses.
  const routes = (await runOk('ip', ['-n', blue[0].host, 'route', 'show', 'proto', '77'])).stdout;
  for (const g of green.filter((t) => t.host !== blue[0].host)) expect(routes).toContain(`via ${hostIp(g.host)}`);
  const a = nsOf(blue[0]);
  expect((await ping(a, ipOf(blue[1]), 1400, true)).code).toBe(0);
  const big = await ping(a, ipOf(blue[1]), 1451, true);
  expect(big.code).toBe(2);
  expect(big.out).toMatch(/message too long/);
  // Every agent reports its fabric in sync, and the kernel refused none of it.
  for (const h of HOSTS) {
    const metrics = (await runOk('ip', ['netns', 'exec', h, 'curl', '-s', 'http://127.0.0.1:9102/metrics'])).stdout;
    expect(metrics).toMatch(/^marina_agent_fabric_in_sync(\{[^}]*\})? 1$/m);
    expect(metrics).toMatch(/^marina_agent_fabric_sync_failures_total(\{[^}]*\})? 0$/m);
  }
});

test('two virtual networks are isolated', async () => {
  const probes = await Promise.all([...green.map((g) => ping(nsOf(blue[0]), ipOf(g))), ping(nsOf(green[1]), ipOf(blue[2]))]);
  expect(probes.map((p) => p.code)).toEqual([1, 1, 1, 1]);
  expect(await curl(nsOf(green[1]), `http://${ipOf(blue[2])}:8080/`)).toBe(0);
  expect((await ping(nsOf(blue[0]), ipOf(blue[2]))).code).toBe(0);
});

test('traffic leaving a virtual network is masqueraded; traffic inside it keeps its source', async () => {
  // The underlay has no route to the overlay: only masquerade lets a task reach the allocator.
  expect(await curl(nsOf(blue[0]), `https://${GW}:8080/ping`, '--cacert', clusterCa(DIR))).toBe(200);
  expect(await curl(nsOf(green[0]), `https://${GW}:8080/ping`, '--cacert', clusterCa(DIR))).toBe(200);
  // The blue server saw the blue client's own address (python http.server logs it to stderr).
  expect(sandboxFile(blue[1], 'stderr')).toContain(`${ipOf(blue[0])} - -`);
  const nat = (await runOk('ip', ['netns', 'exec', blue[0].host, 'iptables-save', '-t', 'nat'])).stdout;
  expect(nat).toMatch(/-A POSTROUTING -j MARINA-EGRESS/);
});

test('a task resolves web names through Marina DNS (getent inside the task), on a virtual network and on the host network', async () => {
  await api('POST', '/v2/apps', { id: '/ae-dns', cmd: 'while :; do getent hosts ae-blue.marathon.mesos; sleep 0.5; done', cpus: 0.1, mem: 32, networks: [{ mode: 'container', name: 'overlay' }] });
  const [t] = await runningTasks('ae-dns', 1);
  const ips = blue.map(ipOf);
  await waitUntil('getent answer in the task stdout', async () => ips.some((ip) => sandboxFile(t, 'stdout').includes(ip)), 15_000, 200);
  const resolv = readFileSync(`/etc/netns/${nsOf(t)}/resolv.conf`, 'utf8');
  expect(resolv).toContain(`nameserver ${GW}`);
  await api('DELETE', '/v2/apps/ae-dns?force=true');
  // host networking too: the task's own mount namespace binds the same resolv.conf over /etc/resolv.conf
  await api('POST', '/v2/apps', { id: '/ae-dns-host', cmd: 'while :; do getent hosts ae-blue.marathon.mesos; sleep 0.5; done', cpus: 0.1, mem: 32 });
  const [th] = await runningTasks('ae-dns-host', 1);
  await waitUntil('getent answer in the host-mode task stdout', async () => ips.some((ip) => sandboxFile(th, 'stdout').includes(ip)), 15_000, 200);
  await api('DELETE', '/v2/apps/ae-dns-host?force=true');
});

test('an unhealthy task is killed and replaced by the allocator; results and history are in Redis', async () => {
  const hc = { protocol: 'MESOS_HTTP', path: '/', portIndex: 0, gracePeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2 };
  const br = { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0 }] };
  await api('POST', '/v2/apps', { id: '/ae-sick', cmd: 'exec sleep 600', cpus: 0.1, mem: 32, networks: [{ mode: 'container/bridge' }], container: br, healthChecks: [hc] });
  await api('POST', '/v2/apps', { id: '/ae-well', cmd: HTTP, cpus: 0.1, mem: 32, networks: [{ mode: 'container/bridge' }], container: br, healthChecks: [hc] });
  const [first] = await runningTasks('ae-sick', 1);
  await waitUntil('a replacement task', async () => {
    const ts = await tasks('ae-sick');
    return !ts.some((t) => t.id === first.id) && ts.some((t) => t.id !== first.id);
  }, 30_000, 200);
  expect(await listNetns()).not.toContain(nsOf(first));
  await api('DELETE', '/v2/apps/ae-sick?force=true');
  let well: T | undefined;
  await waitUntil('ae-well ready', async () => {
    well = (await tasks('ae-well')).find((t) => t.state === 'TASK_RUNNING' && t.ready);
    return !!well;
  }, 20_000, 200);
  const redis = (...args: string[]) => runOk('ip', ['netns', 'exec', `${P}u`, 'redis-cli', '-h', GW, '--raw', ...args], { env: { ...process.env, REDISCLI_AUTH: redisPassword() } });
  expect(JSON.parse((await redis('GET', `marina:health:${well!.id}`)).stdout)[0]).toMatchObject({ alive: true, instanceId: well!.id });
  expect(Number((await redis('LLEN', `marina:health:${well!.id}:history`)).stdout)).toBeGreaterThan(0);
});

test('the control plane trusts only its own: etcd wants a client certificate of the cluster CA, Redis its password', async () => {
  const pki = join(DIR, 'pki');
  expect((statSync(pki).mode & 0o777).toString(8)).toBe('700');
  for (const f of readdirSync(pki)) expect([f, (statSync(join(pki, f)).mode & 0o777).toString(8)]).toEqual([f, '600']);
  const etcdctl = (...args: string[]) => run('ip', ['netns', 'exec', `${P}u`, 'etcdctl', '--endpoints', `https://${GW}:2379`, '--dial-timeout', '2s', '--command-timeout', '3s', ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
  // the allocator's own identity reads its prefix, and nothing else
  const asMarina = ['--cacert', join(pki, 'ca.crt'), '--cert', join(pki, 'marina.crt'), '--key', join(pki, 'marina.key')];
  expect((await etcdctl(...asMarina, 'get', '--prefix', '--keys-only', '/marina/apps/')).stdout).toContain('/marina/apps/');
  expect((await etcdctl(...asMarina, 'put', '/elsewhere', 'x')).stderr).toContain('permission denied');
  // no client certificate: the TLS handshake fails
  expect((await etcdctl('--cacert', join(pki, 'ca.crt'), 'get', '/marina/apps/')).code).not.toBe(0);
  // Redis: only with the password, and only on the underlay address
  const noAuth = await run('ip', ['netns', 'exec', `${P}u`, 'redis-cli', '-h', GW, 'PING']);
  expect(noAuth.stdout + noAuth.stderr).toContain('NOAUTH');
  const config = await runOk('ip', ['netns', 'exec', `${P}u`, 'redis-cli', '-h', GW, '--raw', 'CONFIG', 'GET', '*'], { env: { ...process.env, REDISCLI_AUTH: redisPassword() } });
  const lines = config.stdout.trim().split('\n');
  const get = (k: string) => lines[lines.indexOf(k) + 1];
  expect([get('bind'), get('protected-mode')]).toEqual([GW, 'yes']);
});

test('an agent restart disturbs no task: same pids, traffic flows throughout', async () => {
  const h = blue[0].host;
  // the deleted /ae-sick app's last task may still be stopping on this host: its record goes with it
  await waitUntil('no ae-sick task record', async () => !Object.keys(recordPids(h)).some((id) => id.startsWith('ae-sick.')), 15_000, 200);
  const pids = recordPids(h);
  expect(Object.keys(pids).length).toBeGreaterThanOrEqual(2);
  const before = (await tasks('ae-blue')).map((t) => `${t.id}:${t.state}`).sort();
  await runOk(script, ['agent-stop', h.slice(P.length)], { env });
  expect(await curl(nsOf(blue[1]), `http://${ipOf(blue[0])}:8080/`)).toBe(200);
  await runOk(script, ['agent-start', h.slice(P.length)], { env, timeoutMs: 30_000 });
  expect(recordPids(h)).toMatchObject(pids);
  for (const pid of Object.values(pids)) expect(() => process.kill(pid, 0)).not.toThrow();
  expect(await curl(nsOf(blue[1]), `http://${ipOf(blue[0])}:8080/`)).toBe(200);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await tasks('ae-blue')).map((t) => `${t.id}:${t.state}`).sort()).toEqual(before);
});

test('a host leaving: its fabric entries go from the other hosts and its tasks are replaced', async () => {
  const gone = `${P}3`;
  const dev = vxlanDeviceName('overlay');
  const fdb = async () => (await runOk('ip', ['netns', 'exec', `${P}1`, 'bridge', 'fdb', 'show', 'dev', dev])).stdout;
  expect(await fdb()).toContain(`dst ${hostIp(gone)}`);
  const oldGreen = green.find((t) => t.host === gone)!;
  await runOk(script, ['host-down', '3'], { env });
  await waitUntil('fdb entry of host 3 gone on host 1', async () => !(await fdb()).includes(`dst ${hostIp(gone)}`), 30_000, 250);
  await waitUntil('host-gw route via host 3 gone', async () => !(await runOk('ip', ['-n', `${P}1`, 'route', 'show', 'proto', '77'])).stdout.includes(`via ${hostIp(gone)}`), 10_000, 250);
  expect(await fdb()).toContain(`dst ${hostIp(`${P}2`)}`);
  await waitUntil('green replaced on the remaining hosts', async () => {
    const ts = await tasks('ae-green');
    return !ts.some((t) => t.id === oldGreen.id) && ts.filter((t) => t.state === 'TASK_RUNNING' && t.host !== gone).length === 3;
  }, 30_000, 250);
  const fresh = (await tasks('ae-green')).find((t) => !green.some((g) => g.id === t.id))!;
  await waitUntil('the replacement is reachable', async () => (await curl(nsOf(green[0].host === gone ? green[1] : green[0]), `http://${ipOf(fresh)}:8080/`)) === 200, 10_000);
});
