/**
 * A task stopped, deleted, or left by a stopping agent while its launch is
 * still pending (the scale-down with force of a scale-up in flight) never
 * leaves a process: the launch that finishes after the kill starts nothing
 * and undoes its wiring, and agent.stop() resolves only once such launches
 * are done. The kill lands deterministically inside the launch: the feed
 * delivers the task and its stop in the same tick, so the launch has begun
 * (resolving the task user) and not finished when the stop is applied.
 * An agent starting on a data dir stops the task processes no record names.
 * In-process agent (fake allocator) on simulated host marina-kl1
 * (198.18.215.0/24), real runner, real CNI for the bridge case. A task that
 * was started is checked by pid, one that never was by its sandbox (the
 * runner creates it when it spawns) and by every process under the data dir.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../lib/model/cluster';
import { taskNetnsName } from '../../services/agent/names';
import { isAlive } from '../../services/agent/runner/runner';
import type { TaskRecord } from '../../services/agent/records';
import { resolvConfDir } from '../../services/agent/tasks';
import { waitUntil } from '../helpers/_children';
import { app, FakeAllocator, task } from '../helpers/agent/fake-allocator';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { startInProcessAgent, type AgentHandle } from '../helpers/agent/in-process';
import { listNetns } from '../helpers/netns';
import { processesUnder } from '../helpers/procs';

jest.setTimeout(60_000);

const H1 = 'marina-kl1';
const SLEEP = 'exec python3 -c "import time; time.sleep(600)"';
let under: SimUnderlay;
let alloc: FakeAllocator;
let h: AgentHandle | undefined;

beforeAll(async () => {
  under = await createHosts('marina-kl', '198.18.215', 1);
});

afterEach(async () => {
  await h?.stop(true).catch(() => undefined);
  h = undefined;
});

afterAll(async () => {
  await under?.destroy();
});

async function startAgent(): Promise<AgentHandle> {
  alloc = new FakeAllocator();
  alloc.putApp(app('/kl', SLEEP));
  alloc.putApp(app('/kl-br', SLEEP, { networks: [{ mode: 'container/bridge' }] }));
  h = await startInProcessAgent(alloc, under.hosts[0]);
  return h;
}

/** What of the task is left on the host: its sandbox, record, netns, resolv.conf dir, and every process under the data dir. */
async function leftovers(a: AgentHandle, taskId: string): Promise<string[]> {
  const out: string[] = [];
  const ns = taskNetnsName(H1, taskId);
  if (existsSync(join(a.dataDir, 'sandboxes', ns))) out.push(`sandbox ${ns}`);
  const records = readdirSync(join(a.dataDir, 'tasks')).filter((f) => f.endsWith('.json'));
  if (records.length) out.push(`records ${records.join(',')}`);
  if ((await listNetns()).includes(ns)) out.push(`netns ${ns}`);
  if (existsSync(resolvConfDir(ns))) out.push(resolvConfDir(ns));
  const procs = processesUnder(a.dataDir);
  if (procs.length) out.push(`processes ${procs.join(',')}`);
  return out;
}

const states = (taskId: string) => alloc.reports.filter((r) => r.taskId === taskId).map((r) => r.state);

/** Place a task and, in the same tick, stop it: the agent is then inside the launch. */
function placeAndStop(t: Task, stop: 'desired' | 'delete'): void {
  alloc.putTask(t);
  if (stop === 'delete') alloc.deleteTask(t.id);
  else alloc.putTask({ ...alloc.task(t.id)!, desired: 'stop' });
}

test.each([
  ['host', 'desired', task('kl.1', '/kl', H1)],
  ['host', 'delete', task('kl.2', '/kl', H1)],
  ['bridge', 'desired', task('kl-br.1', '/kl-br', H1, { networkMode: 'bridge' })],
] as const)('a %s-mode task stopped (%s) while its launch is pending starts no process and leaves nothing', async (_mode, stop, t) => {
  const a = await startAgent();
  placeAndStop(t, stop);
  expect(a.agent.lives.get(t.id)?.live.phase).toBe('stopping');
  await waitUntil('the launch finished', async () => a.agent.launches === 1, 20_000, 20);
  expect(await leftovers(a, t.id)).toEqual([]);
  expect(a.agent.lives.size).toBe(0);
  if (stop === 'desired') expect(states(t.id)).toEqual(['TASK_KILLING', 'TASK_KILLED']);
  else expect(states(t.id)).toEqual([]);
});

test.each([false, true])('agent.stop (killTasks %s) while a launch is pending resolves after it, with no process started', async (killTasks) => {
  const a = await startAgent();
  const t = task(`kl.stop-${killTasks}`, '/kl', H1);
  alloc.putTask(t);
  expect(a.agent.lives.get(t.id)?.live.phase).toBe('launching');
  await a.agent.stop({ killTasks });
  expect(await leftovers(a, t.id)).toEqual([]);
  expect(a.agent.launches).toBe(1);
  h = undefined;
  rmSync(a.dataDir, { recursive: true, force: true });
});

test('a task stopped right after its launch reported it running is killed: its pid is gone', async () => {
  const a = await startAgent();
  const t = task('kl.3', '/kl', H1);
  alloc.putTask(t);
  await waitUntil('running', async () => alloc.lastState(t.id) === 'TASK_RUNNING', 20_000, 20);
  const rec = JSON.parse(readFileSync(join(a.dataDir, 'tasks', readdirSync(join(a.dataDir, 'tasks'))[0]!), 'utf8')) as TaskRecord;
  expect(isAlive(rec.pid!, rec.startTime!)).toBe(true);
  alloc.putTask({ ...alloc.task(t.id)!, desired: 'stop' });
  await waitUntil('killed', async () => alloc.lastState(t.id) === 'TASK_KILLED', 20_000, 20);
  expect(isAlive(rec.pid!, rec.startTime!)).toBe(false);
  expect(await leftovers(a, t.id)).toEqual([`sandbox ${taskNetnsName(H1, t.id)}`]); // the sandbox (its logs) stays
});

test('a task process no record names (its agent died between spawn and record) is stopped when an agent starts on the data dir', async () => {
  const a = await startAgent();
  const t = task('kl.4', '/kl', H1);
  alloc.putTask(t);
  await waitUntil('running', async () => alloc.lastState(t.id) === 'TASK_RUNNING', 20_000, 20);
  const file = join(a.dataDir, 'tasks', readdirSync(join(a.dataDir, 'tasks'))[0]!);
  const rec = JSON.parse(readFileSync(file, 'utf8')) as TaskRecord;
  await a.agent.stop(); // tasks keep running across an agent restart
  expect(isAlive(rec.pid!, rec.startTime!)).toBe(true);
  rmSync(file);
  await a.restart();
  expect(isAlive(rec.pid!, rec.startTime!)).toBe(false);
  expect(processesUnder(a.dataDir)).toEqual([]);
});
