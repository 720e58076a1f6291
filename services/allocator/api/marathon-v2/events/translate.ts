/**
 * Store changes → Marathon events. The event stream is derived from the
 * view's watch (every replica sees the same changes, so every replica serves
 * the same stream), not from the requests one replica handled. The
 * translator keeps the last task it saw per id, so it can tell a state
 * change from a repeat, and knows the final state of a released task:
 *  - a release that bumped the app's launch delay in the same revision
 *    is a failed task (lifecycle/task-status.ts), TASK_FAILED;
 *  - a task that was being stopped ends TASK_KILLED; one that ran to its
 *    end on its own, TASK_FINISHED; a TASK_LOST put was already streamed.
 * Deployments (deploy/deployments/) give deployment_info when one is
 * stored, deployment_step_success + deployment_info when its step advances,
 * and on its delete deployment_success when its steps are all done in the
 * view (the leader finished it), else deployment_step_failure +
 * deployment_failed (cancelled: superseded by a forced change, reverted or
 * stopped). They follow the other events of their commit, as in Marathon
 * where the deployment starts after the API call.
 * A new deployment also gives group_change_success (the change of its group
 * was stored); a stored group-change failure gives group_change_failed.
 * Shapes follow Marathon 1.x (core/event/Events.scala).
 */
import type { AppDefinition } from '../../../../../lib/model/app';
import { isTerminal, type Task, type TaskState } from '../../../../../lib/model/cluster';
import { K } from '../../../state/keys';
import type { StateView, ViewBatch } from '../../../state/view';
import { renderApp } from '../render';
import { maskAppEnvs } from '../../../../../lib/secrets';
import { deploymentsOf, type DeploymentRecord } from '../../../deploy/deployments/record';
import { deploymentDone } from '../../../deploy/deployments/progress';
import { renderPlan, stepOf } from '../render/deployment';
import { parentOf } from '../../../deploy/groups';
import type { GroupChangeFailure } from '../../../deploy/group-change';

export interface MarathonEvent {
  eventType: string;
  timestamp: string;
  [field: string]: unknown;
}

/** Marathon's instance condition for a task state (core/condition/Condition.scala). */
const CONDITION: Record<TaskState, string> = {
  TASK_STAGING: 'Staging',
  TASK_STARTING: 'Starting',
  TASK_RUNNING: 'Running',
  TASK_KILLING: 'Killing',
  TASK_KILLED: 'Killed',
  TASK_FAILED: 'Failed',
  TASK_FINISHED: 'Finished',
  TASK_LOST: 'Unreachable',
};

export class EventTranslator {
  private readonly tasks = new Map<string, Task>();
  private readonly apps = new Map<string, AppDefinition>();
  /** Deleted apps whose tasks are still being stopped: app_terminated_event follows the last one. */
  private readonly terminating = new Set<string>();
  /** Known tasks per app (so a release need not scan every task). */
  private readonly perApp = new Map<string, number>();
  private readonly deployments = new Map<string, DeploymentRecord>();

  constructor(private readonly view: StateView) {
    this.seed();
  }

  /** Take the view's current state as known (at start and after a resync): no events for it. */
  seed(): void {
    this.tasks.clear();
    this.apps.clear();
    this.perApp.clear();
    this.deployments.clear();
    for (const d of deploymentsOf(this.view)) this.deployments.set(d.id, d);
    for (const [id, t] of this.view.tasks) this.setTask(id, t);
    for (const [id, a] of this.view.apps) this.apps.set(id, a);
  }

  translate(batch: ViewBatch): MarathonEvent[] {
    const out: MarathonEvent[] = [];
    // Marathon's order: the API call, the deployments it cancels and starts, the tasks; a deployment ends after its last task event
    for (const c of batch.changes) if (c.kind === 'app') this.onApp(c.op, c.id, c.valueJson, out);
    const deployments = batch.changes.filter((c) => c.kind === 'deployment');
    const ended = deployments.filter((c) => c.op === 'delete' && this.deployments.has(c.id));
    const succeeded = new Set(ended.filter((c) => deploymentDone(this.view, this.deployments.get(c.id)!)).map((c) => c.id));
    for (const c of ended) if (!succeeded.has(c.id)) this.onDeployment(c.op, c.id, c.valueJson, out);
    for (const c of deployments) if (c.op === 'put') this.onDeployment(c.op, c.id, c.valueJson, out);
    for (const c of batch.changes) if (c.kind === 'task') this.onTask(c.op, c.id, c.valueJson, c.revision, out);
    for (const c of ended) if (succeeded.has(c.id)) this.onDeployment(c.op, c.id, c.valueJson, out);
    for (const c of batch.changes) if (c.kind === 'groupchange' && c.op === 'put') out.push(groupChangeFailed(c.valueJson));
    return out;
  }

  private onDeployment(op: 'put' | 'delete', id: string, json: string, out: MarathonEvent[]): void {
    const timestamp = new Date().toISOString();
    const previous = this.deployments.get(id);
    const stepEvent = (d: DeploymentRecord, n: number, eventType: string): MarathonEvent => ({ plan: renderPlan(d, false), currentStep: stepOf(d, n), eventType, timestamp });
    if (op === 'put') {
      const d = JSON.parse(json) as DeploymentRecord;
      this.deployments.set(id, d);
      if (previous && d.currentStep <= previous.currentStep) return;
      for (let n = previous?.currentStep ?? d.currentStep; previous && n < d.currentStep; n++) out.push(stepEvent(d, n, 'deployment_step_success'));
      out.push(stepEvent(d, d.currentStep, 'deployment_info'));
      // a new deployment: the change of its group was stored (Marathon's GroupChangeSuccess)
      if (!previous) out.push({ groupId: d.groupId ?? parentOf([...d.affectedApps, ...d.affectedPods][0] ?? '/'), version: d.version, eventType: 'group_change_success', timestamp });
      return;
    }
    if (!previous) return;
    this.deployments.delete(id);
    if (deploymentDone(this.view, previous)) {
      for (let n = previous.currentStep; n <= previous.steps.length; n++) out.push(stepEvent(previous, n, 'deployment_step_success'));
      out.push({ id, plan: renderPlan(previous, false), eventType: 'deployment_success', timestamp });
    } else {
      out.push(stepEvent(previous, previous.currentStep, 'deployment_step_failure'));
      out.push({ id, plan: renderPlan(previous, false), eventType: 'deployment_failed', timestamp });
    }
  }

  private onApp(op: 'put' | 'delete', id: string, json: string, out: MarathonEvent[]): void {
    const timestamp = new Date().toISOString();
    const previous = this.apps.get(id);
    if (op === 'delete') {
      this.apps.delete(id);
      if (podSpec(previous)) out.push({ clientIp: null, uri: `/v2/pods${id}`, eventType: 'pod_deleted_event', timestamp });
      this.terminating.add(id);
      this.terminateIfDone(id, out);
      return;
    }
    const app = JSON.parse(json) as AppDefinition;
    this.apps.set(id, app);
    this.terminating.delete(id);
    if (podSpec(app)) {
      out.push({ clientIp: null, uri: `/v2/pods${id}`, eventType: previous ? 'pod_updated_event' : 'pod_created_event', timestamp });
      return;
    }
    // the stream is read-only: secret-looking env values are masked for every reader
    out.push({ clientIp: null, uri: `/v2/apps${id}`, appDefinition: maskAppEnvs(renderApp(app, this.view, false), () => false), eventType: 'api_post_event', timestamp });
  }

  private onTask(op: 'put' | 'delete', id: string, json: string, revision: number, out: MarathonEvent[]): void {
    const previous = this.tasks.get(id);
    if (op === 'delete') {
      if (previous) this.forgetTask(id, previous);
      if (previous && !isTerminal(previous.state)) out.push(...this.statusEvents(previous, this.finalState(previous, revision)));
      if (previous) this.terminateIfDone(previous.appId, out);
      return;
    }
    const task = JSON.parse(json) as Task;
    this.setTask(id, task);
    if (!previous || previous.state !== task.state) out.push(...this.statusEvents(task, task.state));
    const app = this.apps.get(task.appId);
    const checked = (app?.healthChecks.length ?? 0) > 0;
    if (checked && previous && task.state === 'TASK_RUNNING' && previous.ready !== task.ready && task.desired === 'run') {
      out.push(...this.healthEvents(task, task.ready));
    }
  }

  /** As Marathon's StopApplication step: the app is terminated once its last task is gone. */
  private terminateIfDone(appId: string, out: MarathonEvent[]): void {
    if (!this.terminating.has(appId) || this.apps.has(appId)) return;
    if ((this.perApp.get(appId) ?? 0) > 0) return;
    this.terminating.delete(appId);
    out.push({ appId, eventType: 'app_terminated_event', timestamp: new Date().toISOString() });
  }

  private setTask(id: string, t: Task): void {
    if (!this.tasks.has(id)) this.perApp.set(t.appId, (this.perApp.get(t.appId) ?? 0) + 1);
    this.tasks.set(id, t);
  }

  private forgetTask(id: string, t: Task): void {
    this.tasks.delete(id);
    const n = (this.perApp.get(t.appId) ?? 1) - 1;
    if (n > 0) this.perApp.set(t.appId, n);
    else this.perApp.delete(t.appId);
  }

  private finalState(task: Task, revision: number): TaskState {
    if (task.desired === 'stop') return 'TASK_KILLED';
    return this.view.entry(K.backoff(task.appId))?.modRevision === revision ? 'TASK_FAILED' : 'TASK_FINISHED';
  }

  private statusEvents(t: Task, state: TaskState): MarathonEvent[] {
    const timestamp = new Date().toISOString();
    return [
      {
        slaveId: t.agentId,
        taskId: t.id,
        taskStatus: state,
        message: '',
        appId: t.appId,
        host: t.host,
        ipAddresses: t.ipAddresses.map((a) => ({ ipAddress: a.ipAddress, protocol: a.protocol })),
        ports: t.ports.filter((p) => p.hostPort !== undefined).map((p) => p.hostPort!),
        version: t.appVersion,
        eventType: 'status_update_event',
        timestamp,
      },
      {
        instanceId: t.id,
        condition: CONDITION[state],
        runSpecId: t.appId,
        agentId: t.agentId,
        host: t.host,
        runSpecVersion: t.appVersion,
        timestamp,
        eventType: 'instance_changed_event',
      },
    ];
  }

  private healthEvents(t: Task, alive: boolean): MarathonEvent[] {
    const timestamp = new Date().toISOString();
    const app = this.apps.get(t.appId);
    const events: MarathonEvent[] = [
      { appId: t.appId, instanceId: t.id, version: t.appVersion, alive, eventType: 'health_status_changed_event', timestamp },
      { instanceId: t.id, runSpecVersion: t.appVersion, runSpecId: t.appId, healthy: alive, eventType: 'instance_health_changed_event', timestamp },
    ];
    if (!alive && app?.healthChecks[0]) {
      events.push({ appId: t.appId, instanceId: t.id, healthCheck: app.healthChecks[0], eventType: 'failed_health_check_event', timestamp });
    }
    return events;
  }
}

/** Marathon's GroupChangeFailed from the stored failure (deploy/group-change.ts). */
function groupChangeFailed(json: string): MarathonEvent {
  const f = JSON.parse(json) as GroupChangeFailure;
  return { groupId: f.groupId, version: f.version, reason: f.reason, eventType: 'group_change_failed', timestamp: new Date().toISOString() };
}

function podSpec(app: AppDefinition | undefined): boolean {
  return !!app?.labels?.MARINA_POD_SPEC;
}
