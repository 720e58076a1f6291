/**
 * Task lifecycle: states reported by agents are written to the task;
 * readiness only counts while the task runs and is wanted. A terminal
 * state releases the task and every allocation it holds in ONE transaction
 * (under a compare on the task's modRevision, so exactly once), and a task
 * that was wanted running is replaced (Marathon keeps `instances` running).
 */
import { MarinaError } from '../../../lib/errors';
import { isServing, isTerminal, type Task, type TaskState } from '../../../lib/model/cluster';
import type { TaskStatusReport } from '../../../lib/client/agent-api';
import type { AllocatorContext } from '../context';
import { Claims } from '../alloc/claims';
import { commit } from '../state/commit';
import type { Deployer } from '../deploy/deployer';
import { K } from '../state/keys';
import { bumpGen, liveTasks, releaseInto } from '../deploy/tasks';
import { backoffInto, resetBackoffInto } from '../deploy/backoff';
import { appLevelKeysOf, appUnchanged, staleInto } from '../alloc/stale-app-keys';
import { isOld } from '../deploy/rollout';

const STATES: ReadonlySet<string> = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLING', 'TASK_KILLED', 'TASK_LOST']);

export class Lifecycle {
  constructor(
    private readonly ctx: AllocatorContext,
    private readonly deployer: Deployer,
  ) {}

  /** Release a task and its allocations; replace it when it was wanted. Returns false if already gone. */
  async release(task: Task, lostState?: TaskState, message?: string): Promise<boolean> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = this.ctx.view.tasks.get(task.id);
      if (!current) return false;
      const claims = new Claims(this.ctx.view, this.ctx.reserved);
      releaseInto(claims, current);
      if (current.desired === 'run') bumpGen(claims, current.appId);
      const app = this.ctx.view.apps.get(current.appId);
      // a wanted task that failed delays the app's next launch (backoff.ts)
      if (lostState === 'TASK_FAILED' && current.desired === 'run' && app) {
        const at = new Date();
        backoffInto(claims, app, at.getTime(), {
          taskId: current.id, host: current.host, agentId: current.agentId, state: lostState,
          message: message ?? '', timestamp: at.toISOString(), version: current.version,
        });
      }
      // the last task referring to a service port / VIP its app's config dropped frees it (alloc/stale-app-keys.ts)
      const freed = app ? staleInto(this.ctx, claims, app, appLevelKeysOf(current), current.id) : 0;
      const res = await commit(this.ctx, claims, { compares: freed > 0 ? appUnchanged(this.ctx, current.appId) : [] });
      if (res.succeeded) {
        this.ctx.metrics.instancesReleased.inc();
        this.ctx.log.info({ appId: current.appId, taskId: current.id, state: lostState ?? current.state, freedAppAllocs: freed }, 'task released');
        await this.ctx.view.waitFor(res.revision);
        if (current.desired === 'run' && this.ctx.view.apps.has(current.appId)) {
          void this.deployer.converge(current.appId).catch((err: Error) => this.ctx.log.warn({ appId: current.appId, err: err.message }, 'replacement failed; the reconciler retries'));
        }
        return true;
      }
      await this.ctx.view.waitFor(res.revision);
    }
    throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `could not release task ${task.id}`);
  }

  async report(agentId: string, r: TaskStatusReport): Promise<void> {
    if (!STATES.has(r.state)) {
      throw new MarinaError('MARINA_ERR_INVALID', `state '${r.state}' is not a task state`, { details: [{ path: '/state', errors: [`'${r.state}' is not one of ${[...STATES].join(', ')}`] }] });
    }
    for (let attempt = 0; attempt < 10; attempt++) {
      let task = this.ctx.view.tasks.get(r.taskId);
      if (!task) {
        // The agent may have seen the task through another replica: catch up first.
        await this.ctx.view.waitFor(await this.ctx.store.currentRevision());
        task = this.ctx.view.tasks.get(r.taskId);
      }
      if (!task) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${r.taskId} does not exist (kill it)`);
      if (task.agentId !== agentId) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${r.taskId} is not on agent ${agentId}`);
      if (isTerminal(r.state)) {
        await this.release(task, r.state, r.message);
        return;
      }
      const next: Task = {
        ...task,
        state: r.state,
        ready: r.state === 'TASK_RUNNING' && task.desired === 'run' && r.ready,
        ...(r.state === 'TASK_RUNNING' && !task.startedAt ? { startedAt: new Date().toISOString() } : {}),
        ...(r.healthCheckResults ? { healthCheckResults: r.healthCheckResults } : {}),
      };
      // The start of the network-programming latency DNS and lb measure (lib/metrics/programming-latency.ts).
      if (isServing(next) !== isServing(task)) next.servingChangedAt = new Date().toISOString();
      if (JSON.stringify(next) === JSON.stringify(task)) return;
      const key = K.task(task.appId, task.id);
      const entry = this.ctx.view.entry(key)!;
      const claims = new Claims(this.ctx.view, this.ctx.reserved);
      claims.updates.set(key, { value: JSON.stringify(next), modRevision: entry.modRevision });
      const current = this.ctx.view.apps.get(task.appId);
      // a task of the current config turning ready ends the app's launch delay (backoff.ts)
      if (next.ready && !task.ready && current && !isOld(current, task)) resetBackoffInto(claims, task.appId);
      const res = await commit(this.ctx, claims);
      await this.ctx.view.waitFor(res.revision);
      if (!res.succeeded) continue;
      // a new task turning ready lets a rolling replacement take its next step
      const app = this.ctx.view.apps.get(task.appId);
      if (next.ready && !task.ready && app && liveTasks(this.ctx.view, app.id).some((t) => isOld(app, t))) {
        void this.deployer.converge(app.id).catch((err: Error) => this.ctx.log.warn({ appId: app.id, err: err.message }, 'rollout step failed; the reconciler retries'));
      }
      return;
    }
    throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `could not record the state of task ${r.taskId}`);
  }
}
