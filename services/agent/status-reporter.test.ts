import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentApi, TaskStatusReport } from '../../lib/client/agent-api';
import { MarinaError } from '../../lib/errors';
import { logger } from '../../lib/log';
import type { Agent } from '../../lib/model/cluster';
import { backoffMs, StatusReporter } from './status-reporter';

/** An AgentApi whose reportTaskStatus fails while `down` (as an unreachable allocator), records what it acknowledged. */
class ScriptedApi implements AgentApi {
  down = false;
  refuse = new Set<string>();
  attempts = 0;
  readonly acked: TaskStatusReport[] = [];
  async registerAgent(): Promise<Agent> {
    throw new Error('not used');
  }
  async keepAlive(): Promise<void> {}
  async reportTaskStatus(_agentId: string, r: TaskStatusReport): Promise<void> {
    this.attempts++;
    const down = this.down; // as the call left: one sent while down fails even if the allocator returns meanwhile
    await new Promise((res) => setImmediate(res));
    if (down) throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'allocator unavailable');
    if (this.refuse.has(r.taskId)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${r.taskId} does not exist`);
    this.acked.push(r);
  }
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function reporter(api: AgentApi, dir?: string): StatusReporter {
  return new StatusReporter({ api, agentId: () => 'a1', log: logger('test'), dir, minBackoffMs: 1, maxBackoffMs: 4 });
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
}

const report = (taskId: string, state: TaskStatusReport['state'], ready = false): TaskStatusReport => ({ taskId, state, ready });

test.each([
  [1, 200, 10_000, 0, 100],
  [1, 200, 10_000, 0.999, 200],
  [3, 200, 10_000, 0, 400],
  [10, 200, 10_000, 0, 5_000],
  [10, 200, 10_000, 0.999, 9_995],
  [1000, 200, 10_000, 0.5, 7_500],
])('backoff after %i failures (min %i, max %i, random %f) is %i ms', (n, min, max, rnd, want) => {
  expect(backoffMs(n, min, max, () => rnd)).toBe(want);
});

test('a report is retried until the allocator acknowledges it, however many attempts that takes', async () => {
  const api = new ScriptedApi();
  api.down = true;
  const r = reporter(api);
  r.submit(report('t1', 'TASK_RUNNING', true));
  await until(() => api.attempts >= 20); // far past the old three tries
  expect(r.size).toBe(1);
  expect(r.failures).toBeGreaterThanOrEqual(19);
  api.down = false;
  await until(() => r.size === 0);
  expect(api.acked).toEqual([report('t1', 'TASK_RUNNING', true)]);
  r.stop();
});

test('a newer state supersedes a pending older one: only the latest is delivered', async () => {
  const api = new ScriptedApi();
  api.down = true;
  const r = reporter(api);
  r.submit(report('t1', 'TASK_RUNNING'));
  r.submit(report('t2', 'TASK_RUNNING'));
  await until(() => api.attempts >= 4);
  r.submit(report('t1', 'TASK_KILLING'));
  r.submit(report('t1', 'TASK_KILLED'));
  expect(r.size).toBe(2);
  api.down = false;
  r.retryNow();
  await until(() => r.size === 0);
  expect(api.acked.filter((a) => a.taskId === 't1')).toEqual([report('t1', 'TASK_KILLED')]);
  expect(api.acked.filter((a) => a.taskId === 't2')).toEqual([report('t2', 'TASK_RUNNING')]);
  r.stop();
});

test('a report submitted while an older one is in flight is sent after it', async () => {
  const api = new ScriptedApi();
  const r = reporter(api);
  r.submit(report('t1', 'TASK_RUNNING'));
  r.submit(report('t1', 'TASK_FINISHED')); // the RUNNING call is already on the wire
  await until(() => r.size === 0);
  expect(api.acked.map((a) => a.state)).toEqual(['TASK_RUNNING', 'TASK_FINISHED']);
  r.stop();
});

test('a report refused for good (task gone) is dropped, not retried', async () => {
  const api = new ScriptedApi();
  api.refuse.add('gone');
  const r = reporter(api);
  r.submit(report('gone', 'TASK_RUNNING'));
  await until(() => r.size === 0);
  expect(r.dropped).toBe(1);
  expect(api.attempts).toBe(1);
  r.stop();
});

test('terminal reports not acknowledged before stop are delivered by the next run; others are not kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-reports-'));
  dirs.push(dir);
  const api = new ScriptedApi();
  api.down = true;
  const first = reporter(api, dir);
  first.submit(report('t1', 'TASK_FAILED'));
  first.submit(report('t2', 'TASK_RUNNING'));
  await until(() => api.attempts >= 2);
  first.stop();
  await first.idle();
  expect(readdirSync(dir)).toHaveLength(1);
  api.down = false;
  const second = reporter(api, dir);
  expect(second.resume()).toEqual(['t1']);
  await until(() => second.size === 0);
  expect(api.acked).toEqual([report('t1', 'TASK_FAILED')]);
  expect(readdirSync(dir)).toEqual([]);
  second.stop();
});
