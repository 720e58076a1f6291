/**
 * GET /v2/events as Marathon's event-stream clients use it, over real HTTP:
 * curl sees the attach event first; an SSE reader follows an app from
 * api_post_event through a status_update_event per task to its end; 100
 * concurrent streams each see every task of a 1,000-instance start; the
 * keep-alive comment arrives on an idle stream; a subscriber that stops
 * reading is disconnected instead of buffered; a JSON Accept gets 406.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { followEvents, type StreamedEvent } from '../../lib/client/event-stream';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(180_000);

async function until(what: string, fn: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A follower collecting every event until stopped. */
function follow(h: Harness, types: string[] = []) {
  const events: StreamedEvent[] = [];
  const stop = new AbortController();
  const client = new AllocatorHttpClient(h.base, { token: h.token });
  const done = followEvents(client, (e) => events.push(e), { types, signal: stop.signal });
  return { events, stop: async () => { stop.abort(); await done; } };
}

let h: Harness;
let agents: GrpcAgentApi;
async function start(flags: Record<string, unknown> = {}) {
  h = await startHarness({ reconcileInterval: 0.5, eventHeartbeat: 1, ...flags });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  for (let i = 1; i <= 4; i++) await agents.registerAgent({ id: `ev-${i}`, hostname: `ev-${i}`, ip: `198.18.0.${50 + i}` });
}
beforeEach(() => start());
afterEach(async () => {
  agents.close();
  await h.stop();
});

test('curl: the stream starts with event_stream_attached, as text/event-stream, and filters by event_type', async () => {
  const curl = spawn('curl', ['-sN', '-i', '--max-time', '3', '-H', `Authorization: Bearer ${h.token}`, `${h.base}/v2/events?event_type=event_stream_attached&event_type=no_such_event`]);
  let out = '';
  curl.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => curl.on('close', r));
  expect(out).toMatch(/^HTTP\/1\.1 200/);
  expect(out).toMatch(/content-type: text\/event-stream/i);
  expect(out).toMatch(/cache-control: no-cache, no-store, must-revalidate/i);
  const frame = /event: event_stream_attached\ndata: (.*)\n\n/.exec(out);
  expect(frame).not.toBeNull();
  expect(JSON.parse(frame![1]!)).toMatchObject({ eventType: 'event_stream_attached', remoteAddress: '127.0.0.1' });
  // the keep-alive comment (every second here) and nothing of the other types
  expect(out).toMatch(/\n:\n\n/);
  expect(out).not.toMatch(/event: (?!event_stream_attached)/);
});

test('an SSE reader follows an app from api_post_event through each task\'s states to app_terminated_event', async () => {
  const f = follow(h);
  await until('attached', () => f.events.some((e) => e.eventType === 'event_stream_attached'));
  expect((await h.req('POST', '/v2/apps', { id: '/shop/web', cmd: 'sleep 100', instances: 3 })).status).toBe(201);
  const tasks = (await h.req('GET', '/v2/apps/shop/web/tasks')).body.tasks as Array<{ id: string; slaveId: string }>;
  for (const t of tasks) await agents.reportTaskStatus(t.slaveId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  expect((await h.req('DELETE', '/v2/apps/shop/web?force=true')).status).toBe(200);
  for (const t of tasks) await agents.reportTaskStatus(t.slaveId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await until('terminated', () => f.events.some((e) => e.eventType === 'app_terminated_event'));
  await f.stop();
  const post = f.events.find((e) => e.eventType === 'api_post_event')!;
  expect(post).toMatchObject({ uri: '/v2/apps/shop/web', appDefinition: { id: '/shop/web', instances: 3 } });
  for (const t of tasks) {
    const states = f.events.filter((e) => e.eventType === 'status_update_event' && e.taskId === t.id).map((e) => e.taskStatus);
    expect(states).toEqual(['TASK_STAGING', 'TASK_RUNNING', 'TASK_KILLED']);
  }
  // the order a load balancer relies on: the app exists before its tasks, its tasks end before it is gone
  const idx = (pred: (e: StreamedEvent) => boolean) => f.events.findIndex(pred);
  expect(idx((e) => e.eventType === 'api_post_event')).toBeLessThan(idx((e) => e.eventType === 'status_update_event'));
  expect(idx((e) => e.eventType === 'app_terminated_event')).toBeGreaterThan(f.events.map((e) => e.taskStatus).lastIndexOf('TASK_KILLED'));
});

test('100 concurrent streams while 1,000 instances start: every stream sees every task once', async () => {
  const followers = Array.from({ length: 100 }, () => follow(h, ['status_update_event']));
  const gauge = async () => Number(/marina_allocator_event_subscribers\{service="allocator"\} (\d+)/.exec((await h.req('GET', '/metrics')).body as string)?.[1]);
  for (let i = 0; i < 300 && (await gauge()) < 100; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await gauge()).toBe(100);
  expect((await h.req('POST', '/v2/apps', { id: '/many', cmd: 'sleep 100', instances: 1000 })).status).toBe(201);
  const ids = new Set(h.svc.core.ctx.view.tasksOf('/many').map((t) => t.id));
  expect(ids.size).toBe(1000);
  await until('every stream saw 1,000 tasks', () => followers.every((f) => f.events.length >= 1000), 120_000);
  for (const f of followers) {
    const seen = f.events.map((e) => e.taskId as string);
    expect(new Set(seen).size).toBe(1000);
    expect(seen.length).toBe(1000);
    expect(seen.every((id) => ids.has(id))).toBe(true);
  }
  await Promise.all(followers.map((f) => f.stop()));
});

test('a subscriber that stops reading is disconnected, not buffered without bound', async () => {
  agents.close();
  await h.stop();
  await start({ eventMaxBuffer: 65536 });
  const sock = connect(Number(new URL(h.base).port), '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write(`GET /v2/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${h.token}\r\n\r\n`);
  sock.pause(); // never read again: the kernel buffers fill, then the allocator's
  const closed = new Promise((r) => sock.once('close', r));
  // ~200 KB per app change, in variables under the default --max-env-bytes (128 KiB each)
  const big = { id: '/big', cmd: 'sleep 100', instances: 0, env: { BLOB: 'x'.repeat(100_000), BLOB2: 'z'.repeat(100_000) } };
  expect((await h.req('POST', '/v2/apps', big)).status).toBe(201);
  for (let i = 0; i < 80; i++) {
    if ((await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 0))])) === 'closed') break;
    await h.req('PUT', '/v2/apps/big?force=true', { ...big, env: { BLOB: `${i}`.padEnd(100_000, 'y'), BLOB2: `${i}`.padEnd(100_000, 'w') } });
  }
  sock.resume(); // drain what the kernel holds, then the close arrives
  await closed;
  const metrics = (await h.req('GET', '/metrics')).body as string;
  expect(metrics).toMatch(/marina_allocator_event_subscribers_dropped_total\{service="allocator"\} 1/);
  sock.destroy();
});

test('a client that accepts only JSON gets 406 naming the media type', async () => {
  const res = await fetch(`${h.base}/v2/events`, { headers: { accept: 'application/json', authorization: `Bearer ${h.token}` } });
  expect(res.status).toBe(406);
  expect(((await res.json()) as { message: string }).message).toMatch(/text\/event-stream/);
  // and without credentials a 401, as on every route but /ping
  expect((await fetch(`${h.base}/v2/events`)).status).toBe(401);
});
