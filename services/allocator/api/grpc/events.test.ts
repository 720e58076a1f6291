/**
 * Events/Stream's side of the hub: every Marathon event type has its Event
 * member, and a subscriber taking events (not frames) is held to the same
 * buffer limit: dropped, never buffered without bound.
 */
import { parseAppDefinition } from '../../../../lib/validation';
import { startFakeCore, type FakeCore } from '../../testing/fake-core';
import { EventHub } from '../marathon-v2/events/hub';
import { eventMember, eventMessage } from './events';
import { fromWire, messageType, toWire } from '../../../../lib/client/proto-json';

const TYPES = [
  'event_stream_attached', 'api_post_event', 'pod_created_event', 'pod_updated_event', 'pod_deleted_event',
  'deployment_info', 'deployment_step_success', 'deployment_step_failure', 'deployment_success', 'deployment_failed',
  'status_update_event', 'instance_changed_event', 'health_status_changed_event', 'instance_health_changed_event',
  'failed_health_check_event', 'unhealthy_instance_kill_event', 'app_terminated_event',
  'group_change_success', 'group_change_failed',
];

test('each /v2 event type is a member of Event, named after it', () => {
  expect(TYPES.map(eventMember)).toEqual(TYPES.map((t) => t.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())));
  expect(eventMember('no_such_event')).toBeUndefined();
});

test('group change events keep every /v2 field through the typed message and the wire', () => {
  const events = [
    { groupId: '/shop', version: '2026-01-01T00:00:00.000Z', eventType: 'group_change_success', timestamp: '2026-01-01T00:00:00.001Z' },
    { groupId: '/shop', version: '2026-01-01T00:00:00.000Z', reason: 'App is locked by one or more deployments.', eventType: 'group_change_failed', timestamp: '2026-01-01T00:00:00.001Z' },
  ];
  const type = messageType('Event');
  for (const e of events) {
    const msg = eventMessage(e)!;
    expect(fromWire(type, Buffer.from(toWire(type, msg)))).toEqual(msg);
  }
});

let f: FakeCore;
afterEach(async () => f?.stop());

test('an events subscriber over the buffer limit is closed and unsubscribed; others go on', async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
  const hub = new EventHub(f.core.ctx.view, { heartbeatMs: 3_600_000, maxBufferedBytes: 1000 });
  const closed: string[] = [];
  let got = 0;
  hub.subscribe({ write: () => 0, events: () => 5000, close: (r) => closed.push(r) });
  hub.subscribe({ write: () => 0, events: (e) => ((got += e.length), 0), close: (r) => closed.push(`other: ${r}`) });
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 2, portDefinitions: [] }));
  expect(closed).toEqual([expect.stringMatching(/^subscriber too slow/)]);
  expect(hub.subscribers).toBe(1);
  expect(got).toBeGreaterThan(0);
  hub.stop();
});
