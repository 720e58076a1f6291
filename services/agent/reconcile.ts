/**
 * The task reconcile loop, as a pure plan: what the agent must do so the
 * tasks it runs match the tasks the allocator placed on it. The agent runs
 * the plan on every feed change; planning apart from doing keeps the rules
 * testable without processes.
 */
import type { TaskStatusReport } from '../../lib/client/agent-api';
import type { AppDefinition } from '../../lib/model/app';
import type { Task } from '../../lib/model/cluster';
import { isTerminal } from '../../lib/model/cluster';

export type ReconcileAction =
  /** Stop a task this agent runs (state reported if given). */
  | { kind: 'kill'; taskId: string; state?: 'TASK_KILLED'; message: string }
  /** Report a task this agent does not run (once: it is then done). */
  | { kind: 'report'; taskId: string; state: 'TASK_KILLED' | 'TASK_LOST'; message: string }
  /** Start the health checks of a running task (a no-op when running). */
  | { kind: 'checks'; task: Task; app: AppDefinition }
  | { kind: 'launch'; task: Task };

export interface ReconcileView {
  agentId: string;
  tasks: ReadonlyMap<string, Task>;
  apps: ReadonlyMap<string, AppDefinition>;
  /** Tasks this agent runs or is launching, with their phase. */
  lives: ReadonlyMap<string, { phase: string }>;
  /** Tasks this agent ended or reported: never launched again. */
  done: ReadonlySet<string>;
}

export function planReconcile(v: ReconcileView): ReconcileAction[] {
  const out: ReconcileAction[] = [];
  for (const task of v.tasks.values()) {
    if (task.agentId !== v.agentId) continue;
    const life = v.lives.get(task.id);
    if (task.desired === 'stop') {
      if (life) out.push({ kind: 'kill', taskId: task.id, state: 'TASK_KILLED', message: 'stopped by the allocator' });
      else if (!isTerminal(task.state) && !v.done.has(task.id)) out.push({ kind: 'report', taskId: task.id, state: 'TASK_KILLED', message: 'stopped before launch' });
      continue;
    }
    if (life) {
      const app = v.apps.get(task.appId);
      if (life.phase === 'running' && app) out.push({ kind: 'checks', task, app });
      continue;
    }
    if (isTerminal(task.state) || v.done.has(task.id)) continue;
    if (task.state === 'TASK_STAGING' || task.state === 'TASK_STARTING') out.push({ kind: 'launch', task });
    else out.push({ kind: 'report', taskId: task.id, state: 'TASK_LOST', message: 'the agent has no record of this task' });
  }
  for (const id of v.lives.keys()) {
    if (!v.tasks.has(id)) out.push({ kind: 'kill', taskId: id, message: 'task deleted' });
  }
  return out;
}

/** What the resync needs of a task this agent runs. */
export interface ResyncLife {
  /** The last state it reported (none: re-adopted after a restart, or launching). */
  lastReport?: TaskStatusReport;
  /** What the allocator should hold for it now (see TaskLife.currentReport). */
  currentReport(app: AppDefinition | undefined): TaskStatusReport | undefined;
}

/**
 * After a (re)connect or snapshot: the reports to send again, for tasks whose
 * state in the allocator's view differs from what this agent knows and that
 * have no report on its way (issue 13 item 3: a report lost to an outage, or
 * pending when the agent restarted). Readiness of a re-adopted task is not
 * known until its checks run: only its state is compared.
 */
export function planResync(v: { tasks: ReadonlyMap<string, Task>; apps: ReadonlyMap<string, AppDefinition>; lives: ReadonlyMap<string, ResyncLife>; pending(taskId: string): boolean }): TaskStatusReport[] {
  const out: TaskStatusReport[] = [];
  for (const [id, life] of v.lives) {
    const task = v.tasks.get(id);
    if (!task || v.pending(id)) continue;
    const want = life.currentReport(v.apps.get(task.appId));
    if (!want) continue;
    const readyKnown = life.lastReport !== undefined && want.state === 'TASK_RUNNING' && task.desired === 'run';
    if (task.state !== want.state || (readyKnown && task.ready !== want.ready)) out.push(want);
  }
  return out;
}
