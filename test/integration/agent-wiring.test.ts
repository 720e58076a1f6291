/**
 * Agent wiring across three simulated hosts (netns on an underlay bridge,
 * 198.18.1.0/24): host, bridge, none, VXLAN and host-gw virtual networks,
 * isolation, overlay MTU, health-check replacement, restart re-adoption and
 * fabric following hosts. Real CNI plugins, ip, iptables and processes.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listNetns } from '../helpers/netns';
import { run, runOk } from '../helpers/exec';
import { waitUntil } from '../helpers/_children';
import { processesUnder } from '../helpers/procs';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { curl, waitRunning } from '../helpers/agent/probes';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';
import { netnsPrefix, taskNetnsName, vxlanDeviceName } from '../../services/agent/names';

jest.setTimeout(60_000);

const HTTP = (port: string) => `exec python3 -m http.server --bind 0.0.0.0 ${port}`;

let under: SimUnderlay;
let alloc: FakeAllocator;
let agents: AgentHandle[] = [];

const PING = join(__dirname, '..', 'helpers', 'agent', 'icmp-ping.py');

/** ICMP echo from inside ns: 0 reply, 1 none, 2 refused as too big (DF). */
async function ping(ns: string, addr: string, bytes = 84, df = false): Promise<{ code: number; out: string }> {
  const res = await run('ip', ['netns', 'exec', ns, 'python3', PING, addr, String(bytes), ...(df ? ['--df'] : [])]);
  return { code: res.code, out: res.stdout + res.stderr };
}

const running = (taskId: string) => waitRunning(alloc, taskId);

beforeAll(async () => {
  under = await createHosts('marina-at', '198.18.1', 3);
  alloc = new FakeAllocator();
  alloc.putNetwork({ name: 'blue', cidr: '198.19.0.0/20', blockSize: 26, driver: 'vxlan', vni: 4242, labels: {} });
  alloc.putNetwork({ name: 'green', cidr: '198.19.16.0/20', blockSize: 26, driver: 'host-gw', labels: {} });
  for (const h of under.hosts) agents.push(await startInProcessAgent(alloc, h));
});

afterAll(async () => {
  for (const a of agents) await a.stop(true).catch(() => undefined);
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-at') || agents.some((a) => n.startsWith(netnsPrefix(a.host.name))));
  expect(left).toEqual([]);
});

test('host mode: the task listens on $PORT0 of its host', async () => {
  alloc.putApp(app('/web-host', HTTP('$PORT0')));
  alloc.putTask(task('web-host.1', '/web-host', 'marina-at1', { env: { PORT0: '31001', PORT: '31001' }, ports: [{ hostPort: 31001, containerPort: 31001, protocol: 'tcp', labels: {} }] }));
  await running('web-host.1');
  await waitUntil('host-mode http', async () => (await curl('marina-at2', 'http://198.18.1.11:31001/')) === 200, 10_000);
});

test('bridge mode: hostIP:hostPort reaches the task from another host and from its own host', async () => {
  alloc.putApp(app('/web-br', HTTP('8080'), { networks: [{ mode: 'container/bridge' }] }));
  alloc.putTask(task('web-br.1', '/web-br', 'marina-at1', { networkMode: 'bridge', ports: [{ hostPort: 31080, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
  await running('web-br.1');
  await waitUntil('bridge from other host', async () => (await curl('marina-at2', 'http://198.18.1.11:31080/')) === 200, 10_000);
  expect(await curl('marina-at1', 'http://198.18.1.11:31080/')).toBe(200);
  const ns = taskNetnsName('marina-at1', 'web-br.1');
  const addr = await runOk('ip', ['-n', ns, '-j', 'addr', 'show', 'eth0']);
  expect(addr.stdout).toMatch(/198\.18\.16\.\d+/);
});

test('none mode: loopback only', async () => {
  alloc.putApp(app('/quiet', 'sleep 600', { networks: [{ mode: 'container', name: 'none' }] }));
  alloc.putTask(task('quiet.1', '/quiet', 'marina-at2', { networkMode: 'none' }));
  await running('quiet.1');
  const links = await runOk('ip', ['-n', taskNetnsName('marina-at2', 'quiet.1'), '-o', 'link', 'show']);
  expect(links.stdout.trim().split('\n').map((l) => l.split(':')[1].trim())).toEqual(['lo']);
});

/** blue gets the allocator's style (pool prefix + anycast gateway, proxy ARP); green the per-block style. */
function vnTask(id: string, appId: string, agent: string, net: string, ip: string) {
  const pool = net === 'blue' ? { prefixLength: 20, gateway: '198.19.0.1' } : {};
  return task(id, appId, agent, { networkMode: 'container', networkName: net, ipAddresses: [{ ipAddress: ip, protocol: 'IPv4', networkName: net, ...pool }] });
}

test('vxlan: a task on host 1 reaches a task on host 2 by IP; 1400-byte DF ping passes, larger is refused', async () => {
  alloc.putApp(app('/blue', 'sleep 600', { networks: [{ mode: 'container', name: 'blue' }] }));
  alloc.putTask(vnTask('blue.1', '/blue', 'marina-at1', 'blue', '198.19.0.66'));
  alloc.putTask(vnTask('blue.2', '/blue', 'marina-at2', 'blue', '198.19.0.130'));
  await running('blue.1');
  await running('blue.2');
  const a = taskNetnsName('marina-at1', 'blue.1');
  await waitUntil('vxlan ping', async () => (await ping(a, '198.19.0.130')).code === 0, 10_000);
  expect((await ping(a, '198.19.0.130', 1400, true)).code).toBe(0);
  const big = await ping(a, '198.19.0.130', 1451, true);
  expect(big.code).toBe(2);
  expect(big.out).toMatch(/message too long/);
  const mtu = await runOk('ip', ['-n', 'marina-at1', '-j', 'link', 'show', 'dev', vxlanDeviceName('blue')]);
  expect(JSON.parse(mtu.stdout)[0].mtu).toBe(1450);
});

test('vxlan: the pool\'s first block, which holds the anycast gateway, is reached from hosts whose bridge already has that gateway', async () => {
  // Regression: the route to a remote block went via the block's first address; for the first
  // block that is 198.19.0.1, local on every bridge of the network, and the kernel refused the
  // route ("Nexthop has invalid gateway") whenever the bridge existed before it was written.
  alloc.putTask(vnTask('blue.0', '/blue', 'marina-at3', 'blue', '198.19.0.2'));
  await running('blue.0');
  await waitUntil('vxlan ping into the first block', async () => (await ping(taskNetnsName('marina-at1', 'blue.1'), '198.19.0.2')).code === 0, 5_000);
  expect((await ping(taskNetnsName('marina-at3', 'blue.0'), '198.19.0.130')).code).toBe(0);
  const routes = (await runOk('ip', ['-n', 'marina-at1', 'route', 'show', 'proto', '77'])).stdout;
  expect(routes).toContain(`198.19.0.0/26 via 198.18.1.13 dev ${vxlanDeviceName('blue')}`);
  alloc.deleteTask('blue.0');
});

test('host-gw: a task on host 1 reaches a task on host 3 by IP over plain routes', async () => {
  alloc.putApp(app('/green', 'sleep 600', { networks: [{ mode: 'container', name: 'green' }] }));
  alloc.putTask(vnTask('green.1', '/green', 'marina-at1', 'green', '198.19.16.66'));
  alloc.putTask(vnTask('green.3', '/green', 'marina-at3', 'green', '198.19.16.194'));
  await running('green.1');
  await running('green.3');
  const routes = async () => (await runOk('ip', ['-n', 'marina-at1', 'route', 'show', 'proto', '77'])).stdout;
  await waitUntil('host-gw route on host 1', async () => (await routes()).includes('198.19.16.192/26 via 198.18.1.13'), 5_000);
  const a = taskNetnsName('marina-at1', 'green.1');
  await waitUntil('host-gw ping', async () => (await ping(a, '198.19.16.194')).code === 0, 10_000);
});

test('two virtual networks are isolated', async () => {
  const blue = taskNetnsName('marina-at1', 'blue.1');
  expect((await ping(blue, '198.19.0.130')).code).toBe(0);
  expect((await ping(blue, '198.19.16.194')).code).toBe(1);
  expect((await ping(blue, '198.19.16.66')).code).toBe(1);
  // and the reverse direction
  expect((await ping(taskNetnsName('marina-at3', 'green.3'), '198.19.0.66')).code).toBe(1);
});

test('an unhealthy task is killed and reported failed; a healthy one becomes ready', async () => {
  const hc = { protocol: 'MESOS_HTTP' as const, path: '/', portIndex: 0, gracePeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, delaySeconds: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4' as const };
  alloc.putApp(app('/sick', 'sleep 600', { networks: [{ mode: 'container/bridge' }], healthChecks: [hc] }));
  alloc.putApp(app('/well', HTTP('8080'), { networks: [{ mode: 'container/bridge' }], healthChecks: [hc] }));
  const port = (hostPort: number) => [{ hostPort, containerPort: 8080, protocol: 'tcp' as const, labels: {} }];
  alloc.putTask(task('sick.1', '/sick', 'marina-at2', { networkMode: 'bridge', ports: port(31090) }));
  alloc.putTask(task('well.1', '/well', 'marina-at2', { networkMode: 'bridge', ports: port(31091) }));
  await waitUntil('well.1 ready', async () => alloc.reports.some((r) => r.taskId === 'well.1' && r.state === 'TASK_RUNNING' && r.ready), 15_000);
  await waitUntil('sick.1 killed', async () => alloc.lastState('sick.1') === 'TASK_FAILED', 15_000);
  const last = alloc.reports.filter((r) => r.taskId === 'sick.1').pop();
  expect(last?.message).toMatch(/health check 0 \(MESOS_HTTP\) failed 2 times/);
  expect(last?.healthCheckResults?.[0].consecutiveFailures).toBe(2);
  expect(await listNetns()).not.toContain(taskNetnsName('marina-at2', 'sick.1'));
  expect(alloc.reports.some((r) => r.taskId === 'sick.1' && r.ready)).toBe(false);
});

test('an agent restart re-adopts running tasks without rewiring or killing them', async () => {
  const ns = taskNetnsName('marina-at1', 'web-br.1');
  const before = (await runOk('ip', ['-n', ns, '-j', 'link', 'show', 'eth0'])).stdout;
  const reportsBefore = alloc.reports.length;
  const at1 = agents[0];
  const pids = [...at1.agent.lives.values()].map((l) => l.live.record?.pid);
  await at1.restart();
  expect([...at1.agent.lives.values()].map((l) => l.live.record?.pid).sort()).toEqual(pids.sort());
  expect((await runOk('ip', ['-n', ns, '-j', 'link', 'show', 'eth0'])).stdout).toBe(before);
  expect(await curl('marina-at2', 'http://198.18.1.11:31080/')).toBe(200);
  await new Promise((r) => setTimeout(r, 500));
  expect(alloc.reports.slice(reportsBefore).filter((r) => r.agentId === 'marina-at1')).toEqual([]);
  expect((await ping(taskNetnsName('marina-at1', 'blue.1'), '198.19.0.130')).code).toBe(0);
});

test('an adopted task that exits, or one that ended while the agent was down, is reported with its exit status', async () => {
  const at1 = agents[0];
  // Each exits with its own status once a file appears in its sandbox ($MESOS_SANDBOX).
  const cmd = (rc: number) => `while [ ! -e "$MESOS_SANDBOX/go" ]; do sleep 0.1; done; exit ${rc}`;
  for (const [id, rc] of [['exits.3', 3], ['exits.4', 4]] as const) {
    alloc.putApp(app(`/${id.replace('.', '-')}`, cmd(rc), { networks: [{ mode: 'container', name: 'none' }] }));
    alloc.putTask(task(id, `/${id.replace('.', '-')}`, 'marina-at1', { networkMode: 'none' }));
    await running(id);
  }
  const sandbox = (id: string) => join(at1.dataDir, 'sandboxes', taskNetnsName('marina-at1', id));
  const message = (id: string) => [...alloc.reports].reverse().find((r) => r.taskId === id)?.message;

  // adopted after a restart, then exits: the watcher reads the recorded status
  await at1.restart();
  writeFileSync(join(sandbox('exits.3'), 'go'), '');
  await waitUntil('exits.3 reported', async () => alloc.lastState('exits.3') === 'TASK_FAILED', 5_000, 50);
  expect(message('exits.3')).toBe('exited with status 3');

  // ended while no agent ran: the restarted agent reports it as it ended, not lost
  const pid = at1.agent.lives.get('exits.4')!.live.record!.pid!;
  await at1.agent.stop();
  writeFileSync(join(sandbox('exits.4'), 'go'), '');
  await waitUntil('exits.4 process gone', async () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 5_000, 50);
  await at1.restart();
  await waitUntil('exits.4 reported', async () => alloc.lastState('exits.4') === 'TASK_FAILED', 5_000, 50);
  expect(message('exits.4')).toBe('exited with status 4');
  expect(await listNetns()).not.toContain(taskNetnsName('marina-at1', 'exits.4'));
});

test('a restarted agent removes netns that belong to no task', async () => {
  const stray = `${netnsPrefix('marina-at3')}deadbeef00`;
  await runOk('ip', ['netns', 'add', stray]);
  await agents[2].restart();
  expect(await listNetns()).not.toContain(stray);
  expect(await listNetns()).toContain(taskNetnsName('marina-at3', 'green.3'));
});

test('a stopped task gets SIGTERM, is unwired and reported killed', async () => {
  alloc.putTask({ ...alloc.task('quiet.1')!, desired: 'stop' });
  await waitUntil('quiet.1 killed', async () => alloc.lastState('quiet.1') === 'TASK_KILLED', 10_000);
  expect(await listNetns()).not.toContain(taskNetnsName('marina-at2', 'quiet.1'));
});

test('a host leaving removes its fabric entries on the other hosts', async () => {
  const fdb = async () => (await runOk('ip', ['netns', 'exec', 'marina-at1', 'bridge', 'fdb', 'show', 'dev', vxlanDeviceName('blue')])).stdout;
  expect(await fdb()).toContain('dst 198.18.1.12');
  await agents[1].stop(true);
  alloc.deleteTask('blue.2');
  alloc.deleteAgent('marina-at2');
  await waitUntil('fdb entry of host 2 gone', async () => !(await fdb()).includes('dst 198.18.1.12'), 5_000);
  const routes = (await runOk('ip', ['-n', 'marina-at1', 'route', 'show', 'proto', '77'])).stdout;
  expect(routes).not.toContain('198.19.0.128/26');
  expect(await fdb()).toContain('dst 198.18.1.13');
});

test('an agent stopped while tasks launch leaves no task process, netns or record once stop() resolves', async () => {
  const h = agents[2];
  alloc.putApp(app('/burst', 'exec sleep 600', { networks: [{ mode: 'container/bridge' }] }));
  const ids = Array.from({ length: 12 }, (_, i) => `burst.${i}`);
  for (const id of ids) alloc.putTask(task(id, '/burst', 'marina-at3', { networkMode: 'bridge' }));
  await waitUntil('launches under way', async () => ids.every((id) => h.agent.lives.has(id)), 5_000, 5);
  const dataDir = h.dataDir;
  await h.agent.stop({ killTasks: true }); // 8 launching, 4 queued (launchConcurrency 8)
  const left = (await listNetns()).filter((n) => n.startsWith(netnsPrefix('marina-at3')));
  expect(left).toEqual([]);
  expect(processesUnder(dataDir)).toEqual([]);
  expect(readdirSync(join(dataDir, 'tasks')).filter((f) => f.endsWith('.json'))).toEqual([]);
  for (const id of ids) alloc.deleteTask(id);
});

test('a stop that kills tasks, after a stop that left them running (restart), still kills them', async () => {
  const h = agents[0];
  const ours = async () => (await listNetns()).filter((n) => n.startsWith(netnsPrefix('marina-at1')));
  expect((await ours()).length).toBeGreaterThan(0);
  await h.agent.stop(); // tasks left running, as for a restart
  expect((await ours()).length).toBeGreaterThan(0);
  await h.agent.stop({ killTasks: true });
  expect(await ours()).toEqual([]);
  expect(processesUnder(h.dataDir)).toEqual([]);
});
