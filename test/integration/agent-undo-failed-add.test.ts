/**
 * A CNI ADD failing part-way releases what it acquired (STYLE pattern 3,
 * CNI's deferred IPAM release): nothing of the task is left in the kernel.
 * Two simulated hosts (marina-au1/2 on 198.18.45.0/24), in-process agents
 * fed by the fake allocator, real CNI plugins, nft and iptables:
 * - host 1 chains portmap after bridge (--host-ports portmap) from a CNI
 *   path without portmap: bridge's ADD has made the veth and the address
 *   when portmap fails; the chain is unwound and the netns removed;
 * - host 2 maps hostPorts in its nft table, which starts beside the chain,
 *   and has a non-bridge link named marina-br0, so the bridge plugin fails:
 *   the hostPort elements already written are removed.
 * Each task is reported TASK_FAILED naming the cause; a task placed after
 * the cause is gone runs on the same address and hostPort.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '../../lib/model/cluster';
import { HOST_BRIDGE, netnsPrefix, taskNetnsName } from '../../services/agent/names';
import { resolvConfDir } from '../../services/agent/tasks';
import { run, runOk } from '../helpers/exec';
import { waitUntil } from '../helpers/_children';
import { listNetns } from '../helpers/netns';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { curl, waitRunning } from '../helpers/agent/probes';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';

jest.setTimeout(60_000);

const [H1, H2] = ['marina-au1', 'marina-au2'];
let under: SimUnderlay;
let alloc: FakeAllocator;
const agents: AgentHandle[] = [];
let noPortmap: string;

/** What the host holds of a task, by name: veths on the host bridge, hostPort elements, CNI chains, netns, files. */
async function leftovers(host: string, h: AgentHandle, taskId: string, hostPort: number): Promise<string[]> {
  const out: string[] = [];
  const ports = (await run('ip', ['-n', host, '-j', 'link', 'show', 'master', HOST_BRIDGE])).stdout.trim();
  if (ports && ports !== '[]') out.push(`ports on ${HOST_BRIDGE}: ${ports}`);
  const nft = (await run('ip', ['netns', 'exec', host, 'nft', 'list', 'table', 'ip', 'marina-agent'])).stdout;
  if (new RegExp(`\\b${hostPort} :`).test(nft)) out.push(`hostPort ${hostPort} in nft`);
  const nat = (await runOk('ip', ['netns', 'exec', host, 'iptables-save', '-t', 'nat'])).stdout;
  if (new RegExp(`--dport ${hostPort}\\b`).test(nat)) out.push(`hostPort ${hostPort} in iptables`);
  const ns = taskNetnsName(host, taskId);
  if ((await listNetns()).includes(ns)) out.push(`netns ${ns}`);
  if (existsSync(resolvConfDir(ns))) out.push(resolvConfDir(ns));
  const records = readdirSync(join(h.dataDir, 'tasks')).filter((f) => f.endsWith('.json'));
  if (records.length) out.push(`records ${records.join(',')}`);
  return out;
}

const failedWith = (taskId: string) => alloc.reports.filter((r) => r.taskId === taskId && r.state === 'TASK_FAILED').map((r) => r.message ?? '');

beforeAll(async () => {
  under = await createHosts('marina-au', '198.18.45', 2);
  // a CNI path with every plugin but portmap
  noPortmap = mkdtempSync(join(tmpdir(), 'marina-au-cni-'));
  for (const p of readdirSync('/usr/lib/cni')) if (p !== 'portmap') symlinkSync(join('/usr/lib/cni', p), join(noPortmap, p));
  // host 2: a link that is not a bridge where the host bridge goes
  await runOk('ip', ['-n', H2, 'link', 'add', HOST_BRIDGE, 'type', 'veth', 'peer', 'name', 'marina-aupeer']);
  alloc = new FakeAllocator();
  agents.push(await startInProcessAgent(alloc, under.hosts[0], { hostPorts: 'portmap', cniPath: [noPortmap], dnsServer: '198.18.45.1' }));
  agents.push(await startInProcessAgent(alloc, under.hosts[1], { dnsServer: '198.18.45.1' }));
});

afterAll(async () => {
  for (const a of agents) await a.stop(true).catch(() => undefined);
  await under?.destroy();
  rmSync(noPortmap, { recursive: true, force: true });
  expect((await listNetns()).filter((n) => n.startsWith('marina-au') || [H1, H2].some((h) => n.startsWith(netnsPrefix(h))))).toEqual([]);
});

const HTTP = 'exec python3 -m http.server --bind 0.0.0.0 8080';
const port = (hostPort: number): Task['ports'] => [{ hostPort, containerPort: 8080, protocol: 'tcp', labels: {} }];

test('portmap failing after bridge: the chain is unwound, the netns removed, the task reported failed', async () => {
  alloc.putApp(app('/undo-pm', HTTP, { networks: [{ mode: 'container/bridge' }] }));
  alloc.putTask(task('undo-pm.1', '/undo-pm', H1, { networkMode: 'bridge', ports: port(31090) }));
  await waitUntil('undo-pm.1 failed', async () => alloc.lastState('undo-pm.1') === 'TASK_FAILED', 20_000);
  expect(failedWith('undo-pm.1')).toEqual([expect.stringMatching(/failed to launch: .*portmap/)]);
  // the bridge plugin did run: the host bridge exists, with nothing of the task on it
  expect((await run('ip', ['-n', H1, 'link', 'show', HOST_BRIDGE])).code).toBe(0);
  expect(await leftovers(H1, agents[0], 'undo-pm.1', 31090)).toEqual([]);
});

test('the bridge plugin failing while hostPorts were being mapped: the nft elements are removed; then a task runs on the same address and port', async () => {
  alloc.putApp(app('/undo-br', HTTP, { networks: [{ mode: 'container/bridge' }] }));
  alloc.putTask(task('undo-br.1', '/undo-br', H2, { networkMode: 'bridge', ports: port(31091) }));
  await waitUntil('undo-br.1 failed', async () => alloc.lastState('undo-br.1') === 'TASK_FAILED', 20_000);
  expect(failedWith('undo-br.1')).toEqual([expect.stringMatching(/failed to launch: .*bridge/)]);
  const ip = alloc.task('undo-br.1')!.ipAddresses[0].ipAddress;
  expect(await leftovers(H2, agents[1], 'undo-br.1', 31091)).toEqual([]);

  await runOk('ip', ['-n', H2, 'link', 'del', HOST_BRIDGE]);
  alloc.putTask(task('undo-br.2', '/undo-br', H2, { networkMode: 'bridge', ports: port(31091) }));
  expect(alloc.task('undo-br.2')!.ipAddresses[0].ipAddress).toBe(ip); // freed with the failed task, as the allocator does
  await waitRunning(alloc, 'undo-br.2');
  await waitUntil('hostPort 31091 from host 1', async () => (await curl(H1, `http://198.18.45.12:31091/`)) === 200, 10_000);
});
