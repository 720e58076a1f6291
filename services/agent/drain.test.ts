import type { AppDefinition } from '../../lib/model/app';
import type { Task } from '../../lib/model/cluster';
import { stopPlan } from './drain';

const d = { drainMs: 3000, killGraceMs: 3000 };
const task = (state: Task['state']) => ({ id: 'web.1', appId: '/web', state }) as Task;
const app = (taskKillGracePeriodSeconds?: number) => ({ id: '/web', ...(taskKillGracePeriodSeconds !== undefined ? { taskKillGracePeriodSeconds } : {}) }) as AppDefinition;

describe('stopPlan', () => {
  test.each([
    ['a running task drains, then the agent grace', task('TASK_RUNNING'), app(), { drainMs: 3000, graceMs: 3000 }],
    ['the app\'s taskKillGracePeriodSeconds replaces the agent grace', task('TASK_RUNNING'), app(20), { drainMs: 3000, graceMs: 20000 }],
    ['0 s grace: SIGKILL right after SIGTERM', task('TASK_RUNNING'), app(0), { drainMs: 3000, graceMs: 0 }],
    ['a task that never ran served nobody: no drain', task('TASK_STAGING'), app(5), { drainMs: 0, graceMs: 5000 }],
    ['no app left (deleted): agent defaults', task('TASK_RUNNING'), undefined, { drainMs: 3000, graceMs: 3000 }],
  ])('%s', (_name, t, a, want) => {
    expect(stopPlan(t, a, d)).toEqual(want);
  });
});
