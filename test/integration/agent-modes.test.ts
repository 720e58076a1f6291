/**
 * ptp and macvlan modes, and the host NAT table's periodic re-check, on two
 * simulated hosts (netns marina-am1/2 on 198.18.12.0/24), in-process agents
 * (fake allocator feed), real CNI plugins, nft and task processes:
 * a ptp task is reachable from its host and, through its /32 host route,
 * from another host, and by hostPort; a macvlan task sits on the underlay
 * and another host reaches it directly; a deleted `ip marina-agent` table or
 * hostPort element comes back within the re-check interval (1 s here).
 */
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { netnsPrefix, taskNetnsName } from '../../services/agent/names';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { curl, waitRunning } from '../helpers/agent/probes';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';

jest.setTimeout(60_000);

const HTTP = 'exec python3 -m http.server --bind 0.0.0.0 8080';
const [H1, H2] = ['marina-am1', 'marina-am2'];
const IP1 = '198.18.12.11';
let under: SimUnderlay;
let alloc: FakeAllocator;
const agents: AgentHandle[] = [];

beforeAll(async () => {
  under = await createHosts('marina-am', '198.18.12', 2);
  alloc = new FakeAllocator();
  alloc.putNetwork({ name: 'pp', cidr: '198.19.96.0/24', blockSize: 26, driver: 'ptp', labels: {} });
  alloc.putNetwork({ name: 'mv', cidr: '198.18.12.0/24', blockSize: 24, driver: 'macvlan', parent: 'eth0', labels: {} });
  for (const h of under.hosts) agents.push(await startInProcessAgent(alloc, h));
});

afterAll(async () => {
  for (const a of agents) await a.stop(true).catch(() => undefined);
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-am') || agents.some((a) => n.startsWith(netnsPrefix(a.host.name))));
  expect(left).toEqual([]);
});

const running = (taskId: string) => waitRunning(alloc, taskId);

test('ptp: reachable from its host, from another host via its /32 route, and by hostPort', async () => {
  alloc.putApp(app('/pp', HTTP, { networks: [{ mode: 'container', name: 'pp' }] }));
  alloc.putTask(task('pp.1', '/pp', H1, {
    networkMode: 'container', networkName: 'pp',
    ipAddresses: [{ ipAddress: '198.19.96.10', protocol: 'IPv4', networkName: 'pp' }],
    ports: [{ hostPort: 31090, containerPort: 8080, protocol: 'tcp', labels: {} }],
  }));
  await running('pp.1');
  // host 1: a /32 route to the task over its veth (no bridge)
  const routes = (await runOk('ip', ['-n', H1, 'route', 'show', '198.19.96.10'])).stdout;
  expect(routes).toMatch(/^198\.19\.96\.10 dev veth\S+/m);
  await waitUntil('ptp from its host', async () => (await curl(H1, 'http://198.19.96.10:8080/')) === 200, 10_000);
  // hostPort from the other host, from the host itself, from localhost, and from the task itself (hairpin)
  const ns = taskNetnsName(H1, 'pp.1');
  expect(await curl(H2, `http://${IP1}:31090/`)).toBe(200);
  expect(await curl(H1, `http://${IP1}:31090/`)).toBe(200);
  expect(await curl(H1, 'http://127.0.0.1:31090/')).toBe(200);
  expect(await curl(ns, `http://${IP1}:31090/`)).toBe(200);
  // the task reaches host 2, which has no route to task addresses: masqueraded out. Nothing
  // listens on that port, so a refused connection (curl 7, not a timeout) proves the way back
  const seen = await run('ip', ['netns', 'exec', ns, 'curl', '-s', '--max-time', '2', `http://198.18.12.12:31999/`]);
  expect(seen.code).toBe(7);
  // host 2 routes the task's address via host 1 (what an underlay router would do)
  await runOk('ip', ['-n', H2, 'route', 'add', '198.19.96.10/32', 'via', IP1]);
  expect(await curl(H2, 'http://198.19.96.10:8080/')).toBe(200);
  alloc.deleteTask('pp.1');
  await waitUntil('ptp task gone', async () => !(await listNetns()).includes(ns), 10_000);
  expect((await runOk('ip', ['-n', H1, 'route', 'show', '198.19.96.10'])).stdout.trim()).toBe('');
});

test('macvlan: the task has an underlay address another host reaches directly', async () => {
  alloc.putApp(app('/mv', HTTP, { networks: [{ mode: 'container', name: 'mv' }] }));
  alloc.putTask(task('mv.1', '/mv', H1, {
    networkMode: 'container', networkName: 'mv',
    ipAddresses: [{ ipAddress: '198.18.12.50', protocol: 'IPv4', networkName: 'mv', prefixLength: 24 }],
  }));
  await running('mv.1');
  const link = JSON.parse((await runOk('ip', ['-n', taskNetnsName(H1, 'mv.1'), '-d', '-j', 'link', 'show', 'eth0'])).stdout)[0];
  expect(link.linkinfo.info_kind).toBe('macvlan');
  expect(link.linkinfo.info_data.mode).toBe('bridge');
  await waitUntil('macvlan from host 2', async () => (await curl(H2, 'http://198.18.12.50:8080/')) === 200, 10_000);
  // its MAC is its own on the underlay, not host 1's
  const neigh = (await runOk('ip', ['-n', H2, 'neigh', 'show', '198.18.12.50'])).stdout;
  const host1Mac = JSON.parse((await runOk('ip', ['-n', H1, '-j', 'link', 'show', 'eth0'])).stdout)[0].address;
  expect(neigh).toContain(link.address);
  expect(link.address).not.toBe(host1Mac);
});

test('host NAT table: a deleted table or hostPort element comes back within the re-check', async () => {
  alloc.putApp(app('/br', HTTP, { networks: [{ mode: 'container/bridge' }] }));
  alloc.putTask(task('br.1', '/br', H1, { networkMode: 'bridge', ports: [{ hostPort: 31081, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
  await running('br.1');
  const url = `http://${IP1}:31081/`;
  await waitUntil('hostPort from host 2', async () => (await curl(H2, url)) === 200, 10_000);
  await runOk('ip', ['netns', 'exec', H1, 'nft', 'delete', 'table', 'ip', 'marina-agent']);
  expect(await curl(H2, url)).toBe(0);
  await waitUntil('table restored', async () => (await curl(H2, url)) === 200, 5_000, 100);
  const map = (await runOk('ip', ['netns', 'exec', H1, 'nft', 'list', 'map', 'ip', 'marina-agent', 'hostports-tcp'])).stdout;
  expect(map).toMatch(/31081 : 198\.18\.\d+\.\d+ \. 8080/);
  // one element
  await runOk('ip', ['netns', 'exec', H1, 'nft', 'delete', 'element', 'ip', 'marina-agent', 'hostports-tcp', '{ 31081 }']);
  expect(await curl(H2, url)).toBe(0);
  await waitUntil('element restored', async () => (await curl(H2, url)) === 200, 5_000, 100);
  // the ptp task is gone: its port left the table (the re-check refills only running tasks')
  expect((await runOk('ip', ['netns', 'exec', H1, 'nft', 'list', 'map', 'ip', 'marina-agent', 'hostports-tcp'])).stdout).not.toMatch(/31090/);
  // no portmap/ptp iptables chains on the host
  expect((await runOk('ip', ['netns', 'exec', H1, 'iptables-save', '-t', 'nat'])).stdout).not.toMatch(/CNI-/);
});
