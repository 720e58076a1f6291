/** Task helpers shared by deploys, lifecycle and the reconciler. */
import { isServing, isTerminal, type Task, type TaskState } from '../../../lib/model/cluster';
import type { StateView } from '../state/view';
import { K, bridgeNetwork, protocolsOf } from '../state/keys';
import type { Claims, Owner } from '../alloc/claims';
import type { Loads } from '../placement/placement';

/** Tasks that count toward `instances`: wanted running and not terminal. */
export function liveTasks(view: StateView, appId: string): Task[] {
  return view.tasksOf(appId).filter((t) => t.desired === 'run' && !isTerminal(t.state));
}

/** Current spread of the app and load of every agent, from the view. */
export function loadsFor(view: StateView, appId: string): Loads {
  return view.loads.loadsFor(appId);
}

/** The allocation keys a task holds (derived from the task itself). */
export function allocKeysOf(task: Task): string[] {
  const keys: string[] = [];
  for (const p of task.ports) {
    if (p.hostPort === undefined) continue;
    for (const proto of protocolsOf(p.protocol)) keys.push(K.port(task.agentId, p.hostPort, proto));
  }
  for (const a of task.ipAddresses) {
    if (!a.networkName) continue;
    keys.push(K.ip(a.networkName === 'bridge' ? bridgeNetwork(task.agentId) : a.networkName, a.ipAddress));
  }
  return keys;
}

/** Add to claims: delete the task and every allocation it owns (each under a modRevision compare). */
export function releaseInto(claims: Claims, task: Task): boolean {
  const view = claims.view;
  const taskKey = K.task(task.appId, task.id);
  const entry = view.entry(taskKey);
  if (!entry) return false;
  claims.deletes.set(taskKey, entry.modRevision);
  for (const key of allocKeysOf(task)) {
    const e = view.entry(key);
    if (e && view.value<Owner>(key)?.taskId === task.id) claims.deletes.set(key, e.modRevision);
  }
  return true;
}

/** Add to claims: the task marked desired stop and not ready (DNS and lb drain it). */
export function stopInto(claims: Claims, task: Task, state?: TaskState): boolean {
  const key = K.task(task.appId, task.id);
  const entry = claims.view.entry(key);
  if (!entry) return false;
  const next: Task = { ...task, desired: 'stop', ready: false, ...(state ? { state } : {}) };
  if (isServing(task)) next.servingChangedAt = new Date().toISOString(); // the network-programming latency starts here
  claims.updates.set(key, { value: JSON.stringify(next), modRevision: entry.modRevision });
  return true;
}

/** Add to claims: bump the app's generation key (guards the count of live tasks). */
export function bumpGen(claims: Claims, appId: string, modRevision?: number): void {
  const key = K.gen(appId);
  const rev = modRevision ?? claims.view.entry(key)?.modRevision ?? 0;
  claims.updates.set(key, { value: JSON.stringify({ at: new Date().toISOString() }), modRevision: rev });
}

/** Which tasks to stop when scaling down: not-yet-running first, then by killSelection. */
export function pickVictims(tasks: Task[], n: number, killSelection: 'YOUNGEST_FIRST' | 'OLDEST_FIRST'): Task[] {
  const sign = killSelection === 'YOUNGEST_FIRST' ? -1 : 1;
  return [...tasks]
    .sort((a, b) => Number(a.state === 'TASK_RUNNING') - Number(b.state === 'TASK_RUNNING') || sign * a.stagedAt.localeCompare(b.stagedAt))
    .slice(0, n);
}
