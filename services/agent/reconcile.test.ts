import type { Task } from '../../lib/model/cluster';
import { planReconcile, planResync, type ReconcileView } from './reconcile';

const T = (id: string, over: Partial<Task> = {}): Task =>
  ({ id, appId: '/a', agentId: 'me', state: 'TASK_STAGING', desired: 'run', ready: false, ...over }) as Task;
const app = { id: '/a', healthChecks: [] } as never;

function view(tasks: Task[], lives: Record<string, string> = {}, done: string[] = []): ReconcileView {
  return {
    agentId: 'me',
    tasks: new Map(tasks.map((t) => [t.id, t])),
    apps: new Map([['/a', app]]),
    lives: new Map(Object.entries(lives).map(([id, phase]) => [id, { phase }])),
    done: new Set(done),
  };
}

test.each<[string, ReconcileView, unknown[]]>([
  ['a staged task here is launched', view([T('t1')]), [{ kind: 'launch', task: T('t1') }]],
  ['a starting task here is launched', view([T('t1', { state: 'TASK_STARTING' })]), [{ kind: 'launch', task: T('t1', { state: 'TASK_STARTING' }) }]],
  ['another agent\'s task is left alone', view([T('t1', { agentId: 'other' })]), []],
  ['a running task the agent has no record of is reported lost', view([T('t1', { state: 'TASK_RUNNING' })]), [{ kind: 'report', taskId: 't1', state: 'TASK_LOST', message: 'the agent has no record of this task' }]],
  ['a terminal task is left alone', view([T('t1', { state: 'TASK_FAILED' })]), []],
  ['a task the agent ended is never relaunched', view([T('t1')], {}, ['t1']), []],
  ['a stopped task the agent runs is killed', view([T('t1', { desired: 'stop', state: 'TASK_RUNNING' })], { t1: 'running' }), [{ kind: 'kill', taskId: 't1', state: 'TASK_KILLED', message: 'stopped by the allocator' }]],
  ['a stopped task never launched is reported killed', view([T('t1', { desired: 'stop' })]), [{ kind: 'report', taskId: 't1', state: 'TASK_KILLED', message: 'stopped before launch' }]],
  ['a stopped task already reported is left alone', view([T('t1', { desired: 'stop' })], {}, ['t1']), []],
  ['a running task gets its checks', view([T('t1', { state: 'TASK_RUNNING' })], { t1: 'running' }), [{ kind: 'checks', task: T('t1', { state: 'TASK_RUNNING' }), app }]],
  ['a launching task is left to its launch', view([T('t1')], { t1: 'launching' }), []],
  ['a task deleted from the cluster is killed without a report', view([], { t1: 'running' }), [{ kind: 'kill', taskId: 't1', message: 'task deleted' }]],
])('%s', (_name, v, want) => {
  expect(planReconcile(v)).toEqual(want);
});

describe('planResync', () => {
  const running = (ready: boolean) => ({ taskId: 't1', state: 'TASK_RUNNING' as const, ready });
  /** A life as TaskLife behaves: its last report, else RUNNING ready when the app has no checks. */
  const life = (lastReport?: ReturnType<typeof running> | { taskId: string; state: 'TASK_KILLING'; ready: false }, checks = 0) => ({
    lastReport,
    currentReport: () => lastReport ?? { taskId: 't1', state: 'TASK_RUNNING' as const, ready: checks === 0 },
  });
  const plan = (task: Task | undefined, l: ReturnType<typeof life>, pending = false) =>
    planResync({ tasks: new Map(task ? [[task.id, task]] : []), apps: new Map(), lives: new Map([['t1', l]]), pending: () => pending });

  test.each<[string, Task | undefined, ReturnType<typeof life>, boolean, unknown[]]>([
    ['the allocator holds STAGING for a running task: re-sent', T('t1'), life(running(true)), false, [running(true)]],
    ['the allocator agrees: nothing', T('t1', { state: 'TASK_RUNNING', ready: true }), life(running(true)), false, []],
    ['readiness differs: re-sent', T('t1', { state: 'TASK_RUNNING', ready: false }), life(running(true)), false, [running(true)]],
    ['a report is on its way: nothing', T('t1'), life(running(true)), true, []],
    ['the task is gone from the allocator: nothing', undefined, life(running(true)), false, []],
    ['re-adopted, allocator says STAGING: RUNNING (ready: no checks)', T('t1'), life(undefined), false, [running(true)]],
    ['re-adopted with checks, allocator says RUNNING ready: left alone (readiness unknown yet)', T('t1', { state: 'TASK_RUNNING', ready: true }), life(undefined, 1), false, []],
    ['stopping: KILLING re-sent when the allocator still says RUNNING', T('t1', { state: 'TASK_RUNNING', desired: 'stop' }), life({ taskId: 't1', state: 'TASK_KILLING', ready: false }), false, [{ taskId: 't1', state: 'TASK_KILLING', ready: false }]],
  ])('%s', (_name, task, l, pending, want) => {
    expect(plan(task, l, pending)).toEqual(want);
  });
});
