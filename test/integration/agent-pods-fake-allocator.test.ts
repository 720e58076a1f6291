/**
 * Pods and container-mapped tasks on one simulated host (netns marina-apd1
 * on 198.18.7.0/24), in-process agent fed by the fake allocator
 * (test/helpers/agent/fake-allocator.ts), real CNI plugins and processes:
 * several containers share one netns and get ENDPOINT_<NAME>; a task joins
 * another task's netns (networkName container:<taskId>); a pod ends with
 * its first container and the others are stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { POD_LABEL } from '../../services/agent/pods/pod';
import { taskNetnsName } from '../../services/agent/names';
import { isAlive } from '../../services/agent/runner/runner';
import { run } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';

jest.setTimeout(60_000);

const H = 'marina-apd1';
let under: SimUnderlay;
let alloc: FakeAllocator;
let agent: AgentHandle;

beforeAll(async () => {
  under = await createHosts('marina-apd', '198.18.7', 1);
  alloc = new FakeAllocator();
  agent = await startInProcessAgent(alloc, under.hosts[0], { dnsServer: '198.18.7.1' });
});

afterAll(async () => {
  await agent?.stop(true).catch(() => undefined);
  await under?.destroy();
  expect((await listNetns()).filter((n) => n.startsWith('marina-apd') || n.startsWith(taskNetnsName(H, '').slice(0, -1)))).toEqual([]);
});

async function state(taskId: string, want: string): Promise<void> {
  await waitUntil(`${taskId} ${want}`, async () => alloc.lastState(taskId) === want, 20_000);
}

const record = (taskId: string) => agent.agent.lives.get(taskId)?.live.record;
const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

test('a pod runs its containers in one netns, each told ENDPOINT_<NAME>', async () => {
  const containers = [
    { name: 'web', cmd: 'exec python3 -m http.server --bind 127.0.0.1 $ENDPOINT_HTTP' },
    { name: 'probe', cmd: 'while :; do curl -s -o /dev/null -w "%{http_code}\\n" --max-time 1 http://127.0.0.1:$ENDPOINT_HTTP/; sleep 0.3; done' },
  ];
  alloc.putApp(app('/pod', '', { cmd: undefined, labels: { [POD_LABEL]: JSON.stringify(containers) }, networks: [{ mode: 'container/bridge' }] }));
  alloc.putTask(task('pod.1', '/pod', H, { networkMode: 'bridge', ports: [{ name: 'http', hostPort: 31500, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
  await state('pod.1', 'TASK_RUNNING');
  const rec = record('pod.1')!;
  expect(rec.containers?.map((c) => c.name)).toEqual(['web', 'probe']);
  for (const c of rec.containers!) {
    expect(environ(c.pid)).toEqual(expect.arrayContaining(['ENDPOINT_HTTP=8080', 'EP_HOST_HTTP=31500', `MESOS_CONTAINER_NAME=${c.name}`]));
    expect((await run('ip', ['netns', 'identify', String(c.pid)])).stdout.trim()).toBe(taskNetnsName(H, 'pod.1'));
  }
  // The sidecar reaches the web container over the pod's shared loopback.
  const probe = rec.containers!.find((c) => c.name === 'probe')!;
  await waitUntil('probe sees 200', async () => readFileSync(probe.stdoutPath, 'utf8').includes('200'), 10_000);
});

test('a task joins another task\'s netns (networkName container:<taskId>) and leaves it to its owner', async () => {
  alloc.putApp(app('/side', 'exec sleep 600'));
  alloc.putTask(task('side.1', '/side', H, { networkMode: 'container', networkName: 'container:pod.1' }));
  await state('side.1', 'TASK_RUNNING');
  const pid = record('side.1')!.pid!;
  expect((await run('ip', ['netns', 'identify', String(pid)])).stdout.trim()).toBe(taskNetnsName(H, 'pod.1'));
  alloc.putTask({ ...alloc.task('side.1')!, desired: 'stop' });
  await state('side.1', 'TASK_KILLED');
  expect(await listNetns()).toContain(taskNetnsName(H, 'pod.1'));
  expect(existsSync(`/etc/netns/${taskNetnsName(H, 'pod.1')}/resolv.conf`)).toBe(true);
  expect(existsSync(`/etc/netns/${taskNetnsName(H, 'side.1')}`)).toBe(false);
  expect(alloc.lastState('pod.1')).toBe('TASK_RUNNING');
});

test('a pod ends with its first container: the others are stopped, the netns removed, the task failed', async () => {
  const containers = [{ name: 'main', cmd: 'exec sleep 600' }, { name: 'short', cmd: 'sleep 0.5; exit 3' }];
  alloc.putApp(app('/short', '', { cmd: undefined, labels: { [POD_LABEL]: JSON.stringify(containers) }, networks: [{ mode: 'container', name: 'none' }] }));
  alloc.putTask(task('short.1', '/short', H, { networkMode: 'none' }));
  await state('short.1', 'TASK_RUNNING');
  const procs = record('short.1')!.containers!;
  await state('short.1', 'TASK_FAILED');
  expect(alloc.reports.filter((r) => r.taskId === 'short.1').pop()?.message).toBe('exited with status 3');
  for (const p of procs) expect(isAlive(p.pid, p.startTime)).toBe(false);
  expect(await listNetns()).not.toContain(taskNetnsName(H, 'short.1'));
});

test('a bad pod label fails the launch naming the field', async () => {
  alloc.putApp(app('/bad', '', { cmd: undefined, labels: { [POD_LABEL]: '[{"name":"x"}]' } }));
  alloc.putTask(task('bad.1', '/bad', H));
  await state('bad.1', 'TASK_FAILED');
  expect(alloc.reports.filter((r) => r.taskId === 'bad.1').pop()?.message).toMatch(/MARINA_POD_CONTAINERS\[0\]\.cmd/);
});

test('stopping a pod stops every container', async () => {
  const procs = record('pod.1')!.containers!;
  alloc.putTask({ ...alloc.task('pod.1')!, desired: 'stop' });
  await state('pod.1', 'TASK_KILLED');
  for (const p of procs) expect(isAlive(p.pid, p.startTime)).toBe(false);
  expect(await listNetns()).not.toContain(taskNetnsName(H, 'pod.1'));
});
