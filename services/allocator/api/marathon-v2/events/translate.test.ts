/**
 * Store changes → Marathon events, on the fake store: each task state change
 * streams status_update_event + instance_changed_event, a release streams
 * the task's final state (KILLED when stopped, FAILED when the release bumped
 * the launch delay), readiness changes of checked apps stream health events,
 * and app puts/deletes stream api_post_event / app_terminated_event.
 */
import { parseAppDefinition } from '../../../../../lib/validation';
import { startFakeCore, type FakeCore } from '../../../testing/fake-core';
import { EventHub } from './hub';
import type { MarathonEvent } from './translate';
import { parseFrames } from '../../../testing/event-capture';

let f: FakeCore;
let hub: EventHub;
let seen: MarathonEvent[];
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
  hub = new EventHub(f.core.ctx.view, { heartbeatMs: 3_600_000 });
  seen = [];
  hub.subscribe({ write: (frames) => (seen.push(...parseFrames(frames)), 0), close: () => undefined });
});

afterEach(async () => {
  hub.stop();
  await f.stop();
});

const types = () => seen.map((e) => e.eventType);
const statuses = () => seen.filter((e) => e.eventType === 'status_update_event').map((e) => `${e.taskId as string}:${e.taskStatus as string}`);

test('create: api_post_event with the app, then per task status_update_event and instance_changed_event (Staging)', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 2, portDefinitions: [{ port: 0 }] }));
  expect(types()[0]).toBe('api_post_event');
  expect(seen[0]).toMatchObject({ uri: '/v2/apps/web', appDefinition: { id: '/web', instances: 2 } });
  const tasks = f.core.ctx.view.tasksOf('/web');
  expect(statuses().sort()).toEqual(tasks.map((t) => `${t.id}:TASK_STAGING`).sort());
  const status = seen.find((e) => e.eventType === 'status_update_event')!;
  expect(Object.keys(status).sort()).toEqual(['appId', 'eventType', 'host', 'ipAddresses', 'message', 'ports', 'slaveId', 'taskId', 'taskStatus', 'timestamp', 'version']);
  const changed = seen.find((e) => e.eventType === 'instance_changed_event')!;
  expect(changed).toMatchObject({ condition: 'Staging', runSpecId: '/web', agentId: 'a1' });
  expect(Object.keys(changed).sort()).toEqual(['agentId', 'condition', 'eventType', 'host', 'instanceId', 'runSpecId', 'runSpecVersion', 'timestamp']);
});

test('state changes stream once each; a repeated report streams nothing', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 1 }));
  const [t] = f.core.ctx.view.tasksOf('/web');
  seen.length = 0;
  await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: true });
  await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: true });
  expect(statuses()).toEqual([`${t!.id}:TASK_RUNNING`]);
  expect(seen.filter((e) => e.eventType === 'instance_changed_event').map((e) => e.condition)).toEqual(['Running']);
});

test('a killed task streams TASK_KILLED; a failed one TASK_FAILED; deleting the app streams app_terminated_event', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 2 }));
  const [a, b] = f.core.ctx.view.tasksOf('/web');
  for (const t of [a!, b!]) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  seen.length = 0;
  await f.core.lifecycle.report('a1', { taskId: a!.id, state: 'TASK_FAILED', ready: false });
  expect(statuses()).toContain(`${a!.id}:TASK_FAILED`);
  await f.core.deployer.scale('/web', 0);
  for (const t of f.core.ctx.view.tasksOf('/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  expect(statuses()).toContain(`${b!.id}:TASK_KILLED`);
  await f.core.deployer.remove('/web');
  await f.core.ctx.view.waitFor(await f.store.currentRevision());
  expect(seen.filter((e) => e.eventType === 'app_terminated_event')).toMatchObject([{ appId: '/web' }]);
});

test('readiness changes of an app with health checks stream health_status_changed_event, instance_health_changed_event and failed_health_check_event', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 1, portDefinitions: [{ port: 0 }], healthChecks: [{ protocol: 'TCP', portIndex: 0 }] }));
  const [t] = f.core.ctx.view.tasksOf('/web');
  await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: false });
  seen.length = 0;
  await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: true });
  expect(types()).toEqual(['health_status_changed_event', 'instance_health_changed_event']);
  expect(seen[0]).toMatchObject({ appId: '/web', instanceId: t!.id, alive: true });
  seen.length = 0;
  await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: false });
  expect(types()).toEqual(['health_status_changed_event', 'instance_health_changed_event', 'failed_health_check_event']);
  expect(seen[2]).toMatchObject({ appId: '/web', instanceId: t!.id, healthCheck: { protocol: 'TCP' } });
});

test('a filter delivers only the wanted types; a subscriber past its buffer is dropped', async () => {
  const only: string[] = [];
  let closed = '';
  hub.subscribe({ types: new Set(['app_terminated_event', 'no_such_event']), write: (frames) => (only.push(String(frames)), 0), close: () => undefined });
  hub.subscribe({ write: () => 10 * 1024 * 1024, close: (why) => (closed = why) });
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 1 }));
  expect(only).toEqual([]);
  expect(closed).toMatch(/subscriber too slow/);
  expect(hub.subscribers).toBe(2);
});

test('api_post_event carries the app with secret-looking env values masked (the stream is read-only)', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 0, env: { DB_PASSWORD: 'hunter2', MODE: 'prod' } }));
  const post = seen.find((e) => e.eventType === 'api_post_event')!;
  expect((post.appDefinition as { env: Record<string, string> }).env).toEqual({ DB_PASSWORD: '****', MODE: 'prod' });
});

test('a commit reaches each subscriber as one write holding its events in order, shared by subscribers with the same filter', async () => {
  const writes: Array<string | Buffer> = [];
  const other: Array<string | Buffer> = [];
  hub.subscribe({ types: new Set(['status_update_event']), write: (frames) => (writes.push(frames), 0), close: () => undefined });
  hub.subscribe({ types: new Set(['status_update_event']), write: (frames) => (other.push(frames), 0), close: () => undefined });
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 3 }));
  const events = writes.flatMap(parseFrames);
  expect(events.map((e) => e.eventType)).toEqual(['status_update_event', 'status_update_event', 'status_update_event']);
  expect(writes.length).toBeLessThan(events.length);
  expect(other[0]).toBe(writes[0]);
  expect(seen.filter((e) => e.eventType === 'status_update_event').map((e) => e.taskId)).toEqual(events.map((e) => e.taskId));
});
