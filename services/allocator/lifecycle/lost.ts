/**
 * Tasks of dead agents (their leased agents/ key expired). Three steps, each
 * its own transaction guarded by modRevision compares, so a pass that is
 * interrupted (or a brief overlap of two leaders) never does anything twice:
 *  1. mark: state TASK_LOST, ready false, desired stop, plus a generation
 *     bump. Watchers (DNS, lb) see the TASK_LOST put and drop the task
 *     (isServing is false) while its allocations are still held;
 *  2. replace: converge the app, which launches the missing instances on
 *     live agents (a lost task no longer counts toward `instances`);
 *  3. release: delete the lost task and every allocation it owns in one txn.
 * A pass that finds a task already TASK_LOST (marked by an earlier pass or
 * leader) resumes at step 2.
 */
import type { Task } from '../../../lib/model/cluster';
import type { AllocatorContext } from '../context';
import type { Deployer } from '../deploy/deployer';
import type { Lifecycle } from './task-status';
import { Claims } from '../alloc/claims';
import { commit } from '../state/commit';
import { bumpGen, stopInto } from '../deploy/tasks';

/** Tasks on agents that are not registered (any state but already-released). */
export function tasksOfDeadAgents(ctx: AllocatorContext): Task[] {
  const out: Task[] = [];
  for (const t of ctx.view.tasks.values()) if (!ctx.view.agents.has(t.agentId)) out.push(t);
  return out;
}

/** Step 1 for the tasks of one app, in chunks of maxTxnOps. Returns how many were marked. */
async function markLost(ctx: AllocatorContext, appId: string, tasks: Task[]): Promise<number> {
  let marked = 0;
  for (let i = 0; i < tasks.length; ) {
    const claims = new Claims(ctx.view, ctx.reserved);
    const chunk: Task[] = [];
    for (; i < tasks.length && claims.size < ctx.settings.maxTxnOps - 2; i++) {
      if (stopInto(claims, tasks[i], 'TASK_LOST')) chunk.push(tasks[i]);
    }
    if (chunk.some((t) => t.desired === 'run')) bumpGen(claims, appId);
    const res = await commit(ctx, claims);
    await ctx.view.waitFor(res.revision);
    if (!res.succeeded) continue; // changed under us (agent report, other leader): the next pass looks again
    marked += chunk.length;
    ctx.metrics.tasksLost.inc(chunk.length);
    for (const t of chunk) ctx.log.warn({ appId, taskId: t.id, agentId: t.agentId }, 'agent gone: task lost');
  }
  return marked;
}

/** Mark, replace and release the tasks of the given lost agents (leader only; see AgentLiveness.lostAgents). */
export async function reclaimLostTasks(ctx: AllocatorContext, deployer: Deployer, lifecycle: Lifecycle, lostAgents: ReadonlySet<string>): Promise<void> {
  const byApp = new Map<string, Task[]>();
  for (const t of tasksOfDeadAgents(ctx)) if (lostAgents.has(t.agentId)) byApp.set(t.appId, [...(byApp.get(t.appId) ?? []), t]);
  for (const [appId, tasks] of byApp) {
    const unmarked = tasks.filter((t) => t.state !== 'TASK_LOST');
    if (unmarked.length > 0) await markLost(ctx, appId, unmarked);
    if (ctx.view.apps.has(appId)) {
      await deployer.converge(appId).catch((err: Error) => ctx.log.warn({ appId, err: err.message }, 'cannot replace lost tasks yet'));
    }
    for (const t of tasks) {
      const current = ctx.view.tasks.get(t.id);
      if (current?.state === 'TASK_LOST' && !ctx.view.agents.has(current.agentId)) await lifecycle.release(current, 'TASK_LOST');
    }
  }
}
