/**
 * Deployments on the fake store: a change stores its deployment in its own
 * transaction; the tracker advances it step by step and deletes it once the
 * app has converged; a change while one is in flight is locked unless forced
 * (forcing cancels it); a revert restores the previous definition; the event
 * stream follows the lifecycle (info, step success, success / failed).
 */
import { parseAppDefinition } from '../../../../lib/validation';
import { isMarinaError } from '../../../../lib/errors';
import { startFakeCore, type FakeCore } from '../../testing/fake-core';
import { captureEvents, type EventCapture } from '../../testing/event-capture';
import { createApp, deleteApp, scaleApp, updateApp } from '../apps';
import { deploymentOf, deploymentsOf } from './record';
import { AppLockedError } from './lock';
import { revertDeployment } from './revert';
import { liveTasks } from '../tasks';
import { configVersion } from '../rollout';

let f: FakeCore;
let events: EventCapture;
let seen: EventCapture['seen'];
const NO_FORCE = { force: false };

beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
  events = captureEvents(f.core.ctx.view);
  seen = events.seen;
});
afterEach(async () => {
  events.stop();
  await f.stop();
});

const view = () => f.core.ctx.view;
const deploymentEvents = () => seen.filter((e) => e.eventType.startsWith('deployment_')).map((e) => e.eventType);

/** Every live task of the app reports running and ready (as its agent would). */
async function runAll(appId: string): Promise<void> {
  for (const t of liveTasks(view(), appId)) {
    if (t.state !== 'TASK_RUNNING' || !t.ready) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  }
}

test('a create is a two-step deployment stored with the app; the tracker advances it and deletes it once every instance runs', async () => {
  const res = await createApp(f.core, { id: '/web', cmd: 'serve', instances: 2 }, NO_FORCE);
  const d = deploymentOf(view(), res.deploymentId)!;
  expect(d).toMatchObject({ id: res.deploymentId, version: res.version, affectedApps: ['/web'], affectedPods: [], currentStep: 1 });
  expect(d.steps).toEqual([{ actions: [{ action: 'StartApplication', app: '/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/web' }] }]);
  expect(d.original).toEqual({ '/web': null });
  await f.core.deployments.pass();
  expect(deploymentOf(view(), res.deploymentId)?.currentStep).toBe(2);
  await runAll('/web');
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);
  expect(deploymentEvents()).toEqual(['deployment_info', 'deployment_step_success', 'deployment_info', 'deployment_step_success', 'deployment_success']);
  const info = seen.find((e) => e.eventType === 'deployment_info')!;
  expect(Object.keys(info).sort()).toEqual(['currentStep', 'eventType', 'plan', 'timestamp']);
  expect(Object.keys(info.plan as object).sort()).toEqual(['id', 'original', 'steps', 'target', 'version']);
  expect((info.plan as { target: { apps: Array<{ id: string }> } }).target.apps.map((a) => a.id)).toEqual(['/web']);
  // the api_post_event of the commit comes before the deployment it started
  expect(seen.findIndex((e) => e.eventType === 'api_post_event')).toBeLessThan(seen.findIndex((e) => e.eventType === 'deployment_info'));
});

test('a change while a deployment is in flight is locked (409 naming it) unless forced; forcing cancels it (deployment_failed)', async () => {
  const first = await createApp(f.core, { id: '/web', cmd: 'serve', instances: 2 }, NO_FORCE);
  let err: unknown;
  await scaleApp(f.core, '/web', 3, NO_FORCE).catch((e: unknown) => (err = e));
  expect(err).toBeInstanceOf(AppLockedError);
  expect(isMarinaError(err, 'MARINA_ERR_APP_LOCKED')).toBe(true);
  expect((err as AppLockedError).toJSON()).toMatchObject({
    message: "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
    deployments: [{ id: first.deploymentId }],
  });
  await expect(deleteApp(f.core, '/web', NO_FORCE)).rejects.toBeInstanceOf(AppLockedError);
  const second = await scaleApp(f.core, '/web', 3, { force: true });
  expect(deploymentsOf(view()).map((d) => d.id)).toEqual([second.deploymentId]);
  expect(deploymentOf(view(), second.deploymentId)!.steps).toEqual([{ actions: [{ action: 'ScaleApplication', app: '/web' }] }]);
  expect(deploymentEvents()).toEqual(['deployment_info', 'deployment_step_failure', 'deployment_failed', 'deployment_info']);
  expect(seen.find((e) => e.eventType === 'deployment_failed')).toMatchObject({ id: first.deploymentId });
});

test('a delete is a StopApplication deployment, done when the last task is gone', async () => {
  await createApp(f.core, { id: '/web', cmd: 'serve', instances: 1 }, NO_FORCE);
  await runAll('/web');
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);
  const res = await deleteApp(f.core, '/web', NO_FORCE);
  expect(deploymentOf(view(), res.deploymentId)!.steps).toEqual([{ actions: [{ action: 'StopApplication', app: '/web' }] }]);
  await f.core.deployments.pass();
  expect(deploymentOf(view(), res.deploymentId)).toBeDefined();
  for (const t of view().tasksOf('/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);
});

test('reverting a rolling upgrade in flight puts the old definition back with its config version (its tasks stay); force only cancels', async () => {
  await createApp(f.core, { id: '/web', cmd: 'serve v1', instances: 2 }, NO_FORCE);
  await runAll('/web');
  await f.core.deployments.pass();
  const before = view().apps.get('/web')!;
  const oldTasks = liveTasks(view(), '/web').map((t) => t.id).sort();
  const upgrade = await updateApp(f.core, '/web', { cmd: 'serve v2' }, NO_FORCE);
  expect(deploymentOf(view(), upgrade.deploymentId)!.steps).toEqual([{ actions: [{ action: 'RestartApplication', app: '/web' }] }]);
  expect(liveTasks(view(), '/web').length).toBeGreaterThan(2); // a new task started beside the old ones
  const revert = (await revertDeployment(f.core, upgrade.deploymentId, false))!;
  expect(deploymentOf(view(), upgrade.deploymentId)).toBeUndefined();
  expect(deploymentOf(view(), revert.deploymentId)).toBeDefined();
  const after = view().apps.get('/web')!;
  expect(after.cmd).toBe('serve v1');
  expect(configVersion(after)).toBe(configVersion(before));
  // the v2 task is stopped; the v1 tasks are current again
  await f.core.deployer.converge('/web');
  expect(liveTasks(view(), '/web').map((t) => t.id).sort()).toEqual(oldTasks);
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);

  const scale = await scaleApp(f.core, '/web', 5, NO_FORCE);
  expect(await revertDeployment(f.core, scale.deploymentId, true)).toBeUndefined();
  expect(deploymentsOf(view())).toEqual([]);
  expect(view().apps.get('/web')!.instances).toBe(5);
  await expect(revertDeployment(f.core, scale.deploymentId, false)).rejects.toThrow(`DeploymentPlan ${scale.deploymentId} does not exist`);
});

test('reverting a create deletes the app', async () => {
  const res = await createApp(f.core, { id: '/web', cmd: 'serve', instances: 1 }, NO_FORCE);
  const revert = (await revertDeployment(f.core, res.deploymentId, false))!;
  expect(view().apps.has('/web')).toBe(false);
  expect(deploymentOf(view(), revert.deploymentId)!.steps[0]!.actions[0]).toEqual({ action: 'StopApplication', app: '/web' });
});

test('deployments never reach the gRPC watch snapshot', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 1 }));
  expect(deploymentsOf(view())).toHaveLength(1);
  expect(view().snapshotChanges().map((c) => c.kind)).not.toContain('deployment');
});
