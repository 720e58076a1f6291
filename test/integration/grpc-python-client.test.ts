/**
 * marina.v1 from another language (issue 9, item 7): a Python client built
 * from the .proto alone with Debian's python3-grpcio and python3-grpc-tools
 * (test/helpers/fixtures/grpc-python/marina_client.py) talks to a real
 * allocator over TLS with a token: it creates, lists, scales and deletes an
 * app and follows the event stream. Its typed App is the /v2 app (proto3
 * JSON mapping), and its events are those of /v2/events.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';
import type { GrpcAgentApi } from '../../lib/client/grpc-agent-api';

jest.setTimeout(90_000);

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-grpcio lives (not a pyenv shim)
const CLIENT = join(__dirname, '..', 'helpers', 'fixtures', 'grpc-python', 'marina_client.py');

let h: Harness;
let agents: GrpcAgentApi;

beforeAll(async () => {
  h = await startHarness({ tls: 'on' });
  agents = await registerAgents(h, 2);
});

afterAll(async () => {
  agents?.close();
  await h?.stop();
});

/** /v2 JSON without empty lists and maps: protobuf's JSON printing without always_print_fields_with_no_presence. */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (typeof v !== 'object' || v === null) return v;
  const kept = Object.entries(v).filter(([, x]) => !((Array.isArray(x) && x.length === 0) || (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 0)));
  return Object.fromEntries(kept.map(([k, x]) => [k, withoutEmpty(x)]));
}

function runClient(appId: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', MARINA_TOKEN: h.token };
    execFile(PYTHON, [CLIENT, h.svc.grpcAddress, h.credentials.ca!, appId], { env, timeout: 80_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`python client failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, any>);
    });
  });
}

test('create, list, scale, delete and follow events from Python over TLS with a token', async () => {
  expect(h.credentials.ca).toBeDefined();
  const out = await runClient('/py/web');
  expect(out.anonymous).toBe('UNAUTHENTICATED');
  expect(out.created.deploymentId).toMatch(/\S/);
  expect(out.created.app).toMatchObject({ id: '/py/web', instances: 1, labels: { team: 'py' }, constraints: [['hostname', 'UNIQUE']] });
  expect(out.listed).toEqual(['/py/web']);
  expect(out.scaled).toMatch(/\S/);
  expect(out.deleted).toMatch(/\S/);
  expect(out.gone).toBe(true);

  // the typed App printed by protobuf's own JSON mapping is /v2's app
  const http = withoutEmpty((await h.req('GET', '/v2/apps/py/web-kept')).body.app) as Record<string, any>;
  const app = out.app as Record<string, any>;
  // every field but the counters and tasks, which move on between the two reads
  const moving = new Set(['tasks', 'tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy', 'deployments']);
  const stable = (o: Record<string, any>) => Object.fromEntries(Object.entries(o).filter(([k]) => !moving.has(k)));
  expect(stable(app)).toEqual(stable(http));

  // events as /v2/events has them: attached first, the app's post, deployments, a status update per task
  const events = out.events as Array<Record<string, any>>;
  expect(events[0]).toMatchObject({ eventType: 'event_stream_attached' });
  const types = events.map((e) => e.eventType);
  expect(types).toEqual(expect.arrayContaining(['api_post_event', 'deployment_info', 'status_update_event', 'instance_changed_event']));
  expect(events.find((e) => e.eventType === 'api_post_event')).toMatchObject({ uri: '/v2/apps/py/web', appDefinition: { id: '/py/web' } });
  const updates = events.filter((e) => e.eventType === 'status_update_event' && e.appId === '/py/web');
  expect(new Set(updates.map((e) => e.taskId)).size).toBeGreaterThanOrEqual(2);
  expect(updates[0]).toMatchObject({ taskStatus: expect.stringMatching(/^TASK_/), host: expect.any(String), ports: expect.any(Array), version: expect.any(String) });
});
