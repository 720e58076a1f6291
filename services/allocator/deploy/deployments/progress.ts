/**
 * When a deployment's actions are done, judged from the view alone (so the
 * leader's tracker and every replica's event stream agree):
 *  - Start: the run spec exists;
 *  - Scale / Restart: it has exactly `instances` live tasks, all of its
 *    current config, running and ready (Marathon waits for health too);
 *  - Stop: it is gone and so is its last task;
 *  - in a stepwise deployment (steps.ts), also: the run spec is as the
 *    deployment's target (a later step's restart is not done before it is made).
 */
import { isServing } from '../../../../lib/model/cluster';
import type { StateView } from '../../state/view';
import { liveTasks } from '../tasks';
import { isOld } from '../rollout';
import { changeOf } from './change';
import { actionTarget, type DeploymentAction, type DeploymentRecord } from './record';

export function actionDone(view: StateView, a: DeploymentAction, d?: DeploymentRecord): boolean {
  const id = actionTarget(a);
  const app = view.apps.get(id);
  if (d?.stepwise && id in d.target && changeOf(app ?? null, d.target[id] ?? null) !== undefined) return false;
  if (a.action.startsWith('Start')) return app !== undefined;
  if (a.action.startsWith('Stop')) return app === undefined && view.tasksOf(id).length === 0;
  if (!app) return false;
  const live = liveTasks(view, id);
  return live.length === app.instances && live.every((t) => isServing(t) && !isOld(app, t));
}

/** The 1-based step the deployment is at now: past every done step (totalSteps + 1 when all are done). */
export function reachedStep(view: StateView, d: DeploymentRecord): number {
  let step = Math.max(1, d.currentStep);
  while (step <= d.steps.length && d.steps[step - 1].actions.every((a) => actionDone(view, a, d))) step++;
  return step;
}

/** True when every step of the deployment is done. */
export function deploymentDone(view: StateView, d: DeploymentRecord): boolean {
  return reachedStep(view, d) > d.steps.length;
}
