/**
 * `marina agent --host-ports portmap`: hostPorts mapped by the CNI portmap
 * plugin chained after bridge (and ptp), as other CNI runtimes do, instead
 * of the agent's nft table. Two simulated hosts (marina-ap1/2 on
 * 198.18.13.0/24), in-process agent on host 1, real plugins and iptables.
 * The mapping answers from the other host and from the host itself, shows in
 * iptables-save as portmap's chains, and goes with the task.
 */
import { listNetns } from '../helpers/netns';
import { run, runOk } from '../helpers/exec';
import { waitUntil } from '../helpers/_children';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { curl, waitRunning } from '../helpers/agent/probes';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';
import { netnsPrefix, taskNetnsName } from '../../services/agent/names';

jest.setTimeout(60_000);

let under: SimUnderlay;
let alloc: FakeAllocator;
let agent: AgentHandle | undefined;

const HOST1 = 'marina-ap1';
const HOST1_IP = '198.18.13.11';
const natRules = async () => (await runOk('ip', ['netns', 'exec', HOST1, 'iptables-save', '-t', 'nat'])).stdout;
const nftMapped = async () => (await run('ip', ['netns', 'exec', HOST1, 'nft', 'list', 'table', 'ip', 'marina-agent'])).stdout;

beforeAll(async () => {
  under = await createHosts('marina-ap', '198.18.13', 2);
  alloc = new FakeAllocator();
  alloc.putNetwork({ name: 'red', cidr: '198.19.32.0/24', blockSize: 26, driver: 'ptp', labels: {} });
  agent = await startInProcessAgent(alloc, under.hosts[0], { hostPorts: 'portmap' });
});

afterAll(async () => {
  await agent?.stop(true).catch(() => undefined);
  await under?.destroy();
  expect((await listNetns()).filter((n) => n.startsWith('marina-ap') || n.startsWith(netnsPrefix(HOST1)))).toEqual([]);
});

test.each([
  ['bridge', { networks: [{ mode: 'container/bridge' }] }, { networkMode: 'bridge' }, 31081],
  ['ptp', { networks: [{ mode: 'container', name: 'red' }] }, { networkMode: 'container', networkName: 'red', ipAddresses: [{ ipAddress: '198.19.32.5', protocol: 'IPv4', networkName: 'red' }] }, 31082],
] as const)('%s: hostPort through the portmap plugin, from another host and the host itself; gone with the task', async (mode, appNet, taskNet, hostPort) => {
  const id = `pm-${mode}`;
  alloc.putApp(app(`/${id}`, 'exec python3 -m http.server --bind 0.0.0.0 8080', appNet as never));
  alloc.putTask(task(`${id}.1`, `/${id}`, HOST1, { ...taskNet, ports: [{ hostPort, containerPort: 8080, protocol: 'tcp', labels: {} }] } as never));
  await waitRunning(alloc, `${id}.1`);
  await waitUntil(`${mode} hostPort from host 2`, async () => (await curl('marina-ap2', `http://${HOST1_IP}:${hostPort}/`)) === 200, 10_000);
  expect(await curl(HOST1, `http://${HOST1_IP}:${hostPort}/`)).toBe(200);
  const rules = await natRules();
  expect(rules).toMatch(new RegExp(`-A CNI-DN-\\S+ .*--dport ${hostPort} .*-j DNAT`));
  expect(rules).toContain('-A CNI-HOSTPORT-DNAT');
  expect(await nftMapped()).not.toContain(`${hostPort}`);
  alloc.putTask({ ...alloc.task(`${id}.1`)!, desired: 'stop' });
  await waitUntil(`${id}.1 killed`, async () => alloc.lastState(`${id}.1`) === 'TASK_KILLED', 10_000);
  expect(await listNetns()).not.toContain(taskNetnsName(HOST1, `${id}.1`));
  expect(await natRules()).not.toMatch(new RegExp(`--dport ${hostPort}\\b`));
});
